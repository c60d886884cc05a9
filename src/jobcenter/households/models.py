"""Persons and Bedarfsgemeinschaften (§ 7 Abs. 3 SGB II) with dated memberships."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Bedarfsgemeinschaft(models.Model):
    jobcenter = models.ForeignKey(
        "jobcenters.Jobcenter", on_delete=models.PROTECT, related_name="bedarfsgemeinschaften"
    )
    #: Number of people living in the dwelling, including people outside the BG (Kopfteil).
    persons_in_dwelling = models.PositiveSmallIntegerField(_("Personen in der Wohnung"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Bedarfsgemeinschaft")
        verbose_name_plural = _("Bedarfsgemeinschaften")

    class AccessPolicy:
        tenant = "jobcenter"
        owner = "memberships__person__user"

    def __str__(self) -> str:
        return f"BG {self.pk}"

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

    class Meta:
        verbose_name = _("Person")
        verbose_name_plural = _("Personen")
        ordering = ["last_name", "first_name"]
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
