"""The eAkte: a date-effective catalogue plus cases, documents, timeline and Mitwirkung.

The catalogue (case, status, document and decision types) is data with validity dates,
seeded by a data migration and editable in the Django admin; code refers to entries by
their ``key`` and picks the row valid on the day in question (``valid_on``).

Models hold data and invariants only; every write goes through ``casefiles.services``.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobcenter.households.models import NoteCategory

# --- Catalogue ------------------------------------------------------------------------


class CatalogueQuerySet(models.QuerySet):
    def valid_on(self, day: dt.date | None = None) -> CatalogueQuerySet:
        day = day or timezone.localdate()
        return self.filter(valid_from__lte=day).filter(
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day)
        )

    def entry(self, key: str, day: dt.date | None = None):  # noqa: ANN201 - model instance
        """The entry with ``key`` valid on ``day`` (the latest start if periods overlap)."""
        return self.valid_on(day).filter(key=key).order_by("-valid_from").first()


class CatalogueEntry(models.Model):
    key = models.SlugField(_("Schlüssel"), max_length=40)
    title = models.CharField(_("Bezeichnung"), max_length=200)
    valid_from = models.DateField(_("gültig ab"))
    valid_to = models.DateField(_("gültig bis"), null=True, blank=True)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["key", "-valid_from"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError(
                {"valid_to": _("Das Ende der Gültigkeit darf nicht vor ihrem Beginn liegen.")}
            )


def _validity_constraints(prefix: str) -> list[models.BaseConstraint]:
    return [
        models.UniqueConstraint(fields=["key", "valid_from"], name=f"{prefix}_unique_key_from"),
        models.CheckConstraint(
            condition=models.Q(valid_to__isnull=True)
            | models.Q(valid_to__gte=models.F("valid_from")),
            name=f"{prefix}_valid_period",
        ),
    ]


class CaseType(CatalogueEntry):
    """Kind of case with its processing-time standard (Bearbeitungszeit-Standard), both
    numbers in working days (Arbeitstage: Monday to Friday without the public holidays of
    the case's Jobcenter's Land, ``core.arbeitstage``), counted from the day of receipt."""

    processing_days = models.PositiveSmallIntegerField(
        _("Bearbeitungsstandard in Arbeitstagen"),
        validators=[MinValueValidator(1)],
        help_text=_("Innerhalb so vieler Arbeitstage (Montag bis Freitag ohne die Feiertage "
                    "des Landes) nach dem Tag des Eingangs soll ein Fall entschieden sein."),
    )
    at_risk_days = models.PositiveSmallIntegerField(
        _("Warnschwelle in Arbeitstagen"),
        help_text=_("Bleiben nur noch so viele Arbeitstage bis zum Ablauf des Standards, gilt "
                    "ein Fall als gefährdet."),
    )

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("Vorgangsart")
        verbose_name_plural = _("Vorgangsarten")
        constraints = _validity_constraints("casetype")


class StatusType(CatalogueEntry):
    citizen_text = models.CharField(
        _("Text für Kundinnen und Kunden"),
        max_length=300,
        help_text=_("In einfacher Sprache; erscheint im Verlauf im Kundenkonto."),
    )
    notify_citizen = models.BooleanField(_("Kundin oder Kunde benachrichtigen"), default=False)
    is_final = models.BooleanField(
        _("abschließend"),
        default=False,
        help_text=_("Fälle in diesem Status zählen nicht mehr für den Bearbeitungsstandard."),
    )
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    manual = models.BooleanField(
        _("von Hand setzbar"),
        default=True,
        help_text=_("Nein: nur der zugehörige Ablauf setzt diesen Status (z. B. „entschieden“ "
                    "erst mit dem freigegebenen Bescheid)."),
    )

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("Statusart")
        verbose_name_plural = _("Statusarten")
        ordering = ["position", "key", "-valid_from"]
        constraints = _validity_constraints("statustype")


class DocumentType(CatalogueEntry):
    class Direction(models.TextChoices):
        INCOMING = "eingang", _("Eingang")
        OUTGOING = "ausgang", _("Ausgang")
        INTERNAL = "intern", _("Intern")

    direction = models.CharField(_("Richtung"), max_length=10, choices=Direction.choices)

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("Dokumentart")
        verbose_name_plural = _("Dokumentarten")
        constraints = _validity_constraints("documenttype")


class DecisionType(CatalogueEntry):
    objection_period_months = models.PositiveSmallIntegerField(
        _("Widerspruchsfrist in Monaten"), default=1
    )
    requires_four_eyes = models.BooleanField(_("Vier-Augen-Prinzip"), default=False)

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("Entscheidungsart")
        verbose_name_plural = _("Entscheidungsarten")
        constraints = _validity_constraints("decisiontype")


# --- Cases ----------------------------------------------------------------------------


class ServiceState(models.TextChoices):
    """Computed, never stored: see ``casefiles.selectors.with_service_state``."""

    ON_TRACK = "im_plan", _("im Plan")
    AT_RISK = "gefaehrdet", _("gefährdet")
    OVERDUE = "ueberfaellig", _("überfällig")
    DONE = "erledigt", _("erledigt")


class Case(models.Model):
    class Channel(models.TextChoices):
        ONLINE = "online", _("online")
        PAPIER = "papier", _("Papier")

    jobcenter = models.ForeignKey(
        "jobcenters.Jobcenter", on_delete=models.PROTECT, related_name="cases"
    )
    reference = models.CharField(_("Aktenzeichen"), max_length=40, db_index=True)
    case_type = models.ForeignKey(
        CaseType, verbose_name=_("Vorgangsart"), on_delete=models.PROTECT, related_name="cases"
    )
    status = models.ForeignKey(
        StatusType, verbose_name=_("Status"), on_delete=models.PROTECT, related_name="cases"
    )
    applicant = models.ForeignKey(
        "households.Person",
        verbose_name=_("Antragstellende Person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
    )
    applicant_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
    )
    bedarfsgemeinschaft = models.ForeignKey(
        "households.Bedarfsgemeinschaft",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
    )
    submission_id = models.BigIntegerField(_("Antrag (Eingang)"), unique=True, null=True,
                                           blank=True)
    channel = models.CharField(_("Eingangskanal"), max_length=10, choices=Channel.choices,
                               default=Channel.ONLINE)
    form_key = models.CharField(_("Formular"), max_length=40, blank=True)
    data = models.JSONField(_("Angaben"), default=dict, blank=True)
    topics = models.JSONField(_("Angaben nach Themen"), default=list, blank=True)
    sgb2_request = models.JSONField(_("Berechnungsanfrage"), null=True, blank=True)
    nothing_changed = models.BooleanField(_("keine Änderungen"), default=False)
    team = models.ForeignKey(
        "jobcenters.Team", verbose_name=_("Team"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="cases"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Bearbeitung"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_cases",
    )
    received_at = models.DateTimeField(_("Eingang"))
    due_at = models.DateTimeField(_("Entscheidung fällig bis"))
    at_risk_at = models.DateTimeField(_("gefährdet ab"))
    closed_at = models.DateTimeField(_("abgeschlossen am"), null=True, blank=True)
    version = models.PositiveIntegerField(_("Version"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Fall")
        verbose_name_plural = _("Fälle")
        ordering = ["due_at", "pk"]
        indexes = [
            models.Index(fields=["jobcenter", "due_at", "id"], name="case_queue_idx"),
            models.Index(fields=["jobcenter", "assignee", "due_at"], name="case_assignee_idx"),
            models.Index(fields=["jobcenter", "status", "due_at"], name="case_status_idx"),
            models.Index(fields=["jobcenter", "team", "due_at"], name="case_team_idx"),
            models.Index(fields=["jobcenter", "received_at", "id"], name="case_received_idx"),
        ]

    class AccessPolicy:
        tenant = "jobcenter"
        owner = "applicant_user"

    def __str__(self) -> str:
        return self.reference


class Document(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents")
    document_type = models.ForeignKey(
        DocumentType, verbose_name=_("Dokumentart"), on_delete=models.PROTECT,
        related_name="documents"
    )
    title = models.CharField(_("Titel"), max_length=200)
    question_id = models.CharField(max_length=100, blank=True)
    visible_to_citizen = models.BooleanField(_("für die Kundin oder den Kunden sichtbar"),
                                             default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+"
    )

    class Meta:
        verbose_name = _("Dokument")
        verbose_name_plural = _("Dokumente")
        ordering = ["created_at", "pk"]

    class AccessPolicy:
        tenant = "case__jobcenter"
        owner = "case__applicant_user"

    def __str__(self) -> str:
        return self.title


class DocumentVersion(models.Model):
    """Immutable content of a document. Never updated: a change is a new version."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("Version"))
    storage_name = models.CharField(max_length=300)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("Größe in Bytes"))
    content_type = models.CharField(_("Dateityp"), max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+"
    )

    class Meta:
        verbose_name = _("Dokumentversion")
        verbose_name_plural = _("Dokumentversionen")
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="docversion_unique")
        ]

    class AccessPolicy:
        tenant = "document__case__jobcenter"
        owner = "document__case__applicant_user"

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"

    def save(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        if not self._state.adding:
            raise ValueError("DocumentVersion is immutable; create a new version instead")
        super().save(*args, **kwargs)


class TimelineEntry(models.Model):
    class Kind(models.TextChoices):
        STATUS = "status", _("Status")
        REQUEST = "request", _("Anforderung")
        MESSAGE = "message", _("Nachricht")
        NOTE = "note", _("Notiz")
        DOCUMENT = "document", _("Dokument")
        DECISION = "decision", _("Entscheidung")
        ASSIGNMENT = "assignment", _("Zuständigkeit")
        APPOINTMENT = "appointment", _("Termin")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="timeline")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+"
    )
    text = models.CharField(_("Text"), max_length=500)
    #: NULL = internal only; set = shown to the citizen in their timeline (contract).
    citizen_text = models.CharField(  # noqa: DJ001
        _("Text für Kundinnen und Kunden"), max_length=500, null=True, blank=True
    )
    #: The case's ``version`` after this change, if the change bumped it (edits of the
    #: case itself). A conflict message lists the entries newer than the editor's version.
    case_version = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("Verlaufseintrag")
        verbose_name_plural = _("Verlauf")
        ordering = ["at", "pk"]

    class AccessPolicy:
        tenant = "case__jobcenter"
        owner = "case__applicant_user"

    def __str__(self) -> str:
        return self.text


