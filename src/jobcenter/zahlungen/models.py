"""Payments and claims: the ledger of what was paid to whom for which month, the payment
runs that produce SEPA credit transfer files, payment stops, direct payments to landlords
and suppliers, manual payments (four eyes), returned payments, and the claims
(Erstattungsforderungen) with instalments, Aufrechnung, Stundung and Niederschlagung.

Models hold data and invariants (the unique constraints are the guarantee that nothing is
paid twice); every write goes through ``zahlungen.services``. docs/zahlungen.md.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

ZERO = Decimal("0.00")


class PayerAccount(models.Model):
    """The Jobcenter's own account that the credit transfers are debited from."""

    jobcenter = models.OneToOneField("jobcenters.Jobcenter", on_delete=models.CASCADE,
                                     related_name="payer_account")
    name = models.CharField(_("Kontoinhaber"), max_length=70)
    iban = models.CharField(_("IBAN"), max_length=34)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)

    class Meta:
        verbose_name = _("Auszahlungskonto")
        verbose_name_plural = _("Auszahlungskonten")

    class AccessPolicy:
        tenant = "jobcenter"
        owner = None

    def __str__(self) -> str:
        return self.name


class PayerAccountChange(models.Model):
    """The audit trail of the Auszahlungskonto: who set which account when, and why. Written
    by ``zahlungen.services.payer_account_set`` in the same transaction as the change."""

    jobcenter = models.ForeignKey("jobcenters.Jobcenter", on_delete=models.CASCADE,
                                  related_name="+")
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)
    old_name = models.CharField(_("bisheriger Kontoinhaber"), max_length=70, blank=True)
    old_iban = models.CharField(_("bisherige IBAN"), max_length=34, blank=True)
    old_bic = models.CharField(_("bisherige BIC"), max_length=11, blank=True)
    name = models.CharField(_("Kontoinhaber"), max_length=70)
    iban = models.CharField(_("IBAN"), max_length=34)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    reason = models.CharField(_("Grund der Änderung"), max_length=500)

    class Meta:
        verbose_name = _("Änderung des Auszahlungskontos")
        verbose_name_plural = _("Änderungen des Auszahlungskontos")
        ordering = ["-changed_at", "-pk"]

    class AccessPolicy:
        tenant = "jobcenter"
        owner = None

    def __str__(self) -> str:
        return f"{self.changed_at:%d.%m.%Y}: {self.name}"


class PaymentRun(models.Model):
    """One payment run of a Jobcenter: monthly (the coming month) or daily (back payments,
    corrections, urgent cases, approved manual payments), run as a bulk run
    (``outbox.bulk``) whose partitions keep the checkpoints."""

    class Kind(models.TextChoices):
        MONTHLY = "monatlich", _("Monatlicher Zahllauf")
        DAILY = "taeglich", _("Täglicher Zahllauf (Nachzahlungen und Eilfälle)")

    class Status(models.TextChoices):
        RUNNING = "laeuft", _("läuft")
        DONE = "fertig", _("fertig")

    jobcenter = models.ForeignKey("jobcenters.Jobcenter", on_delete=models.PROTECT,
                                  related_name="payment_runs")
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices)
    month = models.DateField(_("Zahlmonat"), null=True, blank=True)
    run_date = models.DateField(_("Tag des Laufs"))
    execution_date = models.DateField(_("Ausführungstag"))
    status = models.CharField(_("Stand"), max_length=10, choices=Status.choices,
                              default=Status.RUNNING)
    manual_done = models.BooleanField(default=False)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    payments_count = models.PositiveIntegerField(_("Zahlungen"), default=0)
    payments_total = models.DecimalField(_("Summe"), max_digits=14, decimal_places=2,
                                         default=ZERO)
    held_count = models.PositiveIntegerField(_("angehalten"), default=0)
    message_id = models.CharField(max_length=35, blank=True)
    file = models.FileField(upload_to="zahlungen/", blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)
    seconds = models.FloatField(default=0.0)

    class Meta:
        verbose_name = _("Zahllauf")
        verbose_name_plural = _("Zahlläufe")
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["jobcenter", "month"],
                                    condition=models.Q(kind="monatlich"),
                                    name="paymentrun_monthly_once"),
            # one daily run at a time (a double click joins it); after it is done, staff
            # may start another the same day (a Bewilligung issued later that day)
            models.UniqueConstraint(fields=["jobcenter", "run_date"],
                                    condition=models.Q(kind="taeglich", status="laeuft"),
                                    name="paymentrun_daily_one_running"),
        ]

    class AccessPolicy:
        tenant = "jobcenter"
        owner = None

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.run_date:%d.%m.%Y}"


