"""The one adapter between the project and the ``sgb2`` law engine.

Three callers compute with the engine: the public Rechner (``rechner``), the preview on
"Angaben prüfen" (``antraege.preview``) and the caseworker's calculation (``decisions``).
Each builds its request from its own inputs — the Rechner form, the application's answers,
the caseworker's form — and records in a :class:`FieldMap` which of its fields each part
of the request came from. Everything else is here, once:

* **the call**: :func:`calculate` (scalar JSON contract) and :func:`calculate_batch`
  (vectorised, with the scalar path for what the batch cannot represent);
* **the errors**: invalid input raises :class:`CalculationInputError` with the engine's
  ``(path, reason)`` pairs; a defect of the engine raises :class:`CalculationFailed` after
  logging its kind and place — never the request, which is personal data. Nothing a caller
  passes in ends as an unhandled exception;
* **the mapping of engine errors to fields**: :func:`place` puts each problem at the
  caller's field (longest known path prefix) with a translated, actionable message
  (:func:`problem_message`, German and English; staff also see the engine's own reason
  where we have no message of our own);
* **presentation helpers** shared by all three: :func:`page_language`, :func:`amount_text`,
  the Berechnungsbogen (:func:`berechnungsbogen`, :func:`explanation_html` for staff,
  :func:`citizen_explanation_html`) and the notes a citizen may read
  (:func:`citizen_notes`).

``sgb2`` itself stays free of Django; this module is the only place that translates its
German reasons and decides what a person gets to read of them.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

import sgb2
import sgb2.params
from sgb2 import explain

logger = logging.getLogger(__name__)

Language = Literal["de", "en"]
Berechnungsbogen = explain.Berechnungsbogen

#: the reason recorded for a request the engine failed on (not the person's fault)
ENGINE_FAILED = "Berechnung fehlgeschlagen"


# --- the call --------------------------------------------------------------------------


class CalculationError(ValueError):
    """No result. ``errors`` lists ``(path, reason)`` — the engine's German reasons."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{p}: {m}" for p, m in errors))


class CalculationInputError(CalculationError):
    """The engine refused the request (``sgb2.Eingabefehler``): the input must change."""


class CalculationFailed(CalculationError):
    """The engine failed on a request (a defect, not the input's fault); already logged."""

    def __init__(self) -> None:
        super().__init__([("", ENGINE_FAILED)])


def calculate(request: Any) -> dict[str, Any]:
    """The engine's JSON result for a JSON-contract request.

    Raises :class:`CalculationInputError` for invalid input (anything, also a non-dict) and
    :class:`CalculationFailed` when the engine breaks.
    """
    try:
        return sgb2.berechnen_json(request)
    except sgb2.Eingabefehler as exc:
        raise CalculationInputError(list(exc.fehler)) from exc
    except Exception as exc:  # noqa: BLE001 - an engine defect must not become a 500 page
        _log_failure(exc)
        raise CalculationFailed() from None