class InternalNote(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    text = models.TextField(_("Notiz"), max_length=5000)
    #: One of ``households.models.NoteCategory`` (Vermerke on a case and on a person).
    category = models.CharField(_("Kategorie"), max_length=20, choices=NoteCategory.choices,
                                default=NoteCategory.ALLGEMEIN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("interne Notiz")
        verbose_name_plural = _("interne Notizen")
        ordering = ["-created_at", "-pk"]

    class AccessPolicy:
        tenant = "case__jobcenter"
        owner = None  # internal: never shown to citizens

    def __str__(self) -> str:
        return self.text[:50]


# --- Mitwirkung (§§ 60 ff. SGB I) ----------------------------------------------------


class DocumentRequest(models.Model):
    class Status(models.TextChoices):
        OPEN = "offen", _("offen")
        FULFILLED = "erfuellt", _("erfüllt")
        OVERDUE = "ueberfaellig", _("Frist abgelaufen")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="document_requests")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    deadline = models.DateField(_("Frist"))
    message = models.TextField(_("Erläuterung"), max_length=3000, blank=True)
    legal_notice = models.TextField(_("Rechtsfolgenbelehrung"))
    status = models.CharField(_("Stand"), max_length=15, choices=Status.choices,
                              default=Status.OPEN)
    fulfilled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Mitwirkungsaufforderung")
        verbose_name_plural = _("Mitwirkungsaufforderungen")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "deadline"])]

    class AccessPolicy:
        tenant = "case__jobcenter"
        owner = "case__applicant_user"

    def __str__(self) -> str:
        return f"{self.case} – {self.deadline}"


