"""Appointments (issue 13, item 2): availability of staff, bookings, Meldetermine, callbacks.

Times are stored aware (UTC in the database) and shown in Europe/Berlin. Every appointment
occupies its staff person's time in 15-minute units (``TimeClaim``); a unique constraint on
(staff person, unit) makes a double booking impossible on every database, also when two
bookings for overlapping times of different lengths race each other.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: The grid of appointments: starts and durations are multiples of this many minutes.
GRID_MINUTES = 15


def _video_room() -> str:
    """An unguessable room name (192 bits of randomness)."""
    return "jc-" + secrets.token_urlsafe(24).replace("_", "").replace("-", "")[:32]


class Channel(models.TextChoices):
    ON_SITE = "vor_ort", _("vor Ort")
    PHONE = "telefon", _("am Telefon")
    VIDEO = "video", _("per Video")


class Location(models.Model):
    """A place where appointments on site take place."""

    jobcenter = models.ForeignKey("jobcenters.Jobcenter", on_delete=models.CASCADE,
                                  related_name="appointment_locations")
    name = models.CharField(_("Bezeichnung"), max_length=120)
    street = models.CharField(_("Straße und Hausnummer"), max_length=200)
    postcode = models.CharField(_("Postleitzahl"), max_length=5)
    city = models.CharField(_("Ort"), max_length=100)
    directions = models.CharField(_("Wegbeschreibung"), max_length=300, blank=True,
                                  help_text=_("Zum Beispiel Haus, Etage oder Eingang."))
    is_active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("Standort")
        verbose_name_plural = _("Standorte")
        ordering = ["name"]

    class AccessPolicy:
        tenant = "jobcenter"

    def __str__(self) -> str:
        return self.name

    @property
    def address(self) -> str:
        return f"{self.street}, {self.postcode} {self.city}"


class Topic(models.Model):
    """What an appointment is about; its length and the channels it is offered in."""

    jobcenter = models.ForeignKey("jobcenters.Jobcenter", on_delete=models.CASCADE,
                                  related_name="appointment_topics")
    title = models.CharField(_("Thema"), max_length=120)
    description = models.CharField(_("Beschreibung"), max_length=300, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("Dauer in Minuten"), default=30,
        validators=[MinValueValidator(GRID_MINUTES), MaxValueValidator(180)],
    )
    team = models.ForeignKey("jobcenters.Team", verbose_name=_("zuständiges Team"),
                             on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="appointment_topics")
    on_site = models.BooleanField(_("vor Ort"), default=True)
    phone = models.BooleanField(_("Telefon"), default=True)
    video = models.BooleanField(_("Video"), default=True)
    bookable = models.BooleanField(_("online buchbar"), default=True)
    is_active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("Terminthema")
        verbose_name_plural = _("Terminthemen")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["jobcenter", "title"], name="termine_topic_title"),
        ]

    class AccessPolicy:
        tenant = "jobcenter"

    def __str__(self) -> str:
        return self.title

    def channels(self) -> list[str]:
        return [c for c, on in ((Channel.ON_SITE, self.on_site), (Channel.PHONE, self.phone),
                                (Channel.VIDEO, self.video)) if on]


class AvailabilityRule(models.Model):
    """A weekly pattern of one staff person: on this weekday, from … to …, these channels."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Montag")
        TUESDAY = 1, _("Dienstag")
        WEDNESDAY = 2, _("Mittwoch")
        THURSDAY = 3, _("Donnerstag")
        FRIDAY = 4, _("Freitag")
        SATURDAY = 5, _("Samstag")
        SUNDAY = 6, _("Sonntag")

    jobcenter = models.ForeignKey("jobcenters.Jobcenter", on_delete=models.CASCADE,
                                  related_name="availability_rules")
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("Mitarbeiterin oder "
                              "Mitarbeiter"), on_delete=models.CASCADE,
                              related_name="availability_rules")
    weekday = models.PositiveSmallIntegerField(_("Wochentag"), choices=Weekday.choices)
    start_time = models.TimeField(_("von"))
    end_time = models.TimeField(_("bis"))
    valid_from = models.DateField(_("gültig ab"), default=timezone.localdate)
    valid_until = models.DateField(_("gültig bis"), null=True, blank=True)
    location = models.ForeignKey(Location, verbose_name=_("Standort"), on_delete=models.PROTECT,
                                 null=True, blank=True, related_name="rules")
    on_site = models.BooleanField(_("vor Ort"), default=True)
    phone = models.BooleanField(_("Telefon"), default=True)
    video = models.BooleanField(_("Video"), default=True)
    topics = models.ManyToManyField(Topic, verbose_name=_("Themen"), blank=True,
                                    help_text=_("Leer lassen für alle Themen."))

    class Meta:
        verbose_name = _("Sprechzeit")
        verbose_name_plural = _("Sprechzeiten")
        ordering = ["staff", "weekday", "start_time"]
        constraints = [
            models.CheckConstraint(condition=Q(end_time__gt=models.F("start_time")),
                                   name="termine_rule_end_after_start"),
        ]

    class AccessPolicy:
        tenant = "jobcenter"

    def __str__(self) -> str:
        return (f"{self.staff} {self.get_weekday_display()} "
                f"{self.start_time:%H:%M}–{self.end_time:%H:%M}")

    def channels(self) -> list[str]:
        return [c for c, on in ((Channel.ON_SITE, self.on_site), (Channel.PHONE, self.phone),
                                (Channel.VIDEO, self.video)) if on]


