"""The secure Postfach: topics with their team and service clock, Textbausteine, threads
between a citizen and their Jobcenter, messages and attachments.

Every message and attachment is also an immutable eAkte document (``casefiles``), filed in
the same transaction as the message; the rows here keep the link (``document_version``)
and the content's SHA-256. Models hold data and invariants only; every write goes through
``postfach.services``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Topic(models.Model):
    """What a citizen can write about, per Jobcenter, with the routing rule (the team that
    answers) and the service clock (answer within so many working days)."""

    jobcenter = models.ForeignKey("jobcenters.Jobcenter", on_delete=models.CASCADE,
                                  related_name="postfach_topics")
    title = models.CharField(_("Thema"), max_length=120)
    description = models.CharField(_("Beschreibung für Kundinnen und Kunden"), max_length=300,
                                   blank=True)
    team = models.ForeignKey(
        "jobcenters.Team", verbose_name=_("Zuständiges Team"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="postfach_topics",
        help_text=_("Nachrichten zu diesem Thema landen im Posteingang dieses Teams. Ohne "
                    "Team sehen sie alle, die Nachrichten bearbeiten."),
    )
    service_days = models.PositiveSmallIntegerField(
        _("Antwort innerhalb von (Arbeitstagen)"), default=3,
        help_text=_("Arbeitstage sind Montag bis Freitag ohne die Feiertage Ihres Landes."),
    )
    is_active = models.BooleanField(_("für neue Nachrichten wählbar"), default=True)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Thema im Postfach")
        verbose_name_plural = _("Themen im Postfach")
        ordering = ["position", "title", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["jobcenter", "title"],
                                    name="postfach_topic_unique_title"),
        ]

    class AccessPolicy:
        tenant = "jobcenter"
        owner = None  # configuration, no citizen data

    def __str__(self) -> str:
        return self.title


class ReplyTemplate(models.Model):
    """A Textbaustein: a prepared answer with placeholders ({anrede}, {name},
    {sachbearbeitung}, {jobcenter})."""

    jobcenter = models.ForeignKey("jobcenters.Jobcenter", on_delete=models.CASCADE,
                                  related_name="postfach_templates")
    title = models.CharField(_("Bezeichnung"), max_length=120)
    body = models.TextField(_("Text"), max_length=5000)
    is_active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("Textbaustein")
        verbose_name_plural = _("Textbausteine")
        ordering = ["title", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["jobcenter", "title"],
                                    name="postfach_template_unique_title"),
        ]

    class AccessPolicy:
        tenant = "jobcenter"
        owner = None

    def __str__(self) -> str:
        return self.title


class Thread(models.Model):
    class State(models.TextChoices):
        NEW = "neu", _("neu")
        IN_PROGRESS = "in_bearbeitung", _("in Bearbeitung")
        ANSWERED = "beantwortet", _("beantwortet")
        DONE = "erledigt", _("erledigt")

    jobcenter = models.ForeignKey("jobcenters.Jobcenter", on_delete=models.PROTECT,
                                  related_name="postfach_threads")
    citizen = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="postfach_threads")
    person = models.ForeignKey("households.Person", on_delete=models.PROTECT, null=True,
                               blank=True, related_name="postfach_threads")
    #: The eAkte case its messages are filed in (the person's case, or their Postfach case).
    case = models.ForeignKey("casefiles.Case", on_delete=models.PROTECT,
                             related_name="postfach_threads")
    topic = models.ForeignKey(Topic, verbose_name=_("Thema"), on_delete=models.PROTECT,
                              related_name="threads")
    team = models.ForeignKey("jobcenters.Team", verbose_name=_("Team"),
                             on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="postfach_threads")
    subject = models.CharField(_("Betreff"), max_length=150)
    state = models.CharField(_("Stand"), max_length=20, choices=State.choices,
                             default=State.NEW)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("Bearbeitung"),
                                 on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="assigned_postfach_threads")
    started_by_staff = models.BooleanField(default=False)
    #: Service clock: an answer is due by then (NULL while nothing waits for an answer).
    due_at = models.DateTimeField(_("Antwort fällig bis"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_message_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("Unterhaltung")
        verbose_name_plural = _("Unterhaltungen")
        ordering = ["-last_message_at", "-pk"]
        indexes = [
            models.Index(fields=["jobcenter", "team", "state", "due_at"],
                         name="postfach_inbox_idx"),
            models.Index(fields=["citizen", "last_message_at"], name="postfach_citizen_idx"),
        ]

    class AccessPolicy:
        tenant = "jobcenter"
        owner = "citizen"

    def __str__(self) -> str:
        return self.subject


class Message(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.PROTECT, related_name="messages")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    from_staff = models.BooleanField()
    body = models.TextField(_("Nachricht"), max_length=5000)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_at = models.DateTimeField()
    #: When the other side first opened it (read state per side).
    read_at = models.DateTimeField(null=True, blank=True)
    #: The form's one-time token: a double click or a retry stores the message once.
    idempotency_key = models.UUIDField(unique=True)
    document_version = models.ForeignKey("casefiles.DocumentVersion", on_delete=models.PROTECT,
                                         related_name="+")
    #: The Sendebestätigung (PDF/A), rendered after commit by ``postfach.tasks``.
    receipt_storage_name = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("Nachricht")
        verbose_name_plural = _("Nachrichten")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["thread", "from_staff", "read_at"],
                                name="postfach_unread_idx")]

    class AccessPolicy:
        tenant = "thread__jobcenter"
        owner = "thread__citizen"

    def __str__(self) -> str:
        return f"{self.thread_id}/{self.pk}"


class Attachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.PROTECT, related_name="attachments")
    name = models.CharField(_("Dateiname"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    document_version = models.ForeignKey("casefiles.DocumentVersion", on_delete=models.PROTECT,
                                         related_name="+")

    class Meta:
        verbose_name = _("Anhang")
        verbose_name_plural = _("Anhänge")
        ordering = ["pk"]

    class AccessPolicy:
        tenant = "message__thread__jobcenter"
        owner = "message__thread__citizen"

    def __str__(self) -> str:
        return self.name
