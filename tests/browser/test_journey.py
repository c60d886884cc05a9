"""The whole chain in a real browser at 320 px, every page checked with axe-core:

the citizen submits a Hauptantrag → the case appears in the right Jobcenter's queue and in
no other → the caseworker requests a document → the citizen uploads it → the caseworker
calculates and decides → a colleague approves (four eyes) → the citizen sees the status and
downloads the Bescheid PDF.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from jobcenter.antraege.models import Submission
from jobcenter.casefiles.models import Case
from jobcenter.core.roles import Role
from jobcenter.decisions.models import Decision, DeliveryPreference
from tests.browser.conftest import check_page, fill_date, sign_in, visit
from tests.browser.test_antraege import group, heading, next_page, start
from tests.browser.test_antraege import submit_from_summary as submit
from tests.casefiles.conftest import PDF
from tests.factories import StaffFactory


@pytest.fixture
def login(live_server):
    """Sign in through a server-side session (the login form itself, with its second factor,
    is covered by tests/browser/test_accounts.py), then open the user's start page."""

    def sign_in_and_start(page, axe, user):
        sign_in(page, live_server, user)
        visit(page, axe, "/start/")

    return sign_in_and_start


def click_and_wait(page, axe, locator):
    with page.expect_navigation():
        locator.click()
    page.wait_for_load_state()
    check_page(page, axe)


