"""The calculation as a citizen reads it: the short answer first, the sheet behind it.

The engine's Berechnungsbogen speaks to the Jobcenter: persons are "P1", lines carry working
texts ("1 Person(en)", "Kopfteil (1/2)"), months are ISO ("2027-11"), and the notes include
tasks for staff ("Vorrangprüfung: prüfen, ob …") and the parameter versions applied
("einkommen@2026-07-01"). This module builds what a citizen sees instead — in the Rechner,
the application's preview and wherever else a calculation is shown to a citizen:

* persons by the name the caller knows (first name, "Sie", "Kind 1 (geboren …)");
* each line with a plain label of its kind (``art``) in the reader's language; a line of an
  unknown kind is left out rather than shown with the engine's working text;
* only the notes that have a citizen-facing text here (``_NOTES``), with names, amounts and
  months in the reader's format; staff-only notes and unknown notes are not shown;
* no parameter versions, no internal keys.

Rendered by ``templates/core/includes/buergerbogen.html`` (stacked rows on small screens,
amounts never separated from "€").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import translation
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from jobcenter.core import date_text, sgb2_adapter
from jobcenter.core.page_skeleton import ProcessCache

# art of a line → its label for the citizen (German msgid; English in the catalogue)
LINE_LABELS: dict[str, Any] = {
    "kdu_unterkunft_anerkannt": gettext_lazy("Miete mit Nebenkosten, die übernommen wird"),
    "kdu_heizung_anerkannt": gettext_lazy("Heizkosten, die übernommen werden"),
    "vermoegen": gettext_lazy("Vermögen"),
    "vermoegensfreibetrag": gettext_lazy("Freibetrag für Vermögen"),
    "ungedeckter_bedarf": gettext_lazy("Bedarf, der nicht durch Einkommen der Kinder gedeckt ist"),
    "einkommen_zur_verteilung": gettext_lazy("Einkommen der Erwachsenen, das angerechnet wird"),
    "anspruch_bg": gettext_lazy("Anspruch des ganzen Haushalts"),
    "regelbedarf": gettext_lazy("Regelbedarf (für Essen, Kleidung, Strom und mehr)"),
    "mehrbedarf_schwangerschaft": gettext_lazy("Mehrbedarf in der Schwangerschaft"),
    "mehrbedarf_alleinerziehend": gettext_lazy("Mehrbedarf für Alleinerziehende"),
    "mehrbedarf_behinderung": gettext_lazy("Mehrbedarf bei Behinderung"),
    "mehrbedarf_merkzeichen_g": gettext_lazy("Mehrbedarf für das Merkzeichen G"),
    "mehrbedarf_ernaehrung": gettext_lazy("Mehrbedarf für besondere Ernährung"),
    "mehrbedarf_kappung": gettext_lazy("Abzug: Mehrbedarfe sind nach oben begrenzt"),
    "mehrbedarf_unabweisbar": gettext_lazy("Mehrbedarf für einen besonderen, laufenden Bedarf"),
    "mehrbedarf_schulbuecher": gettext_lazy("Mehrbedarf für Schulbücher"),
    "mehrbedarf_warmwasser": gettext_lazy("Mehrbedarf für Warmwasser aus einem Boiler"),
    "kdu_unterkunft": gettext_lazy("Anteil an der Miete"),
    "kdu_heizung": gettext_lazy("Anteil an den Heizkosten"),
    "bedarf": gettext_lazy("Bedarf insgesamt"),
    "bedarf_gedeckt": gettext_lazy("Bedarf ist durch eigenes Einkommen gedeckt"),
    "erwerbseinkommen_brutto": gettext_lazy("Lohn oder Gehalt, brutto"),
    "erwerbseinkommen_netto": gettext_lazy("Lohn oder Gehalt, netto"),
    "grundfreibetrag": gettext_lazy("Grundfreibetrag (bleibt Ihnen)"),
    "freibetrag_ausbildung": gettext_lazy("Freibetrag für Schüler, Studierende und Auszubildende"),
    "erwerbstaetigenfreibetrag": gettext_lazy("Freibetrag für Erwerbstätige (bleibt Ihnen)"),
    "erwerbseinkommen_anrechenbar": gettext_lazy("Lohn oder Gehalt, das angerechnet wird"),
    "einkommen_kindergeld": gettext_lazy("Kindergeld"),
    "einkommen_unterhalt": gettext_lazy("Unterhalt"),
    "einkommen_unterhaltsvorschuss": gettext_lazy("Unterhaltsvorschuss"),
    "einkommen_sonstiges": gettext_lazy("Sonstiges Einkommen"),
    "versicherungspauschale": gettext_lazy("Pauschale für Versicherungen (bleibt Ihnen)"),
    "kindergeld_uebertrag_abgabe": gettext_lazy("Kindergeld, das das Kind nicht braucht"),
    "kindergeld_uebertrag": gettext_lazy("Kindergeld des Kindes, das hier angerechnet wird"),
    "einkommen_anrechenbar": gettext_lazy("Einkommen, das angerechnet wird"),
    "anteil_bedarf": gettext_lazy("Anteil am ungedeckten Bedarf des Haushalts"),
    "anspruch_monat": gettext_lazy("Anspruch für den ganzen Monat"),
    "anspruch": gettext_lazy("Anspruch"),
    "davon_regel_und_mehrbedarf": gettext_lazy("davon für Regelbedarf und Mehrbedarfe"),
    "davon_kdu": gettext_lazy("davon für Unterkunft und Heizung"),
    "kindersofortzuschlag": gettext_lazy("Kindersofortzuschlag"),
    "schulbedarf_bedarf": gettext_lazy("Schulbedarf für das Schulhalbjahr (Bedarf)"),
    "schulbedarf_gedeckt": gettext_lazy("davon durch Einkommen gedeckt, das nach allen übrigen "
                                        "Bedarfen bleibt"),
    "schulbedarf": gettext_lazy("Schulbedarf (§ 28 Abs. 3 SGB II)"),
    "minderung": gettext_lazy("Leistungsminderung"),
    "zahlbetrag": gettext_lazy("Zahlbetrag im Monat"),
}

GROUP_TITLES: dict[str, Any] = {
    "wohnung": gettext_lazy("Wohnung"),
    "bg": gettext_lazy("Haushalt"),
    "regelbedarf": gettext_lazy("Regelbedarf"),
    "mehrbedarf": gettext_lazy("Mehrbedarfe"),
    "kdu": gettext_lazy("Unterkunft und Heizung"),
    "bedarf": gettext_lazy("Bedarf"),
    "einkommen": gettext_lazy("Einkommen"),
    "anspruch": gettext_lazy("Anspruch"),
    "sofortzuschlag": gettext_lazy("Kindersofortzuschlag"),
    "bildung": gettext_lazy("Schulbedarf"),
    "minderung": gettext_lazy("Leistungsminderung"),
    "zahlbetrag": gettext_lazy("Zahlbetrag"),
}

_BENEFITS: dict[str, Any] = {
    "buergergeld": gettext_lazy("Bürgergeld"),
    "sozialgeld": gettext_lazy("Sozialgeld"),
    "grundsicherungsgeld": gettext_lazy("Grundsicherungsgeld"),
    "keine": gettext_lazy("keine Leistung"),
}


#: lines that share the household's need among its members: noise for a person alone
_SHARING = frozenset({"ungedeckter_bedarf", "einkommen_zur_verteilung", "anspruch_bg",
                      "anteil_bedarf"})
_ZERO = Decimal(0)


@dataclass(slots=True)
class Line:
    """One line of a group. Not frozen: a sheet has 30–80 of them, and a frozen dataclass's
    ``__init__`` (``object.__setattr__`` per field) costs twice a plain one; nothing
    changes a line once the sheet is built."""

    label: str
    amount: str
    legal_basis: str


@dataclass(frozen=True)
class Group:
    title: str
    lines: list[Line]


@dataclass(frozen=True)
class Section:
    title: str
    subtitle: str
    groups: list[Group]
    #: the engine's id of the person ("P2"), "" for the flat and the household
    person: str = ""


@dataclass(frozen=True)
class PersonAmount:
    name: str
    amount: str
    in_household: bool


class Totals(Mapping[str, Decimal]):
    """The sum of the amounts of each kind of line (``art``): ``Decimal(str(betrag))``
    added up in the result's order, starting from ``Decimal(0)`` — each sum made when it is
    first read (a page reads three or four of the 20–40 kinds of a result)."""

    __slots__ = ("_amounts", "_sums")

    def __init__(self, amounts: Mapping[str, list[Any]]) -> None:
        self._amounts = amounts
        self._sums: dict[str, Decimal] = {}

    def __getitem__(self, art: str) -> Decimal:
        total = self._sums.get(art)
        if total is None:
            total = _ZERO
            for amount in self._amounts[art]:
                total += Decimal(str(amount))
            self._sums[art] = total
        return total

    def __iter__(self) -> Iterator[str]:
        return iter(self._amounts)

    def __len__(self) -> int:
        return len(self._amounts)

    def __repr__(self) -> str:
        return f"Totals({dict(self)!r})"


@dataclass(frozen=True)
class Sheet:
    """What the template shows: the short answer, then the detail."""

    month: str  # "Dezember 2026" / "December 2026"
    benefit: str
    entitled: bool
    total: str  # "1.113,50 €" / "€1,113.50"
    persons: list[PersonAmount]
    sections: list[Section]
    notes: list[str]
    award_months: int
    lang: str = "de"
    extra: dict[str, Any] = field(default_factory=dict)
    #: the sum of the amounts of each kind of line (``art``) over the whole result
    totals: Mapping[str, Decimal] = field(default_factory=dict)


# --- names -------------------------------------------------------------------------------


def person_name(pid: str, names: Mapping[str, str]) -> str:
    """The name the caller gave; else a neutral "eine weitere Person" — never the id."""
    if names.get(pid):
        return names[pid]
    if pid == "P1":
        return _("Sie")
    return _("Weitere Person %(nummer)s") % {"nummer": pid[1:] if pid[1:].isdigit() else "?"}


# --- notes -------------------------------------------------------------------------------

_ID = r"(?P<pid>P\d+)"
_EUR = r"(?P<{}>-?[\d.]+,\d\d €)"
_MONTH = r"(?P<{}>\d{{4}}-\d\d)"

Fill = Callable[[dict[str, str]], dict[str, str]]


def _amount(text: str) -> str:
    """A German engine amount ("1.234,56 €") in the reader's format."""
    try:
        value = Decimal(text.replace("€", "").replace(".", "").replace(",", ".").strip())
    except InvalidOperation:
        return text
    return sgb2_adapter.amount_text(value)