def _log_failure(exc: BaseException) -> None:
    """The kind of failure and where it happened — never its message or the request (the
    message of an engine exception may quote the person's data)."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "?"
    logger.error("sgb2: Berechnung fehlgeschlagen (%s in %s)", type(exc).__name__, where)


def kindergeld(day: dt.date) -> Decimal:
    """The statutory Kindergeld per child in the month of ``day`` (engine parameters)."""
    return sgb2.parameters_for(day).kindergeld


def legal_state_before(day: dt.date) -> AbstractContextManager[None]:
    """Within the ``with`` block the engine computes as if no parameter version effective on
    or after ``day`` had been entered yet — the amounts of Bescheide issued before a new
    Rechtsstand was known (demo data and tests of the mass recalculation only: it changes
    process-wide state)."""
    return sgb2.params.rechtsstand_vor(day)


def month_of(value: str) -> dt.date:
    """The first day of a request month ``"YYYY-MM"``."""
    year, month = value.split("-")[:2]
    return dt.date(int(year), int(month), 1)


def with_month(request: dict[str, Any], month: dt.date) -> dict[str, Any]:
    """The request for another month (partial-month bounds do not carry over)."""
    copy = dict(request)
    copy["monat"] = f"{month:%Y-%m}"
    copy.pop("anspruch_von", None)
    copy.pop("anspruch_bis", None)
    return copy


@dataclass(frozen=True)
class BatchOutcome:
    """Per input index: the total payment in euros, or an error message."""

    totals: dict[int, Decimal]
    person_amounts: dict[int, dict[str, Decimal]]
    errors: dict[int, str]
    scalar_fallbacks: int


def calculate_batch(requests: Sequence[dict[str, Any]], month: dt.date) -> BatchOutcome:
    """Many households of one month through ``sgb2.batch``; the scalar path for those the
    batch path reports it cannot represent. Invalid requests are reported per index."""
    # Imported here: the batch path needs numpy, which only mass recalculation loads.
    from sgb2.batch import berechnen_batch, columns_from_parsed

    parsed: list[Any] = []
    positions: list[int] = []
    errors: dict[int, str] = {}
    for index, request in enumerate(requests):
        try:
            parsed.append(sgb2.parse_request(with_month(request, month)))
            positions.append(index)
        except sgb2.Eingabefehler as exc:
            errors[index] = str(exc)
    totals: dict[int, Decimal] = {}
    persons: dict[int, dict[str, Decimal]] = {}
    fallbacks = 0
    if parsed:
        cols = columns_from_parsed(parsed, month)
        result = berechnen_batch(cols) if cols.n_bg else None
        if result is not None:
            cents = result.summe_zahlbetrag.tolist()
            person_cents = result.zahlbetrag.tolist()
            person_bg = cols.bg.tolist()
            person_idx = cols.idx.tolist()
            for bg_index, request_index in enumerate(cols.request_index.tolist()):
                original = positions[request_index]
                totals[original] = Decimal(cents[bg_index]) / 100
                persons[original] = {}
            for p, bg_index in enumerate(person_bg):
                original = positions[cols.request_index[bg_index]]
                pid = parsed[cols.request_index[bg_index]].personen[person_idx[p]].id
                persons[original][pid] = Decimal(person_cents[p]) / 100
        for request_index in cols.braucht_skalar:
            original = positions[request_index]
            fallbacks += 1
            try:
                one = sgb2.berechnen(parsed[request_index]).to_dict()
            except sgb2.NichtModelliert as exc:  # no number rather than an inexact one
                errors[original] = str(exc)
                continue
            totals[original] = Decimal(str(one["summe"]["zahlbetrag"]))
            persons[original] = {p["id"]: Decimal(str(p["zahlbetrag"])) for p in one["personen"]}
    return BatchOutcome(totals=totals, person_amounts=persons, errors=errors,
                        scalar_fallbacks=fallbacks)


# --- engine errors → the caller's fields -----------------------------------------------


@dataclass
class FieldMap:
    """Which of the caller's fields each request path came from (path prefix → field).

    A message of the engine about ``personen[2].einkommen[0].netto`` lands at the field of
    the longest recorded prefix (``personen[2].einkommen[0]`` or ``personen[2]``); a path
    with no recorded prefix belongs to the whole request.
    """

    fields: dict[str, str] = field(default_factory=dict)

    def add(self, path: str, field_name: str) -> None:
        self.fields[path] = field_name

    def update(self, entries: Mapping[str, str]) -> None:
        self.fields.update(entries)

    @classmethod
    def identity(cls, paths: Iterable[str]) -> FieldMap:
        """For a form whose inputs are named by their request paths (the caseworker's)."""
        return cls({path: path for path in paths})

    def field_for(self, path: str) -> str | None:
        candidates = [
            p for p in self.fields if path == p or path.startswith((p + ".", p + "["))
        ]
        if not candidates:
            return None
        return self.fields[max(candidates, key=len)]


@dataclass
class MappedRequest:
    """A request built by a caller, with the fields its parts came from."""

    data: dict[str, Any]
    fields: FieldMap = field(default_factory=FieldMap)

    def field_for(self, path: str) -> str | None:
        return self.fields.field_for(path)


@dataclass(frozen=True)
class Problem:
    """One engine error, placed: ``field`` is None for problems of the whole request."""

    path: str
    reason: str
    field: str | None
    message: str


def place(errors: Iterable[tuple[str, str]], fields: FieldMap, *, staff: bool = False
          ) -> list[Problem]:
    """The engine's ``(path, reason)`` pairs at the caller's fields, with messages in the
    active language (:func:`problem_message`)."""
    return [
        Problem(path=path, reason=reason, field=fields.field_for(path),
                message=problem_message(reason, staff=staff))
        for path, reason in errors
    ]


# The engine's German reasons (sgb2/parse.py) → our messages; first match wins. The
# patterns follow the engine's wording; a new reason falls back to the general message.
_REASONS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"ist nicht abgebildet; die Leistung kann nicht exakt berechnet werden"),
     gettext_noop("Für diese Lebenslage kann nicht automatisch genau gerechnet werden: eine "
                  "Person erhält Leistungen nach dem SGB XII und hat einen besonderen Bedarf. "
                  "Das Jobcenter berechnet die Leistung in diesem Fall persönlich.")),
    (re.compile(r"^Berechnung fehlgeschlagen$"),
     gettext_noop("Die Berechnung ist gerade nicht möglich. Bitte versuchen Sie es später "
                  "noch einmal.")),
    (re.compile(r"liegt nach dem berechneten Monat"),
     gettext_noop("Das Datum liegt nach dem gewählten Monat.")),
    (re.compile(r"Alter ab 15 Jahren"),
     gettext_noop("Die Person muss im gewählten Monat mindestens 15 Jahre alt sein.")),
    (re.compile(r"Berechnung erst ab"),
     gettext_noop("Eine Berechnung ist erst ab Januar 2023 möglich.")),
    (re.compile(r"höchstens zwei Nachkommastellen"),
     gettext_noop("Bitte geben Sie höchstens zwei Nachkommastellen (Cent) an.")),
    (re.compile(r"unplausibel hoch"),
     gettext_noop("Der Betrag ist unplausibel hoch.")),
    (re.compile(r"darf nicht negativ"),
     gettext_noop("Der Betrag darf nicht negativ sein.")),
    (re.compile(r"nicht größer als brutto"),
     gettext_noop("Der Nettoverdienst kann nicht höher sein als der Bruttoverdienst.")),
    (re.compile(r"höchstens eine Person mit der Rolle „partner“"),
     gettext_noop("Nur eine Person kann Partnerin oder Partner sein.")),
    (re.compile(r"genau eine Person mit der Rolle „antragsteller“"),
     gettext_noop("Genau eine Person muss die antragstellende Person sein.")),
    (re.compile(r"^kleiner als die Zahl der angegebenen Personen"),
     gettext_noop("Die Zahl der Personen im Haushalt ist kleiner als die Zahl der "
                  "angegebenen Personen.")),
    (re.compile(r"^darf nicht nach dem berechneten Monat liegen"),
     gettext_noop("Der Leistungsbeginn darf nicht nach dem berechneten Monat liegen.")),
    (re.compile(r"^muss im berechneten Monat liegen"),
     gettext_noop("Das Datum muss im berechneten Monat liegen.")),
    (re.compile(r"^darf nicht vor anspruch_von liegen"),
     gettext_noop("Das Ende darf nicht vor dem Beginn liegen.")),
    (re.compile(r"^bei Erwerbseinkommen brutto und netto angeben"),
     gettext_noop("Geben Sie bei Erwerbseinkommen brutto und netto an, keinen Betrag.")),
    (re.compile(r"^nur bei Erwerbseinkommen"),
     gettext_noop("Brutto und netto gibt es nur bei Erwerbseinkommen; geben Sie hier den "
                  "Betrag an.")),
    (re.compile(r"^kein gültiger Monat"),
     gettext_noop("Bitte geben Sie einen Monat im Format JJJJ-MM an, zum Beispiel 2026-11.")),
    (re.compile(r"^kein gültiges Datum|^Pflichtangabe fehlt \(Datum"),
     gettext_noop("Bitte geben Sie ein gültiges Datum im Format JJJJ-MM-TT an, zum Beispiel "
                  "1985-05-17.")),
    (re.compile(r"^Pflichtangabe fehlt \(Betrag|^muss eine (endliche )?Zahl sein"),
     gettext_noop("Bitte geben Sie einen Betrag in Euro ein, z. B. 450,00.")),
    (re.compile(r"^muss eine ganze Zahl sein"),
     gettext_noop("Bitte geben Sie eine ganze Zahl ein.")),
    (re.compile(r"^muss true oder false sein"),
     gettext_noop("Bitte wählen Sie „ja“ oder „nein“.")),
    (re.compile(r"^unbekannte (Rolle|Art|Warmwasserbereitung)"),
     gettext_noop("Bitte wählen Sie eine der angebotenen Möglichkeiten.")),
    (re.compile(r"^unbekannte Personen-ID"),
     gettext_noop("Diese Person gibt es in der Berechnung nicht.")),
    (re.compile(r"^eigene ID ist als Elternteil"),
     gettext_noop("Eine Person kann nicht ihr eigener Elternteil sein.")),
    (re.compile(r"^doppelte ID"),
     gettext_noop("Zwei Personen haben dieselbe Kennung.")),
    (re.compile(r"^muss eine nicht leere Liste sein|^Pflichtangabe fehlt \(Liste der Personen"),
     gettext_noop("Es muss mindestens eine Person angegeben sein.")),
    (re.compile(r"^Pflichtangabe fehlt|^muss ein nicht leerer Text sein"),
     gettext_noop("Diese Angabe fehlt.")),
]

