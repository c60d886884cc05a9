"""Background work of the eAkte. Every task is idempotent (event tables with unique keys);
e-mail notices go through ``notifications.notify``."""

from __future__ import annotations

from celery import shared_task


@shared_task
def document_requests_daily() -> dict[str, int]:
    """Daily: mark overdue requests. (The reminders before the deadline are the Jobcenter's
    rules of the reminder source ``mitwirkung``: ``casefiles.reminders``, planned by
    ``reminders.plan_and_send``.)"""
    from jobcenter.casefiles.services import document_requests_mark_overdue

    return {"overdue": document_requests_mark_overdue()}

