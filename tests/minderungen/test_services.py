"""The Minderung procedure at the service level: record (rule by date, the Belehrung before
the Pflichtverletzung, six months), Anhörung and answer, the Minderungsbescheid through
``decisions`` (the engine applies the percentage to the months concerned), the personal
hearing before a withdrawal, and the early end on cooperation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from jobcenter.decisions import services as decisions
from jobcenter.minderungen import selectors, services
from jobcenter.minderungen.models import Minderung

D = dt.date.fromisoformat
M = Minderung


def _record(case, actor, *, kind="pflichtverletzung", event="2026-11-20", belehrung="2026-10-01",
            missed=1):
    return services.minderung_record(
        actor=actor, case=case, person_key="P1", kind=kind,
        duty="Teilnahme am Bewerbungstraining ab 16.11.2026", belehrung_on=D(belehrung),
        belehrung_text="Wenn Sie ohne wichtigen Grund nicht teilnehmen, mindert sich …",
        event_on=D(event), event_text="Nicht erschienen, keine Entschuldigung.",
        missed_in_row=missed)


def _issue(draft, actor, approver):
    issued = decisions.decision_finalize(decision=draft, actor=actor)
    if issued.status == "zur_freigabe":
        issued = decisions.decision_approve(decision=issued, actor=approver)
    issued.refresh_from_db()
    return issued


def test_record_checks_belehrung_date_and_six_months(bewilligung, caseworker):
    case = bewilligung.case
    with pytest.raises(services.MinderungError, match="vor der Pflichtverletzung"):
        _record(case, caseworker, belehrung="2026-11-21")
    with pytest.raises(services.MinderungError, match="sechs Monate"):
        _record(case, caseworker, event="2026-05-01", belehrung="2026-04-01")
    with pytest.raises(services.MinderungError, match="erste versäumte"):  # 2026 law
        _record(case, caseworker, kind="meldeversaeumnis")
    m = _record(case, caseworker)
    assert (m.percent, m.months, m.provisional_rule) == (30, 3, True)
    assert m.person_name and m.basis == bewilligung
    assert not selectors.minderungen_for_citizen(case.applicant_user).exists()  # not yet


def test_full_procedure_applies_the_minderung_to_the_months_concerned(
        bewilligung, caseworker, colleague, citizen, django_capture_on_commit_callbacks):
    m = _record(bewilligung.case, caseworker)
    with pytest.raises(services.MinderungError, match="anzuhören"):
        services.minderung_decide(minderung=m, actor=caseworker, reasons="x")
    today = timezone.localdate()
    m = services.minderung_hearing(minderung=m, actor=caseworker,
                                   answer_due=today + dt.timedelta(days=14))
    state = selectors.citizen_state(m)
    assert state.needs_answer and "Bewerbungstraining" in state.text
    with pytest.raises(services.MinderungError):  # the answer period still runs
        services.minderung_decide(minderung=m, actor=caseworker, reasons="x")
    m = services.minderung_answer_online(minderung=m, user=citizen,
                                         answer="Ich hatte keine Kinderbetreuung.")
    assert m.status == M.Status.ANSWERED
    draft = services.minderung_decide(minderung=m, actor=caseworker,
                                      reasons="Die Betreuung war organisiert.")
    assert draft.decision_type.key == "minderung" and draft.previous == bewilligung
    assert (draft.period_from, draft.period_to) == (D("2027-01-01"), D("2027-03-31"))
    before = {a.month: a.amount for a in bewilligung.amounts.all()}
    after = {a.month: a.amount for a in draft.amounts.all()}
    assert sorted(after) == [D("2027-01-01"), D("2027-02-01"), D("2027-03-01")]
    for month, amount in after.items():  # 30 % of the Regelbedarf of 563 €, never KdU
        assert before[month] - amount == Decimal("168.90")
    with django_capture_on_commit_callbacks(execute=True):
        issued = _issue(draft, caseworker, colleague)
    m.refresh_from_db()
    assert selectors.citizen_state(m).title == "Minderung festgestellt"
    # the person cooperates: from the month after the first Minderung month at the earliest
    end = services.minderung_end(minderung=m, actor=caseworker, cooperated_on=today,
                                 reasons="Teilnahme ab sofort zugesagt und begonnen.")
    assert end.decision_type.key == "minderung_ende" and end.previous == issued
    assert end.period_from == D("2027-02-01") and end.period_to == D("2027-03-31")
    assert {a.month: a.amount for a in end.amounts.all()}[D("2027-02-01")] == before[
        D("2027-02-01")]


def test_a_second_pflichtverletzung_within_a_year_weighs_more(bewilligung, caseworker,
                                                              colleague):
    first = _record(bewilligung.case, caseworker, event="2026-06-20", belehrung="2026-06-01")
    assert (first.percent, first.months) == (10, 1)  # the law before 1 July 2026
    today = timezone.localdate()
    services.minderung_hearing(minderung=first, actor=caseworker,
                               answer_due=today + dt.timedelta(days=14))
    services.minderung_answer_record(minderung=first, actor=caseworker, answer="Keine Angabe.",
                                     channel="telefon")
    _issue(services.minderung_decide(minderung=first, actor=caseworker, reasons="Kein Grund."),
           caseworker, colleague)
    second = _record(bewilligung.case, caseworker, event="2026-06-25", belehrung="2026-06-01")
    assert (second.percent, second.months, second.ends_on_cooperation) == (20, 2, True)


def test_withdrawal_needs_the_personal_hearing_first(bewilligung, caseworker):
    m = _record(bewilligung.case, caseworker, kind="meldeversaeumnis", missed=3)
    assert m.full_withdrawal and m.percent == 100
    today = timezone.localdate()
    with pytest.raises(services.MinderungError, match="persönliche Anhörung"):
        services.minderung_hearing(minderung=m, actor=caseworker,
                                   answer_due=today + dt.timedelta(days=14))
    m = services.minderung_hearing(minderung=m, actor=caseworker,
                                   answer_due=today + dt.timedelta(days=14),
                                   personal_hearing_on=today + dt.timedelta(days=10))
    services.minderung_answer_record(minderung=m, actor=caseworker, answer="Brief erhalten.",
                                     channel="brief")
    with pytest.raises(services.MinderungError, match="persönlichen Anhörung stattgefunden"):
        services.minderung_decide(minderung=m, actor=caseworker, reasons="x")
    m.personal_hearing_on = today  # the personal hearing took place
    m.save(update_fields=["personal_hearing_on"])
    with pytest.raises(services.MinderungError, match="außergewöhnliche Härte"):
        services.minderung_decide(minderung=m, actor=caseworker, reasons="x")


def test_no_minderung_closes_the_procedure(bewilligung, caseworker):
    m = _record(bewilligung.case, caseworker)
    with pytest.raises(services.MinderungError):
        services.minderung_drop(minderung=m, actor=caseworker, note="")
    m = services.minderung_drop(minderung=m, actor=caseworker, note="Krankheit belegt.")
    assert m.status == M.Status.DROPPED


def test_todo_for_an_open_anhoerung(bewilligung, caseworker, citizen):
    from jobcenter.core import todo

    m = _record(bewilligung.case, caseworker)
    assert not [i for i in todo.todos_for(citizen) if i.kind == "minderung_anhoerung"]
    services.minderung_hearing(minderung=m, actor=caseworker,
                               answer_due=timezone.localdate() + dt.timedelta(days=14))
    items = [i for i in todo.todos_for(citizen) if i.kind == "minderung_anhoerung"]
    assert len(items) == 1 and items[0].action_url.endswith(f"/portal/minderungen/{m.pk}/")
    from jobcenter.notifications.models import Notification

    notice = Notification.objects.get(user=citizen, dedup_key=f"minderungen.anhoerung:{m.pk}")
    assert notice.link_path.endswith(f"/portal/minderungen/{m.pk}/")


def test_the_answer_gets_two_weeks_from_receipt(bewilligung, caseworker):
    m = _record(bewilligung.case, caseworker)
    today = timezone.localdate()
    with pytest.raises(services.MinderungError, match="mindestens zwei Wochen"):
        services.minderung_hearing(minderung=m, actor=caseworker,
                                   answer_due=today + dt.timedelta(days=13))
    m = services.minderung_hearing(minderung=m, actor=caseworker,
                                   answer_due=today + dt.timedelta(days=14))
    assert m.hearing_channel == "online" and m.hearing_sent_at is not None


def test_a_letter_by_post_waits_on_the_print_list_and_its_deadline_follows_the_posting(
        bewilligung, caseworker, citizen):
    decisions.delivery_preference_set(user=citizen, channel="post")
    m = _record(bewilligung.case, caseworker)
    today = timezone.localdate()
    # by post the letter counts as received on the fourth day (§ 37 Abs. 2 SGB X)
    with pytest.raises(services.MinderungError, match="mindestens zwei Wochen"):
        services.minderung_hearing(minderung=m, actor=caseworker,
                                   answer_due=today + dt.timedelta(days=17))
    m = services.minderung_hearing(minderung=m, actor=caseworker,
                                   answer_due=today + dt.timedelta(days=18))
    assert m.hearing_awaits_post and m.hearing_sent_at is None
    assert [x.pk for x in selectors.to_post_for_staff(caseworker)] == [m.pk]
    services.minderung_answer_record(minderung=m, actor=caseworker, answer="Anruf: krank.",
                                     channel="telefon")
    with pytest.raises(services.MinderungError, match="noch nicht zur Post gegeben"):
        services.minderung_decide(minderung=m, actor=caseworker, reasons="x")
    with pytest.raises(services.MinderungError, match="zwischen dem Datum"):
        services.minderung_hearing_posted(minderung=m, actor=caseworker,
                                          posted_on=today + dt.timedelta(days=1))
    # posted two days after its date: the deadline moves to two weeks after receipt
    with time_machine.travel(timezone.now() + dt.timedelta(days=2)):
        m = services.minderung_hearing_posted(minderung=m, actor=caseworker,
                                              posted_on=today + dt.timedelta(days=2))
    assert m.hearing_posted_on == today + dt.timedelta(days=2) and not m.hearing_awaits_post
    assert m.answer_due == today + dt.timedelta(days=20)
    assert selectors.to_post_for_staff(caseworker) == []
    with pytest.raises(services.MinderungError, match="wartet nicht"):
        services.minderung_hearing_posted(minderung=m, actor=caseworker, posted_on=today)


def test_repeated_pflichtverletzung_is_heard_in_person(bewilligung, caseworker):
    m = _record(bewilligung.case, caseworker, kind="meldeversaeumnis", missed=2)
    assert m.personal_hearing and not m.full_withdrawal and m.percent == 30
    today = timezone.localdate()
    with pytest.raises(services.MinderungError, match="§ 31a Abs. 2 Satz 2"):
        services.minderung_hearing(minderung=m, actor=caseworker,
                                   answer_due=today + dt.timedelta(days=14))
    with pytest.raises(services.MinderungError, match="vor dem Ende der Frist"):
        services.minderung_hearing(minderung=m, actor=caseworker,
                                   answer_due=today + dt.timedelta(days=14),
                                   personal_hearing_on=today + dt.timedelta(days=15))


def test_reporting_in_person_lifts_a_withdrawal_from_its_first_day():
    withdrawal = M(full_withdrawal=True, period_from=D("2027-01-01"),
                   period_to=D("2027-01-31"))
    assert services.end_month(withdrawal, D("2027-01-20")) == D("2027-01-01")
    reduction = M(full_withdrawal=False, period_from=D("2027-01-01"),
                  period_to=D("2027-03-31"))
    assert services.end_month(reduction, D("2027-01-20")) == D("2027-02-01")
    assert services.end_month(reduction, D("2027-02-20")) == D("2027-02-01")
    assert services.end_month(reduction, D("2027-03-02")) == D("2027-03-01")
