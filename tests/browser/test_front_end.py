"""The front end in a real browser (issue 18 items 6 and 7) on the demo data (seed_demo):

- no console error and no CSP violation on any page of the citizen's and the caseworker's
  demo journeys (incl. Rechner and its result, Postfach, Termine, Zahlungen, a Bescheid);
- KERN's focus ring (4 px solid in KERN's focus colour) on every element the Tab key reaches
  on representative pages;
- the citizen's navigation: four entries, "Mehr" as a disclosure (also without JavaScript),
  "Neues Anliegen", at most three rows at 320 px, the current section marked.

``JC_SCREENSHOTS=<dir>`` saves screenshots of the navigation at 320 and 1280 px.
"""

from __future__ import annotations

import os
import re

import pytest
from django.core.management import call_command

from jobcenter.accounts.models import User
from jobcenter.casefiles.models import Case
from jobcenter.decisions.models import Decision
from jobcenter.portal.concerns import concerns_for_citizen
from jobcenter.postfach.models import Thread
from jobcenter.termine.models import Appointment
from tests.browser.conftest import check_page, fill_date, sign_in
from tests.browser.shots import Shots

DEMO = "demo.jobcenter-online.example"
shot = Shots("JC_SCREENSHOTS", width_in_name=True)

# Reports every CSP violation of the page (also those of workers and inline handlers).
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline'));
});
"""


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    citizen = User.objects.get(email=f"ayse.yilmaz@{DEMO}")
    staff = User.objects.get(email=f"leistung@musterstadt.{DEMO}")
    return citizen, staff


class Console:
    """Console errors, uncaught exceptions and CSP violations of every page visited."""

    def __init__(self, page) -> None:
        self.page = page
        self.problems: list[str] = []
        page.context.add_init_script(CSP_LISTENER)
        page.on(
            "console",
            lambda m: (
                m.type == "error" and self.problems.append(f"{page.url}: console error: {m.text}")
            ),
        )
        page.on("pageerror", lambda e: self.problems.append(f"{page.url}: exception: {e}"))

    def check(self) -> None:
        page = self.page
        page.wait_for_load_state("load")
        violations = page.evaluate("window.__cspViolations || []")
        self.problems += [f"{page.url}: CSP violation: {v}" for v in violations]

    def visit(self, path: str, axe) -> None:
        response = self.page.goto(path)
        assert response is not None and response.status == 200, f"{path}: {response.status}"
        self.check()
        check_page(self.page, axe)


def citizen_paths(citizen) -> list[str]:
    concern = next(c for c in concerns_for_citizen(citizen) if c.bescheide)  # with a Bescheid
    thread = Thread.objects.filter(citizen=citizen).order_by("pk").first()
    appointment = Appointment.objects.filter(citizen=citizen).order_by("pk").first()
    assert thread and appointment, "the demo data has changed"
    return [
        "/portal/",
        "/portal/anliegen/",
        concern.url,
        "/portal/dokumente/",
        "/portal/postfach/",
        f"/portal/postfach/{thread.pk}/",
        "/portal/postfach/neu/",
        "/portal/termine/",
        f"/portal/termine/{appointment.pk}/",
        "/portal/termine/buchen/",
        "/portal/zahlungen/",
        "/portal/benachrichtigungen/",
        "/portal/profil/",
        "/portal/profil/anschrift/",
        "/portal/profil/bankverbindung/",
        "/portal/kontakt/",
        "/portal/zugriffe/",
        "/portal/bescheide/zustellung/",
        "/konto/sicherheit/",
    ]


def staff_paths(staff) -> list[str]:
    case = (
        Case.objects.filter(jobcenter=staff.jobcenter)
        .exclude(applicant=None)
        .order_by("pk")
        .first()
    )
    decision = Decision.objects.filter(case__jobcenter=staff.jobcenter).order_by("pk").first()
    thread = Thread.objects.filter(jobcenter=staff.jobcenter).order_by("pk").first()
    assert case and decision and thread, "the demo data has changed"
    return [
        "/arbeitsbereich/akte/",
        f"/arbeitsbereich/akte/{case.pk}/",
        f"/arbeitsbereich/bescheide/fall/{case.pk}/",
        f"/arbeitsbereich/bescheide/{decision.pk}/",
        "/arbeitsbereich/bescheide/",
        "/arbeitsbereich/postfach/",
        f"/arbeitsbereich/postfach/{thread.pk}/",
        "/arbeitsbereich/termine/",
        "/arbeitsbereich/zahlungen/",
        "/arbeitsbereich/widersprueche/",
        "/arbeitsbereich/suche/",
        f"/arbeitsbereich/personen/{case.applicant_id}/",
    ]


def rechner_result(page) -> None:
    page.goto("/buergergeld-rechner/")
    fill_date(page, "Ihr Geburtsdatum", "14", "2", "1988")
    page.get_by_label("Kaltmiete im Monat").fill("480")
    page.get_by_label("Nebenkosten im Monat (ohne Heizung)").fill("170")
    page.get_by_label("Heizkosten im Monat").fill("90")
    page.get_by_role("button", name="Jetzt berechnen").click()
    page.get_by_test_id("zahlbetrag").wait_for()


def start_form(page, form_key: str) -> None:
    """Start ``form_key`` and land on its first question page."""
    page.goto(f"/formulare/{form_key}/")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").last.click()


def test_no_console_error_or_csp_violation_on_the_demo_journeys(page, axe, live_server, demo):
    citizen, staff = demo
    console = Console(page)
    for path in [
        "/",
        "/buergergeld-rechner/",
        "/konto/login/",
        "/konto/signup/",
        "/barrierefreiheit/",
        "/favicon.ico",
    ]:
        if path == "/favicon.ico":
            assert page.goto(path).ok
            continue
        console.visit(path, axe)
    rechner_result(page)
    console.check()
    check_page(page, axe)

    sign_in(page, live_server, citizen)
    for path in citizen_paths(citizen):
        console.visit(path, axe)
    start_form(page, "hauptantrag")
    assert "/seite/" in page.url
    console.check()
    check_page(page, axe)

    sign_in(page, live_server, staff)
    for path in staff_paths(staff):
        console.visit(path, axe)
    assert not console.problems, "\n".join(console.problems)


# -- KERN's focus ring ------------------------------------------------------------------------

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  return {
    what: el.tagName.toLowerCase() + (el.type ? '[' + el.type + ']' : '') + ' '
          + (el.getAttribute('name') || el.textContent || '').trim()
            .replace(/\\s+/g, ' ').slice(0, 40),
    control: el.matches('input, select, textarea'),
    error: el.matches('.kern-form-check__checkbox--error, .kern-form-check__radio--error'),
    style: s.outlineStyle, width: s.outlineWidth, color: s.outlineColor, offset: s.outlineOffset,
    focusVisible: el.matches(':focus-visible'),
  };
}"""
# The colours of KERN's tokens as the browser computes them on this page (KERN gives them in
# oklch): the focus colour, and the danger colour of a checkbox or radio with an error.
TOKENS = """() => {
  const probe = document.createElement('div');
  document.body.appendChild(probe);
  const colour = (token) => {
    probe.style.outlineColor = 'var(' + token + ')';
    return getComputedStyle(probe).outlineColor;
  };
  const tokens = {focus: colour('--kern-color-action-focus-default-contextual'),
                  danger: colour('--kern-color-feedback-danger-contextual')};
  probe.remove();
  return tokens;
}"""


