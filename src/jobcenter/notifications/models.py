"""Notifications sent to users: an event table (one row per notice), never booleans."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobcenter.core.fresh_cache import ForgetfulQuerySet


class NotificationQuerySet(ForgetfulQuerySet["Notification"]):
    """Writes that send no signal still reach the cached unread counts
    (``notifications.selectors.unread_count``)."""

    forget_field = "user_id"
    #: the count is of the user's rows with ``read_at`` empty (the delivery status, the
    #: attempts etc. do not change it)
    depends_on = frozenset({"read_at", "user", "user_id"})

    def forget(self, keys: set[Any]) -> None:
        from jobcenter.notifications.selectors import forget_unread_count

        for user_id in keys:
            forget_unread_count(user_id)


class Notification(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("wartet auf Versand")
        SENT = "sent", _("versendet")
        FAILED = "failed", _("fehlgeschlagen")
        #: Not sent: the citizen switched this kind of notice off (notifications.preferences).
        SKIPPED = "skipped", _("nicht gesendet (abbestellt)")
        #: Refused for good by the receiving side (unknown address or number): not retried.
        BOUNCED = "bounced", _("unzustellbar")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    template = models.CharField(_("Vorlage"), max_length=60)
    #: Identifies the occasion (e.g. "submission:42"); the same occasion is notified once.
    dedup_key = models.CharField(_("Anlass"), max_length=120, unique=True)
    link_path = models.CharField(_("Link"), max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    #: The SMS channel ("" = no SMS for this notice; otherwise a ``Status``).
    sms_status = models.CharField(max_length=10, choices=Status.choices, blank=True, default="")
    #: When the citizen read it in the notification centre (None = unread).
    read_at = models.DateTimeField(null=True, blank=True)
    #: What the notification centre shows besides the title: a Jobcenter's reminder text
    #: (``text_de``, ``text_en``) and the date it is about (``due``, ISO). Never a name.
    params = models.JSONField(default=dict, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("Benachrichtigung")
        verbose_name_plural = _("Benachrichtigungen")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]

    class AccessPolicy:
        tenant = "user__jobcenter"
        owner = "user"

    def __str__(self) -> str:
        return f"{self.template} → {self.user_id} ({self.status})"


class DeliveryAttempt(models.Model):
    """The delivery log: one row per attempt to hand a notice to a channel's provider.

    Staff see it on a person's page and, as figures, in the administration. It holds the
    outcome and the provider's error text, never the message or the address.
    """

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-Mail")
        SMS = "sms", _("SMS")

    class Outcome(models.TextChoices):
        SENT = "sent", _("übergeben")
        FAILED = "failed", _("fehlgeschlagen, wird wiederholt")
        BOUNCED = "bounced", _("unzustellbar")
        SKIPPED = "skipped", _("nicht gesendet (abbestellt)")

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE,
                                     related_name="delivery_attempts")
    channel = models.CharField(_("Versandweg"), max_length=5, choices=Channel.choices)
    outcome = models.CharField(_("Ergebnis"), max_length=10, choices=Outcome.choices)
    provider = models.CharField(_("Dienst"), max_length=40, blank=True)
    detail = models.CharField(_("Meldung des Dienstes"), max_length=300, blank=True)
    at = models.DateTimeField(_("Zeitpunkt"), default=timezone.now)

    class Meta:
        verbose_name = _("Zustellversuch")
        verbose_name_plural = _("Zustellversuche")
        ordering = ["at", "pk"]

    class AccessPolicy:
        tenant = "notification__user__jobcenter"
        owner = "notification__user"

    def __str__(self) -> str:
        return f"{self.notification_id} {self.channel} {self.outcome}"


class NotificationSettings(models.Model):
    """Which optional e-mail notices a person wants (``notifications.preferences``).

    No row means the defaults: every notice. Notices the law or security needs (a request
    for documents with its deadline, a Bescheid ready online, a blocked sign-in) are always
    sent and have no switch here.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="notification_settings")
    case_updates = models.BooleanField(_("Neuigkeiten zu meinen Anliegen"), default=True)
    reminders = models.BooleanField(_("Erinnerungen an Fristen"), default=True)
    #: SMS as a second channel, per kind of notice (off until the person switches it on;
    #: sent to the phone number of the profile).
    sms_important = models.BooleanField(_("SMS bei wichtigen Nachrichten"), default=False)
    sms_case_updates = models.BooleanField(_("SMS bei Neuigkeiten zu meinen Anliegen"),
                                           default=False)
    sms_reminders = models.BooleanField(_("SMS bei Erinnerungen"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Benachrichtigungswunsch")
        verbose_name_plural = _("Benachrichtigungswünsche")

    class AccessPolicy:
        tenant = "user__jobcenter"
        owner = "user"

    def __str__(self) -> str:
        return f"{self.user_id}: updates={self.case_updates} reminders={self.reminders}"
