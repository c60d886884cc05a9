"""Background work of a submission: the receipt, the hand-over to the eAkte and the e-mail
notice. Handed over through the outbox (``antraege.services.submission._store`` →
``receipt_render`` → ``submission_received``), which retries each until done.
"""

from __future__ import annotations

from celery import shared_task

from jobcenter.antraege import services


# outbox_atomic is our task option (outbox.delivery), unknown to the Celery stubs
@shared_task(outbox_atomic=False)  # type: ignore[call-overload]
def receipt_render(submission_id: int) -> bool:
    """Render the Eingangsbestätigung once, then hand the submission over (idempotent).

    ``outbox_atomic=False``: the render must not run inside the outbox's transaction with
    its row lock; the task stores its result in a short transaction of its own."""
    return services.receipt_render(submission_id=submission_id)


@shared_task
def submission_received(submission_id: int) -> None:
    """Publish ``submission.received`` once, then notify the citizen once (idempotent)."""
    services.submission_hand_over(submission_id=submission_id)