def _month(text: str, language: str | None = None) -> str:
    year, month = (int(x) for x in text.split("-"))
    return date_text.date_format(dt.date(year, month, 1), "YEAR_MONTH_FORMAT", language)


#: The engine's notes a citizen may read (those not marked for staff only), recognised by
#: their German text, each with its citizen-facing text. A note not listed is not shown.
#: ``tests/core/test_buergerbogen.py`` fails when the engine gains a note for citizens that
#: has no entry here.
_NOTES: list[tuple[re.Pattern[str], Any]] = [
    (re.compile(rf"^{_ID} ist 25 Jahre oder älter und gehört nicht zur Bedarfsgemeinschaft"),
     gettext_lazy("%(name)s ist 25 Jahre oder älter und gehört deshalb nicht zur "
                  "Bedarfsgemeinschaft der Eltern (§ 7 Abs. 3 Nr. 4 SGB II).")),
    (re.compile(rf"^{_ID} (?:hat die Altersgrenze erreicht|bezieht eine Altersrente|ist "
                rf"dauerhaft voll erwerbsgemindert) .*?und erhält keine Leistungen nach dem "
                rf"SGB II \(gemischte Bedarfsgemeinschaft\)\. Bedarf nach dem SGB XII "
                rf"{_EUR.format('bedarf')}, Einkommen {_EUR.format('einkommen')}"),
     gettext_lazy("%(name)s bekommt keine Leistungen vom Jobcenter, sondern fällt unter die "
                  "Sozialhilfe (SGB XII). Dort beträgt der Bedarf von %(name)s %(bedarf)s, "
                  "das Einkommen %(einkommen)s. Was davon über den Bedarf hinausgeht, kann "
                  "für Ihren Haushalt zählen (§ 9 Abs. 2 SGB II); was fehlt, zahlt auf Antrag "
                  "das Sozialamt.")),
    (re.compile(rf"^{_ID} ist schwanger oder betreut ein eigenes Kind unter sechs Jahren"),
     gettext_lazy("%(name)s ist schwanger oder betreut ein eigenes Kind unter sechs Jahren. "
                  "Deshalb zählen Einkommen und Vermögen der Eltern für %(name)s und das Kind "
                  "nicht; beide werden gesondert berechnet (§ 9 Abs. 3 SGB II).")),
    (re.compile(rf"^{_ID} ist vor Vollendung des 25\. Lebensjahres ohne Zusicherung"),
     gettext_lazy("%(name)s ist vor dem 25. Geburtstag ohne Zusicherung des Jobcenters "
                  "ausgezogen. Deshalb gilt der Regelbedarf der Stufe 3, und die Kosten für "
                  "Unterkunft und Heizung werden nicht übernommen (§ 20 Abs. 3, § 22 Abs. 5 "
                  "SGB II).")),
    (re.compile(rf"^{_ID}: Mehrbedarf bei Behinderung erst ab 15 Jahren"),
     gettext_lazy("%(name)s: Den Mehrbedarf bei Behinderung gibt es erst ab 15 Jahren "
                  "(§ 23 Nr. 2 SGB II). Er ist nicht berücksichtigt.")),
    (re.compile(rf"^{_ID}: Mehrbedarf Merkzeichen G nur für"),
     gettext_lazy("%(name)s: Den Mehrbedarf für das Merkzeichen G gibt es nur für Personen "
                  "ab 15 Jahren, die nicht erwerbsfähig sind und keinen Mehrbedarf bei "
                  "Behinderung bekommen (§ 23 Nr. 4 SGB II). Er ist nicht berücksichtigt.")),
    (re.compile(rf"^{_ID}: nicht benötigtes Kindergeld fließt an eine Person außerhalb"),
     gettext_lazy("%(name)s: Kindergeld, das %(name)s nicht selbst braucht, steht einer "
                  "Person außerhalb der Bedarfsgemeinschaft zu und wird hier nicht "
                  "angerechnet.")),
    (re.compile(rf"^{_ID} gehört nicht zur Bedarfsgemeinschaft: das eigene Einkommen "
                rf"\({_EUR.format('einkommen')}\) deckt den Bedarf \({_EUR.format('bedarf')}\)"),
     gettext_lazy("%(name)s gehört nicht zur Bedarfsgemeinschaft, weil das eigene Einkommen "
                  "(%(einkommen)s) den eigenen Bedarf (%(bedarf)s) deckt "
                  "(§ 7 Abs. 3 Nr. 4 SGB II).")),
    (re.compile(r"^Keine Karenzzeit für die Unterkunftskosten"),
     gettext_lazy("Für Ihre Wohnkosten gilt keine Karenzzeit: Schon vor 2023 wurden nach "
                  "einer Aufforderung zur Kostensenkung nur die angemessenen Kosten "
                  "übernommen (§ 65 Abs. 3 SGB II).")),
    (re.compile(rf"^Karenzzeit für die Unterkunftskosten bis einschließlich "
                rf"{_MONTH.format('monat')}"),
     gettext_lazy("Bis einschließlich %(monat)s werden Ihre tatsächlichen Wohnkosten "
                  "übernommen, auch wenn sie höher sind als angemessen (Karenzzeit, "
                  "§ 22 Abs. 1 S. 2 SGB II).")),
    (re.compile(rf"^Unterkunftskosten über der Angemessenheitsgrenze "
                rf"\({_EUR.format('grenze')}\): während der Kostensenkungsfrist bis "
                rf"{_MONTH.format('monat')}"),
     gettext_lazy("Ihre Wohnkosten liegen über der Grenze, die als angemessen gilt "
                  "(%(grenze)s). Bis %(monat)s werden die tatsächlichen Kosten übernommen; "
                  "bis dahin sollten Sie die Kosten senken (§ 22 Abs. 1 S. 7 SGB II).")),
    (re.compile(rf"^Kostensenkungsfrist abgelaufen \({_MONTH.format('monat')}\): "
                rf"Unterkunftskosten nur bis zur Angemessenheitsgrenze von "
                rf"{_EUR.format('grenze')}"),
     gettext_lazy("Die Frist zum Senken der Wohnkosten ist abgelaufen (%(monat)s). Übernommen "
                  "werden die Wohnkosten nur bis zur Grenze von %(grenze)s "
                  "(§ 22 Abs. 1 S. 1 SGB II).")),
    (re.compile(rf"^Heizkosten unangemessen: während der Kostensenkungsfrist bis "
                rf"{_MONTH.format('monat')}"),
     gettext_lazy("Ihre Heizkosten liegen über dem angemessenen Betrag. Bis %(monat)s werden "
                  "die tatsächlichen Heizkosten übernommen (§ 22 Abs. 1 S. 7 SGB II).")),
    (re.compile(r"^Bewilligungszeitraum auf sechs Monate verkürzt"),
     gettext_lazy("Die Leistung wird zunächst für sechs Monate bewilligt, weil die Kosten "
                  "für Unterkunft und Heizung nicht angemessen sind (§ 41 Abs. 3 S. 2 "
                  "SGB II).")),
    (re.compile(rf"^Vermögen \({_EUR.format('vermoegen')}\) übersteigt den Freibetrag "
                rf"\({_EUR.format('freibetrag')}\)"),
     gettext_lazy("Ihr Vermögen (%(vermoegen)s) ist höher als der Freibetrag "
                  "(%(freibetrag)s). Deshalb besteht in diesem Monat kein Anspruch "
                  "(§ 9 Abs. 1, § 12 SGB II).")),
    (re.compile(rf"^{_ID}: Leistungsminderung von (?P<prozent>\d+) % auf höchstens "
                r"(?P<hoechstens>\d+) % begrenzt"),
     gettext_lazy("%(name)s: Die Leistungsminderung von %(prozent)s Prozent ist auf "
                  "höchstens %(hoechstens)s Prozent begrenzt (§ 31a Abs. 4 SGB II).")),
    (re.compile(rf"^{_ID}: Schulbedarf {_EUR.format('betrag')} statt {_EUR.format('voll')}"),
     gettext_lazy("%(name)s: Der Schulbedarf beträgt in diesem Monat %(betrag)s statt "
                  "%(voll)s, weil nach allen übrigen Bedarfen noch Einkommen übrig bleibt. "
                  "Es wird zuletzt für den Schulbedarf angerechnet (§ 19 Abs. 3 S. 3 "
                  "SGB II).")),
]


