"""Date-effective parameters: selection by month, caching, sources and vorläufig flags."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sgb2 import Parameters, parameters_for
from sgb2.params import load_versions


def test_every_version_has_a_source_and_vorlaeufig_versions_a_reason() -> None:
    for versions in load_versions().values():
        for v in versions:
            assert v.quelle.strip(), v.kennung
            if v.vorlaeufig:
                assert v.vorlaeufig_grund, v.kennung
                assert v.vorlaeufig_grund_en, v.kennung  # the note in English too


def test_selection_by_effective_date() -> None:
    assert parameters_for(dt.date(2023, 12, 1)).regelbedarf[1] == Decimal(502)
    assert parameters_for(dt.date(2024, 1, 1)).regelbedarf[1] == Decimal(563)
    assert parameters_for(dt.date(2023, 6, 1)).etf_stufen[0][1] == Decimal(1000)
    assert parameters_for(dt.date(2023, 7, 1)).etf_stufen[0][1] == Decimal(520)
    assert parameters_for(dt.date(2024, 12, 1)).kindersofortzuschlag == Decimal(20)
    assert parameters_for(dt.date(2025, 1, 1)).kindersofortzuschlag == Decimal(25)
    # § 31a Abs. 7 from 2024-03-28: effective with the next policy date (1 April)
    assert not parameters_for(dt.date(2024, 3, 1)).minderung_vollentzug
    assert parameters_for(dt.date(2024, 4, 1)).minderung_vollentzug
    assert not parameters_for(dt.date(2026, 4, 1)).minderung_vollentzug


def test_cached_per_month_and_per_distinct_version_set() -> None:
    a = parameters_for(dt.date(2024, 5, 1))
    assert parameters_for(dt.date(2024, 5, 17)) is a
    assert parameters_for(dt.date(2024, 6, 1)) is a  # same versions → same object
    assert isinstance(a, Parameters)
    with pytest.raises(AttributeError):
        a.leistungsname = "x"  # type: ignore[misc]


def test_rechtsstand_and_vorlaeufig_from_2026_07() -> None:
    p = parameters_for(dt.date(2026, 7, 1))
    assert p.leistungsname == "Grundsicherungsgeld"
    assert "vermoegen@2026-07-01" in p.rechtsstand
    assert {"vermoegen", "unterkunft", "minderung", "leistung"} <= p.vorlaeufig_themen
    assert parameters_for(dt.date(2024, 1, 1)).vorlaeufig == ()


def test_before_2023_rejected() -> None:
    with pytest.raises(ValueError):
        parameters_for(dt.date(2022, 12, 1))