class DirectPayment(models.Model):
    """§ 22 Abs. 7 SGB II: rent or heating energy paid to the landlord or supplier."""

    class Kind(models.TextChoices):
        RENT = "miete", _("Miete an die Vermieterin oder den Vermieter")
        ENERGY = "energie", _("Heizkosten/Energie an das Versorgungsunternehmen")

    class Basis(models.TextChoices):
        APPLICATION = "antrag", _("auf Antrag der leistungsberechtigten Person "
                                  "(§ 22 Abs. 7 Satz 1 SGB II)")
        SECURE = "sicherstellung", _("zweckentsprechende Verwendung nicht sichergestellt "
                                     "(§ 22 Abs. 7 Satz 2 SGB II)")

    jobcenter = models.ForeignKey("jobcenters.Jobcenter", on_delete=models.PROTECT,
                                  related_name="+")
    bedarfsgemeinschaft = models.ForeignKey("households.Bedarfsgemeinschaft",
                                            on_delete=models.PROTECT,
                                            related_name="direct_payments")
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices)
    basis = models.CharField(_("Grundlage"), max_length=20, choices=Basis.choices)
    payee_name = models.CharField(_("Empfänger"), max_length=70)
    payee_street = models.CharField(_("Straße und Hausnummer des Empfängers"), max_length=100,
                                    blank=True)
    payee_postcode = models.CharField(_("Postleitzahl"), max_length=10, blank=True)
    payee_city = models.CharField(_("Ort"), max_length=80, blank=True)
    iban = models.CharField(_("IBAN"), max_length=34)
    monthly_amount = models.DecimalField(_("Betrag je Monat"), max_digits=10, decimal_places=2)
    valid_from = models.DateField(_("ab Monat"))
    valid_to = models.DateField(_("bis Monat"), null=True, blank=True)
    reason = models.CharField(_("Begründung"), max_length=500)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Direktzahlung")
        verbose_name_plural = _("Direktzahlungen")
        ordering = ["valid_from", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(monthly_amount__gt=0),
                                   name="directpayment_positive"),
        ]

    class AccessPolicy:
        tenant = "jobcenter"
        owner = "bedarfsgemeinschaft__memberships__person__user"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.payee_name}"


class PaymentStop(models.Model):
    """Vorläufige Zahlungseinstellung, § 40 Abs. 2 Nr. 4 SGB II i. V. m. § 331 SGB III.

    Without a Bescheid; the Bescheid that cancels the Bewilligung for the past must follow
    within two months (``deadline``), otherwise the withheld amounts are paid at once
    (§ 331 Abs. 2 SGB III): after the deadline the stop no longer holds payments."""

    jobcenter = models.ForeignKey("jobcenters.Jobcenter", on_delete=models.PROTECT,
                                  related_name="+")
    bedarfsgemeinschaft = models.ForeignKey("households.Bedarfsgemeinschaft",
                                            on_delete=models.PROTECT,
                                            related_name="payment_stops")
    facts = models.CharField(_("Tatsachen, die zum Wegfall oder Ruhen führen"), max_length=1000)
    partial_amount = models.DecimalField(
        _("nur teilweise: einbehaltener Betrag je Monat"), max_digits=10, decimal_places=2,
        null=True, blank=True)
    from_person = models.BooleanField(_("Die Kenntnis beruht auf Angaben der Person"),
                                      default=False)
    stopped_on = models.DateField(_("eingestellt am"))
    deadline = models.DateField(_("Bescheid spätestens bis"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    lifted_on = models.DateField(_("aufgehoben am"), null=True, blank=True)
    lifted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                  null=True, blank=True, related_name="+")
    lift_reason = models.CharField(_("Grund der Aufhebung"), max_length=500, blank=True)

    LEGAL_BASIS = "§ 40 Abs. 2 Nr. 4 SGB II i. V. m. § 331 SGB III"

    class Meta:
        verbose_name = _("Vorläufige Zahlungseinstellung")
        verbose_name_plural = _("Vorläufige Zahlungseinstellungen")
        ordering = ["-stopped_on", "-pk"]

    class AccessPolicy:
        tenant = "jobcenter"
        owner = "bedarfsgemeinschaft__memberships__person__user"

    def __str__(self) -> str:
        return f"Zahlungseinstellung {self.stopped_on:%d.%m.%Y}"


class ManualPayment(models.Model):
    """A one-off payment order, paid once by the next daily run: either entered by staff
    (e.g. an urgent advance; paid only after a second person with the right role released
    it — four eyes) or the amount a concern's Bescheid grants (``decision`` set: released
    with the Bescheid, which went through the Jobcenter's four-eyes rules when it was
    issued; once per Bescheid). A Bescheid's amount goes to the person's account, or to a
    third party (``payee_name``/``payee_iban``: the provider, the landlord) where the
    Bescheid says so. A staff member's advance counts against the month's benefit; a
    Bescheid's one-off amount is paid on top of it — except a Vorschuss (``advance``, § 42
    Abs. 2 SGB II): granted by its Bescheid, paid early and counted against ``month``.
    A returned one-off payment is ordered again (``reissue_of``) to a corrected account by
    one person and released by another (four eyes, as every staff order)."""

    class Status(models.TextChoices):
        REQUESTED = "beantragt", _("wartet auf Freigabe")
        APPROVED = "freigegeben", _("freigegeben")
        REJECTED = "abgelehnt", _("abgelehnt")

    jobcenter = models.ForeignKey("jobcenters.Jobcenter", on_delete=models.PROTECT,
                                  related_name="+")
    bedarfsgemeinschaft = models.ForeignKey("households.Bedarfsgemeinschaft",
                                            on_delete=models.PROTECT,
                                            related_name="manual_payments")
    month = models.DateField(_("für Monat"))
    amount = models.DecimalField(_("Betrag"), max_digits=10, decimal_places=2)
    reason = models.CharField(_("Begründung"), max_length=500)
    status = models.CharField(_("Stand"), max_length=12, choices=Status.choices,
                              default=Status.REQUESTED)
    #: who entered it (a Bescheid's amount: who drafted the Bescheid, if known)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    #: PROTECT: who released a payment stays known (the four-eyes record)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    #: the concern's Bescheid that granted the amount (None: entered by staff)
    decision = models.OneToOneField("decisions.Decision", on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    #: what the payment is for, in the Bescheid's words ("Mietkaution", "Klassenfahrt")
    purpose = models.CharField(_("Zweck"), max_length=200, blank=True)
    #: a third party the Bescheid pays (provider, landlord, supplier); blank: the person
    payee_name = models.CharField(_("Empfänger"), max_length=70, blank=True)
    payee_iban = models.CharField(_("IBAN des Empfängers"), max_length=34, blank=True)
    #: a Vorschuss (§ 42 Abs. 2 SGB II): the Bescheid's amount is paid early and counts
    #: against ``month``'s benefit (its payment is that much lower)
    advance = models.BooleanField(_("Vorschuss"), default=False)
    #: the returned one-off payment this order pays again (to the corrected account);
    #: one order per returned payment that is not refused (a constraint)
    reissue_of = models.ForeignKey("zahlungen.Payment", on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="reissues")

    class Meta:
        verbose_name = _("Manuelle Zahlung")
        verbose_name_plural = _("Manuelle Zahlungen")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0),
                                   name="manualpayment_positive"),
            models.CheckConstraint(
                condition=models.Q(decided_by__isnull=True)
                | ~models.Q(decided_by=models.F("requested_by")),
                name="manualpayment_four_eyes"),
            # a staff member's payment is released only by a second person; only a
            # Bescheid's amount is released without one (the Bescheid was)
            models.CheckConstraint(
                condition=~models.Q(status="freigegeben") | models.Q(decided_by__isnull=False)
                | models.Q(decision__isnull=False),
                name="manualpayment_released_by_second_person"),
            models.CheckConstraint(
                condition=models.Q(payee_iban="") | ~models.Q(payee_name=""),
                name="manualpayment_payee_named"),
            models.UniqueConstraint(fields=["reissue_of"],
                                    condition=~models.Q(status="abgelehnt"),
                                    name="manualpayment_reissue_once"),
            # a Vorschuss is granted by its Bescheid (§ 42 Abs. 2 SGB II: "auf Antrag")
            models.CheckConstraint(condition=models.Q(advance=False)
                                   | models.Q(decision__isnull=False, reissue_of__isnull=True),
                                   name="manualpayment_advance_by_bescheid"),
        ]

    class AccessPolicy:
        tenant = "jobcenter"
        owner = None

    def __str__(self) -> str:
        return f"{self.month:%m/%Y}: {self.amount}"

    @property
    def one_off(self) -> bool:
        """Paid on top of the month's benefit: a concern's Bescheid's amount (not a
        Vorschuss) or the new order of a returned one."""
        return (self.decision_id is not None and not self.advance) or (
            self.reissue_of_id is not None)


