"""One way to type a date: day, month and year in three boxes (the GOV.UK "memorable
date" pattern, issue 12). No date picker: a birth date is known by heart, typing it is
quicker than paging a calendar, and three numeric boxes work the same in every browser, with
a screen reader and without JavaScript.

``parse(day, month, year)`` checks the three parts and says what is wrong in plain words,
naming the part(s) to fix (``DateInputError.parts``), so the page can mark exactly those
boxes. Used by the form engine (``formengine.engine``) and by Django forms
(``core.forms.MemorableDateField``: Rechner, staff screens).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

DAY, MONTH, YEAR = "tag", "monat", "jahr"
PARTS: tuple[str, str, str] = (DAY, MONTH, YEAR)
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100


class DateInputError(ValueError):
    """A date that cannot be read; ``parts`` are the boxes to fix."""

    def __init__(self, message: str, parts: tuple[str, ...]) -> None:
        super().__init__(message)
        self.message = message
        self.parts = parts


@dataclass(frozen=True)
class DateParts:
    day: str
    month: str
    year: str

    @classmethod
    def of(cls, raw: Mapping[str, object]) -> DateParts:
        get = raw.get
        return cls(str(get(DAY, "") or "").strip()[:10], str(get(MONTH, "") or "").strip()[:10],
                   str(get(YEAR, "") or "").strip()[:10])

    @classmethod
    def from_value(cls, value: object) -> DateParts:
        """A stored "YYYY-MM-DD" (or a date, or a typed "TT.MM.JJJJ") as the three boxes."""
        if isinstance(value, dt.date):
            return cls(str(value.day), str(value.month), str(value.year))
        text = str(value or "").strip()
        iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text, re.ASCII)
        if iso:
            return cls(str(int(iso[3])), str(int(iso[2])), iso[1])
        german = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text, re.ASCII)
        if german:
            return cls(str(int(german[1])), str(int(german[2])), german[3])
        return cls("", "", "")

    def as_dict(self) -> dict[str, str]:
        return {DAY: self.day, MONTH: self.month, YEAR: self.year}

    @property
    def empty(self) -> bool:
        return not (self.day or self.month or self.year)


def _missing_message(missing: tuple[str, ...]) -> str:
    return {
        (DAY,): _("Bitte ergänzen Sie den Tag."),
        (MONTH,): _("Bitte ergänzen Sie den Monat."),
        (YEAR,): _("Bitte ergänzen Sie das Jahr."),
        (DAY, MONTH): _("Bitte ergänzen Sie Tag und Monat."),
        (DAY, YEAR): _("Bitte ergänzen Sie Tag und Jahr."),
        (MONTH, YEAR): _("Bitte ergänzen Sie Monat und Jahr."),
    }[missing]


def parse(parts: DateParts) -> dt.date:
    """The date of three typed parts; raises DateInputError (never for empty input: the
    caller decides whether an answer is required)."""
    date = usual_date(parts.day, parts.month, parts.year)
    return date if date is not None else _parse(parts)


def usual_date(day: str, month: str, year: str) -> dt.date | None:
    """The date of the usual answer — three parts of ASCII digits, a year of four, in range
    — as :func:`parse` gives it; None for anything else (then ``parse`` says what is
    wrong). For a caller that has the three texts and would make a ``DateParts`` only to
    parse it."""
    if (day.isdigit() and month.isdigit() and len(year) == 4 and year.isdigit()
            and day.isascii() and month.isascii() and year.isascii()):
        # the checks of _parse that can still fail, in its order
        # (tests/core/test_memorable_date.py)
        d, m, y = int(day), int(month), int(year)
        if 1 <= d <= 31 and 1 <= m <= 12 and EARLIEST_YEAR <= y <= LATEST_YEAR:
            try:
                return dt.date(y, m, d)
            except ValueError:
                pass
    return None


def _parse(parts: DateParts) -> dt.date:
    values = parts.as_dict()
    missing = tuple(p for p in PARTS if not values[p])
    if missing and len(missing) < 3:
        raise DateInputError(_missing_message(missing), missing)
    not_digits = tuple(p for p in PARTS if not values[p].isascii() or not values[p].isdigit())
    if not_digits:
        raise DateInputError(
            _("Bitte geben Sie Tag, Monat und Jahr nur mit Ziffern ein, zum Beispiel 27 3 2007."),
            not_digits)
    day, month, year = (int(values[p]) for p in PARTS)
    if not 1 <= day <= 31:
        raise DateInputError(_("Der Tag muss zwischen 1 und 31 liegen."), (DAY,))
    if not 1 <= month <= 12:
        raise DateInputError(_("Der Monat muss zwischen 1 und 12 liegen."), (MONTH,))
    if len(values[YEAR]) != 4:
        raise DateInputError(_("Das Jahr muss vier Ziffern haben, zum Beispiel 2007."), (YEAR,))
    try:
        date = dt.date(year, month, day)
    except ValueError as exc:
        raise DateInputError(
            _("Diesen Tag gibt es in diesem Monat nicht. Bitte prüfen Sie Tag und Monat."),
            (DAY, MONTH)) from exc
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise DateInputError(_("Bitte geben Sie ein Datum zwischen 1900 und 2100 an."), (YEAR,))
    return date


def problem_parts(raw: object) -> tuple[str, ...]:
    """The boxes a stored invalid input has wrong (all three if the date is readable but
    refused for another reason, e.g. "in the future")."""
    if isinstance(raw, Mapping):
        try:
            parse(DateParts.of(raw))
        except DateInputError as exc:
            return exc.parts
    return PARTS


def boxes(name: str, html_id: str, raw: object, *, errors: bool,
          autocomplete: str = "") -> list[dict[str, object]]:
    """What a template needs for the three boxes of one date (name/id per part, value,
    label, whether it is marked as wrong)."""
    parts = DateParts.of(raw) if isinstance(raw, Mapping) else DateParts.from_value(raw)
    values = parts.as_dict()
    wrong = problem_parts(raw) if errors else ()
    labels = {DAY: _("Tag"), MONTH: _("Monat"), YEAR: _("Jahr")}
    completions = {DAY: "bday-day", MONTH: "bday-month", YEAR: "bday-year"}
    return [
        {
            "part": part,
            "name": f"{name}-{part}",
            "id": f"{html_id}-{part}",
            "label": labels[part],
            "value": values[part],
            "error": part in wrong,
            "maxlength": 4 if part == YEAR else 2,
            "autocomplete": completions[part] if autocomplete == "bday" else "off",
        }
        for part in PARTS
    ]
