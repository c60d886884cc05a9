"""A citizen's request for a copy of their data (Art. 15 Abs. 3 DSGVO, § 83 SGB X)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DataCopy(models.Model):
    """One request: asked for, built by the outbox task, downloaded, deleted after expiry.

    The row stays after the file is deleted: it is the Jobcenter's record that a copy was
    requested (``requested_at``) and delivered (``first_downloaded_at``)."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("wird erstellt")
        READY = "ready", _("bereit zum Herunterladen")
        EXPIRED = "expired", _("abgelaufen und gelöscht")
        #: Not built in time (the outbox gave up): the citizen may ask again at once.
        FAILED = "failed", _("konnte nicht erstellt werden")

    jobcenter = models.ForeignKey("jobcenters.Jobcenter", on_delete=models.PROTECT,
                                  related_name="+")
    citizen = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="data_copies")
    #: The language of the readable summary (the citizen's language when asking).
    language = models.CharField(max_length=8)
    status = models.CharField(_("Stand"), max_length=10, choices=Status.choices,
                              default=Status.REQUESTED)
    requested_at = models.DateTimeField(_("angefordert am"))
    ready_at = models.DateTimeField(_("erstellt am"), null=True, blank=True)
    expires_at = models.DateTimeField(_("herunterladbar bis"), null=True, blank=True)
    first_downloaded_at = models.DateTimeField(_("zuerst heruntergeladen am"), null=True,
                                               blank=True)
    downloads = models.PositiveSmallIntegerField(_("Downloads"), default=0)
    storage_name = models.CharField(max_length=300, blank=True)
    size = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("Kopie der Daten")
        verbose_name_plural = _("Kopien der Daten")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["citizen"], condition=Q(status="requested"),
                                    name="datacopy_one_open_per_citizen"),
        ]

    class AccessPolicy:
        tenant = "jobcenter"
        owner = "citizen"

    def __str__(self) -> str:
        return f"DataCopy {self.pk} ({self.status})"