class StandingOrder(models.Model):
    """A monthly amount a concern's Bescheid grants (§ 26 SGB II: the Zuschuss to the
    insurer; § 27 SGB II: Mehrbedarfe, Härtefall-Darlehen): paid by every payment run for
    each month from ``valid_from`` to ``valid_to`` on top of the month's benefit (recipient
    key ``M<pk>``, once per month by ``payment_regular_once``). Released with its Bescheid
    (the Bescheid went through the Jobcenter's four-eyes rules); once per Bescheid. Staff
    end it early with a reason (an Aufhebung or Änderung of the concern's Bescheid, an
    Abmeldung): ``ended_by``/``ended_at``/``end_reason`` are the trail, ``valid_to`` the new
    last month."""

    jobcenter = models.ForeignKey("jobcenters.Jobcenter", on_delete=models.PROTECT,
                                  related_name="+")
    bedarfsgemeinschaft = models.ForeignKey("households.Bedarfsgemeinschaft",
                                            on_delete=models.PROTECT,
                                            related_name="standing_orders")
    decision = models.OneToOneField("decisions.Decision", on_delete=models.PROTECT,
                                    related_name="+")
    #: the person the Bescheid grants it (paid to their account unless a payee is named)
    person = models.ForeignKey("households.Person", on_delete=models.PROTECT,
                               related_name="+")
    #: what it is for, in the Bescheid's words (the concern's title)
    purpose = models.CharField(_("Zweck"), max_length=200)
    monthly_amount = models.DecimalField(_("Betrag je Monat"), max_digits=10, decimal_places=2)
    valid_from = models.DateField(_("ab Monat"))
    valid_to = models.DateField(_("bis Monat"))
    #: a third party the Bescheid pays (the insurer, § 26 Abs. 5 SGB II); blank: the person
    payee_name = models.CharField(_("Empfänger"), max_length=70, blank=True)
    payee_iban = models.CharField(_("IBAN des Empfängers"), max_length=34, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(_("beendet am"), null=True, blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 null=True, blank=True, related_name="+")
    end_reason = models.CharField(_("Grund der Beendigung"), max_length=500, blank=True)
    #: the Bescheid that ended the benefit it depends on (an Aufhebung, an Änderung to 0 €:
    #: § 26 SGB II), when that ended it; a Bescheid granting those months again is then put
    #: before the caseworker (``anliegen.handlers.on_leistung_bewilligt``)
    end_decision = models.ForeignKey("decisions.Decision", on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("beendet wegen Bescheid"))
    #: paid only while the BG receives Bürgergeld/Grundsicherungsgeld (§ 26 SGB II: "für die
    #: Dauer des Leistungsbezugs"): a month in which the BG is granted nothing (0 €, an
    #: Aufhebung) is not paid by the runs — paused, not ended; a month no issued Bescheid
    #: rules yet (the Bewilligungszeitraum ran out) is held and paid once one grants it
    while_receiving = models.BooleanField(_("nur während des Leistungsbezugs"),
                                          default=False)

    class Meta:
        verbose_name = _("Laufende Zahlung aus Bescheid")
        verbose_name_plural = _("Laufende Zahlungen aus Bescheiden")
        ordering = ["valid_from", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(monthly_amount__gt=0),
                                   name="standingorder_positive"),
            # the last month is not before the first — unless staff ended it before it began
            models.CheckConstraint(condition=models.Q(valid_to__gte=models.F("valid_from"))
                                   | models.Q(ended_at__isnull=False),
                                   name="standingorder_months_in_order"),
            models.CheckConstraint(
                condition=models.Q(payee_iban="") | ~models.Q(payee_name=""),
                name="standingorder_payee_named"),
            # ended early only with who and why (the trail)
            models.CheckConstraint(
                condition=models.Q(ended_at__isnull=True)
                | (models.Q(ended_by__isnull=False) & ~models.Q(end_reason="")),
                name="standingorder_end_with_reason"),
        ]

    class AccessPolicy:
        tenant = "jobcenter"
        owner = "bedarfsgemeinschaft__memberships__person__user"

    def __str__(self) -> str:
        return (f"{self.purpose}: {self.monthly_amount} "
                f"({self.valid_from:%m/%Y}–{self.valid_to:%m/%Y})")


