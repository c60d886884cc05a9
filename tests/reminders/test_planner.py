"""Proactive reminders as data (issue 13 item 4): rules per Jobcenter, the sources
(Mitwirkung, Weiterbewilligung, a pluggable appointment-shaped source), idempotency per rule,
object and period, and the Berlin days around the DST changes (frozen time)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from jobcenter.casefiles.models import DocumentRequest, DocumentRequestEvent
from jobcenter.casefiles.services import document_request_create
from jobcenter.notifications.models import Notification
from jobcenter.reminders import sources
from jobcenter.reminders.models import ReminderDispatch, ReminderRule
from jobcenter.reminders.services import default_rules_install, reminders_plan
from jobcenter.reminders.tasks import plan_and_send

BERLIN = ZoneInfo("Europe/Berlin")
pytestmark = pytest.mark.django_db


def berlin(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BERLIN)


@pytest.fixture
def plan(django_capture_on_commit_callbacks):
    """Plan as the beat task does, with the outbox's hand-overs run after commit."""

    def run(at: dt.datetime) -> int:
        with time_machine.travel(at, tick=False), \
                django_capture_on_commit_callbacks(execute=True):
            return reminders_plan().planned

    return run


@pytest.fixture
def doc_request(case, caseworker):
    deadline = dt.date(2026, 12, 20)
    with time_machine.travel(berlin(2026, 12, 1, 9), tick=False):
        return document_request_create(case=case, actor=caseworker, deadline=deadline,
                                       items=[("Kontoauszüge", "")])


def test_every_jobcenter_starts_with_the_default_rules(jobcenter):
    rules = set(ReminderRule.objects.filter(jobcenter=jobcenter)
                .values_list("source", "days_before", "channel"))
    assert rules == {("mitwirkung", 3, "email"), ("mitwirkung", 1, "email"),
                     ("weiterbewilligung", 42, "email"), ("weiterbewilligung", 14, "email"),
                     ("termin", 1, "email")}  # appointments (termine), wired in config
    assert default_rules_install(jobcenter=jobcenter) == 0  # idempotent


def test_mitwirkung_reminders_three_days_and_one_day_before(doc_request, citizen, plan):
    mail.outbox.clear()
    for day, expected in ((17, 1), (17, 0), (18, 0), (19, 1), (20, 0)):
        assert plan(berlin(2026, 12, day, 7)) == expected, day
    notices = Notification.objects.filter(template="document_request_reminder")
    assert notices.count() == 2 and len(mail.outbox) == 2
    assert {n.link_path for n in notices} == {reverse("portal:concerns")}
    assert {n.params["due"] for n in notices} == {"2026-12-20"}
    assert "Erinnerung" in mail.outbox[0].subject
    # the eAkte notes each reminder in the request's history (the caseworker sees it)
    assert sorted(DocumentRequestEvent.objects.filter(
        request=doc_request, kind=DocumentRequestEvent.Kind.REMINDER).values_list("on", flat=True)
    ) == [dt.date(2026, 12, 17), dt.date(2026, 12, 19)]


def test_no_reminder_for_a_fulfilled_request(doc_request):
    DocumentRequest.objects.filter(pk=doc_request.pk).update(
        status=DocumentRequest.Status.FULFILLED)
    with time_machine.travel(berlin(2026, 12, 17, 7), tick=False):
        assert reminders_plan().planned == 0


def test_a_rule_of_another_jobcenter_does_not_apply(doc_request, jobcenter, other_jobcenter):
    ReminderRule.objects.filter(jobcenter=jobcenter).delete()
    assert ReminderRule.objects.filter(jobcenter=other_jobcenter, source="mitwirkung",
                                       days_before=3).exists()
    with time_machine.travel(berlin(2026, 12, 17, 7), tick=False):
        assert reminders_plan().planned == 0


def test_a_missed_day_is_caught_up_but_nothing_twice(doc_request):
    # the worker did not run on the 17th: on the 18th the 3-day reminder is sent late, once
    with time_machine.travel(berlin(2026, 12, 18, 7), tick=False):
        assert reminders_plan().planned == 1
        assert reminders_plan().planned == 0
    keys = list(ReminderDispatch.objects.values_list("key", flat=True))
    assert len(keys) == 1
    assert keys[0].endswith(f":mitwirkung:3:request:{doc_request.pk}:2026-12-20")


