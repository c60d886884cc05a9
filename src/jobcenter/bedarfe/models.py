"""The Jobcenter's Angemessenheitsgrenzen for Unterkunft und Heizung (§ 22 Abs. 1 SGB II):
per household size a Bruttokaltmiete and Heizkosten per month, valid from a day. The
Jobcenter admin maintains them in the Verwaltung (a new table from a later day replaces
the older one; rows are never changed, so a check made earlier can always be explained)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Angemessenheitsgrenze(models.Model):
    jobcenter = models.ForeignKey("jobcenters.Jobcenter", on_delete=models.PROTECT,
                                  related_name="+")
    valid_from = models.DateField(_("gültig ab"))
    personen = models.PositiveSmallIntegerField(_("Personen im Haushalt"))
    bruttokaltmiete = models.DecimalField(_("Bruttokaltmiete im Monat"), max_digits=8,
                                          decimal_places=2)
    heizkosten = models.DecimalField(_("Heizkosten im Monat"), max_digits=8,
                                     decimal_places=2)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Angemessenheitsgrenze")
        verbose_name_plural = _("Angemessenheitsgrenzen")
        ordering = ["jobcenter", "-valid_from", "personen"]
        constraints = [
            models.UniqueConstraint(fields=["jobcenter", "valid_from", "personen"],
                                    name="angemessenheitsgrenze_once"),
            models.CheckConstraint(condition=models.Q(personen__gte=1, personen__lte=12),
                                   name="angemessenheitsgrenze_personen"),
            models.CheckConstraint(condition=models.Q(bruttokaltmiete__gt=0, heizkosten__gt=0),
                                   name="angemessenheitsgrenze_positive"),
        ]

    class AccessPolicy:
        tenant = "jobcenter"
        owner = None

    def __str__(self) -> str:
        return f"{self.jobcenter_id} {self.valid_from} {self.personen}"