class Payment(models.Model):
    """One ledger entry: money instructed to one recipient for one BG and month.

    The constraints are the guarantee: the regular payment of a month exists once per
    recipient; every further entry (a correction's difference, a re-payment after a
    return, a manual payment) has the next ``seq`` of its (BG, month, recipient), so a
    re-run that computes the same state cannot add a second one."""

    class Kind(models.TextChoices):
        REGULAR = "laufend", _("laufende Zahlung")
        BACK = "nachzahlung", _("Nachzahlung")
        MANUAL = "manuell", _("manuelle Zahlung")
        ONE_OFF = "einmalig", _("einmalige Leistung")
        ADVANCE = "vorschuss", _("Vorschuss (§ 42 Abs. 2 SGB II)")

    class RecipientKind(models.TextChoices):
        CITIZEN = "leistungsberechtigt", _("Leistungsberechtigte Person")
        RENT = "miete", _("Vermieterin oder Vermieter")
        ENERGY = "energie", _("Versorgungsunternehmen")
        THIRD = "dritte", _("Anbieter oder Vermieter")

    class Status(models.TextChoices):
        SENT = "angewiesen", _("angewiesen")
        RETURNED = "zurueck", _("zurückgekommen")

    run = models.ForeignKey(PaymentRun, on_delete=models.PROTECT, related_name="payments")
    jobcenter = models.ForeignKey("jobcenters.Jobcenter", on_delete=models.PROTECT,
                                  related_name="+")
    bedarfsgemeinschaft = models.ForeignKey("households.Bedarfsgemeinschaft",
                                            on_delete=models.PROTECT, related_name="payments")
    month = models.DateField(_("Monat"))
    kind = models.CharField(_("Art"), max_length=12, choices=Kind.choices)
    recipient_kind = models.CharField(_("Empfänger"), max_length=20,
                                      choices=RecipientKind.choices)
    recipient_key = models.CharField(max_length=20)
    seq = models.PositiveSmallIntegerField(default=0)
    person = models.ForeignKey("households.Person", on_delete=models.PROTECT, null=True,
                               blank=True, related_name="+")
    direct_payment = models.ForeignKey(DirectPayment, on_delete=models.PROTECT, null=True,
                                       blank=True, related_name="payments")
    manual_payment = models.OneToOneField(ManualPayment, on_delete=models.PROTECT,
                                          null=True, blank=True, related_name="payment")
    standing_order = models.ForeignKey(StandingOrder, on_delete=models.PROTECT, null=True,
                                       blank=True, related_name="payments")
    decision = models.ForeignKey("decisions.Decision", on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="+")
    recipient_name = models.CharField(_("Name"), max_length=70)
    iban = models.CharField(_("IBAN"), max_length=34)
    amount = models.DecimalField(_("Betrag"), max_digits=10, decimal_places=2)
    purpose = models.CharField(_("Verwendungszweck"), max_length=140)
    end_to_end_id = models.CharField(max_length=35, unique=True)
    status = models.CharField(_("Stand"), max_length=12, choices=Status.choices,
                              default=Status.SENT)
    created_at = models.DateTimeField(auto_now_add=True)
    returned_on = models.DateField(_("zurückgekommen am"), null=True, blank=True)
    return_reason = models.CharField(_("Rückgabegrund"), max_length=4, blank=True)
    returned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("Zahlung")
        verbose_name_plural = _("Zahlungen")
        ordering = ["-month", "-created_at", "-pk"]
        indexes = [models.Index(fields=["bedarfsgemeinschaft", "month"])]
        constraints = [
            models.UniqueConstraint(fields=["bedarfsgemeinschaft", "month", "recipient_key"],
                                    condition=models.Q(kind="laufend"),
                                    name="payment_regular_once"),
            models.UniqueConstraint(fields=["bedarfsgemeinschaft", "month", "recipient_key",
                                            "seq"], name="payment_ledger_seq"),
            models.CheckConstraint(condition=models.Q(amount__gt=0),
                                   name="payment_positive"),
        ]

    class AccessPolicy:
        tenant = "jobcenter"
        owner = "bedarfsgemeinschaft__memberships__person__user"

    def __str__(self) -> str:
        return f"{self.month:%m/%Y} {self.recipient_name}: {self.amount}"


