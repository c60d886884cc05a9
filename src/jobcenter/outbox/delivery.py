"""Handing outbox messages to the broker and running them in the worker.

``publish`` sends ``outbox.deliver(message_id)`` for each message; a broker that cannot be
reached fails nothing: the messages stay due for the sweeper. ``deliver`` runs the named
task once:

* an ordinary task runs **in one transaction** with the message's row lock and its ``done``
  mark, so its writes and "done" commit together. A worker killed half-way leaves nothing
  behind (the database rolls back), and a second delivery of the same message finds it done
  (or, while the first still runs, locked: PostgreSQL skips it).
* a task declared with ``outbox_atomic=False`` (``@shared_task(outbox_atomic=False)``) runs
  outside that transaction: for work with effects outside the database (e-mail, deleting
  files, rendering documents without holding locks). It must be idempotent on its own; the
  message is marked done after it returned. Its effects are *at least once*.

A failure is recorded on the row (``last_error``, ``failed_at``); the sweeper hands the
message over again when ``next_attempt_at`` is due. After ``OUTBOX_MAX_ATTEMPTS`` the
message is *dead*: an error is logged and an operator decides (docs/operations.md).
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import logging
import traceback
from collections.abc import Iterator, Sequence
from typing import Any

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone

from jobcenter.outbox.models import OutboxMessage

logger = logging.getLogger(__name__)

#: Publishing right after commit must not hold a citizen's request for long: one quick retry,
#: then the sweeper takes over (the connect timeout is ``CELERY_BROKER_TRANSPORT_OPTIONS``).
PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2,
                        "interval_max": 0.2}
ERROR_CHARS = 4000


def backoff(attempts: int) -> dt.timedelta:
    """How long after its ``attempts``-th hand-over a message that is not done is handed over
    again: the grace period, doubled per attempt, capped."""
    grace = settings.OUTBOX_GRACE_SECONDS
    seconds = min(grace * 2 ** max(attempts - 1, 0), settings.OUTBOX_BACKOFF_MAX_SECONDS)
    return dt.timedelta(seconds=max(seconds, grace))


#: The queue of everything handed over while a bulk run's chunk runs (``publishing_to``).
_QUEUE: contextvars.ContextVar[str] = contextvars.ContextVar("outbox_queue", default="")


@contextlib.contextmanager
def publishing_to(queue: str) -> Iterator[None]:
    """Messages written inside go to ``queue`` (``outbox.bulk`` runs every chunk inside
    ``publishing_to(BULK_QUEUE)``: what a bulk run hands over never fills the interactive
    queue)."""
    token = _QUEUE.set(queue)
    try:
        yield
    finally:
        _QUEUE.reset(token)


def current_queue() -> str:
    return _QUEUE.get()


def queue_for(task_name: str) -> str:
    """The queue a message of ``task_name`` is published to: the task's route in
    ``CELERY_TASK_ROUTES`` (bulk work), otherwise the default queue (interactive work).
    ``outbox.deliver`` is one task for every message, so the route of the task it runs
    decides, not its own."""
    conf = deliver.app.conf
    routes = conf.task_routes or {}
    route = routes.get(task_name) if isinstance(routes, dict) else None
    if route and route.get("queue"):
        return str(route["queue"])
    return str(conf.task_default_queue)


def publish(message_ids: Sequence[int]) -> int:
    """Hand the messages to the broker, each to the queue of its task; returns how many
    were published.

    Stops at the first broker failure: that message and the rest are left due for the next
    sweep (their attempt is not counted). In eager mode (tests) the task runs here and its
    exceptions propagate.
    """
    if deliver.app.conf.task_always_eager:
        for message_id in message_ids:
            deliver.apply_async(args=(message_id,))
        return len(message_ids)
    published = 0
    try:
        queues = {pk: queue or queue_for(task) for pk, task, queue in
                  OutboxMessage.objects.filter(pk__in=list(message_ids))
                  .values_list("pk", "task", "queue")}
        with deliver.app.producer_or_acquire() as producer:  # one connection for the batch
            for message_id in message_ids:
                deliver.apply_async(args=(message_id,), producer=producer, retry=True,
                                    retry_policy=PUBLISH_RETRY_POLICY,
                                    queue=queues.get(message_id) or queue_for(""))
                published += 1
    except Exception as exc:
        _publish_failed(list(message_ids[published:]), exc)
    return published


def _publish_failed(message_ids: list[int], exc: Exception) -> None:
    logger.warning("outbox: broker unavailable (%s); %d message(s) wait for the sweeper",
                   type(exc).__name__, len(message_ids))
    try:
        OutboxMessage.objects.filter(pk__in=message_ids, status=OutboxMessage.Status.PENDING
                                     ).update(
            attempts=Greatest(F("attempts") - 1, 0),
            next_attempt_at=timezone.now(),
            last_error=f"publish failed: {type(exc).__name__}: {exc}"[:ERROR_CHARS],
        )
    except Exception:  # the database may be gone too; the rows are due anyway
        logger.exception("outbox: could not record the failed publish")


def _task(name: str) -> Any:
    registry = deliver.app.tasks
    if name not in registry:  # a process that has not imported every app's tasks yet
        deliver.app.loader.import_default_modules()
    return registry[name]


@shared_task(bind=True, name="outbox.deliver", ignore_result=True)
def deliver(self: Any, message_id: int) -> str:
    """Run the message's task once and mark it done (see the module docstring)."""
    message = OutboxMessage.objects.filter(pk=message_id).only("task", "kwargs", "status").first()
    if message is None or message.status != OutboxMessage.Status.PENDING:
        return "gone" if message is None else message.status
    try:
        task = _task(message.task)
    except KeyError as exc:
        return _failed(self, message_id, exc)
    if getattr(task, "outbox_atomic", True):
        return _run_atomic(self, message_id, task)
    return _run_plain(self, message, task)


