"""Bescheide: calculations with their change history, decisions with monthly amounts,
delivery preferences, automation rules and mass recalculation runs.

Models hold data and invariants; every write goes through ``decisions.services``.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Calculation(models.Model):
    """The caseworker's working copy of an sgb2 request for a case, with its last result."""

    case = models.OneToOneField(
        "casefiles.Case", on_delete=models.CASCADE, related_name="calculation"
    )
    request = models.JSONField(_("Berechnungsanfrage"), default=dict)
    result = models.JSONField(_("Ergebnis"), null=True, blank=True)
    #: [[path, message], …] of the engine when the stored request is not computable.
    errors = models.JSONField(_("Fehler"), default=list, blank=True)
    manual_changes = models.PositiveIntegerField(_("manuelle Änderungen"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("Berechnung")
        verbose_name_plural = _("Berechnungen")

    class AccessPolicy:
        tenant = "case__jobcenter"
        owner = None  # internal working copy; the citizen sees the Bescheid

    def __str__(self) -> str:
        return f"Berechnung {self.case}"


class CalculationChange(models.Model):
    """One changed input of a calculation, with the mandatory reason."""

    calculation = models.ForeignKey(
        Calculation, on_delete=models.CASCADE, related_name="changes"
    )
    path = models.CharField(_("Feld"), max_length=200)
    old = models.JSONField(_("bisher"), null=True, blank=True)
    new = models.JSONField(_("neu"), null=True, blank=True)
    reason = models.CharField(_("Begründung"), max_length=500)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Änderung der Berechnung")
        verbose_name_plural = _("Änderungen der Berechnung")
        ordering = ["-at", "-pk"]

    class AccessPolicy:
        tenant = "calculation__case__jobcenter"
        owner = None

    def __str__(self) -> str:
        return f"{self.path}: {self.old} → {self.new}"


class Decision(models.Model):
    class Status(models.TextChoices):
        DRAFT = "entwurf", _("Entwurf")
        AWAITING_APPROVAL = "zur_freigabe", _("wartet auf Freigabe")
        APPROVED = "freigegeben", _("freigegeben")
        DELIVERED = "bekanntgegeben", _("versandt")

    class Channel(models.TextChoices):
        ONLINE = "online", _("online ins Kundenkonto")
        POST = "post", _("per Post")

    class Origin(models.TextChoices):
        MANUAL = "manuell", _("manuell")
        AUTOMATION = "automatisch", _("automatisch vorbereitet")
        RECALCULATION = "neuberechnung", _("Neuberechnung")

    case = models.ForeignKey("casefiles.Case", on_delete=models.PROTECT,
                             related_name="decisions")
    bedarfsgemeinschaft = models.ForeignKey(
        "households.Bedarfsgemeinschaft", on_delete=models.PROTECT, null=True, blank=True,
        related_name="decisions",
    )
    decision_type = models.ForeignKey(
        "casefiles.DecisionType", verbose_name=_("Art"), on_delete=models.PROTECT,
        related_name="decisions",
    )
    status = models.CharField(_("Stand"), max_length=20, choices=Status.choices,
                              default=Status.DRAFT, db_index=True)
    origin = models.CharField(_("Herkunft"), max_length=20, choices=Origin.choices,
                              default=Origin.MANUAL)
    period_from = models.DateField(_("Bewilligungszeitraum von"), null=True, blank=True)
    period_to = models.DateField(_("Bewilligungszeitraum bis"), null=True, blank=True)
    monthly_total = models.DecimalField(_("monatlicher Gesamtbetrag (höchster Monat)"),
                                        max_digits=10, decimal_places=2, default=Decimal(0))
    snapshot = models.JSONField(_("Berechnung (Momentaufnahme)"), default=dict, blank=True)
    reasons = models.TextField(_("Begründung"), blank=True, max_length=10000)
    previous = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text=_("Der Bescheid, den ein Änderungs- oder Aufhebungsbescheid ändert."),
    )
    recalculation_run = models.ForeignKey(
        "RecalculationRun", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="decisions",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    #: Who decided (clicked "Entscheiden"/"Zur Freigabe vorlegen"); may differ from the
    #: creator of a prepared draft. Never the approver (four eyes).
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("entschieden von"))
    requires_four_eyes = models.BooleanField(_("Vier-Augen-Prinzip"), default=False)
    channel = models.CharField(_("Versand"), max_length=10, choices=Channel.choices,
                               blank=True)
    document_version = models.ForeignKey(
        "casefiles.DocumentVersion", on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    letter_date = models.DateField(_("Datum des Bescheids"), null=True, blank=True)
    sent_at = models.DateTimeField(_("versandt am"), null=True, blank=True)
    presumed_delivery = models.DateField(_("gilt als bekanntgegeben am"), null=True,
                                         blank=True)
    objection_deadline = models.DateField(_("Widerspruchsfrist endet am"), null=True,
                                          blank=True)
    #: An Aufhebungs- und Erstattungsbescheid is addressed to each member it concerns
    #: (``decisions.addressees``); one addressed to another adult is not shown in the
    #: applicant's account and always goes by post.
    shown_to_applicant = models.BooleanField(_("im Konto der antragstellenden Person"),
                                             default=True)
    #: The Anhörung an Aufhebungs- und Erstattungsbescheid was drafted from (one per member).
    source_anhoerung = models.ForeignKey(
        "Anhoerung", on_delete=models.PROTECT, null=True, blank=True,
        related_name="bescheide", verbose_name=_("aus der Anhörung"))

    class Meta:
        verbose_name = _("Bescheid")
        verbose_name_plural = _("Bescheide")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["bedarfsgemeinschaft", "status", "period_from"]),
            models.Index(fields=["status", "period_from", "period_to"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "recalculation_run"],
                condition=models.Q(recalculation_run__isnull=False),
                name="decision_once_per_case_and_run",
            ),
            # The mass recalculation's guarantee across runs (and concurrent workers): at
            # most one Änderungsbescheid per case and month.
            models.UniqueConstraint(
                fields=["case", "period_from"],
                condition=models.Q(origin="neuberechnung"),
                name="decision_recalculation_once_per_case_and_month",
            ),
            # The intake automation's guarantee (a duplicate delivery, concurrent workers):
            # at most one automatically prepared Bescheid per case.
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(origin="automatisch"),
                name="decision_automation_once_per_case",
            ),
        ]

    class AccessPolicy:
        tenant = "case__jobcenter"
        owner = "case__applicant_user"

    def __str__(self) -> str:
        title = gettext(self.decision_type.title)  # catalogue titles: casefiles/catalogue_texts
        if self.letter_date:
            return _("%(type)s vom %(date)s") % {
                "type": title, "date": date_format(self.letter_date, "SHORT_DATE_FORMAT")}
        return _("%(type)s (%(status)s)") % {"type": title, "status": self.get_status_display()}

    @property
    def download_url(self) -> str:
        """The citizen's download link (access-checked in the view)."""
        from django.urls import reverse

        return reverse("decisions_citizen:download", args=[self.pk])

    @property
    def is_final(self) -> bool:
        return self.status in {self.Status.APPROVED, self.Status.DELIVERED}

    @property
    def reference(self) -> str:
        """The Bescheid's own reference ("Bescheid-Nr."): the case's Aktenzeichen and the
        Bescheid's number — unique, so a later Bescheid can name exactly this one."""
        return f"{self.case.reference}-B{self.pk}" if self.pk else ""


