"""Fixtures of the calculator tests: a fixed "today" and the couple with two children."""

from __future__ import annotations

import datetime as dt

import pytest

TODAY = dt.date(2026, 11, 24)


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch):
    """Month choices and the default month depend on today: fix it to November 2026."""
    monkeypatch.setattr("jobcenter.rechner.forms.today", lambda: TODAY)


# The couple with two children and a job, as a person types it into the form.
COUPLE_FORM = {
    "aktion": "berechnen",
    "monat": "2026-11",
    "as_geburtsdatum": "14.02.1988",
    "as_brutto": "2.000",
    "as_netto": "1.500,00",
    "partner": "ja",
    "pa_geburtsdatum": "03.09.1990",
    "kinder": "2",
    "kind1_geburtsdatum": "21.05.2016",
    "kind2_geburtsdatum": "7.1.2019",
    "kaltmiete": "480",
    "nebenkosten": "170,00",
    "heizkosten": "150",
    "warmwasser": "zentral",
    "weitere_personen": "",
}


@pytest.fixture
def couple_form():
    return dict(COUPLE_FORM)
