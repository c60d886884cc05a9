from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from jobcenter.jobcenters.models import AccessibilityFeedback, LegalTexts


@shared_task(outbox_atomic=False)  # type: ignore[call-overload]  # our option (outbox.delivery)
def send_accessibility_feedback_notice(feedback_id: int) -> str:
    """Tell the Jobcenter's feedback address that a barrier was reported. The mail names no
    content (the report may hold personal data): staff read it in the Verwaltung. Safe to
    run twice: the row is locked and marked."""
    with transaction.atomic():
        feedback = AccessibilityFeedback.objects.select_for_update().get(pk=feedback_id)
        if feedback.notified_at is not None:
            return "already sent"
        jobcenter = feedback.jobcenter
        texts = LegalTexts.objects.filter(jobcenter=jobcenter).first()
        to = (texts.feedback_email if texts and texts.feedback_email else "") or jobcenter.email
        with translation.override("de"):
            context = {
                "jobcenter": jobcenter,
                "link": settings.PUBLIC_BASE_URL.rstrip("/")
                + reverse("backoffice:legal_feedback"),
                "platform_name": settings.JOBCENTER_PLATFORM_NAME,
            }
            subject = render_to_string("jobcenters/email/feedback_subject.txt", context).strip()
            body = render_to_string("jobcenters/email/feedback_body.txt", context)
        send_mail(subject, body, None, [to])
        AccessibilityFeedback.objects.filter(pk=feedback_id).update(notified_at=timezone.now())
    return "sent"
