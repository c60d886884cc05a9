"""Reads of the outbox for operators: what is stuck, what is dead."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Min, QuerySet
from django.utils import timezone

from jobcenter.outbox import bulk
from jobcenter.outbox.models import BulkPartition, BulkRun, OutboxMessage


def stuck_since(now: dt.datetime | None = None) -> dt.datetime:
    """A pending message created before this moment counts as stuck."""
    return (now or timezone.now()) - dt.timedelta(seconds=settings.OUTBOX_STUCK_AFTER_SECONDS)


def messages_stuck(*, now: dt.datetime | None = None) -> QuerySet[OutboxMessage]:
    """Pending for longer than ``OUTBOX_STUCK_AFTER_SECONDS`` (normal work takes seconds)."""
    return OutboxMessage.objects.filter(
        status=OutboxMessage.Status.PENDING, created_at__lt=stuck_since(now)
    ).order_by("created_at", "pk")


def messages_dead() -> QuerySet[OutboxMessage]:
    return OutboxMessage.objects.filter(status=OutboxMessage.Status.DEAD).order_by(
        "created_at", "pk"
    )


@dataclass(frozen=True)
class TaskCounts:
    task: str
    pending: int
    stuck: int
    dead: int
    done: int
    oldest_pending: dt.datetime | None


def outbox_overview(*, now: dt.datetime | None = None) -> list[TaskCounts]:
    """Per task: how many messages are pending, stuck, dead and done (within retention)."""
    rows: dict[str, dict] = {}
    for row in OutboxMessage.objects.order_by().values("task", "status").annotate(
        n=Count("pk"), oldest=Min("created_at")
    ):
        entry = rows.setdefault(row["task"], {"pending": 0, "dead": 0, "done": 0,
                                              "oldest_pending": None})
        entry[row["status"]] = row["n"]
        if row["status"] == OutboxMessage.Status.PENDING:
            entry["oldest_pending"] = row["oldest"]
    stuck = dict(
        messages_stuck(now=now).order_by().values("task").annotate(n=Count("pk"))
        .values_list("task", "n")
    )
    return [
        TaskCounts(task=task, pending=entry["pending"], stuck=stuck.get(task, 0),
                   dead=entry["dead"], done=entry["done"],
                   oldest_pending=entry["oldest_pending"])
        for task, entry in sorted(rows.items())
    ]


def bulk_runs_for_jobcenter(*, partitions: QuerySet[BulkPartition], limit: int = 20
                            ) -> list[tuple[BulkRun, bulk.Progress]]:
    """The latest bulk runs with partitions among ``partitions`` (a Jobcenter's, scoped by
    the caller) and each run's progress over those partitions."""
    run_ids = list(partitions.values_list("run_id", flat=True).distinct())
    runs = BulkRun.objects.filter(pk__in=run_ids).order_by("-created_at", "-pk")[:limit]
    result = []
    for run in runs:
        jobcenter_ids = set(partitions.filter(run=run).values_list("jobcenter_id", flat=True))
        jobcenter_id = jobcenter_ids.pop() if len(jobcenter_ids) == 1 else None
        result.append((run, bulk.bulk_progress(run=run, jobcenter_id=jobcenter_id)))
    return result