class DecisionAmount(models.Model):
    """The amount for one person and one month of a decision."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="amounts")
    month = models.DateField(_("Monat"))
    person_key = models.CharField(_("Person (Kennung in der Berechnung)"), max_length=40)
    person_name = models.CharField(_("Person"), max_length=200, blank=True)
    bedarf = models.DecimalField(_("Bedarf"), max_digits=10, decimal_places=2)
    einkommen = models.DecimalField(_("anrechenbares Einkommen"), max_digits=10,
                                    decimal_places=2)
    amount = models.DecimalField(_("Zahlbetrag"), max_digits=10, decimal_places=2)

    class Meta:
        verbose_name = _("Betrag")
        verbose_name_plural = _("Beträge")
        ordering = ["month", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "month", "person_key"],
                                    name="decisionamount_unique")
        ]

    class AccessPolicy:
        tenant = "decision__case__jobcenter"
        owner = "decision__case__applicant_user"

    def __str__(self) -> str:
        return f"{self.month:%m/%Y} {self.person_key}: {self.amount}"


class DeliveryPreference(models.Model):
    """The citizen's explicit choice how Bescheide reach them (§ 37 Abs. 2a SGB X)."""

    class Channel(models.TextChoices):
        POST = "post", _("per Post (Papier)")
        ONLINE = "online", _("online in mein Kundenkonto")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="delivery_preference")
    channel = models.CharField(_("Zustellung von Bescheiden"), max_length=10,
                               choices=Channel.choices, default=Channel.POST)
    chosen_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Zustellungswunsch")
        verbose_name_plural = _("Zustellungswünsche")

    class AccessPolicy:
        tenant = "user__jobcenter"
        owner = "user"

    def __str__(self) -> str:
        return f"{self.user_id}: {self.channel}"