_RANGE = re.compile(r"^muss zwischen (-?\d+) und (-?\d+) liegen$")


def problem_message(reason: str, *, staff: bool = False) -> str:
    """A translated, actionable message for one of the engine's German reasons.

    A reason we have no message for reads as a general request to check the answer; staff
    (``staff=True``) also get the engine's own words, citizens never do.
    """
    for pattern, message in _REASONS:
        if pattern.search(reason):
            return _(message)
    bounds = _RANGE.match(reason)
    if bounds:
        return _("Die Zahl muss zwischen %(low)s und %(high)s liegen.") % {
            "low": bounds[1], "high": bounds[2]}
    if staff:
        return _("Die Berechnung lehnt diese Angabe ab: %(reason)s") % {"reason": reason}
    return _("Diese Angabe kann nicht berechnet werden. Bitte prüfen Sie sie.")


# --- presentation ----------------------------------------------------------------------


def page_language(language: str | None = None) -> Language:
    """The engine's language for a page language (default: the active one)."""
    return "en" if (language or get_language() or "de").startswith("en") else "de"


def amount_text(value: Any, language: str | None = None) -> str:
    """An amount of the engine in the reader's format: "1.234,56 €" / "€1,234.56"."""
    return explain.betrag_text(Decimal(str(value)), page_language(language))


