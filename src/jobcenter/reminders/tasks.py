"""Background work of the reminders: the daily plan (beat) and the sending (outbox)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="reminders.plan_and_send")
def plan_and_send() -> int:
    """Daily (beat, ``reminders-plan-daily``): plan today's reminders of every rule on the
    ``bulk`` queue's workers (one partition per source and offset), which hand them over
    for sending. Idempotent: a second run the same day plans nothing new."""
    from jobcenter.reminders.services import reminders_plan_dispatch

    return reminders_plan_dispatch()


@shared_task(name="reminders.send_batch")
def send_batch(dispatch_ids: list[int]) -> int:
    """Record the notices of up to ``SEND_BATCH`` planned reminders (handed over by the
    planner through the outbox; runs in the outbox's transaction)."""
    from jobcenter.reminders.services import reminders_send

    return reminders_send(dispatch_ids=dispatch_ids)
