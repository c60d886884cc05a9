"""Notices to citizens: one row per occasion in the notification centre of the account,
sent by e-mail and — if the person chose it — by SMS. E-mails and SMS never contain
personal data: only that something new is waiting in the account, a Jobcenter's reminder
text, and a link. The same occasion (``dedup_key``) is notified exactly once."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobcenter.core import datastand
from jobcenter.notifications import preferences, sms
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
    "anhoerung": "notifications/email/anhoerung",
    "postfach_message": "notifications/email/postfach_message",
    # proactive reminders (jobcenter.reminders): the Jobcenter's rule adds its text
    "weiterbewilligung_reminder": "notifications/email/weiterbewilligung_reminder",
    "appointment_reminder": "notifications/email/appointment_reminder",
    # appointments (jobcenter.termine)
    "appointment_booked": "notifications/email/appointment_booked",
    "appointment_confirmed": "notifications/email/appointment_confirmed",
    "appointment_moved": "notifications/email/appointment_moved",
    "appointment_cancelled": "notifications/email/appointment_cancelled",
    "meldetermin_invitation": "notifications/email/meldetermin_invitation",
    "meldetermin_decision": "notifications/email/meldetermin_decision",
    # the copy of one's data (jobcenter.auskunft)
    "data_copy_ready": "notifications/email/data_copy_ready",
}

#: template key → the title in the notification centre (a template without one shows the
#: general title). Plain language, no personal data.
TITLES = {
    "submission_received": _("Ihr Antrag ist eingegangen"),
    "document_request": _("Ihr Jobcenter braucht Unterlagen von Ihnen"),
    "document_request_reminder": _("Erinnerung: Frist für Unterlagen"),
    "bescheid_available": _("Ein Bescheid liegt für Sie bereit"),
    "status_changed": _("Neuigkeiten zu Ihrem Anliegen"),
    "login_throttled": _("Mehrere falsche Passwörter für Ihr Konto"),
    "weiterbewilligung_reminder": _("Erinnerung: Weiterbewilligung beantragen"),
    "appointment_reminder": _("Erinnerung an Ihren Termin"),
    "anhoerung": _("Bitte äußern Sie sich: Anhörung vor einer Entscheidung"),
    "postfach_message": _("Neue Nachricht in Ihrem Postfach"),
    "appointment_booked": _("Ihr Termin ist gebucht"),
    "appointment_confirmed": _("Ihr Termin ist bestätigt"),
    "appointment_moved": _("Ihr Termin hat sich geändert"),
    "appointment_cancelled": _("Ihr Termin wurde abgesagt"),
    "meldetermin_invitation": _("Einladung zu einem Termin beim Jobcenter"),
    "meldetermin_decision": _("Antwort zu Ihrer Absage eines Meldetermins"),
    "data_copy_ready": _("Die Kopie Ihrer Daten ist bereit"),
}
DEFAULT_TITLE = _("Neue Benachrichtigung")

#: The channels a caller may ask for. SMS goes out only when the person switched it on for
#: this kind of notice and has a mobile number in the profile.
CHANNELS = ("email", "sms")


def title_for(template: str) -> Any:
    return TITLES.get(template, DEFAULT_TITLE)


def _sms_wanted(user: User, template: str) -> bool:
    return (sms.sms_available() and bool(sms.mobile_number(getattr(user, "phone", "")))
            and preferences.sms_wanted(user_id=user.pk, template=template))


def notify(*, user: User, template: str, dedup_key: str, link_path: str = "",
           channels: Iterable[str] = CHANNELS,
           params: dict[str, Any] | None = None) -> Notification:
    """Record a notice (shown in the notification centre) and hand its e-mail — and its SMS,
    if the person chose SMS for this kind — to the outbox: sent after the surrounding
    transaction commits, and again until it is sent (at least once, normally once).

    ``channels`` narrows the channels (a reminder rule "nur SMS"); when none of them can
    reach the person (SMS asked for, but not switched on), the e-mail goes out instead.
    ``params``: what the centre shows besides the title (``text_de``/``text_en``, ``due``).
    """
    if template not in TEMPLATES:
        raise KeyError(f"unknown notification template {template!r}")
    wanted = set(channels)
    unknown = wanted - set(CHANNELS)
    if unknown:
        raise ValueError(f"unknown channels {sorted(unknown)!r}")
    send_sms = "sms" in wanted and _sms_wanted(user, template)
    send_email = "email" in wanted or not send_sms
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                user=user, template=template, dedup_key=dedup_key, link_path=link_path,
                params=params or {},
                status=Notification.Status.PENDING if send_email else Notification.Status.SKIPPED,
                sms_status=Notification.Status.PENDING if send_sms else "",
            )
    except IntegrityError:
        return Notification.objects.get(dedup_key=dedup_key)
    from jobcenter.notifications.tasks import send_notification, send_sms_notification

    if send_email:
        outbox_enqueue(task=send_notification, kwargs={"notification_id": notification.pk},
                       key=f"notifications.send:{notification.pk}")
    if send_sms:
        outbox_enqueue(task=send_sms_notification,
                       kwargs={"notification_id": notification.pk},
                       key=f"notifications.sms:{notification.pk}")
    return notification


# --- The notification centre (the citizen's own notices) --------------------------------


def notification_mark_read(*, user: User, notification_id: int) -> bool:
    """Mark one of the user's notices read (kept as first read); False if it is not theirs
    (or unknown)."""
    theirs = Notification.objects.filter(pk=notification_id, user=user)
    if theirs.filter(read_at__isnull=True).update(read_at=timezone.now()):
        datastand.changed(Notification, [notification_id])
    return theirs.exists()


def notifications_mark_all_read(*, user: User) -> int:
    marked = Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now())
    if marked:
        datastand.bump([datastand.scope(datastand.USER, user.pk)])
    return marked