def tab_through(page, *, limit: int = 120) -> list[dict]:
    """Press Tab until the focus leaves the page or comes back round; the focused elements."""
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.evaluate("window.scrollTo(0, 0)")
    seen: list[dict] = []
    first = None
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUSED)
        if state is None:
            break
        handle = page.evaluate_handle("document.activeElement")
        if first is not None and page.evaluate("([a, b]) => a === b", [handle, first]):
            break
        first = first or handle
        seen.append(state)
    return seen


def assert_kern_rings(page, min_elements: int) -> list[dict]:
    tokens = page.evaluate(TOKENS)
    assert tokens["focus"] not in ("", "rgb(0, 0, 0)") and tokens["focus"] != tokens["danger"]
    focused = tab_through(page)
    assert len(focused) >= min_elements, (page.url, [f["what"] for f in focused])
    wrong = []
    for f in focused:
        expected = {
            "style": "solid",
            "width": "4px",
            "color": tokens["danger"] if f["error"] else tokens["focus"],
            "offset": "0px" if f["control"] else "2px",
            "focusVisible": True,
        }
        got = {key: f[key] for key in expected}
        if got != expected:
            wrong.append(f"{f['what']}: {got}")
    assert not wrong, f"{page.url}: not KERN's focus ring:\n" + "\n".join(wrong)
    return focused


def test_kerns_focus_ring_on_every_focusable_element(desktop_page, live_server, demo):
    page = desktop_page
    citizen, staff = demo
    kinds: set[str] = set()

    def ring(path: str | None, min_elements: int) -> None:
        if path:
            page.goto(path)
        kinds.update(f["what"].split(" ")[0] for f in assert_kern_rings(page, min_elements))

    ring("/", 8)  # skip link, brand, language switch, sign-in, links in the page and footer
    ring("/buergergeld-rechner/", 15)  # text inputs, radios, selects, buttons
    rechner_result(page)
    page.get_by_text("So haben wir gerechnet (Berechnungsbogen)").click()  # a <summary>
    ring(None, 4)  # from the result on: its links, the <summary>s, the footer
    ring("/konto/login/", 6)
    sign_in(page, live_server, citizen)
    ring("/portal/", 10)  # navigation, "Mehr" (summary), cards
    page.locator(".jc-nav__disclosure summary").click()
    ring(None, 14)  # the links inside "Mehr"
    ring("/portal/dokumente/", 8)
    ring("/portal/postfach/neu/", 6)  # select, textarea, file input
    ring("/portal/profil/anschrift/", 6)
    start_form(page, "hauptantrag")
    ring(None, 8)  # the form engine's inputs, date boxes, radios/checkboxes
    page.locator("main form button[type=submit]").last.click()  # errors: red rings stay red
    page.wait_for_load_state()
    ring(None, 6)
    sign_in(page, live_server, staff)
    ring("/arbeitsbereich/akte/", 12)  # the queue: filters, table links, checkboxes
    case = (
        Case.objects.filter(jobcenter=staff.jobcenter)
        .exclude(applicant=None)
        .order_by("pk")
        .first()
    )
    ring(f"/arbeitsbereich/akte/{case.pk}/", 12)
    ring("/arbeitsbereich/postfach/", 8)  # filters with a checkbox
    for kind in (
        "a",
        "button[submit]",
        "summary",
        "input[text]",
        "input[radio]",
        "input[checkbox]",
        "input[file]",
        "select[select-one]",
        "textarea[textarea]",
    ):
        assert kind in kinds, (kind, sorted(kinds))


