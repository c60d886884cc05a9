"""Persons and Bedarfsgemeinschaften (§ 7 Abs. 3 SGB II) with dated memberships."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jobcenter.core.iban import iban_grouped


class NoteCategory(models.TextChoices):
    """Categories of Vermerke, on a person and on a case."""

    ALLGEMEIN = "allgemein", _("Allgemein")
    VORSPRACHE = "vorsprache", _("Vorsprache")
    TELEFONAT = "telefonat", _("Telefonat")
    UNTERKUNFT = "unterkunft", _("Unterkunft")
    EINKOMMEN = "einkommen", _("Einkommen und Vermögen")
    MITWIRKUNG = "mitwirkung", _("Mitwirkung")
    ZAHLUNG = "zahlung", _("Zahlung")


class Bedarfsgemeinschaft(models.Model):
    jobcenter = models.ForeignKey(
        "jobcenters.Jobcenter", on_delete=models.PROTECT, related_name="bedarfsgemeinschaften"
    )
    #: Number of people living in the dwelling, including people outside the BG (Kopfteil).
    persons_in_dwelling = models.PositiveSmallIntegerField(_("Personen in der Wohnung"), default=1)
    #: "Nummer der Bedarfsgemeinschaft" (§ 51a Satz 6 SGB II), e.g. 12001BG0000042:
    #: the Jobcenter's five-digit Dienststellennummer, "BG", a seven-digit sequence
    #: (``households.numbering``). Empty only for rows created before numbering existed.
    number = models.CharField(_("BG-Nummer"), max_length=20, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Bedarfsgemeinschaft")
        verbose_name_plural = _("Bedarfsgemeinschaften")
        constraints = [
            models.UniqueConstraint(fields=["jobcenter", "number"],
                                    condition=~models.Q(number=""),
                                    name="bg_number_unique_per_jobcenter"),
        ]

    class AccessPolicy:
        tenant = "jobcenter"
        owner = "memberships__person__user"

    def __str__(self) -> str:
        return self.number or f"BG {self.pk}"

    def current_memberships(self, on: dt.date | None = None) -> models.QuerySet[Membership]:
        day = on or dt.date.today()
        role_order = models.Case(
            *(models.When(role=role, then=index) for index, role in enumerate(Membership.Role)),
            output_field=models.IntegerField(),
        )
        return (
            self.memberships.select_related("person")
            .filter(valid_from__lte=day)
            .exclude(valid_to__lt=day)
            .order_by(role_order, "person__birth_date")
        )


class Person(models.Model):
    class Sex(models.TextChoices):
        FEMALE = "w", _("weiblich")
        MALE = "m", _("männlich")
        DIVERSE = "d", _("divers")
        NONE = "x", _("keine Angabe")

    jobcenter = models.ForeignKey(
        "jobcenters.Jobcenter", on_delete=models.PROTECT, related_name="persons"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    first_name = models.CharField(_("Vorname"), max_length=100)
    last_name = models.CharField(_("Nachname"), max_length=100)
    birth_date = models.DateField(_("Geburtsdatum"))
    sex = models.CharField(_("Geschlecht"), max_length=1, choices=Sex.choices, default=Sex.NONE)
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postcode = models.CharField(_("Postleitzahl"), max_length=5, blank=True)
    city = models.CharField(_("Ort"), max_length=100, blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    customer_number = models.CharField(_("Kundennummer"), max_length=20, blank=True, db_index=True)
    #: Set while the back office has not confirmed that a person created from an application
    #: is nobody already known (the matching screen, ``households.matching``).
    match_pending = models.BooleanField(_("Abgleich offen"), default=False)
    #: A person merged into another one by the matching screen (kept, never shown in lists).
    merged_into = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")

    class Meta:
        verbose_name = _("Person")
        verbose_name_plural = _("Personen")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(fields=["jobcenter", "customer_number"],
                                    condition=~models.Q(customer_number=""),
                                    name="person_customer_number_unique_per_jobcenter"),
        ]
        indexes = [
            models.Index(fields=["jobcenter", "last_name", "first_name"]),
            # The work queue's search by date of birth (name search: trigram indexes on
            # PostgreSQL, migration 0002).
            models.Index(fields=["birth_date"], name="person_birth_date_idx"),
        ]

    class AccessPolicy:
        tenant = "jobcenter"
        owner = "memberships__bedarfsgemeinschaft__memberships__person__user"

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def age_on(self, day: dt.date) -> int:
        years = day.year - self.birth_date.year
        if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years


class Membership(models.Model):
    """A person's role in a Bedarfsgemeinschaft for a period of time."""

    class Role(models.TextChoices):
        ANTRAGSTELLER = "antragsteller", _("Antragstellende Person")
        PARTNER = "partner", _("Partnerin oder Partner")
        KIND = "kind", _("Kind")
        SONSTIGE = "sonstige", _("Sonstige Person")

    bedarfsgemeinschaft = models.ForeignKey(
        Bedarfsgemeinschaft, on_delete=models.CASCADE, related_name="memberships"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices)
    valid_from = models.DateField(_("gültig ab"))
    valid_to = models.DateField(_("gültig bis"), null=True, blank=True)

    class Meta:
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="membership_valid_period",
            )
        ]

    class AccessPolicy:
        tenant = "bedarfsgemeinschaft__jobcenter"
        owner = "bedarfsgemeinschaft__memberships__person__user"

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class BankAccount(models.Model):
    """A person's account for payments, valid from a day (the latest one valid on a day is
    the one paid to: ``households.selectors.payment_account_for``)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="bank_accounts")
    iban = models.CharField(_("IBAN"), max_length=34)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    holder = models.CharField(_("Kontoinhaberin oder Kontoinhaber"), max_length=140)
    valid_from = models.DateField(_("gültig ab"))
    valid_to = models.DateField(_("gültig bis"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("Bankverbindung")
        verbose_name_plural = _("Bankverbindungen")
        ordering = ["-valid_from", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="bank_account_valid_period",
            )
        ]

    class AccessPolicy:
        tenant = "person__jobcenter"
        owner = "person__user"

    def __str__(self) -> str:
        return f"{self.holder} ****{self.iban[-4:]}"

    @property
    def iban_grouped(self) -> str:
        return iban_grouped(self.iban)


class HouseholdChange(models.Model):
    """One change of a person or a Bedarfsgemeinschaft by staff, with its reason (the
    history on the person page). Append-only."""

    class Kind(models.TextChoices):
        PERSON = "person", _("Stammdaten")
        MEMBERSHIP = "mitgliedschaft", _("Bedarfsgemeinschaft")
        BANK = "bank", _("Bankverbindung")
        MATCH = "abgleich", _("Abgleich")
        CREATED = "angelegt", _("Angelegt")

    jobcenter = models.ForeignKey("jobcenters.Jobcenter", on_delete=models.PROTECT,
                                  related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, null=True, blank=True,
                               related_name="changes")
    bedarfsgemeinschaft = models.ForeignKey(Bedarfsgemeinschaft, on_delete=models.CASCADE,
                                            null=True, blank=True, related_name="changes")
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    #: The changed field's label (German, shown through ``|translated``).
    field = models.CharField(_("Angabe"), max_length=100, blank=True)
    old = models.CharField(_("bisher"), max_length=300, blank=True)
    new = models.CharField(_("neu"), max_length=300, blank=True)
    reason = models.CharField(_("Grund"), max_length=500)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("Änderung")
        verbose_name_plural = _("Änderungen")
        ordering = ["-at", "-pk"]

    class AccessPolicy:
        tenant = "jobcenter"
        owner = None  # internal history; the citizen sees their data, not staff reasons

    def __str__(self) -> str:
        return f"{self.kind} {self.field}"

    @staticmethod
    def _date(value: str) -> dt.date | None:
        try:
            return dt.date.fromisoformat(value) if len(value) == 10 else None
        except ValueError:
            return None

    @property
    def old_date(self) -> dt.date | None:
        """The old value as a date, if it is one (shown in the reader's format)."""
        return self._date(self.old)

    @property
    def new_date(self) -> dt.date | None:
        return self._date(self.new)


class PersonNote(models.Model):
    """A Vermerk on a person (not tied to one case); staff only."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="notes")
    category = models.CharField(_("Kategorie"), max_length=20, choices=NoteCategory.choices,
                                default=NoteCategory.ALLGEMEIN)
    text = models.TextField(_("Vermerk"), max_length=5000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Vermerk zur Person")
        verbose_name_plural = _("Vermerke zur Person")
        ordering = ["-created_at", "-pk"]

    class AccessPolicy:
        tenant = "person__jobcenter"
        owner = None  # internal: never shown to citizens

    def __str__(self) -> str:
        return self.text[:50]


class NumberSequence(models.Model):
    """The last number given per Jobcenter and kind (Kundennummer, BG-Nummer); the row is
    locked while a number is taken, so numbers are unique under concurrency."""

    jobcenter = models.ForeignKey("jobcenters.Jobcenter", on_delete=models.CASCADE,
                                  related_name="+")
    kind = models.CharField(max_length=20)
    last = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["jobcenter", "kind"],
                                               name="number_sequence_unique")]

    class AccessPolicy:
        tenant = "jobcenter"

    def __str__(self) -> str:
        return f"{self.kind} {self.last}"
