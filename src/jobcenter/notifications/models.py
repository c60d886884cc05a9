"""Notifications sent to users: an event table (one row per notice), never booleans."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("wartet auf Versand")
        SENT = "sent", _("versendet")
        FAILED = "failed", _("fehlgeschlagen")
        #: Not sent: the citizen switched this kind of notice off (notifications.preferences).
        SKIPPED = "skipped", _("nicht gesendet (abbestellt)")

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

    class Meta:
        verbose_name = _("Benachrichtigung")
        verbose_name_plural = _("Benachrichtigungen")
        ordering = ["-created_at"]

    class AccessPolicy:
        tenant = "user__jobcenter"
        owner = "user"

    def __str__(self) -> str:
        return f"{self.template} → {self.user_id} ({self.status})"


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
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Benachrichtigungswunsch")
        verbose_name_plural = _("Benachrichtigungswünsche")

    class AccessPolicy:
        tenant = "user__jobcenter"
        owner = "user"

    def __str__(self) -> str:
        return f"{self.user_id}: updates={self.case_updates} reminders={self.reminders}"
