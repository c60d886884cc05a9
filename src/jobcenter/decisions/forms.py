"""Forms of ``decisions``. The calculation form is generated from the request's fields;
each input is named with its engine path so that engine messages land at the field."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jobcenter.core.date_field import MemorableDateField
from jobcenter.core.field_messages import NamedMessagesMixin
from jobcenter.decisions import paths

AMOUNT, TEXT, BOOL, INT, CHOICE = "amount", "text", "bool", "int", "choice"

ROLLEN = [("antragsteller", _("Antragstellende Person")), ("partner", _("Partnerin/Partner")),
          ("kind", _("Kind")), ("sonstige", _("Sonstige Person"))]
EINKOMMEN = [("erwerbseinkommen", _("Erwerbseinkommen")), ("minijob", _("Minijob")),
             ("kindergeld", _("Kindergeld")), ("unterhalt", _("Unterhalt")),
             ("unterhaltsvorschuss", _("Unterhaltsvorschuss")), ("sonstiges", _("Sonstiges"))]
MEHRBEDARFE = [("behinderung", _("Behinderung")), ("merkzeichen_g", _("Merkzeichen G")),
               ("ernaehrung", _("kostenaufwändige Ernährung")),
               ("unabweisbar", _("unabweisbarer Bedarf")), ("schulbuecher", _("Schulbücher"))]
WARMWASSER = [("zentral", _("zentral")), ("dezentral", _("dezentral"))]


@dataclass
class Field:
    path: str
    label: str
    kind: str
    value: Any
    choices: list[tuple[str, Any]] = field(default_factory=list)
    error: str = ""

    @property
    def html_id(self) -> str:
        return "f-" + self.path.replace("[", "-").replace("]", "").replace(".", "-")

    @property
    def display(self) -> str:
        if self.value is None:
            return ""
        if self.kind == AMOUNT and isinstance(self.value, (int, float, Decimal)):
            return f"{Decimal(str(self.value)):.2f}".replace(".", ",")
        if self.kind == BOOL:
            return "" if self.value is None else ("ja" if self.value else "nein")
        return str(self.value)


@dataclass
class Section:
    title: str
    fields: list[Field]
    remove_path: str = ""
    items: list[Section] = field(default_factory=list)


def _f(request: dict[str, Any], path: str, label: Any, kind: str, choices=None) -> Field:
    return Field(path=path, label=str(label), kind=kind, value=paths.get(request, path),
                 choices=list(choices or []))


def calculation_sections(request: dict[str, Any]) -> list[Section]:
    sections = [Section(title=str(_("Zeitraum")), fields=[
        _f(request, "monat", _("Monat (JJJJ-MM)"), TEXT),
        _f(request, "leistungsbeginn", _("Leistungsbeginn (JJJJ-MM)"), TEXT),
        _f(request, "anspruch_von", _("Anspruch ab (Teilmonat, JJJJ-MM-TT)"), TEXT),
        _f(request, "anspruch_bis", _("Anspruch bis (Teilmonat, JJJJ-MM-TT)"), TEXT),
    ])]
    for i, person in enumerate(request.get("personen") or []):
        base = f"personen[{i}]"
        section = Section(
            title=str(_("Person %(id)s") % {"id": person.get("id", i + 1)}),
            remove_path=base,
            fields=[
                _f(request, f"{base}.rolle", _("Rolle"), CHOICE, ROLLEN),
                _f(request, f"{base}.geburtsdatum", _("Geburtsdatum (JJJJ-MM-TT)"), TEXT),
                _f(request, f"{base}.erwerbsfaehig", _("erwerbsfähig"), BOOL),
                _f(request, f"{base}.schwangerschaftswoche", _("Schwangerschaftswoche"), INT),
                _f(request, f"{base}.vermoegen", _("Vermögen (€)"), AMOUNT),
                # A Leistungsminderung is no input here: it is decided in its own procedure
                # (app minderungen: Rechtsfolgenbelehrung, Anhörung, Minderungsbescheid).
            ],
        )
        for j, _item in enumerate(person.get("einkommen") or []):
            ib = f"{base}.einkommen[{j}]"
            section.items.append(Section(
                title=str(_("Einkommen %(n)s") % {"n": j + 1}), remove_path=ib, fields=[
                    _f(request, f"{ib}.art", _("Art"), CHOICE, EINKOMMEN),
                    _f(request, f"{ib}.brutto", _("brutto (€)"), AMOUNT),
                    _f(request, f"{ib}.netto", _("netto (€)"), AMOUNT),
                    _f(request, f"{ib}.betrag", _("Betrag (€)"), AMOUNT),
                    _f(request, f"{ib}.empfaenger", _("Empfänger (Personen-ID)"), TEXT),
                ]))
        for j, _item in enumerate(person.get("mehrbedarfe") or []):
            mb = f"{base}.mehrbedarfe[{j}]"
            section.items.append(Section(
                title=str(_("Mehrbedarf %(n)s") % {"n": j + 1}), remove_path=mb, fields=[
                    _f(request, f"{mb}.art", _("Art"), CHOICE, MEHRBEDARFE),
                    _f(request, f"{mb}.betrag", _("Betrag (€)"), AMOUNT),
                ]))
        sections.append(section)
    sections.append(Section(title=str(_("Unterkunft und Heizung")), fields=[
        _f(request, "unterkunft.bruttokaltmiete", _("Bruttokaltmiete (€)"), AMOUNT),
        _f(request, "unterkunft.heizkosten", _("Heizkosten (€)"), AMOUNT),
        _f(request, "unterkunft.warmwasser", _("Warmwasser"), CHOICE, WARMWASSER),
        _f(request, "unterkunft.personen_im_haushalt", _("Personen im Haushalt"), INT),
        _f(request, "unterkunft.angemessenheitsgrenze_bruttokalt",
           _("Angemessenheitsgrenze bruttokalt (€)"), AMOUNT),
        _f(request, "unterkunft.heizkosten_angemessen", _("Heizkosten angemessen"), BOOL),
        _f(request, "unterkunft.kostensenkung_frist_ende",
           _("Ende der Kostensenkungsfrist (JJJJ-MM)"), TEXT),
    ]))
    return sections


def all_fields(sections: list[Section]) -> list[Field]:
    out: list[Field] = []
    for section in sections:
        out.extend(section.fields)
        for item in section.items:
            out.extend(item.fields)
    return out


class ParseError(ValueError):
    pass


def parse_value(kind: str, raw: str) -> Any:
    """Form text → JSON value (empty → None: optional field not given)."""
    raw = raw.strip()
    if raw == "":
        return None
    if kind == AMOUNT:
        text = raw.replace("€", "").replace(" ", "")
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        try:
            value = Decimal(text)
        except InvalidOperation as exc:
            raise ParseError(str(_("Bitte geben Sie einen Betrag in Euro ein, z. B. 450,00."))
                             ) from exc
        return float(value)
    if kind == INT:
        try:
            return int(raw)
        except ValueError as exc:
            raise ParseError(str(_("Bitte geben Sie eine ganze Zahl ein."))) from exc
    if kind == BOOL:
        if raw not in {"ja", "nein"}:
            raise ParseError(str(_("Bitte wählen Sie „ja“ oder „nein“.")))
        return raw == "ja"
    return raw


class DecisionCreateForm(NamedMessagesMixin, forms.Form):
    decision_type = forms.ChoiceField(label=_("Art des Bescheids"), choices=[
        ("bewilligung", _("Bewilligung")), ("teilbewilligung", _("Teilbewilligung")),
        ("ablehnung", _("Ablehnung")), ("aenderung", _("Änderungsbescheid")),
        ("aufhebung", _("Aufhebung"))])
    period_from = MemorableDateField(label=_("Beginn (Bewilligungszeitraum oder Wirkung)"),
                                     required=False, help_text=_("Leer: Monat der Berechnung."))
    reasons = forms.CharField(label=_("Begründung"), required=False, max_length=10000,
                              widget=forms.Textarea(attrs={"rows": 5}),
                              help_text=_("Pflicht bei Ablehnung, Teilbewilligung und "
                                          "Aufhebung."))


class ReturnForm(NamedMessagesMixin, forms.Form):
    note = forms.CharField(label=_("Was soll geändert werden?"), max_length=500)


class PostedForm(NamedMessagesMixin, forms.Form):
    posted_on = MemorableDateField(label=_("Zur Post gegeben am"), initial=dt.date.today,
                                   error_messages={"required": _("Bitte geben Sie an, wann "
                                                                 "die Briefe zur Post gingen.")})


class AutomationRuleForm(NamedMessagesMixin, forms.Form):
    case_type_key = forms.ChoiceField(label=_("Vorgangsart"), choices=[
        ("weiterbewilligung", _("Weiterbewilligung")),
        ("veraenderung", _("Veränderungsmitteilung")),
        ("neuberechnung", _("Neuberechnung (Änderung der Rechtslage)"))])
    require_nothing_changed = forms.BooleanField(
        label=_("nur wenn die Kundin oder der Kunde „nichts geändert“ angegeben hat"),
        required=False, initial=True)
    max_change_eur = forms.DecimalField(
        label=_("höchste Änderung des Monatsbetrags gegenüber dem letzten Bescheid (€)"),
        required=False, min_value=0, max_digits=8, decimal_places=2, localize=True,
        help_text=_("Leer lassen: Bescheide werden bei jeder Änderung vorbereitet. Automatisch "
                    "entschieden wird höchstens bis zur Obergrenze in den Einstellungen für "
                    "Bescheide."))
    mode = forms.ChoiceField(label=_("Modus"), widget=forms.RadioSelect, choices=[
        ("vorbereiten", _("Bescheid vorbereiten (Freigabe mit einem Klick)")),
        ("entscheiden", _("automatisch entscheiden und versenden"))])


class EuroField(forms.DecimalField):
    """An amount as staff type it: "1.500,00", "1500,00" or "1500"."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and re.fullmatch(r"\s*\d{1,3}(\.\d{3})+(,\d*)?\s*", value):
            value = value.replace(".", "")
        return super().to_python(value)


