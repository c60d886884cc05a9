"""The form engine in a real browser at 320 px: a whole form with an upload, resume after
logout, and navigation without JavaScript. axe-core checks every page reached."""

from __future__ import annotations

import io
import re

import pytest
from django.shortcuts import redirect
from PIL import Image

from jobcenter.formengine import prefill, registry, services
from jobcenter.formengine.models import Draft, Upload
from tests.browser.conftest import check_page, click_and_load, fill_date, sign_in, visit
from tests.formengine.conftest import TEST_FORMS


def _submit(draft, request):
    services.draft_mark_submitted(draft=draft)
    return redirect("formengine:drafts")


@pytest.fixture(autouse=True)
def engine_test_form():
    prefill.register_provider("testprofile", lambda user: {"first_name": user.first_name})
    registry.register_form_dir(TEST_FORMS)
    registry.register_submit_handler("engine_test", _submit)
    yield
    registry.unregister_form_dir(TEST_FORMS)
    registry.unregister_hooks("engine_test")
    prefill.unregister_provider("testprofile")


def png_file(tmp_path):
    path = tmp_path / "lohnabrechnung.png"
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 200)).save(out, format="PNG")
    path.write_bytes(out.getvalue())
    return path


def at(page_key):
    return re.compile(rf".*/seite/{page_key}/(\?[^#]*)?(#.*)?$")


def at_summary():
    return re.compile(r".*/pruefen/(#.*)?$")


def next_(page):
    """Submit the page and wait for the answer (every "Weiter" posts the form), so that the
    next step never acts on the page that is being left."""
    with page.expect_navigation():
        page.locator(".jc-actions").get_by_role("button", name="Weiter").click()


def test_complete_form_with_upload_and_resume_after_logout(page, axe, citizen, tmp_path,
                                                           live_server):
    sign_in(page, live_server, citizen)
    visit(page, axe, "/formulare/engine_test/")
    page.get_by_role("button", name="Jetzt beginnen").click()
    page.wait_for_url(at("person"))
    check_page(page, axe)
    assert page.get_by_label("Vorname", exact=True).input_value() == "Alice"  # prefilled
    assert page.get_by_text("Schritt 1 von 5").is_visible()

    next_(page)  # nothing else answered: error summary
    assert page.locator("#error-summary").is_visible()
    check_page(page, axe)
    page.locator("#error-summary a").filter(has_text="Geburtsdatum").click()
    fill_date(page, "Geburtsdatum", "1", "5", "1990")
    page.get_by_label("verheiratet").check()
    next_(page)
    # The spouse question appears on the same page (no JavaScript needed for that).
    page.get_by_label("Name der Ehepartnerin oder des Ehepartners").fill("Pat")
    check_page(page, axe)
    next_(page)

    page.wait_for_url(at("kontakt"))
    page.get_by_label("Telefonnummer").fill("030 1234567")
    page.get_by_label("Straße und Hausnummer").fill("Weg 1")
    page.get_by_label("Postleitzahl").fill("11111")
    page.get_by_label("Ort", exact=True).fill("Alphastadt")
    fill_date(page, "Eingezogen am", "1", "1", "2020")
    check_page(page, axe)
    next_(page)
    page.wait_for_url(at("kinder"))

    # Leave and come back on "any device": log out, log in, resume from "Meine Entwürfe".
    click_and_load(page, page.get_by_role("button", name="Abmelden"))
    sign_in(page, live_server, citizen)
    visit(page, axe, "/formulare/")
    page.get_by_role("link", name=re.compile("Fortsetzen")).click()
    page.wait_for_url(at("kinder"))
    check_page(page, axe)

    page.get_by_label("Ja", exact=True).check()
    next_(page)
    page.get_by_label("Vorname des Kindes").fill("Bo")
    fill_date(page, "Geburtsdatum des Kindes", "3", "3", "2015", exact=False)
    page.get_by_role("button", name="Weiteres Kind hinzufügen").click()
    assert page.get_by_role("heading", name="Kind 2").is_visible()
    check_page(page, axe)
    page.get_by_role("button", name="Kind 2 entfernen").click()
    assert page.get_by_role("heading", name="Kind 2").count() == 0
    next_(page)

    page.wait_for_url(at("geld"))
    page.get_by_label("Monatliches Einkommen (brutto)").fill("1.234,56")
    page.get_by_label("IBAN").fill("DE02 1203 0000 0000 2020 51")
    check_page(page, axe)
    next_(page)

    page.wait_for_url(at("nachweis"))
    page.get_by_label("Lohnabrechnung").set_input_files(str(png_file(tmp_path)))
    next_(page)
    page.wait_for_url(at_summary())
    check_page(page, axe)
    assert page.get_by_text("1.234,56 €").is_visible()
    assert page.get_by_text("lohnabrechnung.png").is_visible()
    assert Upload.objects.count() == 1

    # "Ändern" goes to the question and back to the summary.
    page.get_by_role("link", name=re.compile(r"Ändern\W+Telefonnummer")).click()
    page.get_by_label("Telefonnummer").fill("030 7654321")
    page.get_by_role("button", name="Speichern und zur Übersicht").click()
    page.wait_for_url(at_summary())
    assert page.get_by_text("030 7654321").is_visible()

    page.get_by_role("link", name="Weiter zur Erklärung").click()
    check_page(page, axe)
    page.get_by_role("button", name="Verbindlich absenden").click()
    assert page.locator("#error-summary").is_visible()  # declaration not confirmed
    check_page(page, axe)
    page.get_by_label(re.compile("Ich versichere")).check()
    page.get_by_role("button", name="Verbindlich absenden").click()
    page.wait_for_url("**/formulare/")
    draft = Draft.objects.get()
    assert draft.status == Draft.Status.SUBMITTED
    assert draft.final_answers()["telefon"] == "030 7654321"
    check_page(page, axe)

    # A new draft can be deleted after a confirmation page.
    visit(page, axe, "/formulare/engine_test/")
    page.get_by_role("button", name="Jetzt beginnen").click()
    page.wait_for_url(at("person"))
    visit(page, axe, "/formulare/")
    page.get_by_role("link", name=re.compile("Entwurf löschen")).click()
    check_page(page, axe)
    page.get_by_role("button", name="Ja, endgültig löschen").click()
    page.wait_for_url("**/formulare/")
    assert page.get_by_text("Sie haben keine angefangenen Anträge.").is_visible()
    check_page(page, axe)


