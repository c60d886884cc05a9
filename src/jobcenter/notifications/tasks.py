from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from jobcenter.notifications.models import Notification
from jobcenter.notifications.preferences import is_wanted
from jobcenter.notifications.services import TEMPLATES


@shared_task(outbox_atomic=False)  # type: ignore[call-overload]  # our option (outbox.delivery)
def send_notification(notification_id: int) -> str:
    """Send one notice. Safe to run twice: a sent notice is not sent again.

    The row stays locked while the mail is handed over, so two concurrent runs cannot both
    send. A failure is recorded outside that transaction and raised; the outbox hands the
    notice over again (with backoff). ``outbox_atomic=False``: the mail leaves the system, so
    the task keeps its own transactions instead of running inside the outbox's.
    """
    error: OSError | None = None
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update().select_related("user").get(pk=notification_id)
        )
        if notification.status in (Notification.Status.SENT, Notification.Status.SKIPPED):
            return "already sent"
        if not is_wanted(user_id=notification.user_id, template=notification.template):
            Notification.objects.filter(pk=notification_id).update(
                status=Notification.Status.SKIPPED)
            return "skipped"
        base = TEMPLATES[notification.template]
        context = {
            "link": f"{settings.PUBLIC_BASE_URL.rstrip('/')}{notification.link_path or '/portal/'}",
            "platform_name": settings.JOBCENTER_PLATFORM_NAME,
        }
        subject = render_to_string(f"{base}_subject.txt", context).strip()
        body = render_to_string(f"{base}_body.txt", context)
        try:
            send_mail(subject, body, None, [notification.user.email])
        except OSError as exc:
            error = exc
        else:
            Notification.objects.filter(pk=notification_id).update(
                status=Notification.Status.SENT, sent_at=timezone.now(),
                attempts=F("attempts") + 1, last_error="",
            )
    if error is not None:
        Notification.objects.filter(pk=notification_id).update(
            status=Notification.Status.FAILED, attempts=F("attempts") + 1,
            last_error=str(error)[:300],
        )
        raise error
    return "sent"