class DocumentRequestItem(models.Model):
    """One requested document or piece of information: one upload slot for the citizen."""

    request = models.ForeignKey(DocumentRequest, on_delete=models.CASCADE, related_name="items")
    title = models.CharField(_("Unterlage"), max_length=200)
    explanation = models.CharField(_("Hinweis"), max_length=500, blank=True)
    document = models.ForeignKey(Document, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")
    fulfilled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("angeforderte Unterlage")
        verbose_name_plural = _("angeforderte Unterlagen")
        ordering = ["pk"]

    class AccessPolicy:
        tenant = "request__case__jobcenter"
        owner = "request__case__applicant_user"

    def __str__(self) -> str:
        return self.title


class DocumentRequestEvent(models.Model):
    """What happened to a request (notice, reminders, overdue): an event table, not flags.

    ``(request, kind, on)`` is unique so that a reminder task running twice on the same day
    sends nothing twice.
    """

    class Kind(models.TextChoices):
        NOTICE = "benachrichtigung", _("Benachrichtigung versandt")
        REMINDER = "erinnerung", _("Erinnerung versandt")
        OVERDUE = "ueberfaellig", _("Frist abgelaufen")
        UPLOAD = "upload", _("Unterlage hochgeladen")
        FULFILLED = "erfuellt", _("vollständig")

    request = models.ForeignKey(DocumentRequest, on_delete=models.CASCADE,
                                related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    on = models.DateField()
    at = models.DateTimeField(default=timezone.now)
    detail = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("Ereignis zur Mitwirkung")
        verbose_name_plural = _("Ereignisse zur Mitwirkung")
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "kind", "on"],
                condition=~models.Q(kind="upload"),
                name="docrequestevent_once_a_day",
            )
        ]

    class AccessPolicy:
        tenant = "request__case__jobcenter"
        owner = None

    def __str__(self) -> str:
        return f"{self.request_id} {self.kind} {self.on}"


