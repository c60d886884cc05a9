"""The page shell in a real browser at 320 px: public pages, citizen and staff areas."""

from __future__ import annotations

from tests.browser.conftest import visit
from tests.factories import PASSWORD


def test_public_pages_are_accessible_at_320px(page, axe):
    for path in ["/", "/barrierefreiheit/", "/datenschutz/", "/impressum/", "/konto/login/",
                 "/konto/signup/", "/konto/password/reset/"]:
        visit(page, axe, path)


def test_language_switch_works_without_javascript(nojs_page, axe):
    nojs_page.goto("/")
    assert nojs_page.locator("html").get_attribute("lang") == "de"
    nojs_page.get_by_role("button", name="English").click()
    assert nojs_page.locator("html").get_attribute("lang") == "en"
    nojs_page.get_by_role("button", name="Deutsch").click()
    assert nojs_page.locator("html").get_attribute("lang") == "de"


def test_citizen_navigation_pages_are_accessible(page, axe, citizen):
    page.goto("/konto/login/")
    page.get_by_label("E-Mail").first.fill(citizen.email)
    page.get_by_label("Passwort").first.fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/portal/")
    for path in ["/portal/", "/portal/anliegen/", "/portal/dokumente/", "/portal/kontakt/",
                 "/portal/profil/", "/konto/sicherheit/"]:
        visit(page, axe, path)