def test_from_hauptantrag_to_bescheid(page, axe, login, citizen, caseworker, other_caseworker,
                                      jobcenter, settings, tmp_path):
    settings.DECISIONS_FOUR_EYES_THRESHOLD_EUR = 100  # every Bewilligung needs a second person
    DeliveryPreference.objects.create(user=citizen, channel="online")
    colleague = StaffFactory(jobcenter=jobcenter, email="dora@alpha.example", role=Role.LEISTUNG)

    # 1. The citizen submits a Hauptantrag (single person, no income, rented flat).
    login(page, axe, citizen)
    start(page, axe, "hauptantrag")
    page.get_by_label("Straße und Hausnummer", exact=True).fill("Lindenweg 5")
    page.get_by_label("Postleitzahl", exact=True).fill("11111")
    page.get_by_label("Ort", exact=True).fill("Alphastadt")
    next_page(page, axe)
    page.get_by_label("IBAN", exact=True).fill("DE02 1203 0000 0000 2020 51")
    next_page(page, axe)
    group(page, "Leben weitere Personen mit Ihnen in der Wohnung?").get_by_label(
        "Nein", exact=True).check()
    page.get_by_label("Nein, niemand hat Einkommen", exact=True).check()
    group(page, "Haben Sie und die Personen in Ihrem Haushalt zusammen erhebliches Vermögen?"
          ).get_by_label("Nein").check()
    page.get_by_label("Nein, nichts davon", exact=True).check()
    next_page(page, axe)
    page.get_by_label("Zur Miete oder Untermiete", exact=True).check()
    if page.get_by_label("Kaltmiete im Monat", exact=True).count() == 0:
        next_page(page, axe)
    page.get_by_label("Kaltmiete im Monat", exact=True).fill("400,00")
    page.get_by_label("Nebenkosten im Monat (ohne Heizung)", exact=True).fill("80")
    page.get_by_label("Heizkosten im Monat", exact=True).fill("70,50")
    page.get_by_label("Über die Heizung (zentral)", exact=True).check()
    next_page(page, axe)
    page.get_by_label("Gesetzlich versichert", exact=True).check()
    if page.get_by_label("Name der Krankenkasse oder Versicherung", exact=True).count() == 0:
        next_page(page, axe)
    page.get_by_label("Name der Krankenkasse oder Versicherung", exact=True).fill("AOK")
    next_page(page, axe)
    assert heading(page) == "Angaben prüfen"
    reference = submit(page, axe)
    submission = Submission.objects.get(reference=reference)

    # 2. Without any manual step the case is in this Jobcenter's eAkte — and in no other.
    case = Case.objects.get(submission_id=submission.pk)
    assert case.jobcenter == jobcenter and case.reference == reference
    login(page, axe, other_caseworker)
    visit(page, axe, f"/arbeitsbereich/akte/?status=alle&q={reference}")
    assert page.get_by_role("link", name=reference).count() == 0
    assert page.goto(f"/arbeitsbereich/akte/{case.pk}/").status == 404

    # 3. The caseworker finds it in the queue, takes it and requests a document.
    login(page, axe, caseworker)
    visit(page, axe, f"/arbeitsbereich/akte/?q={reference}")
    click_and_wait(page, axe, page.get_by_role("link", name=reference))
    click_and_wait(page, axe, page.get_by_role("button", name="Selbst übernehmen"))
    click_and_wait(page, axe, page.get_by_role("link", name="Unterlagen anfordern (Mitwirkung)"))
    deadline = timezone.localdate() + dt.timedelta(days=14)
    fill_date(page, "Frist", str(deadline.day), str(deadline.month), str(deadline.year))
    page.get_by_label("Unterlage 1", exact=True).fill("Mietvertrag")
    click_and_wait(page, axe, page.get_by_role("button", name="Aufforderung senden"))

    # 4. The citizen sees the task and uploads the document into its slot.
    login(page, axe, citizen)
    task = page.get_by_role("link", name=re.compile("^Unterlagen hochladen")).first
    click_and_wait(page, axe, task)
    click_and_wait(page, axe, page.get_by_role("link", name="Mietvertrag hochladen"))
    upload = tmp_path / "mietvertrag.pdf"
    upload.write_bytes(PDF)
    page.get_by_label("Datei auswählen").set_input_files(str(upload))
    click_and_wait(page, axe, page.get_by_role("button", name="Hochladen"))
    case.refresh_from_db()
    assert case.status.key == "unterlagen_eingegangen"

    # 5. The caseworker calculates (prefilled from the application) and prepares a Bewilligung.
    login(page, axe, caseworker)
    visit(page, axe, f"/arbeitsbereich/bescheide/fall/{case.pk}/")
    assert page.get_by_label("Bruttokaltmiete (€)").input_value() in {"480,00", "480.00", "480"}
    page.get_by_label("Art des Bescheids").select_option("bewilligung")
    page.get_by_role("button", name="Bescheid-Entwurf erstellen").click()
    page.wait_for_load_state()
    check_page(page, axe)
    page.get_by_role("button", name="Zur Freigabe vorlegen").click()
    page.wait_for_load_state()
    check_page(page, axe)
    assert page.get_by_role("button", name="Freigeben und versenden").count() == 0  # not self
    decision = Decision.objects.get(case=case)

    # 6. A colleague approves it: four eyes. The Bescheid is delivered into the account.
    login(page, axe, colleague)
    visit(page, axe, f"/arbeitsbereich/bescheide/{decision.pk}/")
    page.get_by_role("button", name="Freigeben und versenden").click()
    page.wait_for_load_state()
    check_page(page, axe)
    decision.refresh_from_db()
    assert decision.status == Decision.Status.DELIVERED
    assert decision.approved_by == colleague and decision.created_by == caseworker

    # 7. The citizen sees the status and downloads the Bescheid PDF.
    login(page, axe, citizen)
    visit(page, axe, "/portal/anliegen/")
    click_and_wait(page, axe, page.locator(f"a[href$='/anliegen/{reference}/']").first)
    assert page.get_by_text("Bescheid in Ihrem Konto").count() >= 1  # the one status
    assert page.get_by_text(reference).count() >= 1  # Aktenzeichen
    assert page.get_by_role("heading", name="Verlauf").count() == 1  # plain-language timeline
    visit(page, axe, "/portal/dokumente/")
    assert page.get_by_text("Widerspruch ist bis zum").count() == 1
    link = page.get_by_role("link", name=re.compile("herunterladen|PDF", re.I)).first
    response = page.request.get(link.get_attribute("href"))
    assert response.ok and response.body().startswith(b"%PDF-")
