"""Bulk runs (outbox.bulk): partitions with their own checkpoints, claimed by any number of
workers without waiting for each other, a failed partition retried alone, the summary
written once; the queues the outbox publishes to. SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone

from jobcenter.outbox import bulk
from jobcenter.outbox.delivery import publish, queue_for
from jobcenter.outbox.models import BulkPartition, BulkRun, OutboxMessage
from jobcenter.outbox.services import outbox_enqueue
from jobcenter.outbox.tasks import bulk_partition
from tests.concurrency import run_at_once
from tests.outbox.tasks import touch

KIND = "tests.bulk"
#: (partition number, key) per key processed, in the order the chunks ran
DONE: list[tuple[int, int]] = []
FINISHED: list[int] = []
FAIL_ONCE: set[int] = set()
_lock = threading.Lock()


def _chunk(partition: BulkPartition, size: int) -> bulk.ChunkResult:
    if partition.number in FAIL_ONCE:
        FAIL_ONCE.discard(partition.number)
        # written, then the chunk fails: the write must roll back with it
        Session.objects.create(session_key=f"p{partition.number}-lost", session_data="",
                               expire_date=timezone.now())
        raise RuntimeError("the database went away in the middle of the chunk")
    keys = list(range(partition.cursor + 1, min(partition.cursor + size, partition.hi) + 1))
    if partition.params.get("enqueue"):  # follow-up work, e.g. the PDF of a Bescheid
        outbox_enqueue(task=touch, kwargs={"key": f"after-{partition.number}"})
    pause = float(partition.params.get("pause", 0))
    if pause:
        time.sleep(pause)
    for key in keys:  # one row per key: a key done twice would fail (unique session_key)
        Session.objects.create(session_key=f"k{key}", session_data="",
                               expire_date=timezone.now())
    with _lock:
        DONE.extend((partition.number, key) for key in keys)
    return bulk.ChunkResult(processed=len(keys), cursor=keys[-1],
                            done=keys[-1] >= partition.hi, counts={"keys": len(keys)})


def _finish(run: BulkRun) -> dict[str, int]:
    FINISHED.append(run.pk)
    return {"keys": bulk.bulk_progress(run=run).counts.get("keys", 0)}


@pytest.fixture(autouse=True)
def kind():
    DONE.clear()
    FINISHED.clear()
    FAIL_ONCE.clear()
    bulk.register(KIND, bulk.Kind(chunk=_chunk, finish=_finish, chunk_size=3))
    yield


def start(keys: list[tuple[int | None, int]], *, size: int = 4, ref: str = "1",
          pause: float = 0.0, enqueue: bool = False) -> BulkRun:
    def partitions():
        for spec in bulk.ranges(keys, size=size):
            yield bulk.PartitionSpec(jobcenter_id=spec.jobcenter_id, lo=spec.lo, hi=spec.hi,
                                     total=spec.total,
                                     params={"pause": pause, "enqueue": enqueue})

    return bulk.bulk_run_start(kind=KIND, ref=ref, partitions=partitions)


def test_ranges_split_per_jobcenter_and_size():
    specs = list(bulk.ranges([(1, 10), (1, 11), (1, 12), (2, 13), (2, 20), (2, 21)], size=2))
    assert [(s.jobcenter_id, s.lo, s.hi, s.total) for s in specs] == [
        (1, 10, 11, 2), (1, 12, 12, 1), (2, 13, 20, 2), (2, 21, 21, 1)]
    assert list(bulk.ranges([], size=5)) == []


@pytest.mark.django_db
def test_a_run_is_made_once_and_every_key_is_done_once_with_one_summary():
    run = start([(7, k) for k in range(1, 11)])
    assert start([(7, 99)]).pk == run.pk  # a second start returns the same run
    assert list(run.partitions.values_list("lo", "hi", "total", "cursor")) == [
        (1, 4, 4, 0), (5, 8, 4, 4), (9, 10, 2, 8)]
    assert bulk.bulk_work(run=run) == 5  # 2 + 2 + 1 chunks of at most 3 keys
    assert sorted(key for _n, key in DONE) == list(range(1, 11))
    run.refresh_from_db()
    assert run.status == BulkRun.Status.DONE and run.summary == {"keys": 10}
    assert [run.pk] == FINISHED
    progress = bulk.bulk_progress(run=run, jobcenter_id=7)
    assert (progress.processed, progress.total, progress.done, progress.share) == (
        10, 10, 3, 1.0)
    # running it again does nothing and writes no second summary
    assert bulk.bulk_work(run=run) == 0
    assert [run.pk] == FINISHED


@pytest.mark.django_db
def test_a_failed_partition_is_retried_alone_at_its_checkpoint():
    run = start([(1, k) for k in range(1, 13)])
    FAIL_ONCE.add(2)
    with pytest.raises(RuntimeError):
        bulk.bulk_work(run=run)
    failed = run.partitions.get(number=2)
    assert failed.status == BulkPartition.Status.FAILED and "went away" in failed.last_error
    assert not Session.objects.filter(session_key="p2-lost").exists()  # rolled back
    # the other partitions go on; the failed one waits for its retry
    bulk.bulk_work(run=run)
    run.refresh_from_db()
    assert run.status == BulkRun.Status.DONE
    assert sorted(key for _n, key in DONE) == list(range(1, 13))  # nothing twice
    assert run.partitions.get(number=2).attempts == 2
    assert run.summary == {"keys": 12} and [run.pk] == FINISHED


@pytest.mark.django_db
def test_stopping_after_some_chunks_resumes_at_the_checkpoint():
    run = start([(1, k) for k in range(1, 9)], size=8)
    assert bulk.bulk_work(run=run, max_chunks=1) == 1
    partition = run.partitions.get()
    assert (partition.status, partition.cursor, partition.processed) == (
        BulkPartition.Status.PENDING, 3, 3)
    assert bulk.bulk_work(run=run, chunk_size=5) == 1
    assert [key for _n, key in DONE] == list(range(1, 9))


@pytest.mark.django_db
def test_the_partitions_go_to_the_workers_as_one_message_each(
        django_capture_on_commit_callbacks):
    run = start([(1, k) for k in range(1, 10)])
    with django_capture_on_commit_callbacks(execute=True):
        assert bulk.bulk_run_dispatch(run=run) == 3
    messages = OutboxMessage.objects.filter(task=bulk_partition.name)
    assert messages.count() == 3
    assert set(messages.values_list("status", flat=True)) == {OutboxMessage.Status.DONE}
    run.refresh_from_db()
    assert run.dispatched and run.status == BulkRun.Status.DONE
    assert sorted(key for _n, key in DONE) == list(range(1, 10))
    # a second delivery of a message of a done partition runs nothing
    assert bulk.bulk_partition_run(partition_id=run.partitions.first().pk) == "done"
    assert bulk.bulk_run_dispatch(run=run) == 0


@pytest.mark.django_db
def test_a_partition_whose_worker_died_is_handed_over_again_and_taken_over(settings):
    run = start([(1, k) for k in range(1, 5)])
    BulkRun.objects.filter(pk=run.pk).update(dispatched=True)
    partition = run.partitions.get()
    BulkPartition.objects.filter(pk=partition.pk).update(
        status=BulkPartition.Status.RUNNING, worker="gone:1", attempts=1,
        heartbeat_at=timezone.now() - dt.timedelta(seconds=settings.BULK_LEASE_SECONDS + 1))
    assert bulk.bulk_requeue_stale() == 1
    assert OutboxMessage.objects.filter(key=f"outbox.bulk_partition:{partition.pk}:1").exists()
    assert bulk.bulk_requeue_stale() == 1  # the same message, not a second one
    assert OutboxMessage.objects.filter(task=bulk_partition.name).count() == 1
    assert bulk.bulk_partition_run(partition_id=partition.pk, worker="new:2") == "done"
    assert sorted(key for _n, key in DONE) == [1, 2, 3, 4]


@pytest.mark.django_db
def test_a_partition_held_by_a_live_worker_is_not_taken():
    run = start([(1, k) for k in range(1, 5)])
    partition = run.partitions.get()
    BulkPartition.objects.filter(pk=partition.pk).update(
        status=BulkPartition.Status.RUNNING, worker="busy:1", heartbeat_at=timezone.now())
    assert bulk.bulk_partition_run(partition_id=partition.pk) == "skipped"
    assert DONE == []


@pytest.mark.django_db(transaction=True)
def test_workers_take_different_partitions_at_once_and_never_wait():
    """PostgreSQL: four workers at once; each partition runs once, more than one worker
    does work, and a worker never waits for another's partition (SKIP LOCKED)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises whole write transactions; skip-locked needs PostgreSQL")
    run = start([(1, k) for k in range(1, 25)], size=3, pause=0.2)  # 8 partitions
    workers = iter(range(4))
    results, errors = run_at_once(
        lambda: bulk.bulk_work(run=run, worker=f"w{next(workers)}"), threads=4)
    assert errors == []
    assert sum(results) == 8 and sum(1 for r in results if r) >= 2
    assert sorted(key for _n, key in DONE) == list(range(1, 25))
    run.refresh_from_db()
    assert run.status == BulkRun.Status.DONE and [run.pk] == FINISHED
    assert run.partitions.values("worker").distinct().count() >= 2


