"""The Weiterbewilligung: reminded N weeks before the Bewilligungszeitraum ends (with the
link that starts the prefilled Weiterbewilligungsantrag), and "Weiterbewilligung fällig"
on the overview within that window (issue 13 items 4 and 5)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from jobcenter.antraege.models import Submission
from jobcenter.decisions import services as decisions
from jobcenter.decisions.models import Decision
from jobcenter.notifications.models import Notification
from jobcenter.reminders.models import ReminderRule
from jobcenter.reminders.services import reminders_plan
from tests.conftest import login

BERLIN = ZoneInfo("Europe/Berlin")
pytestmark = pytest.mark.django_db
START = reverse("formengine:start", kwargs={"form_key": "weiterbewilligung"})


@pytest.fixture
def bewilligung(citizen, caseworker, make_calc_case):
    decision = decisions.decision_create(case=make_calc_case(citizen),
                                         decision_type_key="bewilligung", actor=caseworker)
    decision = decisions.decision_finalize(decision=decision, actor=caseworker)
    Decision.objects.filter(pk=decision.pk).update(
        period_from=dt.date(2026, 7, 1), period_to=dt.date(2027, 6, 30),
        approved_at=dt.datetime(2026, 6, 20, 10, tzinfo=BERLIN))
    decision.refresh_from_db()
    return decision


def at(day: dt.date, hour: int = 7) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=BERLIN)


def plan_on(day: dt.date, capture) -> int:
    with time_machine.travel(at(day), tick=False), capture(execute=True):
        return reminders_plan().planned


def test_reminded_six_and_two_weeks_before_the_end(bewilligung, citizen,
                                                   django_capture_on_commit_callbacks):
    end = bewilligung.period_to
    assert plan_on(end - dt.timedelta(days=43), django_capture_on_commit_callbacks) == 0
    assert plan_on(end - dt.timedelta(days=42), django_capture_on_commit_callbacks) == 1
    assert plan_on(end - dt.timedelta(days=42), django_capture_on_commit_callbacks) == 0
    assert plan_on(end - dt.timedelta(days=14), django_capture_on_commit_callbacks) == 1
    notices = Notification.objects.filter(user=citizen, template="weiterbewilligung_reminder")
    assert notices.count() == 2
    assert {n.link_path for n in notices} == {START}
    assert {n.params["due"] for n in notices} == {"2027-06-30"}


def test_no_reminder_once_the_weiterbewilligung_came_in(bewilligung, citizen, jobcenter,
                                                        django_capture_on_commit_callbacks):
    Submission.objects.create(
        jobcenter=jobcenter, user=citizen, channel="online", form_key="weiterbewilligung",
        form_version="1", reference="JC-2027-000001", submitted_at=at(dt.date(2027, 5, 1)),
        received_on=dt.date(2027, 5, 1), fingerprint="x", export_name="e", export_sha256="x",
        export_size=1)
    assert plan_on(dt.date(2027, 6, 16), django_capture_on_commit_callbacks) == 0


def test_the_jobcenters_offsets_decide(bewilligung, jobcenter,
                                       django_capture_on_commit_callbacks):
    ReminderRule.objects.filter(jobcenter=jobcenter, source="weiterbewilligung").delete()
    ReminderRule.objects.create(jobcenter=jobcenter, source="weiterbewilligung", days_before=56)
    assert plan_on(dt.date(2027, 5, 19), django_capture_on_commit_callbacks) == 0  # 42 days
    assert plan_on(dt.date(2027, 5, 5), django_capture_on_commit_callbacks) == 1  # 56 days


def test_the_overview_shows_it_due_within_the_window_with_one_action(client, citizen,
                                                                     bewilligung):
    with time_machine.travel(at(dt.date(2027, 5, 18), 12)):  # 43 days before: not yet
        login(client, citizen)  # (signed in at that time: sessions have a lifetime)
        body = client.get(reverse("portal:overview")).content.decode()
    assert "Weiterbewilligung fällig" not in body
    with time_machine.travel(at(dt.date(2027, 5, 20), 12)):  # 41 days before
        login(client, citizen)
        body = client.get(reverse("portal:overview")).content.decode()
    assert "Weiterbewilligung fällig" in body and "Noch 41 Tage" in body
    assert "endet am 30.06.2027" in body
    todo = body.split('id="todo-title"')[1].split("</section>")[0]
    assert todo.count("<a class=\"kern-btn") == 1 and f'href="{START}"' in todo


def test_the_overview_orders_by_urgency(client, citizen, bewilligung, case, caseworker):
    from jobcenter.casefiles.services import document_request_create

    with time_machine.travel(at(dt.date(2027, 6, 1), 9)):
        document_request_create(case=case, actor=caseworker, deadline=dt.date(2027, 6, 25),
                                items=[("Mietvertrag", "")])
        overdue = document_request_create(case=case, actor=caseworker,
                                          deadline=dt.date(2027, 6, 10),
                                          items=[("Lohnabrechnung", "")])
    with time_machine.travel(at(dt.date(2027, 6, 20), 12)):
        from jobcenter.casefiles.services import document_requests_mark_overdue

        login(client, citizen)
        assert document_requests_mark_overdue(today=timezone.localdate()) == 1
        body = client.get(reverse("portal:overview")).content.decode()
    todo = body.split('id="todo-title"')[1].split("</section>")[0]
    # overdue request, then the Weiterbewilligung (10 days left) and the request due in 5 days
    # ordered by their dates, each with its one action
    first = todo.index("Frist abgelaufen")
    due_request = todo.index("bis zum 25.06.2027")
    weiter = todo.index("Weiterbewilligung fällig")
    assert first < due_request < weiter
    assert todo.count("<a class=\"kern-btn") == 3
    assert overdue.pk


def test_no_item_once_the_draft_is_open(client, citizen, bewilligung):
    with time_machine.travel(at(dt.date(2027, 6, 1), 12)):
        login(client, citizen)
        assert client.post(START).status_code == 302  # starts the prefilled draft
        body = client.get(reverse("portal:overview")).content.decode()
    assert "Weiterbewilligung fällig" not in body
    assert "Angefangen: Weiterbewilligungsantrag" in body