def citizen_note(note: str, names: Mapping[str, str], language: str | None = None
                 ) -> str | None:
    """The citizen's text of one engine note (German), or None: not for the citizen
    (``language``: the active language's code, when the caller has it at hand)."""
    for pattern, text in _NOTES:
        found = pattern.match(note)
        if not found:
            continue
        values: dict[str, str] = {}
        for key, value in found.groupdict().items():
            if key == "pid":
                values["name"] = person_name(value, names)
            elif value.endswith("€"):
                values[key] = _amount(value)
            elif re.fullmatch(r"\d{4}-\d\d", value):
                values[key] = _month(value, language)
            else:
                values[key] = value
        return str(text) % values
    return None


def citizen_notes(result: Mapping[str, Any], names: Mapping[str, str],
                   language: str | None = None) -> list[str]:
    """The notes of a result a citizen reads, in the active language, each once."""
    notes: list[str] = []
    for note in sgb2_adapter.citizen_notes(result, "de"):
        text = citizen_note(str(note), names, language)
        if text and text not in notes:
            notes.append(text)
    return notes


# --- the sheet ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Texts:
    """The sheet's fixed texts in one language."""

    lines: dict[str, str]
    groups: dict[str, str]
    benefits: dict[str, str]
    flat: str
    flat_and_household: str
    outside: str