def test_a_rule_deleted_and_made_again_reminds_nobody_twice(doc_request, jobcenter, plan):
    assert plan(berlin(2026, 12, 17, 7)) == 1
    rule = ReminderRule.objects.get(jobcenter=jobcenter, source="mitwirkung", days_before=3)
    rule.delete()
    ReminderRule.objects.create(jobcenter=jobcenter, source="mitwirkung", days_before=3)
    assert plan(berlin(2026, 12, 17, 9)) == 0
    assert Notification.objects.filter(template="document_request_reminder").count() == 1


def test_the_rule_text_and_channel_reach_the_notice(doc_request, jobcenter, plan):
    ReminderRule.objects.filter(jobcenter=jobcenter, source="mitwirkung", days_before=3).update(
        text_de="Bitte denken Sie an die Kontoauszüge aller Konten.", channel="email_sms")
    plan(berlin(2026, 12, 17, 7))
    notice = Notification.objects.get(template="document_request_reminder")
    assert notice.params["text_de"] == "Bitte denken Sie an die Kontoauszüge aller Konten."
    assert "Bitte denken Sie an die Kontoauszüge aller Konten." in mail.outbox[-1].body


def test_a_paused_rule_plans_nothing(doc_request, jobcenter):
    ReminderRule.objects.filter(jobcenter=jobcenter).update(active=False)
    with time_machine.travel(berlin(2026, 12, 17, 7), tick=False):
        assert reminders_plan().planned == 0


# --- A pluggable source shaped like termine.reminders.appointments_between -----------------


@pytest.fixture
def appointments(citizen, jobcenter):
    """(user, stable key, start, link path) tuples, as the appointments app will give them."""
    starts = {
        # the spring change: 29 March 2026 has 23 hours in Berlin
        "a1": berlin(2026, 3, 29, 0, 30), "a2": berlin(2026, 3, 29, 23, 30),
        "a3": berlin(2026, 3, 30, 0, 15), "a4": berlin(2026, 3, 28, 23, 45),
        # the autumn change: 25 October 2026 has 25 hours
        "b1": berlin(2026, 10, 25, 2, 30, 0), "b2": berlin(2026, 10, 25, 23, 59),
        "b3": berlin(2026, 10, 26, 0, 0), "b4": berlin(2026, 10, 24, 23, 59),
    }
    asked: list[tuple[dt.datetime, dt.datetime]] = []

    def between(start: dt.datetime, end: dt.datetime):
        asked.append((start, end))
        return [(citizen, key, when, "/portal/termine/") for key, when in starts.items()
                if start <= when < end]

    sources.register("termin_probe", label="Termin", template="appointment_reminder",
                     find=between)
    ReminderRule.objects.create(jobcenter=jobcenter, source="termin_probe", days_before=1,
                                channel="email")
    yield asked
    sources.unregister("termin_probe")


@pytest.mark.parametrize(("today", "expected", "hours"), [
    (dt.date(2026, 3, 28), {"a1", "a2"}, 23),  # the day before the spring change
    (dt.date(2026, 10, 24), {"b1", "b2"}, 25),  # the day before the autumn change
])
def test_appointments_the_day_before_across_dst(appointments, settings, today, expected, hours,
                                               django_capture_on_commit_callbacks):
    settings.REMINDERS_CATCH_UP_DAYS = 0
    for hour in (0, 7, 23):  # any time of that Berlin day plans the same day
        with time_machine.travel(berlin(today.year, today.month, today.day, hour, 5),
                                 tick=False), django_capture_on_commit_callbacks(execute=True):
            plan_and_send.delay().get()
    start, end = appointments[-1]
    utc = dt.UTC
    assert end.astimezone(utc) - start.astimezone(utc) == dt.timedelta(hours=hours)
    assert start.astimezone(BERLIN).hour == 0 and end.astimezone(BERLIN).hour == 0
    keys = {d.object_key for d in ReminderDispatch.objects.filter(source="termin_probe")}
    assert keys == expected
    notices = Notification.objects.filter(template="appointment_reminder")
    assert notices.count() == len(expected)
    assert {n.params["due"] for n in notices} == {
        (today + dt.timedelta(days=1)).isoformat()}


def test_an_unregistered_source_plans_nothing(jobcenter):
    ReminderRule.objects.create(jobcenter=jobcenter, source="gibt-es-nicht", days_before=2)
    assert reminders_plan(today=dt.date(2026, 12, 1)).planned == 0


def test_beat_runs_the_planner_daily_in_the_morning(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["reminders-plan-daily"]
    assert entry["task"] == "reminders.plan_and_send"
    assert entry["schedule"].hour == {7} and entry["schedule"].minute == {0}
    assert settings.CELERY_TIMEZONE == "Europe/Berlin"