class RunHold(models.Model):
    """A payment the run did not make, with the reason shown in the run's report."""

    class Reason(models.TextChoices):
        NO_ACCOUNT = "kein_konto", _("Keine Bankverbindung der Person bekannt")
        NO_RECIPIENT = "keine_person", _("Keine antragstellende Person in der "
                                         "Bedarfsgemeinschaft")
        STOPPED = "eingestellt", _("Vorläufige Zahlungseinstellung "
                                   "(§ 40 Abs. 2 Nr. 4 SGB II i. V. m. § 331 SGB III)")
        RETURNED = "zurueck", _("Zahlung zurückgekommen: neue Bankverbindung nötig")
        OVERPAID = "ueberzahlt", _("Mehr gezahlt als zusteht: Aufhebung und Erstattung "
                                   "prüfen")
        NOT_RECEIVING = "kein_bezug", _("Kein Leistungsbezug in diesem Monat: Zuschuss nach "
                                        "§ 26 SGB II ausgesetzt")
        NO_DECISION = "kein_bescheid", _("Kein Bescheid für diesen Monat: Zuschuss nach "
                                         "§ 26 SGB II nicht gezahlt")

    run = models.ForeignKey(PaymentRun, on_delete=models.CASCADE, related_name="holds")
    bedarfsgemeinschaft = models.ForeignKey("households.Bedarfsgemeinschaft",
                                            on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("Monat"))
    reason = models.CharField(_("Grund"), max_length=20, choices=Reason.choices)
    amount = models.DecimalField(_("Betrag"), max_digits=10, decimal_places=2, default=ZERO)

    class Meta:
        verbose_name = _("Angehaltene Zahlung")
        verbose_name_plural = _("Angehaltene Zahlungen")
        ordering = ["bedarfsgemeinschaft_id", "month"]
        constraints = [
            models.UniqueConstraint(fields=["run", "bedarfsgemeinschaft", "month", "reason"],
                                    name="runhold_once"),
        ]

    class AccessPolicy:
        tenant = "run__jobcenter"
        owner = None

    def __str__(self) -> str:
        return f"{self.bedarfsgemeinschaft_id} {self.month:%m/%Y}: {self.reason}"


