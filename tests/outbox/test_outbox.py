"""The outbox itself: written with the change, published after commit, delivered once,
swept with backoff, dead after the last attempt. SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time

import pytest
from django.contrib.sessions.models import Session
from django.db import connection, connections, transaction
from django.utils import timezone

from jobcenter.outbox.delivery import backoff, deliver
from jobcenter.outbox.models import OutboxMessage
from jobcenter.outbox.services import outbox_enqueue, outbox_purge, outbox_retry, outbox_sweep
from tests.concurrency import run_at_once
from tests.outbox.tasks import RUNS, outside, touch


def rows(key: str) -> int:
    return Session.objects.filter(session_key=key).count()


# --- written with the change ------------------------------------------------------------


@pytest.mark.django_db
def test_a_message_commits_with_the_change_and_is_published_after_commit(
        published, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        message = outbox_enqueue(task=touch, kwargs={"key": "a"})
        assert published == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    assert published == [message.pk]
    message.refresh_from_db()
    assert (message.task, message.kwargs) == ("tests.outbox.touch", {"key": "a"})
    assert message.status == OutboxMessage.Status.PENDING
    assert message.attempts == 1
    assert message.next_attempt_at == message.dispatched_at + backoff(1)


@pytest.mark.django_db
def test_a_message_rolls_back_with_the_change(published, django_capture_on_commit_callbacks):
    with (django_capture_on_commit_callbacks(execute=True), pytest.raises(ValueError),
          transaction.atomic()):
        Session.objects.create(session_key="change", session_data="",
                               expire_date=timezone.now())
        outbox_enqueue(task=touch, kwargs={"key": "b"})
        raise ValueError("the change fails")
    assert OutboxMessage.objects.count() == 0
    assert rows("change") == 0
    assert published == []


@pytest.mark.django_db
def test_the_same_key_is_written_once(published, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = outbox_enqueue(task=touch, kwargs={"key": "c"}, key="touch:c")
        second = outbox_enqueue(task=touch, kwargs={"key": "c"}, key="touch:c")
    assert first.pk == second.pk
    assert OutboxMessage.objects.count() == 1
    assert published == [first.pk]


@pytest.mark.django_db
def test_a_broker_failure_after_commit_fails_nothing_and_leaves_the_message_due(
        broker_down, django_capture_on_commit_callbacks, caplog):
    with (caplog.at_level(logging.WARNING, "jobcenter.outbox"),
          django_capture_on_commit_callbacks(execute=True)):
        message = outbox_enqueue(task=touch, kwargs={"key": "d"})
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.PENDING
    assert message.attempts == 0  # never reached a worker: not counted
    assert message.next_attempt_at <= timezone.now()  # due for the next sweep
    assert "OperationalError" in message.last_error
    assert "broker unavailable" in caplog.text


# --- delivered once -----------------------------------------------------------------------


@pytest.mark.django_db
def test_delivery_runs_the_task_and_marks_it_done_and_a_second_delivery_does_nothing(published):
    message = outbox_enqueue(task=touch, kwargs={"key": "e"})
    assert deliver.apply(args=(message.pk,)).get() == "done"
    assert deliver.apply(args=(message.pk,)).get() == "done"  # the state it found
    assert RUNS == ["e"]
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.DONE
    assert message.done_at is not None
    assert rows("e") == 1


@pytest.mark.django_db
def test_a_failing_task_leaves_nothing_behind_and_stays_pending(published):
    message = outbox_enqueue(task=touch, kwargs={"key": "f", "fail": True})
    with pytest.raises(RuntimeError):  # eager: the task's own exception propagates
        deliver.apply(args=(message.pk,))
    assert rows("f") == 0  # the task's write rolled back with it
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.PENDING
    assert message.failed_at is not None
    assert "RuntimeError: touch failed" in message.last_error
    assert "Traceback" in message.last_error


@pytest.mark.django_db
def test_in_a_worker_a_failure_is_recorded_not_raised(published, caplog):
    message = outbox_enqueue(task=touch, kwargs={"key": "g", "fail": True})
    with caplog.at_level(logging.WARNING, "jobcenter.outbox"):
        assert deliver(message.pk) == "failed"  # as a worker calls it (not eager)
    assert "failed on attempt 1 (RuntimeError)" in caplog.text
    assert "touch failed" not in caplog.text  # details stay in the row, not in the logs


@pytest.mark.django_db
def test_the_last_failed_attempt_makes_the_message_dead_with_an_error_in_the_log(
        published, settings, caplog):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    message = outbox_enqueue(task=touch, kwargs={"key": "h", "fail": True})
    assert deliver(message.pk) == "failed"
    OutboxMessage.objects.filter(pk=message.pk).update(attempts=2)
    caplog.clear()
    with caplog.at_level(logging.ERROR, "jobcenter.outbox"):
        assert deliver(message.pk) == "failed"
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.DEAD
    assert [r.levelno for r in caplog.records] == [logging.ERROR]
    assert "is dead" in caplog.text
    assert deliver(message.pk) == "dead"  # a late delivery does not run it again
    assert RUNS == ["h", "h"]


@pytest.mark.django_db
def test_a_task_outside_the_transaction_keeps_its_writes_and_is_retried(published):
    message = outbox_enqueue(task=outside, kwargs={"key": "i", "fail": True})
    assert deliver(message.pk) == "failed"
    assert rows("i") == 1  # its own write stays (it manages its transactions itself)
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.PENDING
    assert "OSError: smtp down" in message.last_error


@pytest.mark.django_db
def test_an_unknown_task_is_a_recorded_failure(published):
    message = OutboxMessage.objects.create(task="tests.outbox.renamed", attempts=1)
    assert deliver(message.pk) == "failed"
    message.refresh_from_db()
    assert "NotRegistered: 'tests.outbox.renamed'" in message.last_error
    assert deliver(999_999) == "gone"


# --- the sweeper --------------------------------------------------------------------------


def make(*, due: bool, status: str = OutboxMessage.Status.PENDING, attempts: int = 1,
         now: dt.datetime) -> OutboxMessage:
    offset = dt.timedelta(seconds=-1 if due else 60)
    return OutboxMessage.objects.create(
        task="tests.outbox.touch", kwargs={"key": "s"}, status=status, attempts=attempts,
        next_attempt_at=now + offset,
        done_at=now if status == OutboxMessage.Status.DONE else None,
    )


@pytest.mark.django_db
def test_the_sweeper_hands_over_only_what_is_due(published, settings):
    now = timezone.now()
    due = make(due=True, now=now)
    never_published = make(due=True, attempts=0, now=now)
    make(due=False, now=now)
    make(due=True, status=OutboxMessage.Status.DONE, now=now)
    make(due=True, status=OutboxMessage.Status.DEAD, attempts=8, now=now)

    result = outbox_sweep(now=now)

    assert sorted(published) == sorted([due.pk, never_published.pk])
    assert (result.dispatched, result.dead, result.left) == (2, 0, 0)
    due.refresh_from_db()
    assert due.attempts == 2
    assert due.dispatched_at == now
    assert due.next_attempt_at == now + dt.timedelta(seconds=2 * settings.OUTBOX_GRACE_SECONDS)
    assert outbox_sweep(now=now).dispatched == 0  # not due any more


def test_backoff_doubles_from_the_grace_period_up_to_the_cap(settings):
    settings.OUTBOX_GRACE_SECONDS = 300
    settings.OUTBOX_BACKOFF_MAX_SECONDS = 3600
    assert [backoff(n).total_seconds() for n in range(0, 6)] == [300, 300, 600, 1200, 2400,
                                                                   3600]


@pytest.mark.django_db
def test_a_message_handed_over_too_often_becomes_dead(published, settings, caplog):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    now = timezone.now()
    tired = make(due=True, attempts=3, now=now)
    with caplog.at_level(logging.ERROR, "jobcenter.outbox"):
        result = outbox_sweep(now=now)
    assert (result.dispatched, result.dead) == (0, 1)
    assert published == []
    tired.refresh_from_db()
    assert tired.status == OutboxMessage.Status.DEAD
    assert f"message {tired.pk} (tests.outbox.touch) was handed over 3 times" in caplog.text


@pytest.mark.django_db
def test_a_sweep_with_the_broker_down_stops_and_counts_nothing(broker_down):
    now = timezone.now()
    first, second = make(due=True, now=now), make(due=True, now=now)
    result = outbox_sweep(now=now)
    assert (result.dispatched, result.left) == (0, 2)  # stopped at the first failure
    for message in (first, second):
        message.refresh_from_db()
        assert message.attempts == 1
        assert message.next_attempt_at <= timezone.now()


@pytest.mark.django_db
def test_the_sweeper_delivers_for_real_in_eager_mode(django_capture_on_commit_callbacks):
    """Without a stand-in: a message whose first publish was lost is run by the sweep."""
    message = OutboxMessage.objects.create(task="tests.outbox.touch", kwargs={"key": "j"},
                                           attempts=1, next_attempt_at=timezone.now())
    assert outbox_sweep().dispatched == 1
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.DONE
    assert RUNS == ["j"]


@pytest.mark.django_db(transaction=True)
def test_two_sweepers_never_hand_over_the_same_message(published):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises whole write transactions; skip-locked needs PostgreSQL")
    now = timezone.now()
    OutboxMessage.objects.bulk_create(
        [OutboxMessage(task="tests.outbox.touch", attempts=1,
                       next_attempt_at=now - dt.timedelta(seconds=1)) for _ in range(1200)]
    )
    results, errors = run_at_once(lambda: outbox_sweep(now=timezone.now()), threads=3)
    assert errors == []
    assert len(published) == len(set(published))  # nobody twice
    assert sum(r.dispatched for r in results) == len(published)
    # Each sweeper took what the others had not locked (one batch each, a fixed "now"),
    # and every hand-over was counted once.
    assert len(published) > 500
    assert OutboxMessage.objects.filter(attempts=2).count() == len(published)


@pytest.mark.django_db(transaction=True)
def test_a_message_being_run_is_not_run_again_meanwhile(published):
    """A duplicate delivery while the first still runs skips it (PostgreSQL row lock)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises whole write transactions; skip-locked needs PostgreSQL")
    message = outbox_enqueue(task=touch, kwargs={"key": "k", "pause": 0.5})
    results, errors = run_at_once(lambda: deliver(message.pk), threads=3)
    assert errors == []
    assert sorted(results) == ["done", "skipped", "skipped"]
    assert RUNS == ["k"]
    assert rows("k") == 1
    # And the sweeper leaves a message alone while a worker holds it.
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxMessage.Status.PENDING, done_at=None,
        next_attempt_at=timezone.now() - dt.timedelta(seconds=1))
    Session.objects.all().delete()
    started = threading.Event()

    def slow_delivery() -> None:
        started.set()
        try:
            deliver(message.pk)
        finally:
            connections.close_all()

    worker = threading.Thread(target=slow_delivery)
    worker.start()
    started.wait()
    time.sleep(0.2)  # the delivery holds the row lock now
    swept = outbox_sweep(now=timezone.now())
    worker.join()
    assert swept.dispatched == 0
    assert OutboxMessage.objects.get(pk=message.pk).status == OutboxMessage.Status.DONE
    assert published == [message.pk]  # only the first hand-over, right after commit


