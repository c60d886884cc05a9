"""Presumed delivery (§ 37 Abs. 2 SGB X) and the Widerspruchsfrist (§§ 84, 64 SGG)."""

import datetime as dt

import pytest

from jobcenter.decisions.deadlines import (
    add_months,
    objection_deadline,
    presumed_delivery,
    public_holidays,
)

D = dt.date


def test_nationwide_holidays_2027():
    assert public_holidays(2027) == {
        D(2027, 1, 1), D(2027, 3, 26), D(2027, 3, 29), D(2027, 5, 1), D(2027, 5, 6),
        D(2027, 5, 17), D(2027, 10, 3), D(2027, 12, 25), D(2027, 12, 26),
    }


@pytest.mark.parametrize(
    ("land", "extra"),
    [
        ("BY", {D(2027, 1, 6), D(2027, 5, 27), D(2027, 11, 1)}),  # not Mariä Himmelfahrt
        ("NW", {D(2027, 5, 27), D(2027, 11, 1)}),
        ("BE", {D(2027, 3, 8)}),  # Internationaler Frauentag
        ("SN", {D(2027, 10, 31), D(2027, 11, 17)}),  # Reformationstag, Buß- und Bettag
        ("TH", {D(2027, 9, 20), D(2027, 10, 31)}),  # Weltkindertag, Reformationstag
        ("HE", {D(2027, 5, 27)}),
    ],
)
def test_holidays_of_the_land_come_on_top_of_the_nationwide_ones(land, extra):
    assert public_holidays(2027, land) == public_holidays(2027) | extra


@pytest.mark.parametrize(
    ("land", "deadline"),
    [
        ("", D(2027, 5, 27)),  # Fronleichnam is no nationwide holiday: Thursday stands
        ("BY", D(2027, 5, 28)),  # … but in Bayern → Friday
        ("NW", D(2027, 5, 28)),
        ("BE", D(2027, 5, 27)),
    ],
)
def test_a_holiday_of_the_jobcenters_land_moves_the_end(land, deadline):
    assert objection_deadline(D(2027, 4, 27), land=land) == deadline


def test_holidays_of_mainly_catholic_municipalities_when_the_jobcenter_has_them():
    # 15 August 2028 is a Tuesday: Mariä Himmelfahrt in Munich, not in Nuremberg
    assert objection_deadline(D(2028, 7, 15), land="BY") == D(2028, 8, 15)
    assert objection_deadline(D(2028, 7, 15), land="BY", catholic=True) == D(2028, 8, 16)
    assert public_holidays(2027, "SN", catholic=True) - public_holidays(2027, "SN") == {
        D(2027, 5, 27)}  # Fronleichnam in the Sorbian Catholic municipalities
    assert public_holidays(2027, "", catholic=True) == public_holidays(2027)
    assert public_holidays(2027, "NW", catholic=True) == public_holidays(2027, "NW")


def test_berlin_frauentag_and_saxon_buss_und_bettag():
    assert objection_deadline(D(2027, 2, 8), land="BE") == D(2027, 3, 9)  # 8 March: Monday
    assert objection_deadline(D(2027, 2, 8)) == D(2027, 3, 8)
    assert objection_deadline(D(2027, 10, 17), land="SN") == D(2027, 11, 18)
    assert objection_deadline(D(2027, 10, 17), land="BY") == D(2027, 11, 17)


@pytest.mark.parametrize(
    ("sent", "delivered"),
    [
        (D(2026, 11, 24), D(2026, 11, 28)),  # Tuesday → Saturday: the date still stands
        (D(2026, 12, 28), D(2027, 1, 1)),  # into a holiday: still stands (§ 37 SGB X)
        (D(2027, 2, 26), D(2027, 3, 2)),  # over the end of February
        (D(2028, 2, 26), D(2028, 3, 1)),  # leap year
    ],
)
def test_presumed_delivery_is_the_fourth_day(sent, delivered):
    assert presumed_delivery(sent) == delivered


@pytest.mark.parametrize(
    ("delivered", "deadline"),
    [
        (D(2026, 11, 12), D(2026, 12, 14)),  # 12 Dec 2026 is a Saturday → Monday 14th
        (D(2027, 1, 31), D(2027, 3, 1)),  # 28 Feb 2027 is a Sunday → Monday 1 March
        (D(2028, 1, 31), D(2028, 2, 29)),  # leap year: end of February, a Tuesday
        (D(2027, 3, 31), D(2027, 4, 30)),  # April has no 31st → 30th (Friday)
        (D(2027, 2, 28), D(2027, 3, 30)),  # 28 March Sunday, 29 Easter Monday → 30th
        (D(2027, 2, 26), D(2027, 3, 30)),  # 26 March 2027 Karfreitag → Tuesday 30th
        (D(2026, 9, 3), D(2026, 10, 5)),  # 3 Oct 2026 Saturday, 4th Sunday → Monday 5th
        (D(2027, 9, 3), D(2027, 10, 4)),  # 3 Oct 2027 is a Sunday → Monday 4th
        (D(2025, 9, 3), D(2025, 10, 6)),  # 3 Oct 2025 Friday (holiday) → Monday 6th
        (D(2026, 11, 25), D(2026, 12, 28)),  # 25 Dec Friday, weekend, → Monday 28th
        (D(2026, 11, 26), D(2026, 12, 28)),  # 26 Dec Saturday → Monday 28th
        (D(2026, 12, 1), D(2027, 1, 4)),  # 1 Jan 2027 Friday → Monday 4 Jan
        (D(2026, 6, 10), D(2026, 7, 10)),  # ordinary Friday stays
    ],
)
def test_objection_deadline_table(delivered, deadline):
    assert objection_deadline(delivered) == deadline


def test_karfreitag_moves_over_the_whole_easter_weekend():
    # delivered 26 Feb 2027 → 26 March 2027 is Karfreitag; Sat, Sun, Easter Monday follow
    assert objection_deadline(D(2027, 2, 26)) == D(2027, 3, 30)


def test_add_months_clamps_to_the_end_of_month():
    assert add_months(D(2027, 1, 31), 1) == D(2027, 2, 28)
    assert add_months(D(2026, 12, 15), 1) == D(2027, 1, 15)
    assert add_months(D(2027, 8, 31), 6) == D(2028, 2, 29)
