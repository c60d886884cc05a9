"""Browser journeys of the money concerns at 320 px with axe on every page: the move with
the non-binding pre-check against the Angemessenheitsgrenze, a loan with its repayment
preview, and the Nachzahlung without JavaScript; the Verwaltung page of the limits."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from jobcenter.antraege.models import Submission
from jobcenter.bedarfe import angemessenheit
from jobcenter.bedarfe.models import Angemessenheitsgrenze
from tests.browser.conftest import check_page, fill_date, sign_in
from tests.browser.shots import Shots
from tests.browser.test_antraege import (  # _base_url: the live server for the sign-in
    BASE,
    _base_url,  # noqa: F401
    heading,
    login,
    next_page,
    png,
    start,
    submit_from_summary,
)

pytestmark = pytest.mark.browser
shot = Shots("BEDARFE_SHOTS")


def upload(page, label, name="nachweis.png"):
    page.get_by_label(re.compile(label)).set_input_files(
        {"name": name, "mimeType": "image/png", "buffer": png()})
    with page.expect_navigation():
        page.get_by_role("button", name="Datei hochladen").click()
    page.wait_for_load_state()


def test_move_with_the_pre_check_at_320_px(page, axe, citizen):
    angemessenheit.demo_seed(citizen.jobcenter, dt.date(2025, 1, 1))
    login(page, axe, citizen)
    start(page, axe, "umzug")
    page.get_by_label("Zusicherung, dass die Kosten der neuen Wohnung übernommen werden",
                      exact=True).check()
    page.get_by_label("Die Wohnung ist für den Haushalt zu klein", exact=True).check()
    page.get_by_label("Bitte beschreiben Sie den Grund kurz").fill("Zu zweit in einem Zimmer.")
    move_in = timezone.localdate() + dt.timedelta(days=40)
    fill_date(page, "Geplanter Tag des Einzugs", str(move_in.day), str(move_in.month),
              str(move_in.year))
    shot(page, "umzug-1-anliegen-320")
    next_page(page, axe)
    assert heading(page) == "Die neue Wohnung"
    page.get_by_label("Straße und Hausnummer").fill("Lindenweg 4")
    page.get_by_label("Postleitzahl").fill("11111")
    page.get_by_label("Ort", exact=True).fill("Alphastadt")
    page.get_by_label("Wie viele Personen werden dort wohnen (Sie eingeschlossen)?").fill("2")
    page.get_by_label("Kaltmiete im Monat").fill("560")
    page.get_by_label("Nebenkosten ohne Heizung im Monat").fill("120")
    page.get_by_label("Heizkosten im Monat").fill("90")
    upload(page, "^Mietangebot", "mietangebot.png")
    check_page(page, axe)
    shot(page, "umzug-2-wohnung-320")
    next_page(page, axe)
    assert heading(page) == "Angaben prüfen"
    preview = page.locator(".jc-fe-preview")
    assert "Unverbindliche Vorprüfung der neuen Miete" in preview.inner_text()
    assert "über den Grenzen Ihres Jobcenters für 2 Personen" in preview.inner_text()
    assert "630,00 €" in preview.inner_text()
    shot(page, "umzug-3-vorpruefung-320")
    reference = submit_from_summary(page, axe)
    submission = Submission.objects.get(reference=reference)
    assert submission.form_key == "umzug"
    assert submission.attachments.get().title == "mietangebot.png"


def test_loan_with_its_repayment_preview(page, axe, citizen):
    login(page, axe, citizen)
    start(page, axe, "darlehen")
    page.get_by_label("Was brauchen Sie?").fill("Kühlschrank")
    page.get_by_label("Warum können Sie damit nicht warten?").fill("Er ist kaputt.")
    page.get_by_label("Wie viel kostet es?").fill("300")
    upload(page, "^Angebot, Kostenvoranschlag")
    next_page(page, axe)
    assert heading(page) == "Eigene Mittel"
    page.get_by_role("group", name=re.compile("Haben Sie Geld gespart")).get_by_label(
        "Nein", exact=True).check()
    next_page(page, axe)
    preview = page.locator(".jc-fe-preview").inner_text()
    assert "So zahlen Sie das Darlehen zurück" in preview and "5 %" in preview
    shot(page, "darlehen-vorschau-320")
    submit_from_summary(page, axe)


def test_nachzahlung_without_javascript(nojs_page, citizen):
    page = nojs_page
    page.goto("/")
    sign_in(page, BASE[0], citizen)
    page.goto("/formulare/nachzahlung/")
    page.get_by_role("button", name=re.compile("Jetzt beginnen|Neu beginnen")).first.click()
    page.get_by_label("Betriebskosten (Nebenkosten) vom Vermieter", exact=True).check()
    fill_date(page, "Abrechnungszeitraum von", "1", "1", "2025")
    fill_date(page, "Abrechnungszeitraum bis", "31", "12", "2024")  # wrong order first
    page.get_by_label("Höhe der Nachzahlung").fill("212,40")
    due = timezone.localdate() + dt.timedelta(days=20)
    fill_date(page, "Bis wann müssen Sie zahlen?", str(due.day), str(due.month), str(due.year))
    page.get_by_label(re.compile("^Die Abrechnung")).set_input_files(
        {"name": "abrechnung.png", "mimeType": "image/png", "buffer": png()})
    # every button here posts the page: wait for the next page before the next step, or a
    # click lands on the document being replaced (CI once read an empty page here)
    with page.expect_navigation():
        page.get_by_role("button", name="Datei hochladen").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Weiter", exact=True).click()
    assert "Das Ende des Abrechnungszeitraums darf nicht vor dem Anfang liegen." in \
        page.content()
    fill_date(page, "Abrechnungszeitraum bis", "31", "12", "2025")
    with page.expect_navigation():
        page.get_by_role("button", name="Weiter", exact=True).click()
    assert heading(page) == "Angaben prüfen"
    page.get_by_role("link", name="Weiter zur Erklärung").click()
    page.locator("#f-declaration").check()
    page.get_by_role("button", name="Verbindlich absenden").click()
    page.wait_for_url(re.compile(r".*/portal/antraege/JC-\d{4}-\d{6}/$"))
    reference = page.url.rstrip("/").rsplit("/", 1)[1]
    submission = Submission.objects.get(reference=reference)
    assert submission.answers["nachzahlung_betrag"] == "212.40"


def test_verwaltung_page_of_the_limits(page, desktop_page, axe, live_server, jobcenter_admin):
    angemessenheit.demo_seed(jobcenter_admin.jobcenter, dt.date(2025, 1, 1))
    for current, width in ((page, 320), (desktop_page, 1280)):
        sign_in(current, live_server, jobcenter_admin)
        current.goto("/arbeitsbereich/verwaltung/angemessenheitsgrenzen/")
        shot(current, f"verwaltung-angemessenheit-{width}")
        check_page(current, axe)
        assert current.get_by_role("heading", level=1).inner_text() == (
            "Angemessenheits\u00adgrenzen für Unterkunft und Heizung")
        shot(current, f"verwaltung-angemessenheit-{width}")
    page.get_by_label("Gültig ab").fill("2027-01-01")
    page.get_by_label("Bruttokaltmiete für 1 Person (€ im Monat)").fill("abc")
    with page.expect_navigation():
        page.get_by_role("button", name="Tabelle speichern").click()
    check_page(page, axe)
    assert "Bitte korrigieren Sie Ihre Angaben" in page.content()
    shot(page, "verwaltung-angemessenheit-fehler-320")
    page.get_by_label("Bruttokaltmiete für 1 Person (€ im Monat)").fill("550,00")
    with page.expect_navigation():
        page.get_by_role("button", name="Tabelle speichern").click()
    check_page(page, axe)
    assert Angemessenheitsgrenze.objects.filter(valid_from=dt.date(2027, 1, 1)).count() == 6


def test_staff_screen_shows_the_pre_check(page, desktop_page, axe, live_server, citizen,
                                          caseworker, django_capture_on_commit_callbacks):
    from jobcenter.antraege import services as antraege
    from jobcenter.casefiles.models import Case
    from jobcenter.formengine import registry
    from jobcenter.formengine.services import draft_start
    from tests.bedarfe.conftest import ANSWERS, with_uploads

    angemessenheit.demo_seed(citizen.jobcenter, dt.date(2025, 1, 1))
    draft = draft_start(user=citizen, form=registry.get_form("umzug"))
    draft.answers = with_uploads(draft, ANSWERS["umzug"]())
    draft.save(update_fields=["answers"])
    with django_capture_on_commit_callbacks(execute=True):
        submission = antraege.submission_create_from_draft(draft=draft, user=citizen)
    case = Case.objects.get(submission_id=submission.pk)
    for current, width in ((page, 320), (desktop_page, 1280)):
        sign_in(current, live_server, caseworker)
        current.goto(f"/arbeitsbereich/anliegen/fall/{case.pk}/")
        shot(current, f"staff-umzug-{width}")
        check_page(current, axe)
        assert "Ergebnis der Vorprüfung" in current.content()
