"""Widersprüche (§§ 78, 83–86 SGG) against Bescheide, and each Jobcenter's settings for
the Widerspruchsverfahren (the competent Sozialgericht, the Widerspruchsstelle).

Models hold data and invariants; every write goes through ``rechtsbehelfe.services``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WiderspruchSettings(models.Model):
    """Per Jobcenter: the Sozialgericht named in the Widerspruchsbescheid's
    Rechtsbehelfsbelehrung (§ 87, § 66 SGG) and the team that is the Widerspruchsstelle."""

    jobcenter = models.OneToOneField("jobcenters.Jobcenter", on_delete=models.CASCADE,
                                     related_name="widerspruch_settings")
    court_name = models.CharField(_("Sozialgericht"), max_length=200,
                                  help_text=_("Zum Beispiel „Sozialgericht Berlin“."))
    court_street = models.CharField(_("Straße und Hausnummer des Gerichts"), max_length=200)
    court_postcode = models.CharField(_("Postleitzahl des Gerichts"), max_length=5)
    court_city = models.CharField(_("Ort des Gerichts"), max_length=100)
    widerspruchsstelle = models.ForeignKey(
        "jobcenters.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("Widerspruchsstelle (Team)"),
        help_text=_("Nur Mitglieder dieses Teams erlassen Widerspruchsbescheide. Leer: jede "
                    "Teamleitung."),
    )

    class Meta:
        verbose_name = _("Einstellungen für Widersprüche")
        verbose_name_plural = _("Einstellungen für Widersprüche")

    class AccessPolicy:
        tenant = "jobcenter"
        owner = None

    def __str__(self) -> str:
        return self.court_name

    @property
    def court_address(self) -> str:
        return f"{self.court_name}, {self.court_street}, {self.court_postcode} {self.court_city}"


class Widerspruch(models.Model):
    class Channel(models.TextChoices):
        ONLINE = "online", _("im Kundenkonto")
        POST = "post", _("schriftlich (Brief, Fax)")
        NIEDERSCHRIFT = "niederschrift", _("zur Niederschrift im Jobcenter")
        QES = "qes", _("elektronisch mit qualifizierter elektronischer Signatur")

    class Scope(models.TextChoices):
        WHOLE = "ganz", _("den ganzen Bescheid")
        PART = "teil", _("einen Teil des Bescheids")

    class Status(models.TextChoices):
        RECEIVED = "eingegangen", _("eingegangen")
        REVIEW = "pruefung", _("in Prüfung (Abhilfe)")
        REMEDY = "abhilfe", _("Abhilfebescheid")
        BOARD = "widerspruchsstelle", _("bei der Widerspruchsstelle")
        DECIDED = "entschieden", _("entschieden")
        WITHDRAWN = "zurueckgenommen", _("zurückgenommen")

    class Remedy(models.TextChoices):
        FULL = "voll", _("in vollem Umfang")
        PART = "teilweise", _("teilweise")

    class Outcome(models.TextChoices):
        GRANTED = "stattgegeben", _("stattgegeben")
        PARTLY = "teilweise", _("teilweise stattgegeben")
        REJECTED = "zurueckgewiesen", _("zurückgewiesen (unbegründet)")
        INADMISSIBLE = "verworfen", _("verworfen (unzulässig)")

    class Costs(models.TextChoices):
        FULL = "voll", _("Das Jobcenter erstattet die notwendigen Aufwendungen.")
        SHARE = "anteil", _("Das Jobcenter erstattet einen Anteil der Aufwendungen.")
        NONE = "keine", _("Aufwendungen werden nicht erstattet.")

    jobcenter = models.ForeignKey("jobcenters.Jobcenter", on_delete=models.PROTECT,
                                  related_name="widersprueche")
    decision = models.ForeignKey("decisions.Decision", on_delete=models.PROTECT,
                                 related_name="widersprueche",
                                 verbose_name=_("angefochtener Bescheid"))
    reference = models.CharField(_("Geschäftszeichen"), max_length=40, unique=True)
    channel = models.CharField(_("Eingang"), max_length=20, choices=Channel.choices)
    received_at = models.DateTimeField(_("eingegangen am"))
    scope = models.CharField(_("angefochten"), max_length=10, choices=Scope.choices,
                             default=Scope.WHOLE)
    contested = models.TextField(_("Was angefochten wird"), blank=True, max_length=2000)
    reasons = models.TextField(_("Begründung"), blank=True, max_length=20000)
    content_hash = models.CharField(_("Prüfsumme (SHA-256)"), max_length=64)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                 null=True, blank=True, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    idempotency_key = models.CharField(max_length=64, blank=True)
    attachments = models.ManyToManyField("casefiles.DocumentVersion", blank=True,
                                         related_name="+")
    status = models.CharField(_("Stand"), max_length=20, choices=Status.choices,
                              default=Status.RECEIVED, db_index=True)
    #: The Eingangsbestätigung (PDF/A), rendered after commit through the outbox
    #: (``rechtsbehelfe.tasks.receipt_render``) and filed in the eAkte.
    receipt = models.ForeignKey("casefiles.DocumentVersion", on_delete=models.PROTECT,
                                null=True, blank=True, related_name="+",
                                verbose_name=_("Eingangsbestätigung"))
    # Registration: form and deadline (§ 84 SGG, § 37 SGB X, § 66 Abs. 2 SGG).
    registered_at = models.DateTimeField(_("registriert am"), null=True, blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                      null=True, blank=True, related_name="+")
    form_ok = models.BooleanField(_("Form gewahrt"), null=True, blank=True)
    form_note = models.CharField(_("Vermerk zur Form"), max_length=500, blank=True)
    belehrung_defective = models.BooleanField(
        _("Rechtsbehelfsbelehrung fehlte oder war unrichtig"), default=False)
    deadline = models.DateField(_("Widerspruchsfrist endete am"), null=True, blank=True)
    in_time = models.BooleanField(_("fristgerecht"), null=True, blank=True)
    # Abhilfe (§ 85 Abs. 1 SGG) and the Widerspruchsbescheid (§ 85 Abs. 2, 3 SGG).
    remedy = models.CharField(_("Abhilfe"), max_length=10, choices=Remedy.choices, blank=True)
    remedy_decision = models.ForeignKey("decisions.Decision", on_delete=models.SET_NULL,
                                        null=True, blank=True, related_name="+",
                                        verbose_name=_("Abhilfebescheid"))
    handed_over_at = models.DateTimeField(_("an die Widerspruchsstelle abgegeben am"),
                                          null=True, blank=True)
    outcome = models.CharField(_("Ergebnis"), max_length=20, choices=Outcome.choices,
                               blank=True)
    costs = models.CharField(_("Kostenentscheidung"), max_length=10, choices=Costs.choices,
                             blank=True)
    costs_share = models.PositiveSmallIntegerField(_("Anteil der Kosten in Prozent"),
                                                   null=True, blank=True)
    ruling = models.ForeignKey("decisions.Decision", on_delete=models.PROTECT, null=True,
                               blank=True, related_name="+",
                               verbose_name=_("Widerspruchsbescheid"))
    closed_at = models.DateTimeField(_("abgeschlossen am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Widerspruch")
        verbose_name_plural = _("Widersprüche")
        ordering = ["-received_at", "-pk"]
        constraints = [
            # A double click or a retried POST files one Widerspruch.
            models.UniqueConstraint(
                fields=["filed_by", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="widerspruch_once_per_key",
            ),
        ]

    class AccessPolicy:
        tenant = "jobcenter"
        owner = "decision__case__applicant_user"

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status not in {self.Status.DECIDED, self.Status.WITHDRAWN} and (
            self.closed_at is None)
