"""Browser tests: Playwright for Python driving Debian's Chromium against a live server.

Every page a test visits is checked with axe-core (WCAG 2.1 A/AA); any violation fails the
test. The project never downloads a browser: it uses /usr/bin/chromium (make test installs
Debian's package when missing and the user is root).
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = "/usr/bin/chromium"
AXE_JS = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: Rules that must run on every page (they are in the tags above; a change of tags or of the
#: axe version must not drop them): autocomplete tokens valid for their field (WCAG 1.3.5).
AXE_REQUIRED_RULES = ("autocomplete-valid",)


def pytest_collection_modifyitems(items):
    for item in items:
        if "browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing at /usr/bin/chromium: run `make chromium` "
                    "(apt-get install -y chromium). Browser tests never skip silently.")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Playwright's sync API leaves its asyncio loop registered as the thread's running loop
    # for as long as it runs, and Django keeps the test thread's database connections per
    # thread without a running loop but per context with one (asgiref's Local): the
    # connections opened before the browser started would stay open, unseen by every
    # ``close_all`` while it runs — a forked child saw one as its own and shared its
    # socket with its siblings (test_append's writer processes), and at the end of the run
    # the test database could not be dropped ("being accessed by other users"). So every
    # connection is closed on both sides of the switch.
    connections.close_all()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"],
        )
        yield browser
        browser.close()
        connections.close_all()


class AxeChecker:
    """axe-core on a page. Every rule of ``AXE_TAGS`` runs on every element either way; by
    default axe describes only the violations node by node (``resultTypes``) and names just
    one element per rule that passed, was incomplete or inapplicable — describing every
    passing element took about 40 % of axe's time on a page (docs/development.md). Set
    ``all_nodes`` where a test counts the passing elements."""

    def __init__(self) -> None:
        self.checked: list[str] = []
        self.all_nodes = False

    def check(self, page) -> None:
        if not page.evaluate("() => !!window.axe"):
            # evaluate() runs through the DevTools protocol, so our CSP stays enforced.
            page.evaluate(AXE_JS + "\n;true")
        result = page.evaluate(
            "async ([tags, all]) => await axe.run(document, {runOnly: {type: 'tag', values: tags},"
            " resultTypes: all ? undefined : ['violations']})",
            [AXE_TAGS, self.all_nodes],
        )
        violations = result["violations"]
        self.checked.append(page.url)
        self.last = result
        ran = {rule["id"] for outcome in ("passes", "violations", "incomplete", "inapplicable")
               for rule in result[outcome]}
        missing = [rule for rule in AXE_REQUIRED_RULES if rule not in ran]
        if missing:
            pytest.fail(f"axe-core did not run {missing} on {page.url}")
        if violations:
            summary = [
                {"id": v["id"], "impact": v["impact"], "help": v["help"],
                 "nodes": [n["target"] for n in v["nodes"]][:5]}
                for v in violations
            ]
            pytest.fail(f"axe-core: WCAG violations on {page.url}:\n"
                        + json.dumps(summary, indent=2, ensure_ascii=False))


@pytest.fixture
def axe():
    return AxeChecker()


def _make_page(browser, live_server, axe, width: int, height: int):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": height},
        locale="de-DE", java_script_enabled=True,
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    return context, page


@pytest.fixture
def page(browser, live_server, axe, transactional_db):
    """A phone-sized page (320 px wide, as the product must work there)."""
    context, page = _make_page(browser, live_server, axe, 320, 740)
    yield page
    context.close()


@pytest.fixture
def desktop_page(browser, live_server, axe, transactional_db):
    context, page = _make_page(browser, live_server, axe, 1280, 900)
    yield page
    context.close()


@pytest.fixture
def nojs_page(browser, live_server, axe, transactional_db):
    """A page with JavaScript disabled: every journey must also work without it."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 320, "height": 740},
                                  locale="de-DE", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def visit(page, axe, path: str, *, js: bool = True):
    """Go to ``path``, assert no server error, no horizontal scrolling, and no axe violation."""
    response = page.goto(path)
    assert response is not None and response.status < 500, f"{path}: {response and response.status}"
    check_page(page, axe, js=js)
    return response


