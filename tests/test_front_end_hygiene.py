"""Front-end hygiene (issue 18 item 6): no inline style from htmx (the CSP would block it and
the browser log an error on every page), a favicon, a meta description."""

from __future__ import annotations

import re
from pathlib import Path

from django.contrib.staticfiles import finders

from tests.conftest import login


def test_every_page_turns_off_htmx_inline_styles_and_has_the_indicator_rules(client, db):
    html = client.get("/").content.decode()
    assert '<meta name="htmx-config" content=\'{"includeIndicatorStyles":false}\'>' in html
    # the config must come before htmx itself, which reads it when it loads
    assert html.index('name="htmx-config"') < html.index("htmx.min.js")
    css = Path(finders.find("css/app.css")).read_text(encoding="utf-8")
    assert ".htmx-request .htmx-indicator" in css


def test_a_meta_description_and_a_favicon(client, db):
    html = client.get("/buergergeld-rechner/").content.decode()
    description = re.search(r'<meta name="description" content="([^"]+)">', html)
    assert description and "Jobcenter" in description.group(1)
    assert 'rel="icon" href="/static/img/favicon.svg"' in html
    assert finders.find("img/favicon.svg")
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.svg"


def test_the_description_is_translated(client, db):
    client.cookies.load({"django_language": "en"})
    html = client.get("/").content.decode()
    description = re.search(r'<meta name="description" content="([^"]+)">', html).group(1)
    assert "online" in description and "beantragen" not in description


def test_sign_in_and_sign_up_with_errors_say_so_in_the_title(client, db):
    html = client.post("/konto/login/", {"login": "nobody@example.org",
                                         "password": "falsch"}).content.decode()
    assert re.search(r"<title>Fehler: Anmelden – ", html)
    html = client.post("/konto/signup/", {"email": "kaputt"}).content.decode()
    assert "<title>Fehler: " in html
    assert "<title>Anmelden – " in client.get("/konto/login/").content.decode()


def test_the_official_header_line_is_inside_the_one_banner_landmark(client, db):
    html = client.get("/").content.decode()
    assert html.count("<header") == 1
    banner = html[html.index("<header"):html.index("</header>")]
    assert "Offizielles Serviceportal der Jobcenter" in banner
    assert 'class="jc-header"' in banner


def test_the_citizen_navigation_shows_four_entries_and_the_rest_under_mehr(client, citizen):
    login(client, citizen)
    html = client.get("/portal/zugriffe/").content.decode()
    nav = html[html.index('<nav class="jc-nav"'):html.index("</nav>")]
    menu = nav[nav.index('<ul class="jc-nav__menu">'):]
    top = nav[:nav.index('<li class="jc-nav__more">')]
    assert re.findall(r'class="jc-nav__link" href="([^"]+)"', top) == [
        "/portal/", "/portal/anliegen/", "/portal/postfach/", "/portal/dokumente/"]
    assert re.findall(r'class="jc-nav__menu-link" href="([^"]+)"', menu) == [
        "/portal/benachrichtigungen/", "/portal/termine/", "/portal/zahlungen/",
        "/portal/profil/", "/portal/kontakt/", "/portal/zugriffe/"]
    # the page is in the "Mehr" group: marked there and on the summary (closed by default)
    assert '<details class="jc-nav__disclosure">' in nav
    assert 'href="/portal/zugriffe/" aria-current="page"' in menu
    assert 'class="jc-nav__link jc-nav__link--current"' in nav
    assert 'href="/portal/erledigen/"><span class="jc-nav__plus" aria-hidden="true">+</span>' \
        ' Neues Anliegen</a>' in nav
    # on the catalogue, "+ Neues Anliegen" (where it leads) is the current entry, no other
    html = client.get("/portal/erledigen/").content.decode()
    nav = html[html.index('<nav class="jc-nav"'):html.index("</nav>")]
    assert nav.count('aria-current="page"') == 1
    assert 'href="/portal/erledigen/" aria-current="page">' in nav


def test_staff_keep_their_flat_navigation(client, caseworker):
    login(client, caseworker)
    html = client.get("/arbeitsbereich/akte/").content.decode()
    nav = html[html.index('<nav class="jc-nav"'):html.index("</nav>")]
    assert "jc-nav__disclosure" not in nav and "Neues Anliegen" not in nav
    assert 'href="/arbeitsbereich/akte/" aria-current="page"' in nav


def test_robots_txt_lets_search_engines_read_the_public_pages(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    rules = [line.split(":", 1) for line in response.content.decode().splitlines() if line]
    assert rules[0] == ["User-agent", " *"]
    disallowed = [value.strip() for key, value in rules if key == "Disallow"]
    assert "/plattform/" in disallowed
    # the pages a citizen looks for stay crawlable (Lighthouse SEO: is-crawlable)
    for path in ("/", "/buergergeld-rechner/", "/konto/login/", "/konto/signup/",
                 "/barrierefreiheit/", "/portal/"):
        assert not any(path.startswith(rule) for rule in disallowed if rule), path


def test_the_citizen_navigation_in_english(client, citizen):
    login(client, citizen)
    client.cookies.load({"django_language": "en"})
    html = client.get("/portal/zugriffe/").content.decode()
    nav = html[html.index('<nav class="jc-nav"'):html.index("</nav>")]
    assert ">More " in nav or ">More<" in nav
    assert "(contains the current page)" in nav and "New request</a>" in nav
    assert "Mehr" not in nav and "Neues Anliegen" not in nav
