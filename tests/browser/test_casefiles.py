"""eAkte in a real browser at 320 px: intake → queue → Mitwirkung request → citizen upload
→ back in the queue; the other Jobcenter sees nothing. Every page passes axe."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone

from jobcenter.casefiles.models import Case
from tests.browser.conftest import check_page, fill_date, sign_in, visit
from tests.casefiles.conftest import PDF, make_submission


def test_mitwirkung_journey(page, axe, live_server, citizen, caseworker, other_caseworker,
                            tmp_path):
    from jobcenter.casefiles.services import case_intake

    case = case_intake(submission=make_submission(user=citizen))

    # The caseworker finds the case in the queue and requests a document.
    sign_in(page, live_server, caseworker)
    visit(page, axe, "/arbeitsbereich/akte/")
    page.get_by_text("Filtern und suchen").click()
    page.get_by_label("Name oder Aktenzeichen").fill("Adler")
    with page.expect_navigation():
        page.get_by_role("button", name="Anzeigen").click()
    check_page(page, axe)
    with page.expect_navigation():
        page.get_by_role("link", name=case.reference).click()
    check_page(page, axe)
    with page.expect_navigation():
        page.get_by_role("button", name="Selbst übernehmen").click()
    check_page(page, axe)
    assert page.get_by_text("Übernommen von").count() >= 1
    with page.expect_navigation():
        page.get_by_role("link", name="Unterlagen anfordern (Mitwirkung)").click()
    check_page(page, axe)
    deadline = timezone.localdate() + dt.timedelta(days=14)
    fill_date(page, "Frist", str(deadline.day), str(deadline.month), str(deadline.year))
    page.get_by_label("Unterlage 1", exact=True).fill("Mietvertrag")
    with page.expect_navigation():
        page.get_by_role("button", name="Aufforderung senden").click()
    check_page(page, axe)
    assert page.get_by_text("Die Aufforderung wurde gestellt").count() == 1

    # The citizen sees the task and uploads the document into its slot.
    sign_in(page, live_server, citizen)
    visit(page, axe, "/portal/")
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("^Unterlagen hochladen")).first.click()
    check_page(page, axe)
    with page.expect_navigation():
        page.get_by_role("link", name="Mietvertrag hochladen").click()
    check_page(page, axe)
    upload = tmp_path / "mietvertrag.pdf"
    upload.write_bytes(PDF)
    page.get_by_label("Datei auswählen").set_input_files(str(upload))
    with page.expect_navigation():
        page.get_by_role("button", name="Hochladen").click()
    check_page(page, axe)
    assert page.get_by_text("ist bei uns angekommen").count() >= 1
    visit(page, axe, "/portal/anliegen/")
    visit(page, axe, "/portal/dokumente/")

    # Back in the queue with status "Unterlagen eingegangen"; the viewer shows the PDF.
    case.refresh_from_db()
    assert case.status.key == "unterlagen_eingegangen"
    sign_in(page, live_server, caseworker)
    visit(page, axe, "/arbeitsbereich/akte/?status=unterlagen_eingegangen")
    with page.expect_navigation():
        page.get_by_role("link", name=case.reference).click()
    with page.expect_navigation():
        page.get_by_role("link", name="Mietvertrag (mietvertrag.pdf)").click()
    check_page(page, axe)
    assert page.locator("object.jc-viewer").count() == 1

    # The other Jobcenter sees nothing of it.
    sign_in(page, live_server, other_caseworker)
    visit(page, axe, f"/arbeitsbereich/akte/?status=alle&q={case.reference}")
    assert page.get_by_role("link", name=case.reference).count() == 0
    response = page.goto(f"/arbeitsbereich/akte/{case.pk}/")
    assert response.status == 404


def test_queue_and_upload_work_without_javascript(nojs_page, live_server, citizen,
                                                  caseworker, tmp_path):
    from jobcenter.casefiles.services import case_intake, document_request_create

    case = case_intake(submission=make_submission(user=citizen))
    document_request_create(case=case, actor=caseworker,
                            deadline=timezone.localdate() + dt.timedelta(days=10),
                            items=[("Kontoauszug", "")])
    page = nojs_page
    sign_in(page, live_server, caseworker)
    page.goto("/arbeitsbereich/akte/?bearbeitung=unassigned")
    assert page.get_by_role("link", name=case.reference).count() == 1
    sign_in(page, live_server, citizen)
    page.goto(f"/portal/anliegen/{case.reference}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Kontoauszug hochladen").click()
    upload = tmp_path / "konto.pdf"
    upload.write_bytes(PDF)
    page.get_by_label("Datei auswählen").set_input_files(str(upload))
    with page.expect_navigation():
        page.get_by_role("button", name="Hochladen").click()
    assert Case.objects.get(pk=case.pk).status.key == "unterlagen_eingegangen"