def _run_atomic(request_task: Any, message_id: int, task: Any) -> str:
    done = False
    try:
        with transaction.atomic():
            locked = (
                OutboxMessage.objects.select_for_update(skip_locked=True)
                .filter(pk=message_id, status=OutboxMessage.Status.PENDING)
                .first()
            )
            if locked is None:  # done meanwhile, or another worker is running it right now
                return "skipped"
            task(**locked.kwargs)
            _mark_done(message_id)
            done = True
    except Exception as exc:
        if done:  # the commit or a hook after it failed (in eager mode: the next task)
            raise
        return _failed(request_task, message_id, exc)
    return "done"


def _run_plain(request_task: Any, message: OutboxMessage, task: Any) -> str:
    try:
        task(**message.kwargs)
    except Exception as exc:
        return _failed(request_task, message.pk, exc)
    _mark_done(message.pk)
    return "done"


def _mark_done(message_id: int) -> None:
    OutboxMessage.objects.filter(pk=message_id, status=OutboxMessage.Status.PENDING).update(
        status=OutboxMessage.Status.DONE, done_at=timezone.now(), last_error=""
    )


def _failed(request_task: Any, message_id: int, exc: Exception) -> str:
    """Record the failure; dead after the last attempt. Re-raises in eager mode (tests)."""
    detail = "".join(traceback.format_exception(exc))[-ERROR_CHARS:]
    message = OutboxMessage.objects.filter(pk=message_id).first()
    if message is not None:
        dead = message.attempts >= settings.OUTBOX_MAX_ATTEMPTS
        OutboxMessage.objects.filter(pk=message_id, status=OutboxMessage.Status.PENDING).update(
            status=OutboxMessage.Status.DEAD if dead else OutboxMessage.Status.PENDING,
            failed_at=timezone.now(), last_error=detail,
        )
        if dead:
            logger.error("outbox: message %s (%s) failed %d times and is dead: %s; "
                         "see manage.py outbox report", message_id, message.task,
                         message.attempts, type(exc).__name__)
        else:
            logger.warning("outbox: message %s (%s) failed on attempt %d (%s); next try "
                           "from %s", message_id, message.task, message.attempts,
                           type(exc).__name__, message.next_attempt_at.isoformat())
    if request_task.request.is_eager:
        raise exc
    return "failed"
