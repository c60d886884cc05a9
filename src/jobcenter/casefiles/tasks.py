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
    from jobcenter.casefiles.services import (
        document_requests_mark_overdue,
        document_requests_remind,
    )

    return {
        "reminded": document_requests_remind(),
        "overdue": document_requests_mark_overdue(),
    }


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_document_request(request_id: int, key: str, kind: str) -> bool:
    """E-mail notice about a document request or a reminder (once per key)."""
    from jobcenter.casefiles.models import DocumentRequest
    from jobcenter.casefiles.notices import send_citizen_notice

    request = DocumentRequest.objects.filter(pk=request_id).first()
    if request is None or request.status == DocumentRequest.Status.FULFILLED:
        return False
    return send_citizen_notice(case_id=request.case_id, key=key, kind=kind)
