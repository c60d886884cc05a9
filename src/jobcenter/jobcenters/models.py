"""Jobcenters as tenants: branding, teams and the postcodes each one is responsible for."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from jobcenter.core.fresh_cache import ForgetfulQuerySet

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


class JobcenterQuerySet(ForgetfulQuerySet["Jobcenter"]):
    """Writes that send no signal still reach the cached branding
    (``jobcenters.selectors.branding_jobcenter``)."""

    def forget(self, keys: set[Any]) -> None:
        from jobcenter.jobcenters.selectors import forget_branding

        for pk in keys:
            forget_branding(pk)


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
    #: The five-digit Dienststellennummer at the start of BG-Nummern (12001BG0000042);
    #: set by the platform. Empty: the Jobcenter's id, five digits.
    agency_number = models.CharField(
        _("Dienststellennummer"), max_length=5, blank=True,
        validators=[RegexValidator(r"^\d{5}$", _("Bitte geben Sie fünf Ziffern ein."))],
    )
    #: E-mail domains of the Jobcenter's own staff, one per line (``example.de``). Jobcenter
    #: admin accounts may only be created with an address in one of them.
    email_domains = models.TextField(
        _("E-Mail-Domains der Mitarbeitenden"), blank=True,
        help_text=_("Eine Domain je Zeile, z. B. „jobcenter-musterstadt.de“. Konten mit der "
                    "Rolle Jobcenter-Admin sind nur mit einer Adresse dieser Domains möglich."),
    )
    #: The routing rule for new cases: the team new cases are given to at intake.
    intake_team = models.ForeignKey(
        "jobcenters.Team", verbose_name=_("Team für neue Fälle"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
        help_text=_("Neue Anträge landen im Arbeitsvorrat dieses Teams."),
    )
    access_log_shows_staff_names = models.BooleanField(
        _("Namen der Mitarbeitenden im Zugriffsprotokoll zeigen"),
        default=False,
        help_text=_("Wenn aktiviert, sehen Kundinnen und Kunden unter „Wer hat meine Daten "
                    "gesehen?“ auch den Namen der Mitarbeiterin oder des Mitarbeiters, "
                    "sonst nur Rolle, Team und Jobcenter."),
    )

    objects = JobcenterQuerySet.as_manager()

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

    @property
    def email_domain_list(self) -> list[str]:
        return [line.strip().lower().lstrip("@") for line in self.email_domains.splitlines()
                if line.strip()]

    @property
    def number_prefix(self) -> str:
        """The Dienststellennummer used in BG-Nummern and Kundennummern."""
        return self.agency_number or f"{self.pk % 100000:05d}"


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


class LegalTexts(models.Model):
    """A Jobcenter's own parts of its privacy statement (Art. 13 DSGVO), accessibility
    statement (BITV 2.0) and Impressum, edited by its Jobcenter admin in the Verwaltung.

    Every field may stay empty: the pages then use a default built from the Jobcenter's
    master data and its kind (``jobcenters.legal``), e.g. the Bundesbeauftragte für den
    Datenschutz as supervisory authority of a gemeinsame Einrichtung (§ 50 Abs. 4 SGB II).
    """

    class Conformity(models.TextChoices):
        FULL = "vollstaendig", _("vollständig vereinbar")
        PARTIAL = "teilweise", _("teilweise vereinbar")
        NONE = "nicht", _("nicht vereinbar")

    jobcenter = models.OneToOneField(Jobcenter, on_delete=models.CASCADE,
                                     related_name="legal_texts")
    # Datenschutzerklärung (Art. 13 DSGVO)
    dpo_name = models.CharField(_("Datenschutzbeauftragte oder Datenschutzbeauftragter"),
                                max_length=200, blank=True,
                                help_text=_("Name oder Funktion. Leer: „Die oder der "
                                            "Datenschutzbeauftragte“ des Jobcenters."))
    dpo_address = models.TextField(_("Anschrift der oder des Datenschutzbeauftragten"),
                                   max_length=500, blank=True,
                                   help_text=_("Leer: die Anschrift des Jobcenters."))
    dpo_email = models.EmailField(_("E-Mail der oder des Datenschutzbeauftragten"), blank=True,
                                  help_text=_("Leer: die E-Mail-Adresse des Jobcenters."))
    supervisory_authority = models.TextField(
        _("Datenschutz-Aufsichtsbehörde"), max_length=1000, blank=True,
        help_text=_("Name und Anschrift. Leer: bei einer gemeinsamen Einrichtung die oder der "
                    "Bundesbeauftragte für den Datenschutz und die Informationsfreiheit "
                    "(§ 50 Abs. 4 SGB II), bei einem zugelassenen kommunalen Träger die "
                    "Landesbeauftragte oder der Landesbeauftragte für den Datenschutz."))
    storage_periods = models.TextField(
        _("Speicherdauer der Leistungsakten"), max_length=2000, blank=True,
        help_text=_("Wie lange Ihr Jobcenter Leistungsakten nach Ende der Leistung aufbewahrt. "
                    "Leer: ein allgemeiner Satz nach § 84 Abs. 2 SGB X."))
    privacy_additions = models.TextField(
        _("Ergänzungen zur Datenschutzerklärung"), max_length=5000, blank=True,
        help_text=_("Weitere Zwecke, Empfänger oder Hinweise Ihres Jobcenters."))
    # Erklärung zur Barrierefreiheit (BITV 2.0, § 12b BGG)
    conformity = models.CharField(_("Stand der Vereinbarkeit mit BITV 2.0"), max_length=15,
                                  choices=Conformity.choices, default=Conformity.PARTIAL)
    known_barriers = models.TextField(
        _("Bekannte Barrieren"), max_length=5000, blank=True,
        help_text=_("Nicht barrierefreie Inhalte und warum. Leer: die bekannten Barrieren "
                    "der Plattform."))
    accessibility_evaluated_on = models.DateField(
        _("Erklärung erstellt oder überprüft am"), null=True, blank=True,
        help_text=_("Leer: der Tag, an dem diese Texte zuletzt gespeichert wurden."))
    enforcement_body = models.TextField(
        _("Schlichtungs- oder Durchsetzungsstelle"), max_length=1000, blank=True,
        help_text=_("Leer: bei einer gemeinsamen Einrichtung die Schlichtungsstelle nach § 16 "
                    "BGG; bei einem zugelassenen kommunalen Träger tragen Sie die Stelle Ihres "
                    "Landes ein."))
    feedback_email = models.EmailField(
        _("E-Mail für Rückmeldungen zur Barrierefreiheit"), blank=True,
        help_text=_("Hierhin geht die Nachricht über eine neue Rückmeldung. Leer: die "
                    "E-Mail-Adresse des Jobcenters."))
    # Impressum
    represented_by = models.CharField(
        _("Vertreten durch"), max_length=300, blank=True,
        help_text=_("z. B. „Geschäftsführerin: Dr. Erika Muster“. Leer: die Geschäftsführung."))
    oversight = models.TextField(
        _("Aufsicht"), max_length=1000, blank=True,
        help_text=_("Die für die Aufsicht zuständige Stelle. Leer: bei einer gemeinsamen "
                    "Einrichtung die Bundesagentur für Arbeit und der kommunale Träger "
                    "(§ 47 SGB II), bei einem zugelassenen kommunalen Träger die zuständige "
                    "Landesbehörde (§ 48 SGB II)."))
    imprint_additions = models.TextField(_("Ergänzungen zum Impressum"), max_length=3000,
                                         blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+")

    class Meta:
        verbose_name = _("Rechtstexte")
        verbose_name_plural = _("Rechtstexte")

    class AccessPolicy:
        tenant = "jobcenter"

    def __str__(self) -> str:
        return str(self.jobcenter)


class AccessibilityFeedback(models.Model):
    """A report of a barrier, sent with the form on the accessibility statement."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE,
                                  related_name="accessibility_feedback")
    page = models.CharField(_("Betroffene Seite"), max_length=300, blank=True)
    message = models.TextField(_("Beschreibung"), max_length=5000)
    contact = models.CharField(_("Kontakt für Rückfragen"), max_length=254, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    handled_at = models.DateTimeField(_("erledigt am"), null=True, blank=True)
    #: Set when the Jobcenter's feedback address was told (``jobcenters.tasks``).
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Rückmeldung zur Barrierefreiheit")
        verbose_name_plural = _("Rückmeldungen zur Barrierefreiheit")
        ordering = ["-created_at", "-pk"]

    class AccessPolicy:
        tenant = "jobcenter"

    def __str__(self) -> str:
        return f"{self.jobcenter} {self.created_at:%Y-%m-%d}"
