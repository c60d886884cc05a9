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
import html
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from operator import itemgetter
from typing import Any

from django.utils import translation
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from jobcenter.core import date_text, sgb2_adapter
from jobcenter.core.page_skeleton import ProcessCache
from jobcenter.core.process_memo import ProcessMemo

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


@dataclass(slots=True)
class Group:
    """A group of lines (10–25 per sheet). Not frozen, as ``Line``: a frozen dataclass's
    ``__init__`` costs twice a plain slotted one, and nothing changes a group once the sheet
    is built (it was never hashable either: its lines are a list)."""

    title: str
    lines: list[Line]
    #: The group's ``<tbody>`` up to its end (``GROUP_END``) in parts — its title's row and
    #: a row per line — as ``{% buergerbogen_tabellen %}`` writes it in a page (autoescape
    #: on): written by :func:`sheet` in its walk over the result's lines; None for a group
    #: made otherwise (``dataclasses.replace`` included: not an ``__init__`` field), which
    #: the tag writes from ``title`` and ``lines``. Not compared: the same title and lines.
    html: list[str] | None = field(default=None, init=False, compare=False, repr=False)


@dataclass(slots=True)
class Section:
    """A person's (or the dwelling's) table. Not frozen, for the reason given at ``Group``."""

    title: str
    subtitle: str
    groups: list[Group]
    #: the engine's id of the person ("P2"), "" for the flat and the household
    person: str = ""


@dataclass(slots=True)
class PersonAmount:
    """A person's payment (one to six per sheet). Not frozen, for the reason given at
    ``Group``."""

    name: str
    amount: str
    in_household: bool


class Totals(Mapping[str, Decimal]):
    """The sum of the amounts of each kind of line (``art``, as ``str``):
    ``Decimal(str(betrag))`` added up in the result's order, starting from ``Decimal(0)`` —
    each sum made when it is first read, from the result's lines. A page reads two to four
    of the 20–40 kinds of a result, most of them not there (a Mehrbedarf): the kinds are
    listed once, by C-level ``map`` calls, and a kind not there is found by ``in`` — instead
    of sorting every line by its kind in the sheet's walk."""

    __slots__ = ("_arts", "_positions", "_sums")

    def __init__(self, positions: Sequence[Mapping[str, Any]]) -> None:
        self._positions = positions
        self._arts: list[str] | None = None
        self._sums: dict[str, Decimal] = {}

    def _kinds(self) -> list[str]:
        """The kind of each line, in the result's order."""
        if self._arts is None:
            self._arts = list(map(str, map(itemgetter("art"), self._positions)))
        return self._arts

    def get(self, art: str, default: Any = None) -> Any:  # without raising a KeyError
        total = self._sums.get(art)
        if total is None and art in self._kinds():
            total = self[art]
        return default if total is None else total

    def __getitem__(self, art: str) -> Decimal:
        total = self._sums.get(art)
        if total is None:
            arts = self._kinds()
            if art not in arts:
                raise KeyError(art)
            total = _ZERO
            for kind, position in zip(arts, self._positions, strict=True):
                if kind == art:
                    total += Decimal(str(position["betrag"]))
            self._sums[art] = total
        return total

    def __contains__(self, art: object) -> bool:
        return art in self._kinds()

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys(self._kinds()))

    def __len__(self) -> int:
        return len(dict.fromkeys(self._kinds()))

    def __repr__(self) -> str:
        return f"Totals({dict(self)!r})"


@dataclass(slots=True)
class Sheet:
    """What the template shows: the short answer, then the detail. Not frozen, for the
    reason given at ``Group``."""

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


_A_MONTH = re.compile(r"\d{4}-\d\d")


