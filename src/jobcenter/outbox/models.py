"""One row per hand-over to background work (docs/architecture.md, "Background work")."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    """A Celery task to run once, written in the same transaction as the change it follows.

    ``kwargs`` carry ids only, never personal data. A message is *pending* until its task has
    run (``done``) or until it failed ``OUTBOX_MAX_ATTEMPTS`` times (``dead``).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("offen")
        DONE = "done", _("erledigt")
        DEAD = "dead", _("aufgegeben")

    task = models.CharField(_("Aufgabe"), max_length=200)
    kwargs = models.JSONField(_("Argumente"), default=dict, blank=True)
    #: Identifies the hand-over (e.g. "antraege.submission_received:42"); the same key is
    #: written once, so a repeated producer adds nothing. Empty for one-off work.
    key = models.CharField(_("Schlüssel"), max_length=200, unique=True, null=True, blank=True)
    status = models.CharField(
        _("Zustand"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    #: How often the message was handed to the broker (the first time right after commit).
    attempts = models.PositiveSmallIntegerField(_("Zustellversuche"), default=0)
    created_at = models.DateTimeField(_("angelegt"), default=timezone.now)
    dispatched_at = models.DateTimeField(_("zuletzt zugestellt"), null=True, blank=True)
    #: When the sweeper may hand it over again if it is still not done.
    next_attempt_at = models.DateTimeField(_("nächster Versuch"), default=timezone.now)
    done_at = models.DateTimeField(_("erledigt am"), null=True, blank=True)
    failed_at = models.DateTimeField(_("zuletzt fehlgeschlagen"), null=True, blank=True)
    #: The last failure (exception and the end of its traceback) — for operators; never in
    #: the logs, which carry no personal data.
    last_error = models.TextField(_("letzter Fehler"), blank=True)

    class Meta:
        verbose_name = _("Hintergrundauftrag")
        verbose_name_plural = _("Hintergrundaufträge")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The sweeper's query: pending messages by due time (done rows stay out of it).
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status="pending"),
                name="outbox_pending_due",
            ),
            models.Index(fields=["status", "created_at"], name="outbox_status_created"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "done", "dead"]),
                name="outbox_status_known",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="done") | models.Q(done_at__isnull=False),
                name="outbox_done_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task} #{self.pk} ({self.get_status_display()})"
