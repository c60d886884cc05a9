"""Staff enter a short paper Weiterbewilligung at 320 px: person search → form, date of
receipt and scan → the form engine's page → summary → "Erfassen" → the case. Every page
passes axe; the same journey also works without JavaScript."""

from __future__ import annotations

import re

from jobcenter.antraege.models import Submission
from jobcenter.casefiles.models import Case
from tests.browser.conftest import check_page, sign_in, visit
from tests.casefiles.conftest import PDF


def _journey(page, axe, live_server, citizen, caseworker, tmp_path, *, js: bool) -> Case:
    if not js:
        page.goto("/")
    sign_in(page, live_server, caseworker)
    visit(page, axe, "/arbeitsbereich/akte/", js=js)
    with page.expect_navigation():
        page.get_by_role("link", name="Papierantrag erfassen").first.click()
    check_page(page, axe, js=js)
    page.get_by_label("Name oder Kundennummer").fill("Adler")
    with page.expect_navigation():
        page.get_by_role("button", name="Suchen").click()
    check_page(page, axe, js=js)
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("Adler, Alice")).click()
    check_page(page, axe, js=js)

    page.get_by_label("Formular", exact=True).select_option("weiterbewilligung")
    received = page.get_by_role("group", name="Eingangsdatum")
    assert received.get_by_label("Jahr", exact=True).input_value()  # defaults to today
    scan = tmp_path / "papierantrag.pdf"
    scan.write_bytes(PDF)
    page.get_by_label("Scan des Papierantrags").set_input_files(str(scan))
    with page.expect_navigation():
        page.get_by_role("button", name="Weiter zur Dateneingabe").click()
    check_page(page, axe, js=js)

    # The form engine's own page: first "Weiter" without an answer shows its message.
    with page.expect_navigation():
        page.get_by_role("button", name="Weiter", exact=True).click()
    check_page(page, axe, js=js)
    assert page.get_by_text("Bitte wählen Sie eine Antwort aus.").count() >= 1
    page.get_by_label("Es hat sich nichts geändert", exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Weiter", exact=True).click()
    check_page(page, axe, js=js)
    assert page.get_by_role("heading", level=1).inner_text() == "Angaben prüfen"
    with page.expect_navigation():
        page.get_by_role("button", name="Erfassen").click()
    page.wait_for_url(re.compile(r".*/arbeitsbereich/akte/\d+/$"))
    check_page(page, axe, js=js)
    assert page.get_by_text("Der Papierantrag wurde erfasst").count() == 1
    submission = Submission.objects.get()
    assert submission.channel == "papier" and submission.nothing_changed
    return Case.objects.get(submission_id=submission.pk)


def test_staff_enter_a_paper_weiterbewilligung(page, axe, live_server, citizen, caseworker,
                                               tmp_path):
    case = _journey(page, axe, live_server, citizen, caseworker, tmp_path, js=True)
    assert page.get_by_text(case.reference).count() >= 1
    assert page.get_by_role("link", name="papierantrag.pdf").count() == 1


def test_staff_enter_a_paper_weiterbewilligung_without_javascript(
    nojs_page, axe, live_server, citizen, caseworker, tmp_path
):
    case = _journey(nojs_page, axe, live_server, citizen, caseworker, tmp_path, js=False)
    assert case.channel == "papier"
