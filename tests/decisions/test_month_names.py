"""``month_de`` names the month in the reader's language: the German names unchanged in
German (letters and golden texts stay byte-identical), the English ones in English — never
"Januar 2027" on an English page or letter."""

from __future__ import annotations

import datetime as dt

from django.utils import translation

from jobcenter.decisions.documents import period_label
from jobcenter.decisions.letter import month_de, months_text

GERMAN = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
          "September", "Oktober", "November", "Dezember"]
ENGLISH = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]


def _year(names: list[str]) -> list[str]:
    return [f"{name} 2027" for name in names]


def test_german_month_names_are_unchanged():
    with translation.override("de"):
        assert [month_de(dt.date(2027, m, 1)) for m in range(1, 13)] == _year(GERMAN)
        assert period_label(dt.date(2027, 1, 1), dt.date(2027, 3, 1)) == (
            "Januar 2027 bis März 2027")


def test_english_month_names_in_english():
    with translation.override("en"):
        assert [month_de(dt.date(2027, m, 15)) for m in range(1, 13)] == _year(ENGLISH)
        assert period_label(dt.date(2027, 1, 1), dt.date(2027, 3, 1)) == (
            "January 2027 to March 2027")
        assert months_text([dt.date(2026, 12, 1), dt.date(2027, 1, 1),
                            dt.date(2027, 5, 1)]) == "December 2026 to January 2027, May 2027"
