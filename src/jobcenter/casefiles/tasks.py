"""Background work of the eAkte. Every task is idempotent (event tables with unique keys)."""

from __future__ import annotations

from celery import shared_task


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_case_update(case_id: int, key: str | None = None) -> bool:
    """E-mail the citizen that there is news in their account (no personal data in it)."""
    from jobcenter.casefiles.notices import send_citizen_notice

    return send_citizen_notice(case_id=case_id, key=key)


@shared_task
def document_requests_daily() -> dict[str, int]:
    """Daily: send reminders before the deadline and mark overdue requests."""
    from jobcenter.casefiles.services_mitwirkung import (
        document_requests_mark_overdue,
        document_requests_remind,
    )

    return {
        "reminded": document_requests_remind(),
        "overdue": document_requests_mark_overdue(),
    }