class AvailabilityException(models.Model):
    """An absence: a whole day or some hours, of one staff person or a whole team."""

    jobcenter = models.ForeignKey("jobcenters.Jobcenter", on_delete=models.CASCADE,
                                  related_name="availability_exceptions")
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True,
                              blank=True, related_name="availability_exceptions")
    team = models.ForeignKey("jobcenters.Team", on_delete=models.CASCADE, null=True,
                             blank=True, related_name="availability_exceptions")
    day = models.DateField(_("Tag"))
    start_time = models.TimeField(_("von"), null=True, blank=True)
    end_time = models.TimeField(_("bis"), null=True, blank=True)
    reason = models.CharField(_("Grund (intern)"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("Abwesenheit")
        verbose_name_plural = _("Abwesenheiten")
        ordering = ["day", "start_time"]
        constraints = [
            models.CheckConstraint(condition=Q(staff__isnull=False) | Q(team__isnull=False),
                                   name="termine_exception_staff_or_team"),
        ]

    class AccessPolicy:
        tenant = "jobcenter"

    def __str__(self) -> str:
        return f"{self.day:%d.%m.%Y} {self.reason}"


class Meldezweck(models.TextChoices):
    """The purposes of a Meldeaufforderung (§ 309 Abs. 2 SGB III, with § 59 SGB II)."""

    BERUFSBERATUNG = "berufsberatung", _("Berufsberatung")
    VERMITTLUNG = "vermittlung", _("Vermittlung in Ausbildung oder Arbeit")
    EINGLIEDERUNG = "eingliederung", _("Vorbereitung aktiver Arbeitsförderungsleistungen")
    LEISTUNGSVERFAHREN = "leistungsverfahren", _("Vorbereitung von Entscheidungen im "
                                                 "Leistungsverfahren")
    ANSPRUCH = "anspruch", _("Prüfung des Vorliegens der Voraussetzungen für den "
                             "Leistungsanspruch")


class AbsenceReason(models.TextChoices):
    """Why the citizen cannot come to a Meldetermin (a wichtiger Grund, § 32 SGB II)."""

    ARBEITSUNFAEHIG = "arbeitsunfaehig", _("Ich bin krank (arbeitsunfähig)")
    VORSTELLUNG = "vorstellung", _("Ich habe ein Vorstellungsgespräch oder arbeite")
    FAMILIE = "familie", _("Ein wichtiger familiärer Grund (z. B. Pflege, Kinderbetreuung)")
    ANDERER = "anderer", _("Ein anderer wichtiger Grund")


class Outcome(models.TextChoices):
    """What happened at an appointment, recorded by staff afterwards (the facts a
    Meldeversäumnis under § 32 SGB II rests on)."""

    ATTENDED = "wahrgenommen", _("wahrgenommen (erschienen)")
    NO_SHOW = "nicht_erschienen", _("nicht erschienen")
    EXCUSED = "wichtiger_grund", _("nicht erschienen – wichtiger Grund nachgewiesen")
    NOT_HELD = "ausgefallen", _("ausgefallen (Grund beim Jobcenter)")


class Appointment(models.Model):
    class Kind(models.TextChoices):
        BOOKING = "buchung", _("Terminbuchung")
        MELDETERMIN = "meldetermin", _("Meldetermin")

    class Status(models.TextChoices):
        BOOKED = "gebucht", _("gebucht, Bestätigung ausstehend")
        CONFIRMED = "bestaetigt", _("bestätigt")
        CANT_COME = "verhindert", _("Absage mit Grund, Prüfung ausstehend")
        CANCELLED = "abgesagt", _("abgesagt")

    #: States in which the appointment still holds its staff person's time.
    ACTIVE = (Status.BOOKED, Status.CONFIRMED, Status.CANT_COME)

    jobcenter = models.ForeignKey("jobcenters.Jobcenter", on_delete=models.PROTECT,
                                  related_name="appointments")
    kind = models.CharField(_("Art"), max_length=12, choices=Kind.choices, default=Kind.BOOKING)
    status = models.CharField(_("Stand"), max_length=12, choices=Status.choices,
                              default=Status.BOOKED)
    citizen = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="appointments")
    person = models.ForeignKey("households.Person", on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="appointments")
    case = models.ForeignKey("casefiles.Case", on_delete=models.SET_NULL, null=True,
                             blank=True, related_name="appointments")
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("bei"),
                              on_delete=models.PROTECT, related_name="staff_appointments")
    team = models.ForeignKey("jobcenters.Team", on_delete=models.SET_NULL, null=True,
                             blank=True, related_name="appointments")
    topic = models.ForeignKey(Topic, verbose_name=_("Thema"), on_delete=models.PROTECT,
                              related_name="appointments")
    channel = models.CharField(_("Art des Gesprächs"), max_length=10, choices=Channel.choices)
    location = models.ForeignKey(Location, verbose_name=_("Ort"), on_delete=models.PROTECT,
                                 null=True, blank=True, related_name="appointments")
    start = models.DateTimeField(_("Beginn"), db_index=True)
    end = models.DateTimeField(_("Ende"))
    meldezweck = models.CharField(_("Zweck der Meldung"), max_length=20,
                                  choices=Meldezweck.choices, blank=True)
    cancel_reason = models.CharField(_("Begründung"), max_length=300, blank=True)
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")
    cancelled_at = models.DateTimeField(null=True, blank=True)
    staff_message = models.CharField(_("Nachricht an die Kundin oder den Kunden"),
                                     max_length=300, blank=True)
    absence_reason = models.CharField(_("Grund"), max_length=20, choices=AbsenceReason.choices,
                                      blank=True)
    absence_text = models.TextField(_("Erläuterung"), max_length=1000, blank=True)
    absence_document = models.ForeignKey("casefiles.Document", on_delete=models.SET_NULL,
                                         null=True, blank=True, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    # The Rechtsfolgenbelehrung as given with the invitation (German wording, frozen when
    # the Meldetermin is created; ``legal.py``), the evidence a Meldeversäumnis needs.
    belehrung_text = models.TextField(_("Rechtsfolgenbelehrung (Wortlaut)"), blank=True)
    # The current outcome (``AppointmentOutcome`` keeps every recording and correction).
    outcome = models.CharField(_("Ergebnis"), max_length=20, choices=Outcome.choices,
                               blank=True)
    outcome_at = models.DateTimeField(_("Ergebnis erfasst am"), null=True, blank=True)
    outcome_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    video_room = models.CharField(max_length=40, default=_video_room, unique=True,
                                  editable=False)
    sequence = models.PositiveIntegerField(default=0)  # iCalendar SEQUENCE: +1 per change
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Termin")
        verbose_name_plural = _("Termine")
        ordering = ["start", "pk"]
        indexes = [models.Index(fields=["jobcenter", "start"], name="termine_jc_start_idx"),
                   models.Index(fields=["staff", "start"], name="termine_staff_start_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")),
                                   name="termine_end_after_start"),
            # The same staff person never has two live appointments starting at once
            # (TimeClaim below also excludes overlaps of different lengths).
            models.UniqueConstraint(fields=["staff", "start"],
                                    condition=Q(status__in=["gebucht", "bestaetigt",
                                                            "verhindert"]),
                                    name="termine_one_per_staff_and_start"),
        ]

    class AccessPolicy:
        tenant = "jobcenter"
        owner = "citizen"

    def __str__(self) -> str:
        return f"{self.topic} {timezone.localtime(self.start):%d.%m.%Y %H:%M}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def is_meldeversaeumnis(self) -> bool:
        """A Meldetermin recorded as missed without a recognised wichtiger Grund."""
        return self.kind == self.Kind.MELDETERMIN and self.outcome == Outcome.NO_SHOW