#: The labels, group titles and benefit names per language, translated once per process (a
#: sheet has 30–80 lines; translating them per sheet was most of its cost,
#: docs/performance.md "The Rechner POST"). A changed setting (e.g. ``LOCALE_PATHS``)
#: forgets them, as Django forgets its catalogues.
_TEXTS: ProcessCache[_Texts] = ProcessCache(16)


def _texts(language: str | None = None) -> _Texts:
    """The texts in ``language`` (a language code as ``get_language`` gives it; default: the
    active one)."""
    language = language or get_language()
    texts = _TEXTS.get(language)
    if texts is None:
        with translation.override(language):
            texts = _Texts(
                lines={art: str(label) for art, label in LINE_LABELS.items()},
                groups={key: str(title) for key, title in GROUP_TITLES.items()},
                benefits={key: str(name) for key, name in _BENEFITS.items()},
                flat=_("Wohnung"),
                flat_and_household=_("Wohnung und Haushalt"),
                outside=_("gehört nicht zur Bedarfsgemeinschaft"),
            )
        _TEXTS.put(language, texts)
    return texts


def benefit_name(art: str, fallback: str, language: str | None = None) -> str:
    """The name of a benefit (``leistungsart``) in ``language`` (default: the active one)."""
    return _texts(language).benefits.get(art, fallback)


