"""Deadlines of the Widerspruchsverfahren: Bekanntgabefiktion (§ 37 Abs. 2 SGB X, fourth
day since 2025), the month of § 84 SGG with month ends and the Land's holidays (§ 64 SGG),
the year of § 66 Abs. 2 SGG, and the three months of § 88 Abs. 2 SGG."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from jobcenter.decisions import deadlines
from jobcenter.rechtsbehelfe import fristen

D = dt.date.fromisoformat


def _decision(presumed: dt.date | None, land: str = "", catholic: bool = False):
    jc = SimpleNamespace(land=land, catholic_local_holidays=catholic)
    return SimpleNamespace(presumed_delivery=presumed, case=SimpleNamespace(jobcenter=jc),
                           decision_type=SimpleNamespace(objection_period_months=1))


@pytest.mark.parametrize(("posted", "presumed"), [
    ("2026-12-03", "2026-12-07"),  # Thursday → Monday: the fourth day, not the third
    ("2026-12-28", "2027-01-01"),  # the fiction stands on a holiday (Neujahr)
    ("2027-02-26", "2027-03-02"),  # across the end of February
])
def test_bekanntgabe_on_the_fourth_day(posted, presumed):
    assert deadlines.presumed_delivery(D(posted)) == D(presumed)


@pytest.mark.parametrize(("presumed", "land", "deadline"), [
    ("2026-12-07", "BE", "2027-01-07"),  # same day number next month (Thursday)
    ("2027-01-31", "BE", "2027-03-01"),  # 28 Feb 2027 is a Sunday → Monday 1 March
    ("2027-02-08", "BE", "2027-03-09"),  # 8 March: Frauentag in Berlin → Tuesday
    ("2027-02-08", "HE", "2027-03-08"),  # … but a working day in Hessen
    ("2027-04-26", "BY", "2027-05-26"),  # Wednesday
    ("2027-04-27", "BY", "2027-05-28"),  # 27 May: Fronleichnam in Bayern → Friday
    ("2027-04-27", "NI", "2027-05-27"),  # … a working day in Niedersachsen
    ("2027-02-28", "", "2027-03-30"),  # Easter Sunday 28 March, Ostermontag → Tuesday
])
def test_widerspruchsfrist_one_month(presumed, land, deadline):
    assert fristen.objection_deadline(_decision(D(presumed), land)) == D(deadline)


def test_missing_or_wrong_belehrung_gives_one_year():
    decision = _decision(D("2026-12-07"), "BE")
    assert fristen.objection_deadline(decision, belehrung_defective=True) == D("2027-12-07")
    # a year ending on a Saturday moves to Monday
    decision = _decision(D("2026-12-04"), "BE")
    assert fristen.objection_deadline(decision, belehrung_defective=True) == D("2027-12-06")


def test_no_period_runs_before_bekanntgabe():
    assert fristen.objection_deadline(_decision(None)) is None
    assert fristen.in_time(D("2030-01-01"), None)


def test_in_time_is_inclusive_of_the_last_day():
    assert fristen.in_time(D("2027-01-07"), D("2027-01-07"))
    assert not fristen.in_time(D("2027-01-08"), D("2027-01-07"))


@pytest.mark.parametrize(("received", "mark"), [
    ("2026-11-30", "2027-02-28"),  # clamped to the end of February
    ("2027-12-04", "2028-03-04"),
    ("2028-11-30", "2029-02-28"),
])
def test_three_months_of_section_88(received, mark):
    assert fristen.untaetigkeit_mark(D(received)) == D(mark)
