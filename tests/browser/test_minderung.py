"""The Leistungsminderung in a real browser at 320 px, every page checked with axe: staff
record the Pflichtverletzung with the Rechtsfolgenbelehrung given before and start the
Anhörung; the citizen reads it in plain words and answers; staff draft the
Minderungsbescheid from the answer."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.utils import timezone

from jobcenter.decisions import services as decisions
from jobcenter.decisions.models import DeliveryPreference
from jobcenter.minderungen.models import Minderung
from tests.browser.conftest import check_page, fill_date, sign_in, visit
from tests.browser.shots import Shots
from tests.casefiles.conftest import make_submission
from tests.decisions.conftest import sgb2_request

shot = Shots("SCREENSHOT_DIR")


def _date(page, legend: str, day: dt.date) -> None:
    fill_date(page, legend, str(day.day), str(day.month), str(day.year))


def test_record_hear_answer_decide(page, axe, live_server, citizen, caseworker):
    from jobcenter.casefiles.services import case_intake

    DeliveryPreference.objects.create(user=citizen, channel="online")
    case = case_intake(submission=dataclasses.replace(make_submission(user=citizen),
                                                      sgb2_request=sgb2_request()))
    decisions.decision_finalize(decision=decisions.decision_create(
        case=case, decision_type_key="bewilligung", actor=caseworker), actor=caseworker)
    today = timezone.localdate()

    sign_in(page, live_server, caseworker)
    visit(page, axe, f"/arbeitsbereich/bescheide/fall/{case.pk}/")
    page.get_by_role("link", name="Leistungsminderung erfassen", exact=False).click()
    check_page(page, axe)
    page.get_by_label("Pflichtverletzung (§ 31 SGB II)").check()
    page.locator("input[name=person_key]").first.check()
    page.get_by_label("Pflicht", exact=True).fill("Teilnahme am Bewerbungstraining")
    _date(page, "Rechtsfolgenbelehrung erteilt am", today - dt.timedelta(days=20))
    page.get_by_label("Wortlaut der Rechtsfolgenbelehrung").fill("Wenn Sie nicht teilnehmen …")
    _date(page, "Pflichtverletzung oder versäumter Termin am", today - dt.timedelta(days=3))
    page.get_by_label("Sachverhalt").fill("Nicht erschienen.")
    page.get_by_role("button", name="Erfassen").click()
    check_page(page, axe)
    _date(page, "Äußerung bis", today + dt.timedelta(days=14))
    page.get_by_role("button", name="Anhörung einleiten").click()
    check_page(page, axe)
    m = Minderung.objects.get()
    assert m.status == Minderung.Status.HEARING

    sign_in(page, live_server, citizen)
    visit(page, axe, "/portal/dokumente/")
    page.get_by_role("link", name="Leistungsminderungen und Anhörungen").click()
    check_page(page, axe)
    page.get_by_role("link", name="Ihre Antwort ist gefragt").click()
    check_page(page, axe)
    page.get_by_role("button", name="Antwort senden").click()
    check_page(page, axe)  # empty: a message, nothing stored
    page.get_by_role("textbox", name="Ihre Antwort").fill("Mein Kind war krank.")
    page.get_by_role("button", name="Antwort senden").click()
    check_page(page, axe)
    assert page.get_by_text("Mein Kind war krank.").count() == 1

    sign_in(page, live_server, caseworker)
    visit(page, axe, "/arbeitsbereich/minderungen/")
    visit(page, axe, f"/arbeitsbereich/minderungen/{m.pk}/")
    page.get_by_label("Begründung").fill("Eine Betreuung war organisiert.")
    page.get_by_label("Prüfung der außergewöhnlichen Härte", exact=False).fill(
        "Die Miete wird weiter gezahlt; kein Wohnungsverlust droht.")
    page.get_by_role("button", name="Minderungsbescheid entwerfen").click()
    check_page(page, axe)
    m.refresh_from_db()
    assert m.decision is not None and m.decision.decision_type.key == "minderung"


def test_letter_pages_at_320_and_1280(page, desktop_page, axe, live_server, citizen,
                                      caseworker):
    """The citizen's page of a Minderung in the hearing says what the letter says, links the
    letter and the Widerspruch receipt; staff see the print list — at both widths, axe clean,
    no sideways scroll (``visit``)."""
    from jobcenter.casefiles.services import case_intake
    from jobcenter.minderungen import services
    from jobcenter.rechtsbehelfe import services as widersprueche

    DeliveryPreference.objects.create(user=citizen, channel="online")
    case = case_intake(submission=dataclasses.replace(make_submission(user=citizen),
                                                      sgb2_request=sgb2_request()))
    issued = decisions.decision_finalize(decision=decisions.decision_create(
        case=case, decision_type_key="bewilligung", actor=caseworker), actor=caseworker)
    today = timezone.localdate()
    m = services.minderung_record(
        actor=caseworker, case=case, person_key="P1", kind="meldeversaeumnis",
        duty="Meldetermin am 20.11.2026, 9:00 Uhr", belehrung_on=today - dt.timedelta(days=30),
        belehrung_text="Wenn Sie ohne wichtigen Grund nicht kommen, …",
        event_on=today - dt.timedelta(days=3), event_text="Nicht erschienen.", missed_in_row=2)
    services.minderung_hearing(minderung=m, actor=caseworker,
                               answer_due=today + dt.timedelta(days=14),
                               personal_hearing_on=today + dt.timedelta(days=10))
    w = widersprueche.widerspruch_file_online(
        user=citizen, decision=issued, scope="ganz", contested="",
        reasons="Die Miete ist falsch berechnet.", idempotency_key="shot")
    for width, current in (("320", page), ("1280", desktop_page)):
        sign_in(current, live_server, citizen)
        visit(current, axe, f"/portal/minderungen/{m.pk}/")
        assert current.get_by_text("30 Prozent weniger vom Regelbedarf", exact=False).count()
        assert current.get_by_role("link", name="herunterladen (PDF)", exact=False).count() == 1
        shot(current, f"minderung-citizen-{width}")
        visit(current, axe, f"/portal/widerspruch/{w.pk}/")
        assert current.get_by_role("link", name="Eingangsbestätigung als PDF herunterladen"
                                   ).count() == 1
        shot(current, f"widerspruch-citizen-{width}")
        sign_in(current, live_server, caseworker)
        visit(current, axe, f"/arbeitsbereich/minderungen/{m.pk}/")
        shot(current, f"minderung-staff-{width}")
        visit(current, axe, "/arbeitsbereich/minderungen/")
        shot(current, f"minderung-list-{width}")