class AutomationRule(models.Model):
    """Which low-risk cases a Jobcenter calculates and decides without data entry."""

    class Mode(models.TextChoices):
        PREPARE = "vorbereiten", _("Bescheid vorbereiten (Freigabe mit einem Klick)")
        DECIDE = "entscheiden", _("automatisch entscheiden und versenden")

    jobcenter = models.ForeignKey("jobcenters.Jobcenter", on_delete=models.CASCADE,
                                  related_name="automation_rules")
    case_type_key = models.SlugField(_("Vorgangsart (Schlüssel)"), max_length=40)
    require_nothing_changed = models.BooleanField(_("nur wenn „nichts geändert“"),
                                                  default=True)
    max_change_eur = models.DecimalField(
        _("höchste Betragsänderung je Monat (€)"), max_digits=8, decimal_places=2,
        null=True, blank=True,
        help_text=_("Leer: beliebig. Sonst nur, wenn sich der Monatsbetrag gegenüber dem "
                    "letzten Bescheid um höchstens diesen Betrag ändert."),
    )
    mode = models.CharField(_("Modus"), max_length=20, choices=Mode.choices,
                            default=Mode.PREPARE)
    is_active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("Automatisierungsregel")
        verbose_name_plural = _("Automatisierungsregeln")
        ordering = ["jobcenter", "case_type_key"]

    class AccessPolicy:
        tenant = "jobcenter"
        owner = None

    def __str__(self) -> str:
        return f"{self.case_type_key}: {self.mode}"


class RecalculationRun(models.Model):
    """A mass recalculation for one month, run as a bulk run (``outbox.bulk``): the partitions
    keep the checkpoints and counts; the counts here are written once, when the last
    partition is done (``recalculation_finish``)."""

    class Status(models.TextChoices):
        RUNNING = "laeuft", _("läuft")
        DONE = "fertig", _("fertig")

    month = models.DateField(_("Monat"))
    dry_run = models.BooleanField(_("Probelauf"), default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    errors = models.PositiveIntegerField(default=0)
    scalar_fallbacks = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0.0)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Neuberechnung")
        verbose_name_plural = _("Neuberechnungen")
        ordering = ["-started_at"]

    class AccessPolicy:
        tenant = None  # platform-wide operation, run from the command line
        owner = None

    def __str__(self) -> str:
        return f"Neuberechnung {self.month:%Y-%m}"


class RecalculationError(models.Model):
    run = models.ForeignKey(RecalculationRun, on_delete=models.CASCADE,
                            related_name="error_rows")
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="+")
    message = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "decision"], name="recalc_error_once")
        ]

    class AccessPolicy:
        tenant = "decision__case__jobcenter"
        owner = None

    def __str__(self) -> str:
        return f"{self.run_id}/{self.decision_id}: {self.message[:60]}"


class DecisionSettings(models.Model):
    """A Jobcenter's rules for Bescheide: four eyes, automation cap, renewal window.

    Read through ``decisions.settings.settings_for`` (defaults when a Jobcenter has none),
    changed by its admin at ``/arbeitsbereich/bescheide/einstellungen/``.
    """

    jobcenter = models.OneToOneField("jobcenters.Jobcenter", on_delete=models.CASCADE,
                                     related_name="decision_settings")
    four_eyes_monthly_eur = models.DecimalField(
        _("Vier Augen ab Monatsbetrag (€)"), max_digits=10, decimal_places=2,
        default=Decimal("2000.00"),
        help_text=_("Ein Bescheid, dessen höchster Monatsbetrag darüber liegt, braucht eine "
                    "zweite Person."))
    four_eyes_yearly_eur = models.DecimalField(
        _("Vier Augen ab Jahresbetrag (€)"), max_digits=10, decimal_places=2,
        default=Decimal("12000.00"),
        help_text=_("Summe der Beträge in zwölf Monaten des Bewilligungszeitraums."))
    automation_max_change_eur = models.DecimalField(
        _("Automatik: höchste Änderung je Monat (€)"), max_digits=8, decimal_places=2,
        default=Decimal("50.00"),
        help_text=_("Ändert sich der Monatsbetrag stärker, entscheidet keine Regel "
                    "automatisch; ein Mensch prüft den Bescheid."))
    renewal_window_days = models.PositiveSmallIntegerField(
        _("Weiterbewilligung mit einem Klick: Tage vor Ende des Zeitraums"), default=56,
        help_text=_("Nur ein Weiterbewilligungsantrag, der in diesen Tagen vor dem Ende des "
                    "laufenden Bewilligungszeitraums eingeht, wird automatisch vorbereitet."))
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("Einstellungen für Bescheide")
        verbose_name_plural = _("Einstellungen für Bescheide")

    class AccessPolicy:
        tenant = "jobcenter"
        owner = None

    def __str__(self) -> str:
        return f"{self.jobcenter_id}"


