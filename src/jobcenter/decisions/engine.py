"""The one place where ``decisions`` talks to the ``sgb2`` law engine.

``calculate`` runs the scalar engine on a JSON-contract request; ``explanation_html``
renders the Berechnungsbogen with ``sgb2.explain``; ``calculate_batch`` runs many
households of one month through ``sgb2.batch`` and falls back to the scalar path for
those the batch path reports it cannot represent (or that are invalid).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import sgb2
from sgb2 import explain


class CalculationInputError(ValueError):
    """Invalid request; ``errors`` lists ``(path, German message)`` from the engine."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{p}: {m}" for p, m in errors))


def calculate(request: dict[str, Any]) -> dict[str, Any]:
    try:
        return sgb2.berechnen_json(request)
    except sgb2.Eingabefehler as exc:
        raise CalculationInputError(list(exc.fehler)) from exc


def explanation_html(result: dict[str, Any]) -> str:
    """Accessible HTML (tables with captions), all text escaped by the renderer."""
    return explain.render_html(result, "de", interne_markieren=True)


def citizen_notes(result: dict[str, Any]) -> list[str]:
    """The result's notes without those for staff only (what a Bescheid may say)."""
    return explain.buerger_hinweise(result)


def berechnungsbogen(result: dict[str, Any]) -> explain.Berechnungsbogen:
    return explain.berechnungsbogen(result, "de")


def month_of(value: str) -> dt.date:
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
            one = sgb2.berechnen(parsed[request_index]).to_dict()
            totals[original] = Decimal(str(one["summe"]["zahlbetrag"]))
            persons[original] = {p["id"]: Decimal(str(p["zahlbetrag"])) for p in one["personen"]}
    return BatchOutcome(totals=totals, person_amounts=persons, errors=errors,
                        scalar_fallbacks=fallbacks)
