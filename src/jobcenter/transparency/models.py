"""The access log: every read of personal data by Jobcenter staff (who, when, what, why).

Rows are append-only and chained: each row carries an HMAC over its own content and the
hash of the row before it in the same chain (``seq`` 1, 2, 3 …), so that a changed,
removed or inserted row breaks the chain (``manage.py accesslog_verify``). A Jobcenter has
a few chains, its "lanes" (``lane``; each database connection appends to a lane of its
own, so that processes writing at the same time do not contend for one head). The code offers
no way to change or delete a row (the queryset and the model refuse), the Django admin does
not show the log, and on PostgreSQL a trigger refuses UPDATE and DELETE except
the retention job's removal of rows that a checkpoint row already covers
(``transparency.chain``, migration 0002).

A row keeps a snapshot of whom it was about and who read (name and Kundennummer at the
time, role, team): deleting a person or a staff account leaves the log intact — the
foreign keys to them carry no database constraint and are never cascaded.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(RuntimeError):
    """Access-log rows are never changed or deleted (only the retention job removes them)."""


class AccessLogQuerySet(models.QuerySet):
    def update(self, **kwargs):  # noqa: ANN003, ANN201
        raise AppendOnlyError("access-log rows cannot be changed")

    def delete(self):  # noqa: ANN201
        raise AppendOnlyError("access-log rows cannot be deleted (see transparency.chain)")

    def bulk_update(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201
        raise AppendOnlyError("access-log rows cannot be changed")

    def bulk_create(self, objs, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN201
        objs = list(objs)
        if any(not (obj.hash and obj.prev_hash) for obj in objs):
            raise AppendOnlyError("write access-log rows through transparency.chain")
        return super().bulk_create(objs, *args, **kwargs)


class AccessLogEntry(models.Model):
    class Purpose(models.TextChoices):
        """Why the data was read, in the staff's neutral words (the citizen reads the
        purpose in plain words addressed to them: ``selectors.PURPOSE_FOR_CITIZEN``)."""

        SEARCH = "suche", _("Suche nach Personen")
        WORK_QUEUE = "arbeitsvorrat", _("Arbeitsvorrat")
        VIEW_PERSON = "person", _("Ansicht der Personendaten")
        CASE_WORK = "fallbearbeitung", _("Fallbearbeitung")
        DOCUMENT = "dokument", _("Ansicht eines Dokuments")
        DECISION = "bescheid", _("Berechnung und Bescheid")
        PAPER_ENTRY = "papierantrag", _("Erfassung eines Papierantrags")
        DATA_PROTECTION = "datenschutz", _("Datenschutzkontrolle")
        ADMIN = "verwaltung", _("Verwaltung")
        RETENTION = "aufbewahrung", _("Löschung nach Ablauf der Aufbewahrungsfrist")
        MAILBOX = "postfach", _("Bearbeitung der Nachrichten der Person im Postfach")
        PAYMENTS = "zahlungen", _("Zahlungen und Forderungen")
        APPOINTMENTS = "termine", _("Terminplanung")

    class What(models.TextChoices):
        """What was read (no internal keys), in neutral words as staff read them in a
        person's access log; where the citizen's own log words it differently ("Ihre"),
        ``selectors.WHAT_FOR_CITIZEN`` has their wording."""

        PERSON = "person", _("Stammdaten (Name, Anschrift, Geburtsdatum, Kundennummer)")
        CASE = "vorgang", _("Vorgang (Antrag mit Unterlagen und Verlauf)")
        CASE_LIST = "vorgangsliste", _("Liste offener Vorgänge (Name und Aktenzeichen)")
        SEARCH_RESULT = "suchergebnis", _("Suchergebnis (Name, Geburtsdatum, Kundennummer)")
        DOCUMENT = "dokument", _("Dokument")
        CALCULATION = "berechnung", _("Berechnung der Leistungen")
        DECISION = "bescheid", _("Bescheid")
        DECISION_LIST = "bescheidliste", _("Liste von Bescheiden (Aktenzeichen und Betrag)")
        PAPER_ENTRY = "papierantrag", _("Papierantrag")
        ACCESS_LOG = "protokoll", _("Protokoll der Zugriffe auf die Daten der Person")
        CHECKPOINT = "checkpoint", _("Prüfpunkt der Löschung")
        MESSAGES = "nachrichten", _("Nachrichten im Postfach")
        MESSAGE_LIST = "nachrichtenliste", _("Liste von Nachrichten (Name und Betreff)")
        NOTIFICATIONS = "benachrichtigungen", _(
            "Benachrichtigungen an die Person (Art, Zeitpunkt, Versandweg, Zustellung)")
        PAYMENTS = "zahlungen", _("Zahlungen und Forderungen")
        APPOINTMENT = "termin", _("Termin (Zeit, Thema, Art des Gesprächs)")

    jobcenter = models.ForeignKey(
        "jobcenters.Jobcenter", on_delete=models.PROTECT, related_name="access_log_entries"
    )
    #: The chain within the Jobcenter (``transparency.chain``, "Lanes"); rows written
    #: before there were lanes are in lane 0.
    lane = models.SmallIntegerField(default=0)
    seq = models.PositiveBigIntegerField(_("laufende Nummer"))
    at = models.DateTimeField(_("Zeitpunkt"), db_index=True)
    # Who read: the account (no constraint: the row survives the account) and a snapshot.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False,
        null=True, blank=True, related_name="access_log_entries",
    )
    actor_name = models.CharField(_("Name der Mitarbeiterin oder des Mitarbeiters"),
                                  max_length=201, blank=True)
    actor_role = models.CharField(_("Rolle"), max_length=20, blank=True)
    team_name = models.CharField(_("Team"), max_length=120, blank=True)
    # Whose data: the person (no constraint: the row survives the person) and a snapshot.
    person = models.ForeignKey(
        "households.Person", on_delete=models.DO_NOTHING, db_constraint=False,
        null=True, blank=True, related_name="access_log_entries",
        help_text=_("Die Person, deren Daten gelesen wurden."),
    )
    person_name = models.CharField(_("Name der Person"), max_length=201, blank=True)
    person_customer_number = models.CharField(_("Kundennummer"), max_length=20, blank=True)
    purpose = models.CharField(_("Zweck"), max_length=20, choices=Purpose.choices)
    what = models.CharField(_("Gelesene Daten"), max_length=20, choices=What.choices)
    object_type = models.CharField(_("Art der Daten"), max_length=60, blank=True)
    object_id = models.CharField(_("Kennung"), max_length=60, blank=True)
    detail = models.CharField(_("Beschreibung"), max_length=200, blank=True)
    # Retention checkpoints: the rows up to ``checkpoint_seq`` were removed; the last one
    # had the hash ``checkpoint_hash`` (the first remaining row's ``prev_hash``).
    checkpoint_seq = models.PositiveBigIntegerField(null=True, blank=True)
    checkpoint_hash = models.CharField(max_length=64, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("Zugriffsprotokoll-Eintrag")
        verbose_name_plural = _("Zugriffsprotokoll")
        ordering = ["-at", "-seq"]
        constraints = [
            models.UniqueConstraint(fields=["jobcenter", "lane", "seq"],
                                    name="accesslog_lane_seq"),
        ]
        indexes = [models.Index(fields=["person", "-at"], name="accesslog_person_at")]

    class AccessPolicy:
        tenant = "jobcenter"
        owner = "person__user"

    def __str__(self) -> str:
        return (f"{self.jobcenter_id}/{self.lane}#{self.seq} {self.at:%Y-%m-%d %H:%M} "
                f"{self.what}")

    def save(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        if not self._state.adding:
            raise AppendOnlyError("access-log rows cannot be changed")
        if not self.hash:
            raise AppendOnlyError("write access-log rows through transparency.chain")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201
        raise AppendOnlyError("access-log rows cannot be deleted (see transparency.chain)")


class AccessLogHead(models.Model):
    """The head of one chain (a Jobcenter's lane): last ``seq`` and ``hash``. An append
    moves it only if it is still the head the writer read (``transparency.chain``), so two
    staff members writing to the same lane at once append one after the other and the
    chain never forks."""

    jobcenter = models.ForeignKey(
        "jobcenters.Jobcenter", on_delete=models.PROTECT, related_name="access_log_heads",
    )
    lane = models.SmallIntegerField(default=0)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = _("Kopf der Protokollkette")
        # not the table of the head before lanes (one per Jobcenter): code of that time
        # still running during the upgrade fails on the missing table instead of
        # chaining onto a lane's head (migration 0007)
        db_table = "transparency_accessloglanehead"
        constraints = [
            models.UniqueConstraint(fields=["jobcenter", "lane"], name="accesslog_head_lane"),
        ]

    class AccessPolicy:
        tenant = "jobcenter"
        owner = None

    def __str__(self) -> str:
        return f"{self.jobcenter_id}/{self.lane}#{self.seq}"