STAFF_AREAS = ("/arbeitsbereich/", "/plattform/")

#: Boxes whose content is wider than the box and can be scrolled sideways (overflow-x auto or
#: scroll): at 320 px a table in such a box reads only by scrolling — the page itself does
#: not scroll, so the document check alone misses it (issue 12: a 607 px table in a 231 px box).
SCROLLING_CONTENT = """() => {
  const found = [];
  for (const el of document.body.querySelectorAll('*')) {
    const style = getComputedStyle(el);
    if (style.overflowX !== 'auto' && style.overflowX !== 'scroll') continue;
    if (el.clientWidth === 0 || ['TEXTAREA', 'SELECT'].includes(el.tagName)) continue;
    const excess = el.scrollWidth - el.clientWidth;
    if (excess > 1) {
      const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
        + (el.className && typeof el.className === 'string'
           ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
      found.push(name + ' by ' + excess + 'px');
    }
  }
  return found;
}"""


def click_and_load(page, locator) -> None:
    """Click what posts a form or follows a link and wait for the new document: reading the
    page while it loads gives an empty or the old text (without JavaScript every click
    loads a new document)."""
    with page.expect_navigation():
        locator.click()
    page.wait_for_load_state()


def check_page(page, axe, *, js: bool = True) -> None:
    """axe-core plus the 320 px rule: neither the page nor any box in it scrolls sideways.

    Pass ``js=False`` for pages opened in ``nojs_page`` (axe needs a script context).
    """
    # after a click that submits a form the next page may still be on its way: measure the
    # page that arrived, not the document being replaced (no documentElement in between)
    page.wait_for_load_state()
    if not js:
        return
    measure = (
        "() => document.fonts.ready.then("
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth)"
    )
    overflow = page.evaluate(measure)
    if overflow > 1:
        # Layout can still settle right after a load (a scrollbar appearing while the last
        # styles apply, seen once in CI as 16 px); a real overflow is still there after that.
        page.wait_for_timeout(500)
        overflow = page.evaluate(measure)
    assert overflow <= 1, f"{page.url} scrolls horizontally by {overflow}px"
    # Staff work areas keep wide work tables in a focusable scrolling region (jc-table-wrap);
    # everything a citizen or the public reads must not scroll at all.
    staff_area = urlsplit(page.url).path.startswith(STAFF_AREAS)
    scrolled = [] if staff_area else page.evaluate(SCROLLING_CONTENT)
    assert not scrolled, (
        f"{page.url}: content scrolls sideways inside its box (a table or text wider than "
        f"the screen; stack it instead): {scrolled}")
    axe.check(page)


def sign_in(page, live_server, user) -> None:
    """Sign ``user`` in on ``page``: a session made by the test client as after a complete
    login with the second factor (``tests.conftest.login``), its cookie set for the live
    server (the fixture, or its URL) in place of any cookie the page had. The only sign-in
    of the browser tests: the login form itself, with its second factor, is what
    tests/browser/test_accounts.py tests."""
    from django.conf import settings
    from django.test import Client

    from tests.conftest import login

    client = login(Client(), user)
    page.context.clear_cookies()
    page.context.add_cookies([{
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": getattr(live_server, "url", live_server),
    }])


def fill_date(page, legend: str, day: str, month: str, year: str, *, exact: bool = True) -> None:
    """Type a date into the three boxes (day, month, year) of the date field ``legend``."""
    group = page.get_by_role("group", name=legend, exact=exact)
    group.get_by_label("Tag", exact=True).fill(day)
    group.get_by_label("Monat", exact=True).fill(month)
    group.get_by_label("Jahr", exact=True).fill(year)