# -- the citizen's navigation -----------------------------------------------------------------

NAV_ROWS = """() => new Set([...document.querySelectorAll('.jc-nav__list > li')]
  .map((li) => Math.round(li.getBoundingClientRect().bottom))).size"""


@pytest.mark.parametrize("width", [320, 1280])
def test_the_citizen_navigation_groups_the_rest_under_mehr(browser, live_server, axe, demo, width):
    citizen, _staff = demo
    context = browser.new_context(
        base_url=live_server.url, locale="de-DE", viewport={"width": width, "height": 800}
    )
    page = context.new_page()
    sign_in(page, live_server, citizen)
    page.goto("/portal/")
    check_page(page, axe)
    nav = page.get_by_role("navigation", name="Hauptnavigation")
    visible = [
        re.sub(r"\s+", " ", t).strip()
        for t in nav.locator(
            ".jc-nav__list > li > a, .jc-nav__list > li > details > summary"
        ).all_inner_texts()
    ]
    assert [t.split(" ")[0] for t in visible] == [
        "Übersicht",
        "Meine",
        "Postfach",
        "Dokumente",
        "Mehr",
        "+",
    ]
    assert page.evaluate(NAV_ROWS) <= (3 if width == 320 else 1)
    shot(page, "nav-closed", full_page=False)
    menu = nav.locator(".jc-nav__menu")
    assert not menu.is_visible()
    nav.locator("summary").click()
    assert menu.is_visible()
    check_page(page, axe)  # the open list stays on the screen (no sideways scrolling)
    box = menu.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    shot(page, "nav-open", full_page=False)
    labels = [
        re.sub(r"\s+", " ", t).split(" ")[0] for t in menu.get_by_role("link").all_inner_texts()
    ]
    assert labels == ["Benachrichtigungen", "Termine", "Zahlungen", "Profil", "Kontakt", "Zugriffe"]
    page.keyboard.press("Escape")
    assert not menu.is_visible()
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    # a page in the "Mehr" group: marked there, and the summary says the section is current
    menu_link = "/portal/zugriffe/"
    page.goto(menu_link)
    summary = nav.locator("summary")
    assert "jc-nav__link--current" in summary.get_attribute("class")
    assert "enthält die aktuelle Seite" in summary.inner_text()
    summary.click()
    assert nav.locator(f'a[href="{menu_link}"]').get_attribute("aria-current") == "page"
    check_page(page, axe)
    # "Neues Anliegen" leads to where a new concern starts
    nav.get_by_role("link", name="Neues Anliegen").click()
    page.wait_for_url("**/portal/erledigen/")
    context.close()


def test_the_navigation_disclosure_works_without_javascript(nojs_page, live_server, demo):
    citizen, _staff = demo
    page = nojs_page
    sign_in(page, live_server, citizen)
    page.goto("/portal/")
    nav = page.get_by_role("navigation", name="Hauptnavigation")
    nav.locator("summary").click()
    nav.get_by_role("link", name="Termine").click()
    page.wait_for_url("**/portal/termine/")


def test_axe_checks_the_autocomplete_tokens_of_every_form_page(page, axe, live_server, demo):
    citizen, _staff = demo
    sign_in(page, live_server, citizen)
    start_form(page, "hauptantrag")  # the applicant's name, birth date, address, e-mail
    axe.all_nodes = True  # every passing element, to count them
    check_page(page, axe)
    passed = {rule["id"]: len(rule["nodes"]) for rule in axe.last["passes"]}
    assert passed.get("autocomplete-valid", 0) >= 8, passed.get("autocomplete-valid")
    # a token for a purpose the field does not have fails the page
    page.evaluate("""() => {
      const field = document.querySelector('input[autocomplete="given-name"]');
      field.setAttribute('autocomplete', 'street-address-line');
    }""")
    axe.all_nodes = False  # as on every other page: the violation is still found
    with pytest.raises(pytest.fail.Exception, match="autocomplete-valid"):
        axe.check(page)
