"""Staff enter a paper Überprüfungsantrag (a concern of ``anliegen``) at 320 px: the form
is chosen from the grouped list of every concern, the Bescheid from the person's own
issued Bescheide; summary → "Erfassen" → the case. Every page passes axe and does not
scroll sideways."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone

from jobcenter.antraege.models import Submission
from jobcenter.casefiles.models import Case
from jobcenter.decisions.models import Decision
from jobcenter.households.models import Membership
from tests.browser.conftest import check_page, sign_in, visit
from tests.browser.shots import Shots
from tests.casefiles.conftest import PDF
from tests.zahlungen.helpers import issue

shot = Shots("PAPIER_SHOTS")


def test_staff_enter_a_paper_ueberpruefungsantrag(page, axe, live_server, citizen,
                                                  caseworker, tmp_path):
    person = citizen.person
    bg = Membership.objects.filter(person=person).first().bedarfsgemeinschaft
    bescheid = issue(bg, person, months=[dt.date(2026, 3, 1)], amounts={"p1": "563.00"},
                     approved_at=timezone.now() - dt.timedelta(days=60))
    assert bescheid.status == Decision.Status.DELIVERED

    sign_in(page, live_server, caseworker)
    visit(page, axe, f"/arbeitsbereich/papierantrag/person/{person.pk}/")
    shot(page, "start", resize=True)
    form = page.get_by_label("Formular", exact=True)
    assert form.locator("optgroup").count() >= 3  # grouped like the catalogue
    form.select_option("ueberpruefung")
    scan = tmp_path / "ueberpruefung.pdf"
    scan.write_bytes(PDF)
    page.get_by_label("Scan des Papierantrags").set_input_files(str(scan))
    with page.expect_navigation():
        page.get_by_role("button", name="Weiter zur Dateneingabe").click()
    check_page(page, axe)

    # The form engine's page: "Weiter" without answers shows the messages at the fields.
    with page.expect_navigation():
        page.get_by_role("button", name="Weiter", exact=True).click()
    check_page(page, axe)
    assert page.get_by_text("Bitte wählen Sie eine Antwort aus.").count() >= 1
    shot(page, "bescheid-fehler", resize=True)
    page.get_by_label(re.compile(re.escape(f"Bescheid-Nr. {bescheid.reference}"))).check()
    page.get_by_label("Was ist aus Ihrer Sicht falsch?").fill("Die Heizkosten fehlen.")
    with page.expect_navigation():
        page.get_by_role("button", name="Weiter", exact=True).click()
    check_page(page, axe)
    assert page.get_by_role("heading", level=1).inner_text() == "Angaben prüfen"
    assert page.get_by_text(f"Bescheid-Nr. {bescheid.reference}").count() >= 1
    shot(page, "summary", resize=True)
    with page.expect_navigation():
        page.get_by_role("button", name="Erfassen").click()
    page.wait_for_url(re.compile(r".*/arbeitsbereich/akte/\d+/$"))
    check_page(page, axe)
    shot(page, "case", resize=True)
    submission = Submission.objects.get()
    assert submission.channel == "papier" and submission.form_key == "ueberpruefung"
    case = Case.objects.get(submission_id=submission.pk)
    assert case.case_type.key == "ueberpruefung"
    assert case.data["bescheid"] == f"bescheid-{bescheid.pk}"