class DecisionSettingsForm(NamedMessagesMixin, forms.Form):
    """The Jobcenter's rules for Bescheide (``DecisionSettings``)."""

    four_eyes_monthly_eur = EuroField(
        label=_("Vier Augen ab einem Monatsbetrag von (€)"), min_value=Decimal("0.01"),
        max_digits=10, decimal_places=2, localize=True,
        help_text=_("Liegt der höchste Monatsbetrag eines Bescheids darüber, gibt eine zweite "
                    "Person ihn frei."))
    four_eyes_yearly_eur = EuroField(
        label=_("Vier Augen ab einem Jahresbetrag von (€)"), min_value=Decimal("0.01"),
        max_digits=10, decimal_places=2, localize=True,
        help_text=_("Summe von zwölf Monaten des Bewilligungszeitraums."))
    automation_max_change_eur = EuroField(
        label=_("Automatische Entscheidung höchstens bei einer Änderung von (€ je Monat)"),
        min_value=Decimal(0), max_digits=8, decimal_places=2, localize=True,
        help_text=_("Ändert sich der Monatsbetrag stärker, wird der Bescheid nur vorbereitet "
                    "und ein Mensch entscheidet. 0 heißt: nur unveränderte Beträge."))
    renewal_window_days = forms.IntegerField(
        label=_("Weiterbewilligung mit einem Klick: frühestens so viele Tage vor dem Ende "
                "des Bewilligungszeitraums"), min_value=0, max_value=180,
        help_text=_("Ein früherer Weiterbewilligungsantrag wird persönlich geprüft."))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        monthly, yearly = data.get("four_eyes_monthly_eur"), data.get("four_eyes_yearly_eur")
        if monthly is not None and yearly is not None and yearly < monthly:
            self.add_error("four_eyes_yearly_eur", _(
                "Der Jahresbetrag darf nicht kleiner sein als der Monatsbetrag."))
        return data
