"""The access log: every read of personal data by Jobcenter staff (who, when, what, why).

Recorded from the first staff view on; the citizen's own view of it ("who read my data")
comes with a later issue and reads exactly these rows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessLogEntry(models.Model):
    class Purpose(models.TextChoices):
        SEARCH = "suche", _("Suche nach Personen")
        VIEW_PERSON = "person", _("Ansicht der Personendaten")
        CASE_WORK = "fallbearbeitung", _("Fallbearbeitung")
        DOCUMENT = "dokument", _("Ansicht eines Dokuments")
        ADMIN = "verwaltung", _("Verwaltung")

    at = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="access_log_entries"
    )
    actor_role = models.CharField(_("Rolle"), max_length=20)
    jobcenter = models.ForeignKey(
        "jobcenters.Jobcenter", on_delete=models.PROTECT, related_name="access_log_entries"
    )
    person = models.ForeignKey(
        "households.Person",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="access_log_entries",
        help_text=_("Die Person, deren Daten gelesen wurden."),
    )
    purpose = models.CharField(_("Zweck"), max_length=20, choices=Purpose.choices)
    object_type = models.CharField(_("Art der Daten"), max_length=60)
    object_id = models.CharField(_("Kennung"), max_length=60, blank=True)
    detail = models.CharField(_("Beschreibung"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Zugriffsprotokoll-Eintrag")
        verbose_name_plural = _("Zugriffsprotokoll")
        ordering = ["-at"]
        indexes = [models.Index(fields=["person", "-at"])]

    class AccessPolicy:
        tenant = "jobcenter"
        owner = "person__user"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_id} {self.object_type} {self.object_id}"
