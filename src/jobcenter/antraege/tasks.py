"""After-commit work of a submission: hand-over to the eAkte and the e-mail notice."""

from __future__ import annotations

from celery import shared_task
from django.urls import reverse

from jobcenter.antraege import services
from jobcenter.antraege.models import Submission
from jobcenter.core import events
from jobcenter.notifications.services import notify


@shared_task(bind=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=8)
def submission_received(self, submission_id: int) -> None:  # noqa: ARG001
    """Publish ``submission.received`` once, then notify the citizen once (both idempotent)."""
    submission = Submission.objects.select_related("user").filter(pk=submission_id).first()
    if submission is None:
        return
    if submission.handed_over_at is None:
        events.publish("submission.received", submission_id=submission.pk)
        services.submission_mark_handed_over(submission_id=submission.pk)
    if submission.user is not None and submission.user.email:
        # No personal data: the notice says only that the application arrived and links to
        # it; the same submission is notified once (notifications de-duplicates).
        notify(
            user=submission.user,
            template="submission_received",
            dedup_key=f"submission:{submission.pk}",
            link_path=reverse("antraege:detail", kwargs={"reference": submission.reference}),
        )
