"""The Direktzahlung der Miete an den Vermieter (§ 22 Abs. 7 Satz 1 SGB II) in a real browser:
the citizen at 320 px with axe on every page (an invalid IBAN is refused with the error
summary), and the same form without JavaScript. (The decision, the direct payment and the
run are tested server-side in tests/bedarfe/test_direktzahlung.py.)
``DIREKTZAHLUNG_SHOTS=/dir`` saves the pages at 320 px and 1280 px."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from jobcenter.antraege.models import Submission
from jobcenter.decisions import deadlines
from tests.browser.conftest import check_page, fill_date, sign_in, visit
from tests.browser.shots import Shots
from tests.browser.test_antraege import (  # _base_url: the live server for the sign-in
    BASE,
    _base_url,  # noqa: F401
    heading,
    login,
    next_page,
    start,
    submit_from_summary,
)

pytestmark = pytest.mark.browser
shot = Shots("DIREKTZAHLUNG_SHOTS", width_in_name=True)
IBAN = "DE02 1001 0010 0006 8201 01"


def _first_page(page, month) -> None:
    page.get_by_label("Die Miete mit den Heizkosten an den Vermieter", exact=True).check()
    page.get_by_label("Betrag im Monat laut Mietvertrag oder Abschlagsplan").fill("520,00")
    fill_date(page, "Ab wann? (wir zahlen ab dem Monat dieses Tages)", "1", str(month.month),
              str(month.year))


def _payee(page, iban: str) -> None:
    page.get_by_label("Name des Vermieters oder des Versorgungsunternehmens (Kontoinhaber)"
                      ).fill("Wohnbau Alpha GmbH")
    page.get_by_label("Straße und Hausnummer").fill("Hafenstraße 3")
    page.get_by_label("Postleitzahl").fill("11111")
    page.get_by_label("Ort", exact=True).fill("Alphastadt")
    page.get_by_label("IBAN des Empfängers").fill(iban)


def test_direktzahlung_form_at_320_px(page, axe, citizen, browser):
    month = deadlines.add_months(deadlines.first_of_month(timezone.localdate()), 1)
    login(page, axe, citizen)
    visit(page, axe, "/formulare/direktzahlung/")
    shot(page, "direktzahlung-start", browser=browser)
    start(page, axe, "direktzahlung")
    _first_page(page, month)
    shot(page, "direktzahlung-kosten", browser=browser)
    next_page(page, axe)
    _payee(page, "DE00 1234")
    with page.expect_navigation():
        page.get_by_role("button", name="Weiter", exact=True).click()
    check_page(page, axe)
    assert page.get_by_role("heading", name="Bitte korrigieren Sie Ihre Angaben").count() == 1
    shot(page, "direktzahlung-error", browser=browser)
    page.get_by_label("IBAN des Empfängers").fill(IBAN)
    next_page(page, axe)
    shot(page, "direktzahlung-summary", browser=browser)
    reference = submit_from_summary(page, axe)
    answers = Submission.objects.get(reference=reference).answers
    assert answers["dz_iban"] == IBAN.replace(" ", "")
    assert answers["dz_kosten"] == "miete_heizung" and answers["dz_betrag"] == "520.00"


def test_direktzahlung_without_javascript(nojs_page, citizen):
    month = deadlines.add_months(deadlines.first_of_month(timezone.localdate()), 1)
    page = nojs_page
    page.goto("/")
    sign_in(page, BASE[0], citizen)
    page.goto("/formulare/direktzahlung/")
    page.get_by_role("button", name=re.compile("Jetzt beginnen|Neu beginnen")).first.click()
    _first_page(page, month)
    page.get_by_role("button", name="Weiter", exact=True).click()
    _payee(page, IBAN)
    page.get_by_role("button", name="Weiter", exact=True).click()
    assert heading(page) == "Angaben prüfen"
    page.get_by_role("link", name="Weiter zur Erklärung").click()
    page.locator("#f-declaration").check()
    page.get_by_role("button", name="Verbindlich absenden").click()
    page.wait_for_url(re.compile(r".*/portal/antraege/JC-\d{4}-\d{6}/$"))
    reference = page.url.rstrip("/").rsplit("/", 1)[1]
    assert Submission.objects.get(reference=reference).answers["dz_empfaenger"] == (
        "Wohnbau Alpha GmbH")


def test_catalogue_and_staff_screen(page, desktop_page, axe, live_server, citizen, caseworker,
                                    django_capture_on_commit_callbacks):
    from jobcenter.antraege import services as antraege
    from jobcenter.casefiles.models import Case
    from jobcenter.formengine import registry
    from jobcenter.formengine.services import draft_start
    from tests.bedarfe.conftest import ANSWERS, with_uploads
    from tests.browser.conftest import sign_in

    draft = draft_start(user=citizen, form=registry.get_form("direktzahlung"))
    draft.answers = with_uploads(draft, ANSWERS["direktzahlung"]())
    draft.save(update_fields=["answers"])
    with django_capture_on_commit_callbacks(execute=True):
        submission = antraege.submission_create_from_draft(draft=draft, user=citizen)
    case = Case.objects.get(submission_id=submission.pk)
    login(page, axe, citizen)
    visit(page, axe, "/portal/erledigen/?q=Vermieter")
    assert page.get_by_text("Miete oder Abschläge direkt an den Vermieter zahlen lassen"
                            ).count() == 1
    shot(page, "direktzahlung-katalog")
    for current in (page, desktop_page):
        sign_in(current, live_server, caseworker)
        current.goto(f"/arbeitsbereich/anliegen/fall/{case.pk}/")
        check_page(current, axe)
        shot(current, "direktzahlung-staff")
        html = current.content()
        assert "Direktzahlung einrichten" in html and "Laufende Direktzahlung dieser Art" in html
        assert "DE02 1001 0010 0006 8201 01" in html
