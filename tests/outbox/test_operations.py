"""What an operator sees and does: ``manage.py outbox`` and the platform admin's list."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from jobcenter.core.roles import Role
from jobcenter.outbox.models import OutboxMessage
from tests.conftest import login
from tests.factories import StaffFactory
from tests.outbox.tasks import RUNS

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("outbox", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def messages(settings):
    settings.OUTBOX_STUCK_AFTER_SECONDS = 1800
    now = timezone.now()
    long_ago = now - dt.timedelta(hours=2)
    return {
        "fresh": OutboxMessage.objects.create(task="tests.outbox.touch", kwargs={"key": "1"},
                                              attempts=1, key="touch:1",
                                              next_attempt_at=now + dt.timedelta(minutes=5)),
        "stuck": OutboxMessage.objects.create(task="tests.outbox.touch", kwargs={"key": "2"},
                                              attempts=3, created_at=long_ago,
                                              next_attempt_at=now - dt.timedelta(seconds=1),
                                              last_error="Traceback …\nRuntimeError: boom"),
        "dead": OutboxMessage.objects.create(task="tests.outbox.outside", kwargs={"key": "3"},
                                             attempts=8, status="dead", created_at=long_ago,
                                             last_error="OSError: smtp down"),
        "done": OutboxMessage.objects.create(task="tests.outbox.touch", status="done",
                                             done_at=now),
    }


def test_the_report_counts_per_task_and_lists_stuck_and_dead_messages(messages):
    report = run("report")
    lines = report.splitlines()
    touch = next(line for line in lines if line.startswith("tests.outbox.touch"))
    assert touch.split()[1:5] == ["2", "1", "0", "1"]  # pending, stuck, dead, done
    outside = next(line for line in lines if line.startswith("tests.outbox.outside"))
    assert outside.split()[1:5] == ["0", "0", "1", "0"]
    assert "Hängend: 1" in report
    assert f"#{messages['stuck'].pk} tests.outbox.touch" in report
    assert "RuntimeError: boom" in report
    assert "Aufgegeben (tot): 1" in report
    assert "OSError: smtp down" in report
    assert f"#{messages['fresh'].pk} " not in report  # pending for seconds: not stuck


def test_report_check_fails_for_monitoring_only_when_something_is_stuck_or_dead(messages):
    with pytest.raises(CommandError) as excinfo:
        run("report", "--check")
    assert excinfo.value.returncode == 1
    OutboxMessage.objects.exclude(pk=messages["fresh"].pk).delete()
    run("report", "--check")  # fine now


def test_sweep_hands_over_what_is_due(messages, published):
    assert "erneut zugestellt: 1, aufgegeben: 0" in run("sweep")
    assert published == [messages["stuck"].pk]


def test_retry_dead_gives_them_fresh_attempts(messages, published):
    assert "erneut zugestellt: 1 von 1" in run("retry", "--dead")
    assert published == [messages["dead"].pk]
    messages["dead"].refresh_from_db()
    assert messages["dead"].status == OutboxMessage.Status.PENDING
    assert messages["dead"].attempts == 1


def test_retry_says_when_not_everything_was_handed_over(messages, published):
    with pytest.raises(CommandError, match="Nicht alle Nachrichten"):
        run("retry", "--id", str(messages["done"].pk), str(messages["stuck"].pk))
    assert published == [messages["stuck"].pk]


def test_retry_stuck_and_purge(messages, published, settings):
    run("retry", "--stuck")
    assert published == [messages["stuck"].pk]
    settings.OUTBOX_RETENTION_DAYS = 0
    OutboxMessage.objects.filter(pk=messages["done"].pk).update(
        done_at=timezone.now() - dt.timedelta(days=1))
    assert "gelöscht: 1" in run("purge")


@pytest.fixture
def platform_admin(db):
    return StaffFactory(role=Role.PLATFORM_ADMIN, jobcenter=None, is_staff=True,
                        is_superuser=True, email="root@example.org")


def test_the_platform_admin_filters_stuck_messages_and_hands_them_over_again(
        client, platform_admin, messages, published):
    login(client, platform_admin)  # password and second factor
    url = "/plattform/admin/outbox/outboxmessage/"
    html = client.get(url, {"zustand": "haengt"}).content.decode()
    assert f'href="/plattform/admin/outbox/outboxmessage/{messages["stuck"].pk}/change/' in html
    assert f'/outboxmessage/{messages["fresh"].pk}/change/' not in html
    response = client.post(url, {"action": "hand_over_again",
                                 "_selected_action": [messages["stuck"].pk,
                                                      messages["dead"].pk]}, follow=True)
    assert "2 Aufträge wurden erneut zugestellt." in response.content.decode()
    assert sorted(published) == sorted([messages["stuck"].pk, messages["dead"].pk])
    detail = client.get(f"{url}{messages['stuck'].pk}/change/").content.decode()
    assert "RuntimeError: boom" in detail
    assert client.get(f"{url}add/").status_code == 403
    assert RUNS == []


def test_staff_of_a_jobcenter_do_not_see_the_outbox(client, caseworker, messages):
    login(client, caseworker)
    response = client.get("/plattform/admin/outbox/outboxmessage/")
    assert response.status_code in (302, 403)  # to a login, or refused
    assert "touch:1" not in response.content.decode()
