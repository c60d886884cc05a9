"""The concerns of the catalogue in a real browser at 320 px, every page checked with axe:
the citizen finds "Ortsabwesenheit" by searching the catalogue "Was möchten Sie
erledigen?", reads who it is for and what is needed, fills the one page and gets the
receipt; the caseworker sees the days of absence left, approves, issues the Bescheid; the
citizen sees the decision. Every further concern's form is filled to its receipt; the
catalogue and a form also work without JavaScript. Screenshots at 320 px and 1280 px go
to ``$ANLIEGEN_SHOTS`` when set."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from jobcenter.antraege.models import Submission
from jobcenter.casefiles.models import Case
from jobcenter.decisions.models import Decision, DeliveryPreference
from tests.browser.conftest import check_page, fill_date, sign_in, visit
from tests.browser.shots import Shots
from tests.browser.test_antraege import submit_from_summary

shot = Shots("ANLIEGEN_SHOTS")


def _day(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def _date(page, legend: str, day: dt.date) -> None:
    fill_date(page, legend, str(day.day), str(day.month), str(day.year))


ADDED = "Aufgrund Ihrer Antwort haben wir weitere Fragen ergänzt"


def _next(page, axe) -> None:
    """"Weiter"; when the answer added questions to the page (a follow-up shown only now,
    without JavaScript), the page comes back with them, and "Weiter" again moves on."""
    for _attempt in range(2):
        with page.expect_navigation():
            page.get_by_role("button", name="Weiter", exact=True).last.click()
        page.wait_for_load_state()
        check_page(page, axe)
        if page.get_by_text(ADDED).count() == 0:
            return


def _start(page, axe) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("Jetzt beginnen|Neu beginnen")).first.click()
    page.wait_for_load_state()
    check_page(page, axe)


def _submit(page, axe) -> Submission:
    reference = submit_from_summary(page, axe)
    return Submission.objects.get(reference=reference)


def test_ortsabwesenheit_from_the_catalogue_to_the_decision(page, axe, live_server, citizen,
                                                           caseworker):
    DeliveryPreference.objects.create(user=citizen, channel="online")
    sign_in(page, live_server, citizen)
    visit(page, axe, "/portal/")
    page.get_by_role("link", name="Was möchten Sie erledigen?").first.click()
    check_page(page, axe)
    shot(page, "catalogue-320")
    page.get_by_label("Anliegen suchen").fill("Urlaub")
    page.get_by_role("button", name="Suchen").click()
    check_page(page, axe)
    assert page.get_by_text("1 Anliegen passt zu „Urlaub“.").count() == 1
    assert page.get_by_text("Reisezeitraum und Reiseziel").count() == 1  # before starting
    shot(page, "catalogue-search-320")
    page.get_by_role("link", name="Ortsabwesenheit – Zustimmung zu einer Reise").click()
    check_page(page, axe)
    _start(page, axe)
    _date(page, "Erster Tag der Abwesenheit", _day(10))
    _date(page, "Letzter Tag der Abwesenheit", _day(16))
    page.get_by_label("Wo halten Sie sich auf?").fill("Izmir, Türkei")
    page.get_by_label("Urlaub oder private Reise", exact=True).check()
    page.get_by_role("group", name=re.compile("Können Sie während der Abwesenheit")) \
        .get_by_label("Ja").check()
    shot(page, "ortsabwesenheit-form-320")
    _next(page, axe)
    submission = _submit(page, axe)
    assert page.get_by_text("Bitte warten Sie die Zustimmung ab").count() >= 1
    shot(page, "ortsabwesenheit-receipt-320")

    case = Case.objects.get(submission_id=submission.pk)
    assert case.case_type.key == "ortsabwesenheit"
    sign_in(page, live_server, caseworker)
    visit(page, axe, f"/arbeitsbereich/akte/{case.pk}/")
    page.get_by_role("link", name="Anliegen entscheiden").click()
    check_page(page, axe)
    assert page.get_by_text("0 von 21 Tagen").count() == 1
    assert page.get_by_text("7 Tage").count() >= 1
    page.get_by_role("button", name="Entwurf erstellen").click()  # no choice: an error
    check_page(page, axe)
    assert page.get_by_text("Bitte wählen Sie bei „Entscheidung“ eine Antwort aus.").count() >= 1
    page.get_by_label("Zustimmen", exact=True).check()
    shot(page, "staff-decide-320")
    page.get_by_role("button", name="Entwurf erstellen").click()
    check_page(page, axe)
    assert page.get_by_text("Zustimmung zur Ortsabwesenheit").count() >= 1  # the letter
    shot(page, "staff-draft-320")
    page.get_by_role("button", name="Erlassen und versenden").click()
    check_page(page, axe)
    decision = Decision.objects.get(case=case)
    assert decision.status == Decision.Status.DELIVERED

    sign_in(page, live_server, citizen)
    visit(page, axe, f"/portal/anliegen/{submission.reference}/")
    assert page.get_by_text("Bescheid in Ihrem Konto").count() >= 1
    shot(page, "citizen-concern-decided-320")
    visit(page, axe, "/portal/dokumente/")
    assert page.get_by_text(re.compile("Zustimmung zur Ortsabwesenheit vom")).count() >= 1


FILL = {
    "Arbeitsunfähigkeit melden": lambda page: (
        _date(page, "Arbeitsunfähig seit", _day(-1)),
        _date(page, "Voraussichtlich bis", _day(6)),
        page.get_by_role("group", name=re.compile("Folgebescheinigung")).get_by_label("Nein")
        .check(),
        page.get_by_label("Arbeitsunfähigkeitsbescheinigung", exact=True).set_input_files(
            {"name": "au.png", "mimeType": "image/png", "buffer": _png()}),
        page.get_by_role("button", name="Datei hochladen").click(),
        page.wait_for_load_state()),
    "Abmeldung: keine Leistungen mehr": lambda page: (
        _date(page, "Ab welchem Tag brauchen Sie keine Leistungen mehr?", _day(20)),
        page.get_by_label("Ich verdiene genug (Arbeit oder Ausbildung)").check()),
    "Bewerbungs- und Fahrtkosten": lambda page: (
        page.get_by_label("Bewerbungsunterlagen (Fotos, Mappen, Kopien, Porto)").check(),
        page.get_by_label("Wie hoch sind die Kosten insgesamt?").fill("24,90")),
    "Überprüfungsantrag – einen Bescheid noch einmal prüfen lassen": lambda page: (
        # no Bescheid in the account: "another", then the follow-up questions it adds
        page.get_by_label("Ein anderer Bescheid oder ich weiß es nicht").check(),
        page.get_by_label("Was ist aus Ihrer Sicht falsch?").fill("Die Heizkosten fehlen."),
        page.get_by_role("button", name="Weiter", exact=True).last.click(),
        page.wait_for_load_state(),
        page.get_by_label("Um welchen Bescheid geht es?").fill("Bescheid vom Frühjahr"),
        page.get_by_label("Bewilligung oder Änderung der monatlichen Leistung").check()),
    "Akteneinsicht – Ihre Akte ansehen": lambda page: (
        page.get_by_label("Die ganze Akte").check(),
        page.get_by_label("Bei einem Termin im Jobcenter").check()),
}


def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (20, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize("title", list(FILL))
def test_every_concern_to_its_receipt(page, axe, live_server, citizen, title):
    sign_in(page, live_server, citizen)
    visit(page, axe, "/portal/erledigen/")
    page.get_by_role("link", name=title, exact=True).click()
    check_page(page, axe)
    _start(page, axe)
    FILL[title](page)
    check_page(page, axe)
    _next(page, axe)
    submission = _submit(page, axe)
    shot(page, f"receipt-{submission.form_key}-320")
    assert Case.objects.filter(submission_id=submission.pk).exists()


def test_the_catalogue_and_a_concern_work_without_javascript(nojs_page, live_server, citizen,
                                                             axe):
    page = nojs_page
    page.goto("/")
    sign_in(page, live_server, citizen)
    page.goto("/portal/erledigen/?q=krank")
    assert page.get_by_role("link", name="Arbeitsunfähigkeit melden", exact=True).count() == 1
    assert page.get_by_role("link", name="Akteneinsicht – Ihre Akte ansehen").count() == 0
    page.get_by_role("link", name="Alle Anliegen zeigen").first.click()
    page.get_by_role("link", name="Akteneinsicht – Ihre Akte ansehen").click()
    page.get_by_role("button", name=re.compile("Jetzt beginnen|Neu beginnen")).first.click()
    FILL["Akteneinsicht – Ihre Akte ansehen"](page)
    page.get_by_role("button", name="Weiter", exact=True).last.click()
    if page.get_by_text(ADDED).count():
        page.get_by_role("button", name="Weiter", exact=True).last.click()
    page.get_by_role("link", name="Weiter zur Erklärung").click()
    page.locator("#f-declaration").check()
    page.get_by_role("button", name="Verbindlich absenden").click()
    page.wait_for_url(re.compile(r".*/portal/antraege/JC-\d{4}-\d{6}/$"))
    assert Submission.objects.get().form_key == "akteneinsicht"


def test_catalogue_and_staff_screen_at_desktop_width(desktop_page, axe, live_server, citizen,
                                                     caseworker):
    from tests.anliegen.tenancy import _case
    from tests.test_tenancy import World

    sign_in(desktop_page, live_server, citizen)
    visit(desktop_page, axe, "/portal/erledigen/")
    shot(desktop_page, "catalogue-1280")
    visit(desktop_page, axe, "/formulare/ortsabwesenheit/")
    assert desktop_page.get_by_text("Es bleiben 21 Tage.", exact=False).count() == 1
    shot(desktop_page, "ortsabwesenheit-start-1280")
    visit(desktop_page, axe, "/portal/anliegen/")
    shot(desktop_page, "concerns-1280")
    world = World(caseworker.jobcenter, citizen, None, None, None, caseworker)
    pk = _case(world)["pk"]
    sign_in(desktop_page, live_server, caseworker)
    visit(desktop_page, axe, f"/arbeitsbereich/anliegen/fall/{pk}/")
    assert desktop_page.get_by_text("Bereits zugestimmt im Jahr", exact=False).count() == 1
    shot(desktop_page, "staff-decide-1280")
