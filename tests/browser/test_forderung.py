"""Stundung, Ratenzahlung oder Erlass einer Forderung in a real browser: from the citizen's
"Zahlungen" page to the form at 320 px with axe on every page (the claim chosen from their
own, a deferral day in the past refused with the error summary), the same form without
JavaScript, and the staff screen beside the claim at 320 px and 1280 px. (Decisions, letters
and the claim's effects are tested server-side in tests/bedarfe/test_forderung.py.)
``FORDERUNG_SHOTS=/dir`` saves the pages at 320 px and 1280 px."""

from __future__ import annotations

import re

import pytest

from jobcenter.antraege.models import Submission
from tests.bedarfe.test_forderung import owed  # noqa: F401  (the fixture: a claim of 500 €)
from tests.browser.conftest import check_page, fill_date, sign_in, visit
from tests.browser.shots import Shots
from tests.browser.test_antraege import (  # _base_url: the live server for the sign-in
    BASE,
    _base_url,  # noqa: F401
    heading,
    login,
    next_page,
    submit_from_summary,
)

pytestmark = pytest.mark.browser
shot = Shots("FORDERUNG_SHOTS", width_in_name=True)


def _choose(page, owed) -> None:  # noqa: F811
    page.get_by_label(re.compile(f"Bescheid-Nr. {re.escape(owed.bescheid.reference)}")).check()


def test_forderung_from_the_payments_page_at_320_px(page, axe, citizen, owed, browser):  # noqa: F811
    login(page, axe, citizen)
    visit(page, axe, "/portal/zahlungen/")
    shot(page, "forderung-zahlungen", browser=browser)
    with page.expect_navigation():
        page.get_by_role("link", name="Stundung, Ratenzahlung oder Erlass beantragen").click()
    check_page(page, axe)
    shot(page, "forderung-start", browser=browser)
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("Jetzt beginnen|Neu beginnen")).first.click()
    check_page(page, axe)
    _choose(page, owed)
    page.get_by_label(re.compile("^Stundung:")).check()
    shot(page, "forderung-antrag", browser=browser)
    next_page(page, axe)  # the answer adds only the question that applies: until when
    fill_date(page, "Bis wann sollen wir die Forderung stunden?", "1", "1", "2020")
    with page.expect_navigation():
        page.get_by_role("button", name="Weiter", exact=True).last.click()
    check_page(page, axe)
    assert page.get_by_role("heading", name="Bitte korrigieren Sie Ihre Angaben").count() == 1
    shot(page, "forderung-error", browser=browser)
    page.get_by_label(re.compile("^Ratenzahlung:")).check()
    next_page(page, axe)
    page.get_by_label("Welchen Betrag können Sie jeden Monat zahlen?").fill("40,00")
    shot(page, "forderung-raten", browser=browser)
    next_page(page, axe)
    page.get_by_label("Warum können Sie die Forderung jetzt nicht oder nicht auf einmal "
                      "zahlen?").fill("Ich verdiene wenig und zahle noch einen Kredit ab.")
    page.get_by_label("Ihre Einnahmen im Monat (freiwillig)").fill("1.150,00")
    shot(page, "forderung-lage", browser=browser)
    next_page(page, axe)
    shot(page, "forderung-summary", browser=browser)
    reference = submit_from_summary(page, axe)
    answers = Submission.objects.get(reference=reference).answers
    assert answers["forderung"] == f"forderung-{owed.pk}"
    assert answers["fd_wunsch"] == "raten" and answers["fd_rate"] == "40.00"


def test_forderung_without_javascript(nojs_page, citizen, owed):  # noqa: F811
    page = nojs_page
    page.goto("/")
    sign_in(page, BASE[0], citizen)
    page.goto("/formulare/forderung/")
    page.get_by_role("button", name=re.compile("Jetzt beginnen|Neu beginnen")).first.click()
    _choose(page, owed)
    page.get_by_label(re.compile("^Erlass:")).check()
    page.get_by_role("button", name="Weiter", exact=True).last.click()
    page.get_by_label("Den ganzen Betrag, der noch offen ist").check()
    page.get_by_role("button", name="Weiter", exact=True).last.click()
    page.get_by_label("Warum können Sie die Forderung jetzt nicht oder nicht auf einmal "
                      "zahlen?").fill("Dauerhaft krank, keine Aussicht auf Arbeit.")
    page.get_by_role("button", name="Weiter", exact=True).click()
    assert heading(page) == "Angaben prüfen"
    page.get_by_role("link", name="Weiter zur Erklärung").click()
    page.locator("#f-declaration").check()
    page.get_by_role("button", name="Verbindlich absenden").click()
    page.wait_for_url(re.compile(r".*/portal/antraege/JC-\d{4}-\d{6}/$"))
    reference = page.url.rstrip("/").rsplit("/", 1)[1]
    answers = Submission.objects.get(reference=reference).answers
    assert answers["fd_wunsch"] == "erlass" and answers["fd_erlass_umfang"] == "ganz"


def test_staff_screen_beside_the_claim(page, desktop_page, axe, live_server, citizen,
                                       caseworker, owed,  # noqa: F811
                                       django_capture_on_commit_callbacks):
    from tests.bedarfe.test_forderung import _answers, _submit
    from tests.browser.conftest import sign_in

    case = _submit(citizen, _answers(owed), django_capture_on_commit_callbacks)
    for current in (page, desktop_page):
        sign_in(current, live_server, caseworker)
        current.goto(f"/arbeitsbereich/anliegen/fall/{case.pk}/")
        check_page(current, axe)
        shot(current, "forderung-staff")
        html = current.content()
        assert "Erlass gewähren (ganz oder teilweise)" in html and "Noch offen" in html
        assert "Erlass eines Teils: 200,00 €" in html
