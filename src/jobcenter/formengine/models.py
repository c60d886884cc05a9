"""Drafts of form answers, their uploads, and anonymous funnel counts."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Draft(models.Model):
    """A citizen's form in progress: the answers given so far, saved after every page."""

    class Status(models.TextChoices):
        OPEN = "open", _("In Bearbeitung")
        SUBMITTED = "submitted", _("Abgeschickt")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="form_drafts"
    )
    jobcenter = models.ForeignKey(
        "jobcenters.Jobcenter",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="form_drafts",
    )
    form_key = models.CharField(_("Formular"), max_length=63)
    form_version = models.CharField(_("Formularversion"), max_length=32)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    #: {question_id: value}; repeating groups {group_id: [{question_id: value}]}.
    answers = models.JSONField(default=dict, blank=True)
    #: Input that did not pass validation when the citizen left the page with "Zurück":
    #: {question_id or group field name: raw text}; shown again, never submitted.
    pending_input = models.JSONField(default=dict, blank=True)
    current_page = models.CharField(max_length=63, blank=True)
    #: Pages the citizen has reached (for the funnel: each counted once per draft).
    reached_pages = models.JSONField(default=list, blank=True)
    #: Optimistic locking: ``version`` grows with every save; ``page_versions`` records the
    #: version at which each page was last saved, so that two tabs saving the same page
    #: are detected while saves of different pages merge.
    version = models.PositiveIntegerField(default=0)
    page_versions = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    expires_at = models.DateTimeField(_("Löschung am"), db_index=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    #: Entered by Jobcenter staff on behalf of a person (a paper application): never
    #: counted in the anonymous funnel, which measures the citizens' own journeys.
    entered_by_staff = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("Entwurf")
        verbose_name_plural = _("Entwürfe")
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["owner", "status", "-updated_at"])]

    class AccessPolicy:
        tenant = "jobcenter"
        owner = "owner"

    def __str__(self) -> str:
        return f"{self.form_key} {self.form_version} ({self.public_id})"

    @property
    def definition(self):
        """The form of this draft, with the choices that depend on its answers filled in."""
        from jobcenter.formengine import registry
        from jobcenter.formengine.options import draft_subject, needs_subject, resolve

        form = registry.get_form(self.form_key, self.form_version) or registry.get_form(
            self.form_key
        )
        if form is None:
            return None
        subject = draft_subject(self) if needs_subject(form) else None
        return resolve(form, self.answers, subject=subject)

    def final_answers(self) -> dict:
        """The answers of every question that is asked under the current answers."""
        from jobcenter.formengine.engine import evaluate

        form = self.definition
        return evaluate(form, self.answers).effective if form else {}


class Upload(models.Model):
    """A file (Nachweis) uploaded for one question of a draft; stored privately."""

    class ScanStatus(models.TextChoices):
        NOT_SCANNED = "not_scanned", _("nicht auf Viren geprüft")
        CLEAN = "clean", _("virenfrei")
        INFECTED = "infected", _("Virus gefunden")
        ERROR = "error", _("Prüfung fehlgeschlagen")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="form_uploads"
    )
    jobcenter = models.ForeignKey(
        "jobcenters.Jobcenter",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="form_uploads",
    )
    draft = models.ForeignKey(
        Draft, on_delete=models.SET_NULL, null=True, blank=True, related_name="uploads"
    )
    question_id = models.CharField(max_length=63)
    original_name = models.CharField(_("Dateiname"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    #: SHA-256 of the stored (sanitised) file.
    sha256 = models.CharField(max_length=64)
    #: SHA-256 of the bytes as received (detects a double submit of the same file).
    source_sha256 = models.CharField(max_length=64)
    storage_name = models.CharField(max_length=255, unique=True)
    scan_status = models.CharField(
        max_length=16, choices=ScanStatus.choices, default=ScanStatus.NOT_SCANNED
    )
    scan_detail = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Hochgeladene Datei")
        verbose_name_plural = _("Hochgeladene Dateien")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["draft", "question_id", "source_sha256"], name="formengine_upload_once"
            )
        ]

    class AccessPolicy:
        tenant = "jobcenter"
        owner = "owner"

    def __str__(self) -> str:
        return self.original_name


class FunnelCount(models.Model):
    """Anonymous daily counts per form, version, page and event — no user, no answers."""

    class Event(models.TextChoices):
        STARTED = "started", _("begonnen")
        PAGE_REACHED = "page_reached", _("Seite erreicht")
        SUBMITTED = "submitted", _("abgeschickt")
        ABANDONED = "abandoned", _("abgebrochen")

    day = models.DateField()
    form_key = models.CharField(max_length=63)
    form_version = models.CharField(max_length=32)
    page_key = models.CharField(max_length=63, blank=True)
    event = models.CharField(max_length=16, choices=Event.choices)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("Trichterzählung")
        verbose_name_plural = _("Trichterzählungen")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "form_key", "form_version", "page_key", "event"],
                name="formengine_funnel_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.form_key}/{self.form_version} {self.page_key} {self.event}"
