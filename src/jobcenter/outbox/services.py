"""Writes of the outbox: enqueue a hand-over, sweep what is due, retry, purge."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from jobcenter.outbox import delivery
from jobcenter.outbox.models import OutboxMessage

logger = logging.getLogger(__name__)

SWEEP_BATCH = 500
#: A sweep stops starting new batches after this long (beat runs it every minute).
SWEEP_BUDGET_SECONDS = 45.0


def outbox_enqueue(*, task: Any, kwargs: dict[str, Any] | None = None,
                   key: str | None = None) -> OutboxMessage:
    """Hand ``task(**kwargs)`` to background work as part of the current transaction.

    ``task`` is a Celery task; ``kwargs`` must be JSON (ids, never personal data). The
    message is written now and published after commit; if the transaction rolls back, so
    does the message. With a ``key`` the same hand-over is written once: a second call
    returns the first message (whatever its state) and publishes nothing. Inside a bulk
    run's chunk the message goes to the ``bulk`` queue (``delivery.publishing_to``).
    """
    now = timezone.now()
    fields = {
        "task": task.name, "kwargs": kwargs or {}, "attempts": 1, "created_at": now,
        "queue": delivery.current_queue(),
        "dispatched_at": now, "next_attempt_at": now + delivery.backoff(1),
    }
    if key is None:
        message = OutboxMessage.objects.create(**fields)
    else:
        try:
            with transaction.atomic():
                message = OutboxMessage.objects.create(key=key, **fields)
        except IntegrityError:
            return OutboxMessage.objects.get(key=key)
    transaction.on_commit(partial(delivery.publish, [message.pk]))
    return message


@dataclass(frozen=True)
class SweepResult:
    dispatched: int = 0
    dead: int = 0
    left: int = 0  # claimed, but the broker could not be reached


def outbox_sweep(*, now: dt.datetime | None = None) -> SweepResult:
    """Hand over again every pending message whose ``next_attempt_at`` is due.

    Runs in batches; each batch is claimed with ``SELECT … FOR UPDATE SKIP LOCKED``
    (PostgreSQL), so two sweepers never take the same message, and a message a worker is
    running right now is not taken at all. A message that has had ``OUTBOX_MAX_ATTEMPTS``
    hand-overs becomes dead instead. Stops at the first broker failure.
    """
    dispatched = dead = left = 0
    started = time.monotonic()
    while time.monotonic() - started < SWEEP_BUDGET_SECONDS:
        claimed, died = _claim_batch(now=now or timezone.now())
        dead += died
        if not claimed and not died:
            break
        published = delivery.publish(claimed)
        dispatched += published
        if published < len(claimed):
            left = len(claimed) - published
            break
        if now is not None:  # a fixed "now" (tests, an operator's --now) sweeps once
            break
    return SweepResult(dispatched=dispatched, dead=dead, left=left)


def _claim_batch(*, now: dt.datetime) -> tuple[list[int], int]:
    with transaction.atomic():
        due = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(status=OutboxMessage.Status.PENDING, next_attempt_at__lte=now)
            .order_by("next_attempt_at", "pk")[:SWEEP_BATCH]
        )
        died = [m for m in due if m.attempts >= settings.OUTBOX_MAX_ATTEMPTS]
        claimed = [m for m in due if m.attempts < settings.OUTBOX_MAX_ATTEMPTS]
        OutboxMessage.objects.filter(pk__in=[m.pk for m in died]).update(
            status=OutboxMessage.Status.DEAD)
        # One UPDATE per attempt count (the wait depends on it), not one per row.
        by_attempts: dict[int, list[int]] = {}
        for message in claimed:
            message.attempts += 1
            by_attempts.setdefault(message.attempts, []).append(message.pk)
        for attempts, ids in by_attempts.items():
            OutboxMessage.objects.filter(pk__in=ids).update(
                attempts=attempts, dispatched_at=now,
                next_attempt_at=now + delivery.backoff(attempts),
            )
    again = Counter(message.task for message in claimed if message.attempts > 1)
    for task, count in sorted(again.items()):
        logger.warning("outbox: handing over %d message(s) of %s again (not done after the "
                       "grace period)", count, task)
    for message in claimed:
        logger.info("outbox: handing over message %s (%s), attempt %d", message.pk,
                    message.task, message.attempts)
    for message in died:
        logger.error("outbox: message %s (%s) was handed over %d times without finishing "
                     "and is dead; see manage.py outbox report", message.pk, message.task,
                     message.attempts)
    return [message.pk for message in claimed], len(died)


def outbox_retry(*, message_ids: Iterable[int]) -> int:
    """An operator's decision: hand these messages over now, with fresh attempts.

    Dead and pending messages start again at attempt 1; done messages are left alone.
    Returns how many were handed to the broker.
    """
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk__in=list(message_ids),
                    status__in=[OutboxMessage.Status.PENDING, OutboxMessage.Status.DEAD])
            .values_list("pk", flat=True)
        )
        OutboxMessage.objects.filter(pk__in=ids).update(
            status=OutboxMessage.Status.PENDING, attempts=1, dispatched_at=now,
            next_attempt_at=now + delivery.backoff(1),
        )
    if ids:
        logger.warning("outbox: %d message(s) handed over again by an operator", len(ids))
    return delivery.publish(ids)


def outbox_purge(*, now: dt.datetime | None = None) -> int:
    """Delete done messages older than ``OUTBOX_RETENTION_DAYS``; dead ones stay until an
    operator has dealt with them."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.OUTBOX_RETENTION_DAYS)
    deleted, _ = OutboxMessage.objects.filter(
        status=OutboxMessage.Status.DONE, done_at__lt=cutoff
    ).delete()
    return deleted
