"""Bulk runs: work over many cases split into partitions that any number of workers share.

A domain registers a handler per kind (``register``, connected in ``config/wiring.py``):

* ``chunk(partition, size)`` does the next ``size`` keys of the partition after its
  checkpoint, writes in bulk and returns the new checkpoint and its counts — all in the
  transaction this module opens, together with the partition's new checkpoint;
* ``finish(run)`` writes the run's summary once, when every partition is done.

``bulk_run_start`` creates the run and its partitions (each a Jobcenter's range of keys,
given by the domain). Then either

* ``bulk_run_dispatch`` hands every partition to Celery as one outbox message each (a
  group: published after commit in one connection, run by the workers of the ``bulk``
  queue in any number), and the last partition to finish writes the summary (the chord,
  counted in the database: it needs no result backend and survives a worker's crash); or
* ``bulk_work`` runs partitions in this process (``make run``, the commands, the bench):
  several processes calling it share the partitions the same way.

A partition is taken with ``SELECT … FOR UPDATE SKIP LOCKED`` (PostgreSQL; SQLite runs one
writer at a time, sequentially), so two workers never take the same partition and never
wait for each other; a partition whose worker died (no heartbeat for
``BULK_LEASE_SECONDS``) is taken over at its checkpoint. A failing partition records its
error and is retried alone (the outbox hands its message over again); the others go on.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from jobcenter.outbox.delivery import publishing_to
from jobcenter.outbox.models import BulkPartition, BulkRun

logger = logging.getLogger(__name__)

ERROR_CHARS = 4000


@dataclass(frozen=True)
class ChunkResult:
    """What one chunk did: how many keys, the new checkpoint, the counts to add; ``done``
    when the partition has no key left after ``cursor``."""

    processed: int
    cursor: int
    done: bool
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Kind:
    chunk: Callable[[BulkPartition, int], ChunkResult]
    finish: Callable[[BulkRun], dict[str, Any]]
    chunk_size: int = 1000


@dataclass(frozen=True)
class PartitionSpec:
    """A partition as the domain describes it when the run starts."""

    jobcenter_id: int | None
    lo: int
    hi: int
    total: int
    params: dict[str, Any] = field(default_factory=dict)


_KINDS: dict[str, Kind] = {}


def register(key: str, kind: Kind) -> None:
    """Register (or replace) the handler of bulk runs of ``key`` (``config/wiring.py``)."""
    _KINDS[key] = kind


def kind_for(key: str) -> Kind:
    try:
        return _KINDS[key]
    except KeyError:
        raise LookupError(f"no bulk handler registered for {key!r} (config/wiring.py)") from None


def ranges(keys: Iterable[tuple[int | None, int]], *, size: int) -> Iterator[PartitionSpec]:
    """Partitions of at most ``size`` keys from ``(jobcenter_id, key)`` pairs sorted by
    Jobcenter and key (a stream: the keys of all of Germany never sit in one list)."""
    current: int | None = None
    lo = hi = count = 0
    started = False
    for jobcenter_id, key in keys:
        if started and (jobcenter_id != current or count >= size):
            yield PartitionSpec(jobcenter_id=current, lo=lo, hi=hi, total=count)
            started = False
        if not started:
            current, lo, count, started = jobcenter_id, key, 0, True
        hi = key
        count += 1
    if started:
        yield PartitionSpec(jobcenter_id=current, lo=lo, hi=hi, total=count)


def bulk_run_start(*, kind: str, ref: str, partitions: Callable[[], Iterable[PartitionSpec]]
                   ) -> BulkRun:
    """The run of ``kind`` for ``ref`` with its partitions; the same run if it exists
    (a second start, a retry, a double click add nothing)."""
    kind_for(kind)  # fail early for an unknown kind
    existing = BulkRun.objects.filter(kind=kind, ref=ref).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            run = BulkRun.objects.create(kind=kind, ref=ref)
            rows = (BulkPartition(run=run, number=number, jobcenter_id=spec.jobcenter_id,
                                  lo=spec.lo, hi=spec.hi, cursor=spec.lo - 1,
                                  total=spec.total, params=spec.params)
                    for number, spec in enumerate(partitions(), start=1))
            batch: list[BulkPartition] = []
            for row in rows:
                batch.append(row)
                if len(batch) >= 2000:
                    BulkPartition.objects.bulk_create(batch)
                    batch = []
            BulkPartition.objects.bulk_create(batch)
    except IntegrityError:  # started concurrently: the other start won
        return BulkRun.objects.get(kind=kind, ref=ref)
    return run


def bulk_run_dispatch(*, run: BulkRun) -> int:
    """Hand every partition not done to the workers (one outbox message each, keyed by
    partition and attempt round); returns how many. Call inside the caller's transaction
    or alone; the messages are published after commit."""
    from jobcenter.outbox.services import outbox_enqueue
    from jobcenter.outbox.tasks import bulk_partition

    with transaction.atomic():
        BulkRun.objects.filter(pk=run.pk).update(dispatched=True)
        ids = list(run.partitions.exclude(status=BulkPartition.Status.DONE)
                   .values_list("pk", "attempts"))
        for partition_id, attempts in ids:
            outbox_enqueue(task=bulk_partition, kwargs={"partition_id": partition_id},
                           key=f"outbox.bulk_partition:{partition_id}:{attempts}")
        if not ids:  # a run without partitions (nothing to do) still gets its summary
            transaction.on_commit(lambda: bulk_run_finish_if_done(run_id=run.pk))
    return len(ids)


def bulk_requeue_stale() -> int:
    """Hand over again the partitions of dispatched runs that failed or whose worker died
    (no heartbeat for ``BULK_LEASE_SECONDS``), once per attempt and at most
    ``OUTBOX_MAX_ATTEMPTS`` times (run by the outbox's sweep every minute)."""
    from jobcenter.outbox.services import outbox_enqueue
    from jobcenter.outbox.tasks import bulk_partition

    stale = list(
        BulkPartition.objects.filter(run__dispatched=True, run__status=BulkRun.Status.RUNNING,
                                     attempts__lt=settings.OUTBOX_MAX_ATTEMPTS)
        .filter(Q(status=BulkPartition.Status.FAILED)
                | Q(status=BulkPartition.Status.RUNNING, heartbeat_at__lt=_lease_expired()))
        .values_list("pk", "attempts")[:500])
    with transaction.atomic():
        for partition_id, attempts in stale:
            outbox_enqueue(task=bulk_partition, kwargs={"partition_id": partition_id},
                           key=f"outbox.bulk_partition:{partition_id}:{attempts}")
    return len(stale)


def _worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _lease_expired() -> Any:
    return timezone.now() - dt.timedelta(seconds=settings.BULK_LEASE_SECONDS)


def _claimable(queryset: QuerySet[BulkPartition]) -> QuerySet[BulkPartition]:
    return queryset.filter(
        Q(status__in=[BulkPartition.Status.PENDING, BulkPartition.Status.FAILED])
        | Q(status=BulkPartition.Status.RUNNING, heartbeat_at__lt=_lease_expired()))


def _claim(queryset: QuerySet[BulkPartition], worker: str) -> BulkPartition | None:
    """Take the first claimable partition of ``queryset``, skipping rows another worker
    holds locked right now (``SKIP LOCKED``; SQLite has one writer and ignores it)."""
    with transaction.atomic():
        partition = (_claimable(queryset).select_for_update(skip_locked=True)
                     .order_by("number").first())
        if partition is None:
            return None
        partition.status = BulkPartition.Status.RUNNING
        partition.worker = worker
        partition.attempts += 1
        partition.heartbeat_at = timezone.now()
        partition.save(update_fields=["status", "worker", "attempts", "heartbeat_at"])
        return partition


def bulk_partition_run(*, partition_id: int, worker: str | None = None) -> str:
    """Claim and run one partition to its end, chunk by chunk; then, if it was the last,
    write the run's summary. ``"skipped"`` when another worker holds it right now."""
    worker = worker or _worker_name()
    partition = _claim(BulkPartition.objects.filter(pk=partition_id), worker)
    if partition is None:
        state = BulkPartition.objects.filter(pk=partition_id).values_list(
            "status", "run_id").first()
        if state is None:
            return "gone"
        if state[0] == BulkPartition.Status.DONE:
            bulk_run_finish_if_done(run_id=state[1])  # a retry after a failed summary
            return "done"
        return "skipped"
    _process(partition, worker)
    bulk_run_finish_if_done(run_id=partition.run_id)
    return "done"


def bulk_work(*, run: BulkRun, worker: str | None = None, max_chunks: int = 0,
              chunk_size: int = 0, on_chunk: Callable[[], None] | None = None) -> int:
    """Run the run's partitions in this process until none is left to claim (or after
    ``max_chunks`` chunks; ``chunk_size`` overrides the kind's); returns the chunks done.
    Any number of processes may call it at once: each claims the next free partition
    (``SKIP LOCKED``)."""
    worker = worker or _worker_name()
    chunks = 0
    while not (max_chunks and chunks >= max_chunks):
        partition = _claim(run.partitions.all(), worker)
        if partition is None:
            break
        budget = max_chunks - chunks if max_chunks else 0
        done_here, finished = _process(partition, worker, max_chunks=budget,
                                     chunk_size=chunk_size, on_chunk=on_chunk)
        chunks += done_here
        if not finished:  # stopped by max_chunks: let it go at its checkpoint
            BulkPartition.objects.filter(pk=partition.pk, worker=worker).update(
                status=BulkPartition.Status.PENDING, worker="")
            return chunks
    bulk_run_finish_if_done(run_id=run.pk)
    return chunks


def _process(partition: BulkPartition, worker: str, *, max_chunks: int = 0,
             chunk_size: int = 0, on_chunk: Callable[[], None] | None = None,
             ) -> tuple[int, bool]:
    """Run ``partition``'s chunks; each commits with the checkpoint. Returns (chunks, done).
    On an error the partition is marked failed (and the error re-raised): it is retried
    alone, at its checkpoint."""
    kind = kind_for(BulkRun.objects.values_list("kind", flat=True).get(pk=partition.run_id))
    chunks = 0
    while True:
        if max_chunks and chunks >= max_chunks:
            return chunks, False
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            with transaction.atomic(), publishing_to(settings.BULK_QUEUE):
                current = BulkPartition.objects.select_for_update().get(pk=partition.pk)
                if current.status != BulkPartition.Status.RUNNING or current.worker != worker:
                    return chunks, True  # taken over after a lost lease: the other goes on
                result = kind.chunk(current, chunk_size or kind.chunk_size)
                current.cursor = result.cursor
                current.processed += result.processed
                counts = dict(current.counts)
                for key, value in result.counts.items():
                    counts[key] = counts.get(key, 0) + value
                current.counts = counts
                current.heartbeat_at = timezone.now()
                current.seconds += time.perf_counter() - wall
                current.cpu_seconds += time.process_time() - cpu
                if result.done:
                    current.status = BulkPartition.Status.DONE
                    current.finished_at = current.heartbeat_at
                    current.last_error = ""
                current.save()
        except Exception as exc:
            _partition_failed(partition.pk, worker, exc)
            raise
        chunks += 1
        if on_chunk is not None:
            on_chunk()
        if result.done:
            return chunks, True


def _partition_failed(partition_id: int, worker: str, exc: Exception) -> None:
    detail = "".join(traceback.format_exception(exc))[-ERROR_CHARS:]
    BulkPartition.objects.filter(pk=partition_id, worker=worker).update(
        status=BulkPartition.Status.FAILED, last_error=detail, worker="")
    logger.warning("bulk: partition %s failed (%s); it is retried at its checkpoint",
                   partition_id, type(exc).__name__)


def bulk_run_finish_if_done(*, run_id: int) -> bool:
    """Write the summary once every partition is done (the chord's callback). The run row
    is locked only here, at a partition's end; returns True if the run is done."""
    with transaction.atomic():
        run = BulkRun.objects.select_for_update().get(pk=run_id)
        if run.status == BulkRun.Status.DONE:
            return True
        if run.partitions.exclude(status=BulkPartition.Status.DONE).exists():
            return False
        with publishing_to(settings.BULK_QUEUE):
            run.summary = kind_for(run.kind).finish(run)
        run.status = BulkRun.Status.DONE
        run.finished_at = timezone.now()
        run.save(update_fields=["summary", "status", "finished_at"])
        return True


@dataclass(frozen=True)
class Progress:
    total: int
    processed: int
    partitions: int
    done: int
    running: int
    failed: int
    counts: dict[str, int]
    seconds: float
    cpu_seconds: float
    workers: int

    @property
    def share(self) -> float:
        return self.processed / self.total if self.total else 1.0


def bulk_progress(*, run: BulkRun, jobcenter_id: int | None = None) -> Progress:
    """The run's progress summed over its partitions (those of one Jobcenter if given)."""
    partitions = run.partitions.all()
    if jobcenter_id is not None:
        partitions = partitions.filter(jobcenter_id=jobcenter_id)
    sums = partitions.aggregate(
        total=Sum("total"), processed=Sum("processed"), partitions=Count("pk"),
        done=Count("pk", filter=Q(status=BulkPartition.Status.DONE)),
        running=Count("pk", filter=Q(status=BulkPartition.Status.RUNNING)),
        failed=Count("pk", filter=Q(status=BulkPartition.Status.FAILED)),
        seconds=Sum("seconds"), cpu_seconds=Sum("cpu_seconds"),
        workers=Count("worker", distinct=True, filter=Q(status=BulkPartition.Status.RUNNING)),
    )
    counts: dict[str, int] = {}
    for row in partitions.exclude(counts={}).values_list("counts", flat=True).iterator():
        for key, value in row.items():
            counts[key] = counts.get(key, 0) + int(value)
    return Progress(total=sums["total"] or 0, processed=sums["processed"] or 0,
                    partitions=sums["partitions"], done=sums["done"], running=sums["running"],
                    failed=sums["failed"], counts=counts, seconds=sums["seconds"] or 0.0,
                    cpu_seconds=sums["cpu_seconds"] or 0.0, workers=sums["workers"])
