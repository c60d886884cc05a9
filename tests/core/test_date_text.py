"""``core.date_text.date_format`` writes what Django's ``formats.date_format`` writes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from django.utils import formats, translation

from jobcenter.core import date_text

DAYS = [dt.date(1990, 1, 1) + dt.timedelta(days=n) for n in range(0, 366 * 3, 1)] + [
    dt.date(1, 1, 1), dt.date(999, 12, 31), dt.date(9999, 12, 31)]


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("name", ["SHORT_DATE_FORMAT", "YEAR_MONTH_FORMAT", "DATE_FORMAT",
                                  "MONTH_DAY_FORMAT"])
def test_same_as_django(language: str, name: str) -> None:
    with translation.override(language):
        for day in DAYS:
            assert date_text.date_format(day, name) == formats.date_format(day, name)


@pytest.mark.parametrize("text", [r"j. F Y", r"\d\e\r j.", "D, d.m.Y", "N j, Y", "F Y",
                                  "d/m/Y", "Y-m-d", "jS F", "{j}. F {{Y}}", "}0{"])
def test_any_format_same_as_django(text: str) -> None:
    """A format with other characters (a weekday, an escaped letter) is Django's."""
    with override_settings(SHORT_DATE_FORMAT=text, FORMAT_MODULE_PATH=None), \
            translation.override("xx-unknown"):
        assert formats.get_format("SHORT_DATE_FORMAT") == text
        for day in DAYS[:400:7]:
            assert date_text.date_format(day, "SHORT_DATE_FORMAT") == formats.date_format(
                day, "SHORT_DATE_FORMAT")


def test_month_names_follow_the_language() -> None:
    day = dt.date(2026, 3, 1)
    with translation.override("de"):
        assert date_text.date_format(day, "YEAR_MONTH_FORMAT") == "März 2026"
    with translation.override("en"):
        assert date_text.date_format(day, "YEAR_MONTH_FORMAT") == "March 2026"
        assert date_text.date_format(day, "SHORT_DATE_FORMAT") == "01/03/2026"