class AppointmentOutcome(models.Model):
    """One recording of an appointment's outcome: who, when, what, an internal note (never
    shown to the citizen) and, for a correction, why. Rows are never changed; the latest is
    the appointment's ``outcome``."""

    appointment = models.ForeignKey(Appointment, on_delete=models.PROTECT,
                                    related_name="outcomes")
    outcome = models.CharField(_("Ergebnis"), max_length=20, choices=Outcome.choices)
    note = models.TextField(_("Interner Vermerk"), max_length=1000, blank=True)
    correction_reason = models.CharField(_("Grund der Korrektur"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Ergebnis eines Termins")
        verbose_name_plural = _("Ergebnisse von Terminen")
        ordering = ["recorded_at", "pk"]

    class AccessPolicy:
        tenant = "appointment__jobcenter"

    def __str__(self) -> str:
        return f"{self.appointment_id} {self.outcome}"


class TimeClaim(models.Model):
    """One 15-minute unit of a staff person's time held by an appointment."""

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE,
                                    related_name="claims")
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="+")
    at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["staff", "at"], name="termine_no_double_booking"),
        ]

    class AccessPolicy:
        tenant = "appointment__jobcenter"

    def __str__(self) -> str:
        return f"{self.staff_id} {self.at:%Y-%m-%d %H:%M}"