def test_bulk_work_is_routed_to_the_bulk_queue_and_everything_else_is_interactive():
    assert queue_for("outbox.bulk_partition") == "bulk"
    assert queue_for("zahlungen.payment_run") == "bulk"
    assert queue_for("reminders.plan_and_send") == "bulk"
    for name in ("antraege.submission_received", "outbox.deliver", "outbox.sweep",
                 "jobcenter.decisions.tasks.bescheid_render", "notifications.send"):
        assert queue_for(name) == "interactive"


@pytest.mark.django_db
def test_the_outbox_publishes_each_message_to_the_queue_of_its_task(monkeypatch):
    from jobcenter.outbox import delivery

    sent: list[tuple[int, str]] = []
    delivery.deliver.app.conf.task_always_eager = False  # restored by tests/conftest.py
    monkeypatch.setattr(delivery.deliver, "apply_async",
                        lambda args, **kw: sent.append((args[0], kw["queue"])))
    bulk_message = OutboxMessage.objects.create(task=bulk_partition.name)
    interactive = OutboxMessage.objects.create(task="antraege.submission_received")
    assert publish([bulk_message.pk, interactive.pk]) == 2
    assert sent == [(bulk_message.pk, "bulk"), (interactive.pk, "interactive")]


@pytest.mark.django_db
def test_what_a_bulk_run_hands_over_goes_to_the_bulk_queue(monkeypatch):
    from jobcenter.outbox import delivery

    run = start([(1, k) for k in range(1, 5)], enqueue=True)
    bulk.bulk_work(run=run)
    handed = OutboxMessage.objects.filter(task=touch.name)
    assert handed.count() == 2  # one per chunk
    assert set(handed.values_list("queue", flat=True)) == {"bulk"}
    after = handed.first()
    outside = outbox_enqueue(task=touch, kwargs={"key": "citizen"})
    assert outside.queue == ""  # the queue of its task: interactive
    sent: list[tuple[int, str]] = []
    delivery.deliver.app.conf.task_always_eager = False  # restored by tests/conftest.py
    monkeypatch.setattr(delivery.deliver, "apply_async",
                        lambda args, **kw: sent.append((args[0], kw["queue"])))
    publish([after.pk, outside.pk])
    assert sent == [(after.pk, "bulk"), (outside.pk, "interactive")]
