"""Background work of a submission: the hand-over to the eAkte and the e-mail notice.

Handed over through the outbox (``antraege.services.submission._store``), which retries it until done.
"""

from __future__ import annotations

from celery import shared_task

from jobcenter.antraege import services


@shared_task
def submission_received(submission_id: int) -> None:
    """Publish ``submission.received`` once, then notify the citizen once (idempotent)."""
    services.submission_hand_over(submission_id=submission_id)
