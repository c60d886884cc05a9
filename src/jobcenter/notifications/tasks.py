from __future__ import annotations

import re
import smtplib

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string, select_template
from django.utils import timezone

from jobcenter.core import datastand
from jobcenter.notifications import sms
from jobcenter.notifications.models import DeliveryAttempt, Notification
from jobcenter.notifications.preferences import is_wanted, sms_wanted
from jobcenter.notifications.services import TEMPLATES

#: The SMS of a notice kind that has no text of its own.
GENERIC_SMS = "notifications/email/generic_sms.txt"

_ADDRESS = re.compile(r"\S+@\S+")

#: SMTP answers that mean the address will never work (5xx on the recipient): a bounce.
_PERMANENT_SMTP = (smtplib.SMTPRecipientsRefused,)


def _context(notification: Notification) -> dict[str, str]:
    params = notification.params or {}
    return {
        "link": f"{settings.PUBLIC_BASE_URL.rstrip('/')}{notification.link_path or '/portal/'}",
        "platform_name": settings.JOBCENTER_PLATFORM_NAME,
        # a Jobcenter's reminder text (a rule, the same for everybody): never personal data
        "text_de": str(params.get("text_de", "")),
        "text_en": str(params.get("text_en", "")),
    }


def _log(notification: Notification, channel: str, outcome: str, provider: str = "",
         detail: str = "") -> None:
    """Record a delivery attempt (after the notice's status was updated: its account's
    cached pages are renewed too — from the row at hand, without a query)."""
    datastand.changed(Notification, instances=[notification])
    DeliveryAttempt.objects.create(notification_id=notification.pk, channel=channel,
                                   outcome=outcome, provider=provider[:40], detail=detail[:300])


def _email_provider() -> str:
    return settings.EMAIL_BACKEND.rsplit(".", 2)[-2][:40]


@shared_task(outbox_atomic=False)  # type: ignore[call-overload]  # our option (outbox.delivery)
def send_notification(notification_id: int) -> str:
    """Send one notice by e-mail. Safe to run twice: a sent notice is not sent again.

    The row stays locked while the mail is handed over, so two concurrent runs cannot both
    send. A failure is recorded outside that transaction and raised; the outbox hands the
    notice over again (with backoff). A refusal for good (the address does not exist) is a
    bounce: recorded, not retried. ``outbox_atomic=False``: the mail leaves the system, so
    the task keeps its own transactions instead of running inside the outbox's.
    """
    error: OSError | None = None
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update().select_related("user").get(pk=notification_id)
        )
        if notification.status in (Notification.Status.SENT, Notification.Status.SKIPPED,
                                   Notification.Status.BOUNCED):
            return "already sent"
        if not is_wanted(user_id=notification.user_id, template=notification.template):
            Notification.objects.filter(pk=notification_id).update(
                status=Notification.Status.SKIPPED)
            _log(notification, DeliveryAttempt.Channel.EMAIL,
                 DeliveryAttempt.Outcome.SKIPPED)
            return "skipped"
        base = TEMPLATES[notification.template]
        context = _context(notification)
        subject = render_to_string(f"{base}_subject.txt", context).strip()
        body = render_to_string(f"{base}_body.txt", context)
        try:
            send_mail(subject, body, None, [notification.user.email])
        except _PERMANENT_SMTP as exc:
            Notification.objects.filter(pk=notification_id).update(
                status=Notification.Status.BOUNCED, attempts=F("attempts") + 1,
                last_error=f"SMTP: {type(exc).__name__}"[:300])
            _log(notification, DeliveryAttempt.Channel.EMAIL,
                 DeliveryAttempt.Outcome.BOUNCED, _email_provider(),
                 _smtp_detail(exc))
            return "bounced"
        except OSError as exc:
            error = exc
        else:
            Notification.objects.filter(pk=notification_id).update(
                status=Notification.Status.SENT, sent_at=timezone.now(),
                attempts=F("attempts") + 1, last_error="",
            )
            _log(notification, DeliveryAttempt.Channel.EMAIL,
                 DeliveryAttempt.Outcome.SENT, _email_provider())
    if error is not None:
        Notification.objects.filter(pk=notification_id).update(
            status=Notification.Status.FAILED, attempts=F("attempts") + 1,
            last_error=str(error)[:300],
        )
        _log(notification, DeliveryAttempt.Channel.EMAIL, DeliveryAttempt.Outcome.FAILED,
             _email_provider(), str(error))
        raise error
    return "sent"


def _smtp_detail(exc: smtplib.SMTPRecipientsRefused) -> str:
    """The server's code and answer, without the refused address."""
    answers = [f"{code} {_text(message)}" for code, message in exc.recipients.values()]
    return ("SMTP " + "; ".join(answers))[:300]


def _text(message: bytes | str) -> str:
    text = message.decode(errors="replace") if isinstance(message, bytes) else message
    return _ADDRESS.sub("<…>", text)  # servers echo the refused address: not kept


class SmsDeliveryError(OSError):
    """A temporary SMS failure: the outbox hands the notice over again."""


@shared_task(outbox_atomic=False)  # type: ignore[call-overload]  # our option (outbox.delivery)
def send_sms_notification(notification_id: int) -> str:
    """Send one notice by SMS (``notifications.sms``), with the same guarantees as the
    e-mail: once per notice, the choice checked when it is sent, every attempt logged."""
    error: SmsDeliveryError | None = None
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update().select_related("user").get(pk=notification_id)
        )
        if notification.sms_status in ("", Notification.Status.SENT, Notification.Status.SKIPPED,
                                       Notification.Status.BOUNCED):
            return "already sent"
        provider = sms.provider()
        number = sms.mobile_number(notification.user.phone)
        if (provider is None or not number
                or not sms_wanted(user_id=notification.user_id, template=notification.template)):
            Notification.objects.filter(pk=notification_id).update(
                sms_status=Notification.Status.SKIPPED)
            _log(notification, DeliveryAttempt.Channel.SMS, DeliveryAttempt.Outcome.SKIPPED,
                 provider.name if provider else "")
            return "skipped"
        text = select_template([f"{TEMPLATES[notification.template]}_sms.txt",
                                GENERIC_SMS]).render(_context(notification)).strip()
        result = provider.send(to=number, text=text)
        if result.ok:
            Notification.objects.filter(pk=notification_id).update(
                sms_status=Notification.Status.SENT)
            _log(notification, DeliveryAttempt.Channel.SMS, DeliveryAttempt.Outcome.SENT,
                 provider.name, f"id {result.reference}" if result.reference else "")
            return "sent"
        if result.permanent:
            Notification.objects.filter(pk=notification_id).update(
                sms_status=Notification.Status.BOUNCED)
            _log(notification, DeliveryAttempt.Channel.SMS, DeliveryAttempt.Outcome.BOUNCED,
                 provider.name, result.error)
            return "bounced"
        error = SmsDeliveryError(result.error or "SMS gateway failed")
        provider_name = provider.name
    Notification.objects.filter(pk=notification_id).update(sms_status=Notification.Status.FAILED)
    _log(notification, DeliveryAttempt.Channel.SMS, DeliveryAttempt.Outcome.FAILED,
         provider_name, str(error))
    raise error