# --- operators ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_retry_gives_dead_messages_fresh_attempts_and_leaves_done_ones(published):
    now = timezone.now()
    dead = make(due=False, status=OutboxMessage.Status.DEAD, attempts=8, now=now)
    done = make(due=False, status=OutboxMessage.Status.DONE, now=now)
    assert outbox_retry(message_ids=[dead.pk, done.pk]) == 1
    assert published == [dead.pk]
    dead.refresh_from_db()
    assert (dead.status, dead.attempts) == (OutboxMessage.Status.PENDING, 1)


@pytest.mark.django_db
def test_purge_deletes_only_done_messages_past_retention(settings):
    settings.OUTBOX_RETENTION_DAYS = 30
    now = timezone.now()
    old = now - dt.timedelta(days=31)
    old_done = OutboxMessage.objects.create(task="t", status="done", done_at=old)
    recent_done = OutboxMessage.objects.create(task="t", status="done", done_at=now)
    old_dead = OutboxMessage.objects.create(task="t", status="dead", created_at=old)
    assert outbox_purge(now=now) == 1
    assert set(OutboxMessage.objects.values_list("pk", flat=True)) == {recent_done.pk,
                                                                       old_dead.pk}
    assert not OutboxMessage.objects.filter(pk=old_done.pk).exists()

