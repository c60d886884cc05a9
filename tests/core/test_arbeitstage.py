"""Working days (``core.arbeitstage``): the one holiday calendar and the due date of a
processing standard counted from the Berlin day of receipt (issue 17)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from jobcenter.core.arbeitstage import (
    add_working_days,
    is_working_day,
    processing_dates,
    processing_due,
    public_holidays,
)
from jobcenter.decisions import deadlines
from jobcenter.termine import slots

BERLIN = ZoneInfo("Europe/Berlin")
UTC = dt.UTC


def berlin(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BERLIN)


def test_there_is_one_holiday_calendar():
    assert deadlines.public_holidays is public_holidays
    assert slots.public_holidays is public_holidays
    assert deadlines.is_working_day is is_working_day


@pytest.mark.parametrize(("received", "days", "due"), [
    (dt.date(2026, 12, 3), 1, dt.date(2026, 12, 4)),  # Thursday → Friday
    (dt.date(2026, 12, 4), 1, dt.date(2026, 12, 7)),  # Friday → Monday, over the weekend
    (dt.date(2026, 12, 5), 1, dt.date(2026, 12, 7)),  # Saturday: counting starts Monday
    (dt.date(2026, 12, 6), 5, dt.date(2026, 12, 11)),  # Sunday + 5 → Friday
    (dt.date(2026, 12, 4), 10, dt.date(2026, 12, 18)),  # two whole weeks
    (dt.date(2026, 12, 4), 0, dt.date(2026, 12, 4)),
])
def test_the_due_date_skips_weekends(received, days, due):
    assert processing_due(received, days, "BE") == due


def test_across_new_year_and_christmas():
    # 24 and 31 December are working days; 25, 26 December and 1 January are not
    assert processing_due(dt.date(2026, 12, 23), 1, "BE") == dt.date(2026, 12, 24)
    assert processing_due(dt.date(2026, 12, 24), 1, "BE") == dt.date(2026, 12, 28)
    # Wednesday 30 December + 2: Thursday 31 December, (Friday 1 January), Monday 4 January
    assert processing_due(dt.date(2026, 12, 30), 2, "NW") == dt.date(2027, 1, 4)
    assert dt.date(2027, 1, 1) in public_holidays(2027)


def test_fronleichnam_counts_in_nordrhein_westfalen_not_in_berlin():
    corpus_christi = dt.date(2027, 5, 27)  # a Thursday
    assert corpus_christi in public_holidays(2027, "NW")
    assert corpus_christi not in public_holidays(2027, "BE")
    # Wednesday + 1 working day
    assert processing_due(dt.date(2027, 5, 26), 1, "NW") == dt.date(2027, 5, 28)
    assert processing_due(dt.date(2027, 5, 26), 1, "BE") == dt.date(2027, 5, 27)
    # Saxony: only in its mainly Catholic municipalities, if the Jobcenter says so
    assert processing_due(dt.date(2027, 5, 26), 1, "SN") == dt.date(2027, 5, 27)
    assert processing_due(dt.date(2027, 5, 26), 1, "SN", catholic=True) == dt.date(2027, 5, 28)


def test_the_frauentag_counts_in_berlin_only():
    friday = dt.date(2027, 3, 5)  # Monday 8 March 2027 is the Internationaler Frauentag
    assert processing_due(friday, 1, "BE") == dt.date(2027, 3, 9)
    assert processing_due(friday, 1, "NW") == dt.date(2027, 3, 8)


def test_the_day_of_receipt_is_the_berlin_date():
    # Friday 23:30 in Berlin (22:30 UTC in winter, 21:30 UTC in summer): still Friday
    assert processing_due(berlin(2026, 12, 4, 23, 30), 1, "BE") == dt.date(2026, 12, 7)
    assert processing_due(dt.datetime(2026, 12, 4, 22, 30, tzinfo=UTC), 1) == dt.date(2026, 12, 7)
    assert processing_due(dt.datetime(2027, 6, 4, 21, 30, tzinfo=UTC), 1) == dt.date(2027, 6, 7)
    # Thursday 23:30 UTC is Friday 00:30 in Berlin: due Monday, not Friday
    assert processing_due(dt.datetime(2026, 12, 3, 23, 30, tzinfo=UTC), 1) == dt.date(2026, 12, 7)
    assert processing_due(dt.datetime(2026, 12, 3, 22, 59, tzinfo=UTC), 1) == dt.date(2026, 12, 4)


def test_add_working_days_goes_back_too():
    assert add_working_days(dt.date(2026, 12, 7), -1) == dt.date(2026, 12, 4)
    assert add_working_days(dt.date(2027, 1, 4), -2, "BE") == dt.date(2026, 12, 30)


def test_due_at_is_the_end_of_the_due_day_and_at_risk_counts_working_days():
    received = berlin(2026, 12, 4, 23, 30)  # Friday night
    due_at, at_risk_at = processing_dates(received, 5, 2, "BE")
    # due Friday 11 December: overdue from midnight
    assert due_at.astimezone(BERLIN).date() == dt.date(2026, 12, 11)
    assert due_at < berlin(2026, 12, 12) <= due_at + dt.timedelta(microseconds=1)
    # two working days left (Thursday and Friday): at risk from Thursday 00:00
    assert at_risk_at == berlin(2026, 12, 10)
    # a warning threshold as long as the standard: at risk from receipt
    assert processing_dates(received, 2, 5, "BE")[1] == received
    # none: at risk only at the very end
    due_at, at_risk_at = processing_dates(received, 2, 0, "BE")
    assert at_risk_at == due_at


def test_at_risk_spans_the_weekend_before_a_monday_deadline():
    _due_at, at_risk_at = processing_dates(berlin(2026, 12, 1, 9), 4, 2, "BE")  # due Mon 7.
    assert at_risk_at == berlin(2026, 12, 4)  # Friday and Monday are left
