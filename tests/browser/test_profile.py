"""The profile in a real browser at 320 px and on a desktop (axe on every page, no
horizontal scrolling): phone, address with a move, new bank account, delivery, e-mail
preferences, signed-in devices with single sign-out — and the Veränderungsmitteilung's
new topics with the three-box date. ``PROFILE_SCREENSHOTS=<dir>`` also saves a
screenshot of every page in German and English."""

from __future__ import annotations

import pytest

from jobcenter.antraege.models import Submission
from tests.browser.conftest import check_page, fill_date, visit
from tests.browser.shots import Shots
from tests.browser.test_accounts import login_with_password
from tests.browser.test_antraege import start
from tests.factories import PASSWORD

shot = Shots("PROFILE_SCREENSHOTS", width_in_name=True)
PAGES = ["/portal/profil/", "/portal/profil/kontakt/", "/portal/profil/anschrift/",
         "/portal/profil/bankverbindung/", "/portal/profil/zustellung/",
         "/portal/profil/benachrichtigungen/", "/konto/sessions/"]


def _language(page, code: str) -> None:
    """Switch with the page's own language switch (a plain POST form)."""
    if page.locator("html").get_attribute("lang") != code:
        page.get_by_role("button", name="English" if code == "en" else "Deutsch").click()
        page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == code


@pytest.mark.parametrize("viewport", ["page", "desktop_page"])
def test_every_profile_page_in_german_and_english(request, transactional_db, viewport, axe,
                                                  citizen):
    page = request.getfixturevalue(viewport)
    login_with_password(page, axe, citizen.email, PASSWORD)
    for language in ("de", "en"):
        _language(page, language)
        for path in PAGES:
            visit(page, axe, path)
            shot(page, f"{language}-{path.strip('/').replace('/', '-')}")
    _language(page, "de")


def test_the_profile_does_what_it_says(page, axe, citizen, other_jobcenter):
    login_with_password(page, axe, citizen.email, PASSWORD)
    visit(page, axe, "/portal/profil/")
    # phone: a wrong number is explained and kept
    page.get_by_role("link", name="Telefonnummer ändern").click()
    page.get_by_label("Telefonnummer").fill("0301")
    page.get_by_role("button", name="Speichern").click()
    check_page(page, axe)
    assert page.get_by_label("Telefonnummer").input_value() == "0301"
    page.get_by_label("Telefonnummer").fill("030 1234567")
    page.get_by_role("button", name="Speichern").click()
    check_page(page, axe)
    assert page.get_by_text("030 1234567").is_visible()
    # a move to another Jobcenter's postcode
    page.get_by_role("link", name="Anschrift ändern").click()
    page.get_by_label("Straße und Hausnummer").fill("Neue Straße 5")
    page.get_by_label("Postleitzahl").fill("22222")
    page.get_by_label("Ort").fill("Betastadt")
    page.get_by_role("button", name="Speichern").click()
    check_page(page, axe)
    assert page.get_by_text("Jobcenter Beta", exact=False).first.is_visible()
    shot(page, "de-profile-after-move")
    # a new bank account: a wrong IBAN first, then the right one (double click)
    page.get_by_role("link", name="Neue Bankverbindung mitteilen").click()
    page.get_by_label("Neue IBAN").fill("DE02 1203 0000 0000 2020 52")
    page.get_by_label("Ich versichere, dass diese Angabe richtig ist.").check()
    page.get_by_role("button", name="Bankverbindung senden").click()
    check_page(page, axe)
    assert page.get_by_text("Diese IBAN ist nicht gültig").first.is_visible()
    shot(page, "de-profile-bank-error")
    page.get_by_label("Neue IBAN").fill("DE02 1203 0000 0000 2020 51")
    page.get_by_label("Ich versichere, dass diese Angabe richtig ist.").check()
    page.get_by_role("button", name="Bankverbindung senden").dblclick()
    page.wait_for_url("**/portal/antraege/JC-*/")
    check_page(page, axe)
    shot(page, "de-profile-bank-receipt")
    assert Submission.objects.filter(user=citizen, form_key="veraenderung").count() == 1
    # delivery and notifications
    visit(page, axe, "/portal/profil/zustellung/")
    page.get_by_label("Online in meinem Kundenkonto").check()
    page.get_by_role("button", name="Speichern").click()
    check_page(page, axe)
    visit(page, axe, "/portal/profil/benachrichtigungen/")
    page.get_by_label("Neuigkeiten zu meinen Anliegen", exact=True).uncheck()
    page.get_by_role("button", name="Speichern").click()
    check_page(page, axe)
    term = page.locator("dt", has_text="Neuigkeiten zu meinen Anliegen")
    assert term.locator("xpath=following-sibling::dd").inner_text() == "aus"


def test_signing_out_one_device(browser, live_server, page, axe, citizen):
    other = browser.new_context(base_url=live_server.url, user_agent=(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"))
    phone = other.new_page()
    phone.goto("/konto/login/")
    phone.fill("input[name=login]", citizen.email)
    phone.fill("input[name=password]", PASSWORD)
    phone.locator("form.jc-form button[type=submit]").click()
    phone.wait_for_url("**/portal/")
    login_with_password(page, axe, citizen.email, PASSWORD)
    visit(page, axe, "/konto/sessions/")
    shot(page, "de-sessions-two")
    assert page.get_by_role("heading", name="Safari auf iPhone (iOS 17)").is_visible()
    card = page.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name="Safari auf iPhone (iOS 17)"))
    card.get_by_role("button", name="Dieses Gerät abmelden").click()
    check_page(page, axe)
    assert page.get_by_text("„Safari auf iPhone (iOS 17)“ ist jetzt abgemeldet").is_visible()
    phone.goto("/portal/")
    assert "/konto/login/" in phone.url
    other.close()


def test_the_new_vaem_topics_with_the_date_boxes(page, axe, citizen):
    login_with_password(page, axe, citizen.email, PASSWORD)
    start(page, axe, "veraenderung")
    page.get_by_label("Ich bin krank (arbeitsunfähig)").check()
    page.get_by_label("Etwas anderes").check()
    page.get_by_role("button", name="Weiter").click()  # the page asks "since when?" now
    check_page(page, axe)
    fill_date(page, "Seit wann gilt die Änderung?", "1", "12", "2026")
    page.get_by_role("button", name="Weiter").click()
    check_page(page, axe)
    fill_date(page, "Arbeitsunfähig seit", "1", "", "2026")
    page.get_by_role("button", name="Weiter").click()
    check_page(page, axe)
    shot(page, "de-vaem-date-error")
    assert page.get_by_text("Bitte ergänzen Sie den Monat.").first.is_visible()
    group = page.get_by_role("group", name="Arbeitsunfähig seit")
    assert group.get_by_label("Tag", exact=True).input_value() == "1"
    fill_date(page, "Arbeitsunfähig seit", "1", "12", "2026")
    page.get_by_role("button", name="Weiter").click()
    check_page(page, axe)
    page.get_by_label("Was hat sich geändert?").fill("Mein Sohn beginnt im Januar eine Ausbildung.")
    page.get_by_role("button", name="Weiter").click()
    check_page(page, axe)
    shot(page, "de-vaem-summary")