def test_navigation_and_groups_work_without_javascript(nojs_page, axe, citizen, live_server):
    page = nojs_page
    sign_in(page, live_server, citizen)
    page.goto("/formulare/engine_test/")
    page.get_by_role("button", name="Jetzt beginnen").click()
    fill_date(page, "Geburtsdatum", "1", "5", "1990")
    page.get_by_label("ledig").check()
    next_(page)
    page.wait_for_url(at("kontakt"))
    page.get_by_label("Telefonnummer").fill("nicht gültig")
    page.get_by_role("button", name="Zurück").click()  # "Zurück" saves too
    page.wait_for_url(at("person"))
    birth = page.get_by_role("group", name="Geburtsdatum", exact=True)
    assert [birth.get_by_label(part, exact=True).input_value()
            for part in ("Tag", "Monat", "Jahr")] == ["1", "5", "1990"]
    next_(page)
    assert page.get_by_label("Telefonnummer").input_value() == "nicht gültig"
    page.get_by_label("Straße und Hausnummer").fill("Weg 1")
    page.get_by_label("Postleitzahl").fill("11111")
    page.get_by_label("Ort", exact=True).fill("Alphastadt")
    fill_date(page, "Eingezogen am", "1", "1", "2020")
    next_(page)
    assert page.locator("#error-summary").get_by_text("Telefonnummer").is_visible()
    page.get_by_label("Telefonnummer").fill("")
    next_(page)
    page.wait_for_url(at("kinder"))
    page.get_by_label("Ja", exact=True).check()
    next_(page)
    page.get_by_role("button", name="Weiteres Kind hinzufügen").click()
    assert page.get_by_role("heading", name="Kind 2").is_visible()
    check_page(page, axe, js=False)
