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
from tests.casefiles.conftest import make_submission
from tests.decisions.conftest import sgb2_request


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
    page.get_by_role("button", name="Minderungsbescheid entwerfen").click()
    check_page(page, axe)
    m.refresh_from_db()
    assert m.decision is not None and m.decision.decision_type.key == "minderung"