def amount_formatter(language: str | None = None) -> Callable[[Any], str]:
    """:func:`amount_text` with the language resolved once (for the many amounts of a sheet)."""
    lang = page_language(language)
    betrag_text = explain.betrag_text
    english = lang == "en"
    zero = "€0.00" if english else "0,00 €"

    def text(value: Any) -> str:
        if type(value) is float and -1e12 < value < 1e12 and round(value * 100) / 100 == value:
            # a float of whole cents (the engine's JSON amounts): it is the float nearest to
            # a number of two decimals, which is then the decimal of its shortest text
            # (``Decimal(str(value))``), and formatting the float to two places, correctly
            # rounded, writes that number — what ``betrag_text`` writes of the Decimal,
            # without making one (tests/core/test_sgb2_adapter.py compares both)
            if -1000 < value < 1000:
                # no thousands to group (nine in ten of a sheet's amounts): one replacement
                # or none; 0.0 and -0.0 both read "0,00 €" (``Decimal("-0.0")`` is not < 0)
                if value > 0:
                    return f"€{value:.2f}" if english else f"{value:.2f} €".replace(".", ",")
                if value < 0:
                    return (f"−€{-value:.2f}" if english
                            else f"−{-value:.2f} €".replace(".", ","))
                return zero
            minus = "−" if value < 0 else ""
            if english:
                return f"{minus}€{abs(value):,.2f}"
            # grouped by "_" (the same places as ","), so two replacements swap the marks
            return f"{minus}{abs(value):_.2f}".replace(".", ",").replace("_", ".") + " €"
        # a Decimal as it is (``Decimal(str(d))`` is ``d``); any other float by its
        # shortest text, as ``amount_text``
        return betrag_text(value if type(value) is Decimal else Decimal(str(value)), lang)

    return text


#: the Berechnungsbogen's groups in their order, and the group of a line's kind (``art``)
SHEET_GROUPS: tuple[str, ...] = explain.GRUPPEN_REIHENFOLGE
sheet_group = explain.gruppe_der_art


def berechnungsbogen(result: Mapping[str, Any], language: str | None = None
                     ) -> Berechnungsbogen:
    return explain.berechnungsbogen(result, page_language(language))


def explanation_html(result: Mapping[str, Any], language: str | None = None) -> str:
    """The Berechnungsbogen for staff: accessible HTML (tables with captions), every text
    escaped by the renderer, the notes for staff only marked as such."""
    return explain.render_html(result, page_language(language), interne_markieren=True)


def citizen_explanation_html(result: Mapping[str, Any], language: str | None = None) -> str:
    """The Berechnungsbogen as a citizen reads it (the preview on "Angaben prüfen")."""
    return explain.render_html(result, page_language(language))


def citizen_notes(result: Mapping[str, Any], language: str = "de") -> list[str]:
    """The result's notes without those for staff only (what a Bescheid may say)."""
    return explain.buerger_hinweise(result, page_language(language))