class Claim(models.Model):
    """A claim against one person: an Erstattungsforderung from an Aufhebungs- und
    Erstattungsbescheid (§ 50 SGB X) or the repayment of a loan (§ 42a SGB II: Darlehen
    § 24 Abs. 1, Mietkaution § 22 Abs. 6), with instalments, Aufrechnung (§ 43, § 42a
    Abs. 2 SGB II), Stundung, Niederschlagung and Erlass (§ 44 SGB II: status "erlassen"
    when wholly remitted; a partial Erlass is a booking that lowers the balance)."""

    class Basis(models.TextChoices):
        TEN = "10", _("Erstattung nach § 41a SGB II oder § 48 Abs. 1 Satz 2 Nr. 3 SGB X "
                      "(Aufrechnung 10 %)")
        THIRTY = "30", _("übrige Erstattungs- und Ersatzansprüche (Aufrechnung 30 %)")
        FIVE = "5", _("Darlehen nach § 42a Abs. 2 SGB II (Aufrechnung 5 %)")

    class Status(models.TextChoices):
        OPEN = "offen", _("offen")
        PAID = "getilgt", _("getilgt")
        WRITTEN_OFF = "niedergeschlagen", _("niedergeschlagen")
        REMITTED = "erlassen", _("erlassen")

    jobcenter = models.ForeignKey("jobcenters.Jobcenter", on_delete=models.PROTECT,
                                  related_name="+")
    person = models.ForeignKey("households.Person", on_delete=models.PROTECT,
                               related_name="claims")
    bedarfsgemeinschaft = models.ForeignKey("households.Bedarfsgemeinschaft",
                                            on_delete=models.PROTECT, null=True, blank=True,
                                            related_name="claims")
    bescheid = models.ForeignKey("decisions.Decision", on_delete=models.PROTECT,
                                 related_name="+")
    basis = models.CharField(_("Art der Forderung"), max_length=2, choices=Basis.choices)
    rechtsgrundlage = models.CharField(_("Rechtsgrundlage"), max_length=200)
    positions = models.JSONField(default=list)
    amount = models.DecimalField(_("Forderung"), max_digits=10, decimal_places=2)
    due_date = models.DateField(_("fällig am"))
    status = models.CharField(_("Stand"), max_length=20, choices=Status.choices,
                              default=Status.OPEN)
    # instalment plan (Ratenzahlung)
    instalment_amount = models.DecimalField(_("Rate"), max_digits=10, decimal_places=2,
                                            null=True, blank=True)
    instalment_start = models.DateField(_("erste Rate am"), null=True, blank=True)
    # Aufrechnung (§ 43 SGB II), declared by a written administrative act
    offset_from = models.DateField(_("Aufrechnung ab Monat"), null=True, blank=True)
    offset_until = models.DateField(_("Aufrechnung endet spätestens mit Monat"), null=True,
                                    blank=True)
    # Stundung
    deferred_until = models.DateField(_("gestundet bis"), null=True, blank=True)
    deferral_reason = models.CharField(_("Grund der Stundung"), max_length=500, blank=True)
    # Niederschlagung (four eyes)
    write_off_reason = models.CharField(_("Grund der Niederschlagung"), max_length=500,
                                        blank=True)
    write_off_requested_by = models.ForeignKey(settings.AUTH_USER_MODEL,
                                               on_delete=models.SET_NULL, null=True,
                                               blank=True, related_name="+")
    write_off_approved_by = models.ForeignKey(settings.AUTH_USER_MODEL,
                                              on_delete=models.SET_NULL, null=True,
                                              blank=True, related_name="+")
    written_off_on = models.DateField(_("niedergeschlagen am"), null=True, blank=True)
    #: the Aufrechnung ended because the benefit ended (an Aufhebung, an Änderung to 0 €:
    #: § 42a Abs. 2 and 4, § 43 SGB II): who, when, why and the Bescheid; ``offset_until``
    #: is then the last month offset
    offset_ended_at = models.DateTimeField(_("Aufrechnung beendet am"), null=True, blank=True)
    offset_ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                        null=True, blank=True, related_name="+")
    offset_end_reason = models.CharField(_("Grund für das Ende der Aufrechnung"),
                                         max_length=500, blank=True)
    offset_end_decision = models.ForeignKey("decisions.Decision", on_delete=models.PROTECT,
                                            null=True, blank=True, related_name="+",
                                            verbose_name=_("Aufrechnung beendet wegen "
                                                           "Bescheid"))
    #: part of the end record: the Aufrechnung ended because the Leistungsbezug ended (a
    #: Bescheid, or staff by hand when it ends without one) — not for another reason while
    #: the benefit goes on (e.g. the Aufrechnungserklärung cancelled in the Widerspruch)
    offset_end_bezug = models.BooleanField(_("Aufrechnung endete mit dem Leistungsbezug"),
                                           default=False)
    #: a loan: the day its rest fell due because the Leistungsbezug ended (§ 42a Abs. 4
    #: Satz 1 SGB II) — set with the end of the Aufrechnung, or by a later Bescheid that
    #: ends the benefit after an end for another reason (the end record stays as it was)
    rest_due_from = models.DateField(_("Rest sofort fällig seit (§ 42a Abs. 4 SGB II)"),
                                     null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Forderung")
        verbose_name_plural = _("Forderungen")
        ordering = ["due_date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["bescheid", "person"], name="claim_once_per_bescheid"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="claim_positive"),
            models.CheckConstraint(
                condition=models.Q(write_off_approved_by__isnull=True)
                | ~models.Q(write_off_approved_by=models.F("write_off_requested_by")),
                name="claim_write_off_four_eyes"),
            # an Aufrechnung ended only with who and why (the trail)
            models.CheckConstraint(
                condition=models.Q(offset_ended_at__isnull=True)
                | (models.Q(offset_ended_by__isnull=False) & ~models.Q(offset_end_reason="")),
                name="claim_offset_end_with_reason"),
            models.CheckConstraint(
                condition=models.Q(offset_end_bezug=False)
                | models.Q(offset_ended_at__isnull=False),
                name="claim_offset_end_bezug_only_ended"),
            # § 42a Abs. 4 SGB II is about loans
            models.CheckConstraint(
                condition=models.Q(rest_due_from__isnull=True) | models.Q(basis="5"),
                name="claim_rest_due_only_loan"),
        ]

    class AccessPolicy:
        tenant = "jobcenter"
        owner = "person__user"

    def __str__(self) -> str:
        return f"Forderung {self.pk}: {self.amount}"


class ClaimEntry(models.Model):
    """A reduction of a claim: an Aufrechnung in a payment run, a payment received, or an
    Erlass (§ 44 SGB II) granted by a Bescheid — the latter always with four eyes: the
    person who decided (``recorded_by``) and another who released the Bescheid
    (``approved_by``), a database check as for the Niederschlagung."""

    class Kind(models.TextChoices):
        OFFSET = "aufrechnung", _("Aufrechnung mit laufenden Leistungen")
        RECEIPT = "zahlungseingang", _("Zahlung erhalten")
        REMISSION = "erlass", _("Erlass (§ 44 SGB II)")

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    month = models.DateField(_("Monat"), null=True, blank=True)
    booked_on = models.DateField(_("gebucht am"))
    amount = models.DecimalField(_("Betrag"), max_digits=10, decimal_places=2)
    run = models.ForeignKey(PaymentRun, on_delete=models.PROTECT, null=True, blank=True,
                            related_name="offsets")
    bedarfsgemeinschaft = models.ForeignKey("households.Bedarfsgemeinschaft",
                                            on_delete=models.PROTECT, null=True, blank=True,
                                            related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    #: an Erlass: the second person who released its Bescheid, and the Bescheid (once each)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    decision = models.ForeignKey("decisions.Decision", on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="+")

    class Meta:
        verbose_name = _("Buchung auf eine Forderung")
        verbose_name_plural = _("Buchungen auf Forderungen")
        ordering = ["booked_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "month"],
                                    condition=models.Q(kind="aufrechnung"),
                                    name="claim_offset_once_per_month"),
            models.CheckConstraint(condition=models.Q(amount__gt=0),
                                   name="claimentry_positive"),
            models.UniqueConstraint(fields=["decision"], condition=models.Q(kind="erlass"),
                                    name="claimentry_remission_once_per_bescheid"),
            models.CheckConstraint(
                condition=~models.Q(kind="erlass") | (
                    models.Q(decision__isnull=False, recorded_by__isnull=False,
                             approved_by__isnull=False)
                    & ~models.Q(approved_by=models.F("recorded_by"))),
                name="claimentry_remission_four_eyes"),
        ]

    class AccessPolicy:
        tenant = "claim__jobcenter"
        owner = "claim__person__user"

    def __str__(self) -> str:
        return f"{self.kind} {self.amount}"


class Aufrechnung(models.Model):
    """The procedure of one Aufrechnung (§ 43 SGB II) against one claim: prepared by staff
    (percentage by the claim's legal ground, start month, duration within the three-year
    limit and the 30 % cap), the Anhörung (§ 24 SGB X) with a deadline, the answer, the
    decision with four eyes where the Jobcenter's rules require them, and the written
    Aufrechnungserklärung (§ 43 Abs. 4 Satz 1). Only once it is issued does the payment run
    offset (``Claim.offset_from``/``offset_until`` are set then). Writes go through
    ``zahlungen.services.aufrechnung_verfahren``."""

    class Status(models.TextChoices):
        DRAFT = "entwurf", _("vorbereitet, Anhörung noch nicht versandt")
        HEARING = "anhoerung", _("Anhörung läuft")
        APPROVAL = "freigabe", _("wartet auf Freigabe (Vier-Augen-Prinzip)")
        ISSUED = "erlassen", _("Aufrechnung erklärt")
        DROPPED = "verworfen", _("nicht aufgerechnet")

    OPEN = (Status.DRAFT, Status.HEARING, Status.APPROVAL)

    jobcenter = models.ForeignKey("jobcenters.Jobcenter", on_delete=models.PROTECT,
                                  related_name="+")
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="aufrechnungen")
    status = models.CharField(_("Stand"), max_length=12, choices=Status.choices,
                              default=Status.DRAFT)
    percent = models.PositiveSmallIntegerField(_("Prozent des Regelbedarfs"))
    regelbedarf = models.DecimalField(_("maßgebender Regelbedarf"), max_digits=10,
                                      decimal_places=2)
    other_offsets = models.DecimalField(_("laufende andere Aufrechnungen je Monat"),
                                        max_digits=10, decimal_places=2, default=ZERO)
    monthly_amount = models.DecimalField(_("Betrag je Monat"), max_digits=10, decimal_places=2)
    start = models.DateField(_("ab Monat"))
    end = models.DateField(_("bis Monat"))
    reasons = models.TextField(_("Ermessenserwägungen"), max_length=4000)
    hearing_deadline = models.DateField(_("Frist zur Äußerung"), null=True, blank=True)
    answer = models.TextField(_("Äußerung der Person"), max_length=10000, blank=True)
    answered_at = models.DateTimeField(_("Äußerung erhalten am"), null=True, blank=True)
    answer_assessment = models.TextField(_("Würdigung der Äußerung"), max_length=4000,
                                         blank=True)
    four_eyes_reasons = models.JSONField(default=list, blank=True)
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    prepared_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    issued_at = models.DateTimeField(_("erklärt am"), null=True, blank=True)
    drop_reason = models.CharField(_("Grund"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("Aufrechnung")
        verbose_name_plural = _("Aufrechnungen")
        ordering = ["-prepared_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["claim"],
                                    condition=models.Q(status__in=["entwurf", "anhoerung",
                                                                   "freigabe"]),
                                    name="aufrechnung_one_open_per_claim"),
            models.CheckConstraint(
                condition=models.Q(approved_by__isnull=True)
                | ~models.Q(approved_by=models.F("decided_by")),
                name="aufrechnung_four_eyes"),
            models.CheckConstraint(condition=models.Q(percent__in=[10, 30]),
                                   name="aufrechnung_percent_by_law"),
        ]

    class AccessPolicy:
        tenant = "jobcenter"
        owner = "claim__person__user"

    def __str__(self) -> str:
        return f"Aufrechnung {self.pk} ({self.percent} %)"


class Letter(models.Model):
    """A letter of the payments area: the Anhörung before an Aufrechnung, the
    Aufrechnungserklärung, the notice of a payment stop, the notice of a direct payment to
    the citizen and to the payee. Its content (``data``) is fixed when it is created; the
    PDF/A is rendered once by the outbox task and filed in the eAkte. Online only where the
    person chose it, otherwise on the print list until staff mark it as posted."""

    class Kind(models.TextChoices):
        HEARING = "aufrechnung_anhoerung", _("Anhörung vor einer Aufrechnung")
        OFFSET = "aufrechnung", _("Aufrechnungserklärung")
        STOP = "zahlungseinstellung", _("Mitteilung über die vorläufige Zahlungseinstellung")
        DIRECT = "direktzahlung", _("Mitteilung über die Direktzahlung")
        PAYEE = "direktzahlung_empfaenger", _("Schreiben an den Zahlungsempfänger")
        DUE = "forderung_faellig", _("Mitteilung über das Ende der Aufrechnung")
        LOAN_DUE = "darlehen_faellig", _("Mitteilung über die Fälligkeit des Darlehens")

    class Channel(models.TextChoices):
        ONLINE = "online", _("online im Kundenkonto")
        POST = "post", _("per Post")

    class Status(models.TextChoices):
        PRINT = "druck", _("wartet auf Versand per Post")
        SENT = "versandt", _("versandt")

    jobcenter = models.ForeignKey("jobcenters.Jobcenter", on_delete=models.PROTECT,
                                  related_name="+")
    case = models.ForeignKey("casefiles.Case", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("households.Person", on_delete=models.PROTECT, null=True,
                               blank=True, related_name="+")
    kind = models.CharField(_("Art"), max_length=30, choices=Kind.choices)
    recipient = models.CharField(_("Empfänger"), max_length=140)
    channel = models.CharField(_("Versand"), max_length=10, choices=Channel.choices)
    status = models.CharField(_("Stand"), max_length=10, choices=Status.choices)
    letter_date = models.DateField(_("Datum des Schreibens"))
    posted_on = models.DateField(_("zur Post gegeben am"), null=True, blank=True)
    presumed_delivery = models.DateField(_("gilt als bekannt gegeben am"), null=True,
                                         blank=True)
    data = models.JSONField(default=dict)
    document_version = models.ForeignKey("casefiles.DocumentVersion", on_delete=models.PROTECT,
                                         null=True, blank=True, related_name="+")
    aufrechnung = models.ForeignKey(Aufrechnung, on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="letters")
    stop = models.ForeignKey(PaymentStop, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="letters")
    direct_payment = models.ForeignKey(DirectPayment, on_delete=models.PROTECT, null=True,
                                       blank=True, related_name="letters")
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="letters")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Schreiben")
        verbose_name_plural = _("Schreiben")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # each letter exists once per occasion (a double click or a retry adds none)
            models.UniqueConstraint(fields=["kind", "aufrechnung"],
                                    condition=models.Q(aufrechnung__isnull=False),
                                    name="letter_once_per_aufrechnung"),
            models.UniqueConstraint(fields=["kind", "stop"],
                                    condition=models.Q(stop__isnull=False),
                                    name="letter_once_per_stop"),
            models.UniqueConstraint(fields=["kind", "direct_payment"],
                                    condition=models.Q(direct_payment__isnull=False),
                                    name="letter_once_per_direct_payment"),
            models.UniqueConstraint(fields=["kind", "claim"],
                                    condition=models.Q(claim__isnull=False),
                                    name="letter_once_per_claim"),
        ]

    class AccessPolicy:
        tenant = "jobcenter"
        owner = "person__user"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.letter_date:%d.%m.%Y}"