class Anhoerung(models.Model):
    """The hearing (§ 24 SGB X) before a change for the past: the letter with the facts, the
    intended Aufhebung and Erstattung per month and person and a deadline; the citizen's
    answer (online or recorded from paper); then the Aufhebungs- und Erstattungsbescheid.

    Writes go through ``decisions.services.aufhebung``."""

    class Status(models.TextChoices):
        DRAFT = "entwurf", _("Entwurf")
        PRINT = "druck", _("wartet auf Versand per Post")
        SENT = "versandt", _("versandt, wartet auf Antwort")
        ANSWERED = "beantwortet", _("beantwortet")
        DECIDED = "entschieden", _("entschieden")

    class Basis(models.TextChoices):
        # § 48 Abs. 1 S. 2 SGB X (change after the Bescheid) and § 45 Abs. 2 S. 3 SGB X
        # (unlawful from the start), each with § 40 SGB II and § 330 Abs. 2, 3 SGB III.
        NR3 = "48_nr3", _("§ 48 Abs. 1 Satz 2 Nr. 3 SGB X – Einkommen erzielt")
        NR2 = "48_nr2", _("§ 48 Abs. 1 Satz 2 Nr. 2 SGB X – Mitteilungspflicht verletzt")
        NR4 = "48_nr4", _("§ 48 Abs. 1 Satz 2 Nr. 4 SGB X – Wegfall des Anspruchs bekannt")
        NR1 = "48_nr1", _("§ 48 Abs. 1 Satz 2 Nr. 1 SGB X – zugunsten der Person")
        S45_NR2 = "45_nr2", _("§ 45 Abs. 2 Satz 3 Nr. 2 SGB X – unrichtige Angaben")
        S45_NR3 = "45_nr3", _("§ 45 Abs. 2 Satz 3 Nr. 3 SGB X – Rechtswidrigkeit bekannt")

    class AnswerChannel(models.TextChoices):
        ONLINE = "online", _("online im Kundenkonto")
        PAPER = "papier", _("schriftlich oder zur Niederschrift")

    case = models.ForeignKey("casefiles.Case", on_delete=models.PROTECT,
                             related_name="anhoerungen")
    decision = models.ForeignKey(
        Decision, verbose_name=_("geänderter Bescheid"), on_delete=models.PROTECT,
        related_name="anhoerungen")
    status = models.CharField(_("Stand"), max_length=20, choices=Status.choices,
                              default=Status.DRAFT, db_index=True)
    basis = models.CharField(_("Rechtsgrundlage"), max_length=10, choices=Basis.choices)
    facts = models.TextField(_("Sachverhalt"), max_length=5000)
    trust = models.TextField(_("Vertrauensschutz (Begründung)"), max_length=5000, blank=True)
    month_from = models.DateField(_("ab Monat"))
    month_to = models.DateField(_("bis Monat"))
    #: The day the Jobcenter learned the facts that justify the withdrawal for the past: the
    #: one-year limit of § 45 Abs. 4 Satz 2 (with § 48 Abs. 4 Satz 1) SGB X runs from it.
    kenntnis_am = models.DateField(_("Kenntnis der Tatsachen am"), null=True, blank=True)
    request = models.JSONField(_("Berechnungsanfrage"), default=dict)
    results = models.JSONField(_("Ergebnisse je Monat"), default=dict)
    #: [{month: "YYYY-MM", person_key, person_name, person_id, old, new, claim}, …]
    positions = models.JSONField(_("Positionen"), default=list)
    total = models.DecimalField(_("Erstattung insgesamt"), max_digits=10, decimal_places=2,
                                default=Decimal(0))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    channel = models.CharField(_("Versand"), max_length=10, choices=Decision.Channel.choices,
                               blank=True)
    letter_date = models.DateField(_("Datum des Schreibens"), null=True, blank=True)
    sent_at = models.DateTimeField(_("versandt am"), null=True, blank=True)
    deadline = models.DateField(_("Frist zur Äußerung"), null=True, blank=True)
    document_version = models.ForeignKey(
        "casefiles.DocumentVersion", on_delete=models.PROTECT, null=True, blank=True,
        related_name="+")
    answer_text = models.TextField(_("Stellungnahme"), max_length=10000, blank=True)
    answer_channel = models.CharField(_("Antwort"), max_length=10,
                                      choices=AnswerChannel.choices, blank=True)
    answered_at = models.DateTimeField(_("Antwort erhalten am"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    answer_documents = models.ManyToManyField("casefiles.Document", blank=True,
                                              related_name="+")
    result = models.OneToOneField(Decision, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="anhoerung_result")

    class Meta:
        verbose_name = _("Anhörung")
        verbose_name_plural = _("Anhörungen")
        ordering = ["-created_at", "-pk"]

    class AccessPolicy:
        tenant = "case__jobcenter"
        owner = "case__applicant_user"

    def __str__(self) -> str:
        return f"Anhörung {self.case} ({self.month_from:%m/%Y}–{self.month_to:%m/%Y})"
