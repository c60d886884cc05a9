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
    #: The queue it is published to when not the one of its task (``CELERY_TASK_ROUTES``):
    #: work a bulk run hands over (e.g. the PDFs of Bescheide it decided) goes to ``bulk``.
    queue = models.CharField(_("Warteschlange"), max_length=50, blank=True)
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


class BulkRun(models.Model):
    """A bulk run (mass recalculation, payment run, reminder planning) split into
    independent partitions that any number of workers take at once (``outbox.bulk``).

    ``kind`` names the registered handler (``outbox.bulk.register``), ``ref`` the domain's
    own run (e.g. the ``RecalculationRun``'s id). Progress is the sum over the partitions;
    the run row is written only when it starts and once at its end (the summary), so
    workers never queue behind one hot row.
    """

    class Status(models.TextChoices):
        RUNNING = "running", _("läuft")
        DONE = "done", _("fertig")

    kind = models.CharField(_("Art"), max_length=60)
    ref = models.CharField(_("Bezug"), max_length=100)
    status = models.CharField(_("Zustand"), max_length=10, choices=Status.choices,
                              default=Status.RUNNING)
    #: Run by the Celery workers (``True``) or in the starting process (``False``).
    dispatched = models.BooleanField(_("an Celery übergeben"), default=False)
    created_at = models.DateTimeField(_("gestartet"), default=timezone.now)
    finished_at = models.DateTimeField(_("fertig am"), null=True, blank=True)
    #: What the run's handler reported at the end (counts, file names; never personal data).
    summary = models.JSONField(_("Ergebnis"), default=dict, blank=True)

    class Meta:
        verbose_name = _("Massenlauf")
        verbose_name_plural = _("Massenläufe")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "ref"], name="bulkrun_once_per_ref"),
        ]

    class AccessPolicy:
        tenant = None  # platform-wide; the partitions carry the Jobcenter
        owner = None

    def __str__(self) -> str:
        return f"{self.kind} {self.ref}"


class BulkPartition(models.Model):
    """One independent piece of a ``BulkRun``: a Jobcenter's range of keys
    (``lo``–``hi``, e.g. case ids) with its own checkpoint (``cursor``, the last key done).

    A worker claims it with ``SELECT … FOR UPDATE SKIP LOCKED``; its chunks commit together
    with the new checkpoint and counts, so a retry continues after the last chunk.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("wartet")
        RUNNING = "running", _("läuft")
        FAILED = "failed", _("fehlgeschlagen, wird wiederholt")
        DONE = "done", _("fertig")

    run = models.ForeignKey(BulkRun, on_delete=models.CASCADE, related_name="partitions")
    number = models.PositiveIntegerField(_("Nummer"))
    #: The Jobcenter whose keys the partition holds (an id: ``outbox`` imports no app).
    jobcenter_id = models.BigIntegerField(_("Jobcenter"), null=True, blank=True, db_index=True)
    lo = models.BigIntegerField(_("erster Schlüssel"), default=0)
    hi = models.BigIntegerField(_("letzter Schlüssel"), default=0)
    #: Handler-specific parameters of the partition (JSON, no personal data).
    params = models.JSONField(_("Parameter"), default=dict, blank=True)
    cursor = models.BigIntegerField(_("Prüfpunkt"), default=0)
    status = models.CharField(_("Zustand"), max_length=10, choices=Status.choices,
                              default=Status.PENDING)
    total = models.PositiveIntegerField(_("Fälle"), default=0)
    processed = models.PositiveIntegerField(_("bearbeitet"), default=0)
    #: The handler's counts (e.g. changed, unchanged, errors), summed per chunk.
    counts = models.JSONField(_("Zähler"), default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(_("Versuche"), default=0)
    worker = models.CharField(_("Worker"), max_length=200, blank=True)
    heartbeat_at = models.DateTimeField(_("zuletzt aktiv"), null=True, blank=True)
    finished_at = models.DateTimeField(_("fertig am"), null=True, blank=True)
    seconds = models.FloatField(_("Sekunden"), default=0.0)
    cpu_seconds = models.FloatField(_("CPU-Sekunden"), default=0.0)
    last_error = models.TextField(_("letzter Fehler"), blank=True)

    class Meta:
        verbose_name = _("Teil eines Massenlaufs")
        verbose_name_plural = _("Teile von Massenläufen")
        ordering = ["run", "number"]
        constraints = [
            models.UniqueConstraint(fields=["run", "number"], name="bulkpartition_number_once"),
        ]
        indexes = [models.Index(fields=["run", "status"], name="bulkpartition_run_status")]

    class AccessPolicy:
        tenant = "jobcenter_id"
        owner = None

    def __str__(self) -> str:
        return f"{self.run_id}/{self.number}"
