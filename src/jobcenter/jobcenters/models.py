"""Jobcenters as tenants: branding, teams and the postcodes each one is responsible for."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

postcode_validator = RegexValidator(
    r"^\d{5}$", _("Bitte geben Sie eine Postleitzahl mit fünf Ziffern ein, zum Beispiel 10115.")
)
colour_validator = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Bitte geben Sie eine Farbe als Hex-Wert an, zum Beispiel #004b87.")
)


class Land(models.TextChoices):
    """The 16 Länder by their ISO 3166-2:DE codes (their public holidays differ)."""

    BW = "BW", _("Baden-Württemberg")
    BY = "BY", _("Bayern")
    BE = "BE", _("Berlin")
    BB = "BB", _("Brandenburg")
    HB = "HB", _("Bremen")
    HH = "HH", _("Hamburg")
    HE = "HE", _("Hessen")
    MV = "MV", _("Mecklenburg-Vorpommern")
    NI = "NI", _("Niedersachsen")
    NW = "NW", _("Nordrhein-Westfalen")
    RP = "RP", _("Rheinland-Pfalz")
    SL = "SL", _("Saarland")
    SN = "SN", _("Sachsen")
    ST = "ST", _("Sachsen-Anhalt")
    SH = "SH", _("Schleswig-Holstein")
    TH = "TH", _("Thüringen")


class Jobcenter(models.Model):
    class Kind(models.TextChoices):
        GEMEINSAME_EINRICHTUNG = "ge", _("Gemeinsame Einrichtung")
        ZKT = "zkt", _("Zugelassener kommunaler Träger")

    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kurzname"), unique=True)
    kind = models.CharField(_("Trägerform"), max_length=3, choices=Kind.choices)
    street = models.CharField(_("Straße und Hausnummer"), max_length=200)
    postcode = models.CharField(_("Postleitzahl"), max_length=5, validators=[postcode_validator])
    city = models.CharField(_("Ort"), max_length=100)
    land = models.CharField(
        _("Bundesland"), max_length=2, choices=Land.choices, blank=True,
        help_text=_("Sitz des Jobcenters. Seine Feiertage verlängern Fristen, die an einem "
                    "Feiertag enden (§ 64 Abs. 3 SGG). Ohne Angabe zählen nur die "
                    "bundesweiten Feiertage."),
    )
    catholic_local_holidays = models.BooleanField(
        _("Katholische Ortsfeiertage am Sitz"), default=False,
        help_text=_("Ankreuzen, wenn am Sitz des Jobcenters die Feiertage der überwiegend "
                    "katholischen Gemeinden gelten: Mariä Himmelfahrt in Bayern, Fronleichnam "
                    "in Sachsen und Thüringen."),
    )
    phone = models.CharField(_("Telefon"), max_length=40)
    email = models.EmailField(_("E-Mail"))
    website = models.URLField(_("Webseite"), blank=True)
    opening_hours = models.TextField(
        _("Öffnungszeiten"), help_text=_("Eine Zeile je Tag, z. B. „Mo–Fr 8–12 Uhr“.")
    )
    logo = models.FileField(_("Logo (SVG oder PNG)"), upload_to="branding/", blank=True)
    theme_colour = models.CharField(
        _("Hausfarbe"), max_length=7, default="#004b87", validators=[colour_validator]
    )
    is_active = models.BooleanField(_("aktiv"), default=True)
    access_log_shows_staff_names = models.BooleanField(
        _("Namen der Mitarbeitenden im Zugriffsprotokoll zeigen"),
        default=False,
        help_text=_("Wenn aktiviert, sehen Kundinnen und Kunden unter „Wer hat meine Daten "
                    "gesehen?“ auch den Namen der Mitarbeiterin oder des Mitarbeiters, "
                    "sonst nur Rolle, Team und Jobcenter."),
    )

    class Meta:
        verbose_name = _("Jobcenter")
        verbose_name_plural = _("Jobcenter")
        ordering = ["name"]

    class AccessPolicy:
        tenant = "pk"

    def __str__(self) -> str:
        return self.name

    @property
    def opening_hours_lines(self) -> list[str]:
        return [line.strip() for line in self.opening_hours.splitlines() if line.strip()]


class Team(models.Model):
    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("Name"), max_length=120)
    description = models.CharField(_("Aufgabe"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("Team")
        verbose_name_plural = _("Teams")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["jobcenter", "name"], name="team_unique_name")
        ]

    class AccessPolicy:
        tenant = "jobcenter"

    def __str__(self) -> str:
        return self.name


class PostcodeArea(models.Model):
    """A postcode for which one Jobcenter is responsible (örtliche Zuständigkeit, § 36 SGB II)."""

    postcode = models.CharField(
        _("Postleitzahl"), max_length=5, unique=True, validators=[postcode_validator]
    )
    jobcenter = models.ForeignKey(
        Jobcenter, on_delete=models.CASCADE, related_name="postcode_areas"
    )

    class Meta:
        verbose_name = _("Zuständigkeit nach Postleitzahl")
        verbose_name_plural = _("Zuständigkeiten nach Postleitzahl")
        ordering = ["postcode"]

    class AccessPolicy:
        tenant = "jobcenter"

    def __str__(self) -> str:
        return f"{self.postcode} → {self.jobcenter}"