def citizen_note(note: str, names: Mapping[str, str], language: str | None = None
                 ) -> str | None:
    """The citizen's text of one engine note (German), or None: not for the citizen
    (``language``: the active language's code, when the caller has it at hand)."""
    for (pattern, _text), text in zip(_NOTES, _texts(language).notes, strict=True):
        found = pattern.match(note)
        if not found:
            continue
        values: dict[str, str] = {}
        for key, value in found.groupdict().items():
            if key == "pid":
                values["name"] = person_name(value, names)
            elif value.endswith("€"):
                values[key] = _amount(value)
            elif _A_MONTH.fullmatch(value):
                values[key] = _month(value, language)
            else:
                values[key] = value
        return text % values
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


# --- the tables' rows --------------------------------------------------------------------

#: A line's row in the sheet's tables (``core/templatetags/jc_sheets.py``, which writes the
#: rest of them): ``ROW_START``, the label, ``ROW_LAW``, the legal basis, ``ROW_AMOUNT``, the
#: amount, ``ROW_END`` — each text escaped as the template's ``{{ variable }}`` escapes it.
ROW_START = '\n          <tr class="jc-bb-row"><th scope="row">'
ROW_LAW = '<span class="jc-bb-law">'
ROW_AMOUNT = '</span></th><td class="jc-nowrap">'
ROW_END = "</td></tr>\n          "
#: A group's ``<tbody>``: ``GROUP_START``, its title (escaped), ``GROUP_HEAD_END``, its
#: lines' rows, ``GROUP_END``.
GROUP_START = ('\n        <tbody>\n          <tr><th scope="rowgroup" colspan="2" '
               'class="jc-bb-group">')
GROUP_HEAD_END = "</th></tr>\n          "
GROUP_END = "\n        </tbody>\n        "

#: The sheet's fixed texts escaped (labels, legal bases, group titles, benefit names: the
#: engine's and the product's own texts in the languages of the site, never a typed value
#: — a person's name, an amount or a note is escaped per request). Shared with ``jc_sheets``.
ESCAPED: ProcessMemo[str, str] = ProcessMemo(2048)
#: a character ``html.escape`` replaces (one scan instead of its five replacements)
NEEDS_ESCAPE = re.compile("[&<>\"']").search


def escaped_fixed(text: str) -> str:
    """``html.escape`` of one of the fixed texts (a plain ``str``), kept per process."""
    escaped = ESCAPED.get(text)
    if escaped is None:
        escaped = html.escape(text)
        ESCAPED.keep(text, escaped)
    return escaped


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
    #: the citizen's texts of the notes (``_NOTES``, in its order)
    notes: tuple[str, ...]
    #: each group's ``<tbody>`` and its heading row in the tables (the title escaped)
    group_heads: dict[str, str]
    #: the kind of each line (``art``) with a label → its label, its group
    #: (``sgb2_adapter.sheet_group``) and the start of its table row up to the legal basis
    #: (the label escaped: ``ROW_START``, the label, ``ROW_LAW``)
    kinds: dict[str, tuple[str, str, str]]


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
            lines = {art: str(label) for art, label in LINE_LABELS.items()}
            groups = {key: str(title) for key, title in GROUP_TITLES.items()}
            texts = _Texts(
                lines=lines,
                groups=groups,
                benefits={key: str(name) for key, name in _BENEFITS.items()},
                flat=_("Wohnung"),
                flat_and_household=_("Wohnung und Haushalt"),
                outside=_("gehört nicht zur Bedarfsgemeinschaft"),
                notes=tuple(str(text) for _pattern, text in _NOTES),
                group_heads={key: f"{GROUP_START}{html.escape(title)}{GROUP_HEAD_END}"
                             for key, title in groups.items()},
                kinds={art: (label, sgb2_adapter.sheet_group(art),
                             f"{ROW_START}{html.escape(label)}{ROW_LAW}")
                       for art, label in lines.items()},
            )
        _TEXTS.put(language, texts)
    return texts


def benefit_name(art: str, fallback: str, language: str | None = None) -> str:
    """The name of a benefit (``leistungsart``) in ``language`` (default: the active one)."""
    return _texts(language).benefits.get(art, fallback)


