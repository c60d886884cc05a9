"""After-commit work of a submission: hand-over to the eAkte and the e-mail notice."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _

from jobcenter.antraege import services
from jobcenter.antraege.models import Submission
from jobcenter.core import events


@shared_task(bind=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=8)
def submission_received(self, submission_id: int) -> None:  # noqa: ARG001
    """Publish ``submission.received`` once, then send the notice once (both idempotent)."""
    submission = Submission.objects.select_related("user").filter(pk=submission_id).first()
    if submission is None:
        return
    if submission.handed_over_at is None:
        events.publish("submission.received", submission_id=submission.pk)
        services.submission_mark_handed_over(submission_id=submission.pk)
    if (
        submission.user is not None
        and submission.user.email
        and services.submission_mark_notified(submission_id=submission.pk)
    ):
        with translation.override(submission.language or "de"):
            # No personal data: no name, no amounts, no answers — only the reference.
            subject = _("Ihr Antrag ist eingegangen")
            body = _(
                "Guten Tag,\n\nIhr Antrag ist bei uns eingegangen. Referenz: %(reference)s\n\n"
                "Die Eingangsbestätigung finden Sie in Ihrem Konto unter „Anträge“.\n\n"
                "Ihr Jobcenter"
            ) % {"reference": submission.reference}
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [submission.user.email])
        except Exception:
            Submission.objects.filter(pk=submission.pk).update(notice_sent_at=None)
            raise