class BankStatement(models.Model):
    """An imported camt.054/camt.053 bank statement, once per file (its SHA-256)."""

    jobcenter = models.ForeignKey("jobcenters.Jobcenter", on_delete=models.PROTECT,
                                  related_name="+")
    sha256 = models.CharField(max_length=64)
    filename = models.CharField(_("Datei"), max_length=200)
    message_id = models.CharField(_("Nachrichten-ID"), max_length=35, blank=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)
    entries_count = models.PositiveIntegerField(_("Buchungen"), default=0)
    matched_count = models.PositiveIntegerField(_("zugeordnet"), default=0)

    class Meta:
        verbose_name = _("Kontoauszug")
        verbose_name_plural = _("Kontoauszüge")
        ordering = ["-imported_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["jobcenter", "sha256"],
                                    name="bankstatement_once_per_file"),
        ]

    class AccessPolicy:
        tenant = "jobcenter"
        owner = None

    def __str__(self) -> str:
        return self.filename


class BankStatementEntry(models.Model):
    """One booking of an imported statement: a returned credit transfer (matched to the
    ledger by its end-to-end id) or an incoming payment (matched to a claim by the claim's
    number in the reference); what cannot be matched stays open for staff."""

    class Kind(models.TextChoices):
        RETURN = "rueckueberweisung", _("Rücküberweisung")
        CREDIT = "zahlungseingang", _("Zahlungseingang")

    class Status(models.TextChoices):
        MATCHED = "zugeordnet", _("zugeordnet und gebucht")
        OPEN = "offen", _("nicht zugeordnet, bitte prüfen")

    statement = models.ForeignKey(BankStatement, on_delete=models.CASCADE,
                                  related_name="entries")
    jobcenter = models.ForeignKey("jobcenters.Jobcenter", on_delete=models.PROTECT,
                                  related_name="+")
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("Stand"), max_length=12, choices=Status.choices)
    amount = models.DecimalField(_("Betrag"), max_digits=12, decimal_places=2)
    booked_on = models.DateField(_("gebucht am"))
    end_to_end_id = models.CharField(max_length=35, blank=True)
    reason_code = models.CharField(_("Rückgabegrund"), max_length=4, blank=True)
    reference = models.CharField(_("Verwendungszweck"), max_length=140, blank=True)
    counterparty = models.CharField(_("Auftraggeber"), max_length=140, blank=True)
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+")
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")

    class Meta:
        verbose_name = _("Buchung aus einem Kontoauszug")
        verbose_name_plural = _("Buchungen aus Kontoauszügen")
        ordering = ["booked_on", "pk"]

    class AccessPolicy:
        tenant = "jobcenter"
        owner = None

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"