# --- Wiedervorlagen ----------------------------------------------------------------------


class FollowUp(models.Model):
    """A Wiedervorlage: something to look at again on a day, for a person or a team.

    Free ones are set by staff; rule-based ones are created by the code that knows the date
    (end of the Bewilligungszeitraum, of the Kostensenkungsfrist, § 41a proofs, end of a
    Leistungsminderung) through ``casefiles.services.create_follow_up`` — idempotent by
    ``key`` within the Jobcenter.
    """

    class Kind(models.TextChoices):
        FREE = "frei", _("Wiedervorlage")
        BWZ_END = "bwz_ende", _("Ende des Bewilligungszeitraums")
        KOSTENSENKUNG = "kostensenkung", _("Ende der Kostensenkungsfrist")
        NACHWEISE_41A = "nachweise_41a", _("Nachweise zur abschließenden Entscheidung (§ 41a)")
        MINDERUNG_ENDE = "minderung_ende", _("Ende einer Leistungsminderung")

    jobcenter = models.ForeignKey("jobcenters.Jobcenter", on_delete=models.CASCADE,
                                  related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, null=True, blank=True,
                             related_name="follow_ups")
    person = models.ForeignKey("households.Person", on_delete=models.CASCADE, null=True,
                               blank=True, related_name="follow_ups")
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices, default=Kind.FREE)
    due_on = models.DateField(_("fällig am"), db_index=True)
    text = models.CharField(_("Text"), max_length=500)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("Person"),
                                 on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="follow_ups")
    team = models.ForeignKey("jobcenters.Team", verbose_name=_("Team"),
                             on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="follow_ups")
    #: Idempotency key of a rule-based follow-up (e.g. "bwz_ende:42"); empty for free ones.
    key = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    done_at = models.DateTimeField(_("erledigt am"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("Wiedervorlage")
        verbose_name_plural = _("Wiedervorlagen")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["jobcenter", "done_at", "due_on"],
                                name="followup_open_idx")]
        constraints = [
            models.UniqueConstraint(fields=["jobcenter", "key"], condition=~models.Q(key=""),
                                    name="followup_key_unique"),
            models.CheckConstraint(condition=models.Q(case__isnull=False)
                                   | models.Q(person__isnull=False),
                                   name="followup_has_case_or_person"),
        ]

    class AccessPolicy:
        tenant = "jobcenter"
        owner = None  # internal work planning

    def __str__(self) -> str:
        return self.text[:50]