#: the engine's group of each kind of line (``sgb2_adapter.sheet_group``, a fixed table of
#: the engine), looked up once per kind and process
_GROUP_OF: dict[str, str] = {}


def sheet(result: Mapping[str, Any], names: Mapping[str, str],
          language: str | None = None) -> Sheet:
    """The citizen's view of one month's result, in the active language (``language``: the
    active language's code when the caller has it at hand, saving the lookups).

    One walk over the result's lines: each goes, with its plain label, into its person's
    (or the dwelling's) group, in the engine's order of groups (``sgb2_adapter.SHEET_GROUPS``)
    — the engine's Berechnungsbogen (``sgb2_adapter.berechnungsbogen``) in the citizen's
    words — and is added to the sum of its kind (``Sheet.totals``)."""
    code = language or get_language()
    texts = _texts(code)
    language = sgb2_adapter.page_language(code)
    eur = sgb2_adapter.amount_formatter(language)
    group_of = _GROUP_OF
    labels = texts.lines
    personen = result["personen"]
    alone = sum(1 for p in personen if p["in_bg"]) <= 1
    # person (None: the dwelling and household) → group → its lines
    buckets: dict[Any, dict[str, list[Line]]] = {}
    amounts: dict[str, list[Any]] = {}
    for position in result["positionen"]:
        art = position["art"]
        if type(art) is not str:
            art = str(art)
        amount = position["betrag"]
        of_kind = amounts.get(art)
        if of_kind is None:
            amounts[art] = [amount]
        else:
            of_kind.append(amount)
        label = labels.get(art)
        if label is None or (alone and art in _SHARING):
            continue
        person = position["person"]
        groups_of = buckets.get(person)
        if groups_of is None:
            groups_of = buckets[person] = {}
        group = group_of.get(art)
        if group is None:
            group = group_of[art] = sgb2_adapter.sheet_group(art)
        # the formatter writes the engine's amount as the Decimal of its text
        line = Line(label, eur(amount), str(position["rechtsgrundlage"]))
        lines = groups_of.get(group)
        if lines is None:
            groups_of[group] = [line]
        else:
            lines.append(line)

    def groups(person: str | None) -> list[Group]:
        lines = buckets.get(person)
        if not lines:
            return []
        return [Group(texts.groups[key], lines[key])
                for key in sgb2_adapter.SHEET_GROUPS if key in lines]

    sections: list[Section] = []
    household = groups(None)
    if household:
        sections.append(Section(texts.flat if alone else texts.flat_and_household, "",
                                household))
    persons: list[PersonAmount] = []
    for person in personen:
        pid = str(person["id"])
        name = person_name(pid, names)
        own = groups(pid)
        if own:
            art = str(person["leistungsart"])
            subtitle = texts.benefits.get(art, art) if person["in_bg"] else texts.outside
            sections.append(Section(name, subtitle, own, pid))
        persons.append(PersonAmount(name, eur(person["zahlbetrag"]), bool(person["in_bg"])))
    benefit = _benefit_key(result)
    return Sheet(
        month=_month(str(result["monat"]), code),
        benefit=texts.benefits.get(benefit, str(result["leistungsname"])),
        entitled=bool(result["anspruch"]),
        total=eur(result["summe"]["zahlbetrag"]),
        persons=persons,
        sections=sections,
        notes=citizen_notes(result, names, code),
        award_months=int(result["bewilligungszeitraum_monate"]),
        lang=language,
        totals=Totals(amounts),
    )


def _benefit_key(result: Mapping[str, Any]) -> str:
    arten = [str(p["leistungsart"]) for p in result["personen"] if p["in_bg"]]
    for key in ("grundsicherungsgeld", "buergergeld"):
        if key in arten:
            return key
    return arten[0] if arten else "keine"
