"""Background work of the eAkte. Every task is idempotent (event tables with unique keys);
e-mail notices go through ``notifications.notify``."""

from __future__ import annotations

from celery import shared_task


@shared_task
def document_requests_daily() -> dict[str, int]:
    """Daily: send reminders before the deadline and mark overdue requests."""
    from jobcenter.casefiles.services import (
        document_requests_mark_overdue,
        document_requests_remind,
    )

    return {
        "reminded": document_requests_remind(),
        "overdue": document_requests_mark_overdue(),
    }

