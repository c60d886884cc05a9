"""E-mail notices. They never contain personal data: only that something new is waiting in
the account, and a link. The same occasion (``dedup_key``) is notified exactly once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction

from jobcenter.notifications.models import Notification
from jobcenter.outbox.services import outbox_enqueue

if TYPE_CHECKING:  # accounts sits above notifications (it sends the sign-in notice)
    from jobcenter.accounts.models import User

#: template key → (subject, body) template paths; texts are bilingual (German, then English).
TEMPLATES = {
    "submission_received": "notifications/email/submission_received",
    "document_request": "notifications/email/document_request",
    "document_request_reminder": "notifications/email/document_request_reminder",
    "bescheid_available": "notifications/email/bescheid_available",
    "status_changed": "notifications/email/status_changed",
    "login_throttled": "notifications/email/login_throttled",
    # appointments (jobcenter.termine)
    "appointment_booked": "notifications/email/appointment_booked",
    "appointment_confirmed": "notifications/email/appointment_confirmed",
    "appointment_moved": "notifications/email/appointment_moved",
    "appointment_cancelled": "notifications/email/appointment_cancelled",
    "meldetermin_invitation": "notifications/email/meldetermin_invitation",
    "meldetermin_decision": "notifications/email/meldetermin_decision",
}


def notify(*, user: User, template: str, dedup_key: str, link_path: str = "") -> Notification:
    """Record a notice and hand its e-mail to the outbox: sent after the surrounding
    transaction commits, and again until it is sent (at least once, normally once)."""
    if template not in TEMPLATES:
        raise KeyError(f"unknown notification template {template!r}")
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                user=user, template=template, dedup_key=dedup_key, link_path=link_path
            )
    except IntegrityError:
        return Notification.objects.get(dedup_key=dedup_key)
    from jobcenter.notifications.tasks import send_notification

    outbox_enqueue(task=send_notification, kwargs={"notification_id": notification.pk},
                   key=f"notifications.send:{notification.pk}")
    return notification
