"""Proactive reminders as data: a Jobcenter's rules and the reminders planned from them."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderRule(models.Model):
    """"Remind of <source> <days_before> days before, by <channel>, with <text>" — one rule
    of one Jobcenter, edited by its admin (backoffice "Erinnerungen").

    ``source`` is the key of a registered reminder source (``reminders.sources``: the
    Weiterbewilligung, Mitwirkung deadlines, appointments …); a rule whose source is not
    registered in this installation plans nothing.
    """

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-Mail")
        SMS = "sms", _("SMS (sonst E-Mail)")
        BOTH = "email_sms", _("E-Mail und SMS")

    jobcenter = models.ForeignKey("jobcenters.Jobcenter", on_delete=models.CASCADE,
                                  related_name="reminder_rules")
    source = models.CharField(_("Anlass"), max_length=30)
    days_before = models.PositiveSmallIntegerField(
        _("Tage vorher"), validators=[MinValueValidator(1), MaxValueValidator(365)])
    channel = models.CharField(_("Versandweg"), max_length=10, choices=Channel.choices,
                               default=Channel.EMAIL)
    text_de = models.CharField(_("Zusätzlicher Hinweis (Deutsch)"), max_length=300, blank=True)
    text_en = models.CharField(_("Zusätzlicher Hinweis (Englisch)"), max_length=300, blank=True)
    active = models.BooleanField(_("aktiv"), default=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("Erinnerungsregel")
        verbose_name_plural = _("Erinnerungsregeln")
        ordering = ["source", "-days_before"]
        constraints = [
            models.UniqueConstraint(fields=["jobcenter", "source", "days_before"],
                                    name="reminderrule_once_per_offset"),
        ]

    class AccessPolicy:
        tenant = "jobcenter"
        owner = None

    def __str__(self) -> str:
        return f"{self.jobcenter_id}: {self.source} −{self.days_before}d ({self.channel})"

    @property
    def channels(self) -> tuple[str, ...]:
        return {"email": ("email",), "sms": ("sms",), "email_sms": ("email", "sms")}[self.channel]


class ReminderDispatch(models.Model):
    """One reminder planned for one person: the unique ``key`` (Jobcenter, source, days
    before, object, date of the occasion) makes planning idempotent per rule, object and
    period — a second run, a retried task or a rule deleted and made again plan nothing
    twice. The notice itself is a ``notifications.Notification`` (dedup key
    ``reminder:<key>``)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("geplant")
        SENT = "sent", _("versendet")
        CANCELLED = "cancelled", _("entfallen")

    key = models.CharField(max_length=110, unique=True)
    rule = models.ForeignKey(ReminderRule, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="dispatches")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="reminder_dispatches")
    source = models.CharField(max_length=30)
    object_key = models.CharField(max_length=60)
    occasion = models.DateField(_("Tag des Anlasses"))  # Europe/Berlin
    planned_for = models.DateField(_("geplant für"))  # Europe/Berlin
    link_path = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    handed_over_at = models.DateTimeField(null=True, blank=True)
    notification = models.ForeignKey("notifications.Notification", on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("geplante Erinnerung")
        verbose_name_plural = _("geplante Erinnerungen")
        indexes = [models.Index(fields=["status", "handed_over_at"],
                                name="reminderdispatch_due")]

    class AccessPolicy:
        tenant = "user__jobcenter"
        owner = "user"

    def __str__(self) -> str:
        return self.key
