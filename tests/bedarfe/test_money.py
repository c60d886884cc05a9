"""What the staff screen reads from the Bescheide: the Regelbedarf for the § 42a instalment
and the recognised costs of Unterkunft und Heizung of an Abrechnung's period."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from jobcenter.bedarfe import facts, money
from tests.zahlungen import helpers

pytestmark = pytest.mark.django_db

JAN, FEB, MAR = dt.date(2027, 1, 1), dt.date(2027, 2, 1), dt.date(2027, 3, 1)


@pytest.fixture
def granted(jobcenter):
    bg, person = helpers.household(jobcenter)
    decision = helpers.issue(bg, person, months=[JAN, FEB, MAR], amounts={"P1": "900.00"},
                             kdu={"P1": "450.00"})
    for month in decision.snapshot["results"].values():  # the engine's Bedarf for KdU
        month["personen"][0]["kdu"] = 480.0
    decision.save(update_fields=["snapshot"])
    return bg, person, decision


def test_recognised_costs_of_the_period_and_the_months_without_bescheid(granted):
    bg, _person, _decision = granted
    result = money.recognised_kdu(bg.pk, dt.date(2026, 12, 1), dt.date(2027, 3, 31))
    assert result.total == Decimal("1440.00")
    assert [m for m, _k in result.months] == [JAN, FEB, MAR]
    assert result.missing == [dt.date(2026, 12, 1)]
    case = SimpleNamespace(data={"abrechnung_von": "2026-12-01", "abrechnung_bis": "2027-03-31",
                                 "nachzahlung_betrag": "144.00"},
                           bedarfsgemeinschaft_id=bg.pk, jobcenter_id=bg.jobcenter_id)
    rows = dict(facts.nachzahlung(case))
    assert rows["Anerkannte Kosten für Unterkunft und Heizung im Abrechnungszeitraum"] == (
        "1.440,00 € in 3 Monaten laut Bescheid")
    assert rows["im Durchschnitt je Monat"] == "480,00 €"
    assert rows["Monate ohne Bescheid (nicht im Leistungsbezug oder vor der Plattform)"] == (
        "Dezember 2026")
    assert rows["Nachzahlung im Verhältnis zu den anerkannten Kosten"] == "10.0 %"


def test_loan_facts_show_five_percent_of_the_regelbedarf(granted):
    bg, person, _decision = granted
    assert money.regelbedarf_of(person, bg.pk, FEB) == Decimal("563.00")
    case = SimpleNamespace(data={"darlehen_betrag": "300.00"}, applicant=person,
                           bedarfsgemeinschaft_id=bg.pk, jobcenter_id=bg.jobcenter_id)
    from unittest import mock

    with mock.patch("jobcenter.bedarfe.facts.timezone.localdate", return_value=FEB):
        rows = dict(facts.darlehen(case))
    assert rows["Monatliche Aufrechnung (5 % von 563,00 €)"] == "28,15 €"
    assert rows["Getilgt nach etwa"] == "11 Monaten"