def benefit_names(language: str | None = None) -> Mapping[str, str]:
    """The names of the benefits (``leistungsart`` → name) in ``language`` (default: the
    active one): :func:`benefit_name` for several persons with one look-up."""
    return _texts(language).benefits


#: the place of each of the engine's groups in its order (``sgb2_adapter.SHEET_GROUPS``)
_GROUP_RANK = {key: rank for rank, key in enumerate(sgb2_adapter.SHEET_GROUPS)}


def sheet(result: Mapping[str, Any], names: Mapping[str, str],
          language: str | None = None) -> Sheet:
    """The citizen's view of one month's result, in the active language (``language``: the
    active language's code when the caller has it at hand, saving the lookups).

    One walk over the result's lines: each goes, with its plain label, into its person's
    (or the dwelling's) group, in the engine's order of groups (``sgb2_adapter.SHEET_GROUPS``)
    — the engine's Berechnungsbogen (``sgb2_adapter.berechnungsbogen``) in the citizen's
    words. The same walk writes each line's table row (``Group.html``): the label escaped
    once per language and process, the legal basis (the engine's fixed text) once per
    process, the amount as the formatter writes it (digits, separators, signs, "€": nothing
    to escape) — so the tables (``jc_sheets``) do not walk the lines a second time. The sum
    of each kind of line (``Sheet.totals``) is added up from the result when it is read."""
    code = language or get_language()
    texts = _texts(code)
    language = sgb2_adapter.page_language(code)
    eur = sgb2_adapter.amount_formatter(language)
    kinds = texts.kinds
    heads = texts.group_heads
    escaped = ESCAPED
    personen = result["personen"]
    alone = sum(1 for p in personen if p["in_bg"]) <= 1
    # person (None: the dwelling and household) → group → its lines and its HTML
    buckets: dict[Any, dict[str, tuple[list[Line], list[str]]]] = {}
    # the result lists a person's lines together, mostly a group's too: the bucket of the
    # line before is looked up again only when the person or the group changes
    last_person: Any = buckets  # (no person: the first line shown looks its bucket up)
    last_group = ""
    lines: list[Line] = []  # the bucket's lines and HTML
    rows: list[str] = []
    positions = result["positionen"]
    for position in positions:
        art = position["art"]
        if type(art) is not str:
            art = str(art)
        kind = kinds.get(art)
        if kind is None or (alone and art in _SHARING):
            continue
        label, group, row_start = kind
        person = position["person"]
        if group != last_group or person != last_person:
            groups_of = buckets.get(person)
            if groups_of is None:
                groups_of = buckets[person] = {}
            bucket = groups_of.get(group)
            if bucket is None:
                bucket = groups_of[group] = ([], [heads[group]])
            lines, rows = bucket
            last_person, last_group = person, group
        # the formatter writes the engine's amount as the Decimal of its text
        shown = eur(position["betrag"])
        basis = str(position["rechtsgrundlage"])
        basis_html = escaped.get(basis) or escaped_fixed(basis)
        lines.append(Line(label, shown, basis))
        rows.append(f"{row_start}{basis_html}{ROW_AMOUNT}{shown}{ROW_END}")

    titles = texts.groups
    rank = _GROUP_RANK

    def groups(person: str | None) -> list[Group]:
        of_person = buckets.get(person)
        if not of_person:
            return []
        out = []
        for key in sorted(of_person, key=rank.__getitem__):
            group_lines, group_html = of_person[key]
            group = Group(titles[key], group_lines)
            group.html = group_html
            out.append(group)
        return out

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
        totals=Totals(positions),
    )


def _benefit_key(result: Mapping[str, Any]) -> str:
    arten = [str(p["leistungsart"]) for p in result["personen"] if p["in_bg"]]
    for key in ("grundsicherungsgeld", "buergergeld"):
        if key in arten:
            return key
    return arten[0] if arten else "keine"