class CallbackRequest(models.Model):
    """The citizen asks to be called back instead of booking a slot."""

    class Window(models.TextChoices):
        MORNING = "vormittags", _("vormittags (8 bis 12 Uhr)")
        AFTERNOON = "nachmittags", _("nachmittags (12 bis 16 Uhr)")
        ANY = "egal", _("egal")

    class Status(models.TextChoices):
        OPEN = "offen", _("offen")
        DONE = "erledigt", _("erledigt")
        WITHDRAWN = "zurueckgezogen", _("zurückgezogen")

    jobcenter = models.ForeignKey("jobcenters.Jobcenter", on_delete=models.PROTECT,
                                  related_name="callback_requests")
    citizen = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="callback_requests")
    person = models.ForeignKey("households.Person", on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="callback_requests")
    topic = models.ForeignKey(Topic, verbose_name=_("Thema"), on_delete=models.PROTECT,
                              related_name="callback_requests")
    phone = models.CharField(_("Telefonnummer"), max_length=40)
    window = models.CharField(_("Wann passt es Ihnen?"), max_length=12,
                              choices=Window.choices, default=Window.ANY)
    status = models.CharField(_("Stand"), max_length=15, choices=Status.choices,
                              default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("Rückrufbitte")
        verbose_name_plural = _("Rückrufbitten")
        ordering = ["created_at", "pk"]
        constraints = [
            # one open callback request per citizen and topic (a double click asks once)
            models.UniqueConstraint(fields=["citizen", "topic"], condition=Q(status="offen"),
                                    name="termine_one_open_callback"),
        ]

    class AccessPolicy:
        tenant = "jobcenter"
        owner = "citizen"

    def __str__(self) -> str:
        return f"{self.topic_id} {self.get_status_display()}"
