"""Submitted applications (Anträge) with their attachments and the per-year reference counter."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReferenceCounter(models.Model):
    """The last reference number handed out in a year (one row per year, locked on use)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("Referenzzähler")
        verbose_name_plural = _("Referenzzähler")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Submission(models.Model):
    """One received application. Immutable once stored; the eAkte takes it from here.

    It has no status of its own: what the citizen reads is derived from the submission, its
    case, tasks and Bescheide (``portal.concerns``)."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("Online")
        PAPIER = "papier", _("Papier")

    jobcenter = models.ForeignKey(
        "jobcenters.Jobcenter", on_delete=models.PROTECT, related_name="submissions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submissions",
    )
    person = models.ForeignKey(
        "households.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submissions",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="entered_submissions",
    )
    #: The form engine draft this submission came from; unique so that a repeated submit
    #: of the same draft can never create a second submission.
    draft_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    channel = models.CharField(_("Eingangsweg"), max_length=10, choices=Channel.choices)
    form_key = models.CharField(_("Formular"), max_length=50)
    form_version = models.CharField(_("Formularversion"), max_length=50)
    reference = models.CharField(_("Referenz"), max_length=20, unique=True)
    submitted_at = models.DateTimeField(_("Eingegangen am"))
    #: The day the application reached the Jobcenter (Antragstellung, § 37 SGB II): the
    #: day of ``submitted_at`` online; for paper the date of receipt staff entered.
    received_on = models.DateField(_("Eingangsdatum"))
    language = models.CharField(max_length=10, default="de")
    answers = models.JSONField(default=dict)
    #: The answers as shown to the citizen at submission: [[page key, title, [[label, value]]]]
    topics = models.JSONField(default=list)
    sgb2_request = models.JSONField(null=True, blank=True)
    nothing_changed = models.BooleanField(default=False)
    #: SHA-256 of the canonical JSON of the submitted data (see docs/antraege.md).
    fingerprint = models.CharField(max_length=64)
    #: The Eingangsbestätigung (PDF/A), rendered after the submit by the task
    #: ``antraege.tasks.receipt_render``; empty until then ("wird erstellt").
    receipt_name = models.CharField(max_length=255, blank=True, default="")
    receipt_sha256 = models.CharField(max_length=64, blank=True, default="")
    receipt_size = models.PositiveIntegerField(default=0)
    export_name = models.CharField(max_length=255)
    export_sha256 = models.CharField(max_length=64)
    export_size = models.PositiveIntegerField()
    #: Set by the after-commit task once ``submission.received`` was published and once the
    #: e-mail notice was sent, so that a retried task does neither twice.
    handed_over_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Eingegangener Antrag")
        verbose_name_plural = _("Eingegangene Anträge")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["user", "-submitted_at"])]

    class AccessPolicy:
        tenant = "jobcenter"
        owner = "user"

    def __str__(self) -> str:
        return self.reference

    @property
    def receipt_ready(self) -> bool:
        """False while the Eingangsbestätigung is still being rendered."""
        return bool(self.receipt_name)


class SubmissionAttachment(models.Model):
    """A Nachweis submitted with an application (a private copy, fixed at submission)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="attachments")
    question_id = models.CharField(max_length=100, blank=True)
    #: The form engine upload this copy was made from (the id in the answers), if any.
    upload_id = models.PositiveBigIntegerField(null=True, blank=True)
    title = models.CharField(_("Dateiname"), max_length=255)
    content_type = models.CharField(max_length=100)
    sha256 = models.CharField(max_length=64)
    storage_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("Anlage")
        verbose_name_plural = _("Anlagen")
        ordering = ["pk"]

    class AccessPolicy:
        tenant = "submission__jobcenter"
        owner = "submission__user"

    def __str__(self) -> str:
        return self.title


class PaperEntry(models.Model):
    """A paper application being entered by Jobcenter staff (scan plus data entry).

    The answers live in a form engine draft owned by the staff member (the same pages,
    rules and conditions as online); the scan is that draft's upload. "Erfassen" stores
    the submission once (``services.paper_entry_submit``); the draft's key makes it
    idempotent like an online submission.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    jobcenter = models.ForeignKey(
        "jobcenters.Jobcenter", on_delete=models.PROTECT, related_name="paper_entries"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="paper_entries"
    )
    person = models.ForeignKey(
        "households.Person", on_delete=models.PROTECT, related_name="paper_entries"
    )
    #: The answers (a draft that is never counted in the citizens' funnel).
    draft = models.OneToOneField(
        "formengine.Draft", on_delete=models.CASCADE, related_name="paper_entry"
    )
    #: The scan of the paper form (stored unchanged, virus-scanned).
    scan = models.OneToOneField(
        "formengine.Upload", on_delete=models.CASCADE, related_name="paper_entry"
    )
    received_on = models.DateField(_("Eingangsdatum"))
    submission = models.OneToOneField(
        Submission, on_delete=models.PROTECT, null=True, blank=True, related_name="paper_entry"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Papierantrag in Erfassung")
        verbose_name_plural = _("Papieranträge in Erfassung")
        ordering = ["-created_at", "-pk"]

    class AccessPolicy:
        # Staff of the Jobcenter only: citizens never see an entry in progress.
        tenant = "jobcenter"

    def __str__(self) -> str:
        return f"{self.draft.form_key} ({self.public_id})"
