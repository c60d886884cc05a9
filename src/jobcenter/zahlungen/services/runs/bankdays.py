"""The TARGET2 business days a run's execution date follows (ECB holidays)."""

from __future__ import annotations

import datetime as dt

import holidays

from jobcenter.zahlungen.models import (
    PaymentRun,
)

_TARGET = holidays.financial_holidays("ECB")


def next_bank_day(day: dt.date) -> dt.date:
    """The next TARGET2 business day after ``day``."""
    day += dt.timedelta(days=1)
    while day.weekday() >= 5 or day in _TARGET:
        day += dt.timedelta(days=1)
    return day


def last_bank_day_before(day: dt.date) -> dt.date:
    day -= dt.timedelta(days=1)
    while day.weekday() >= 5 or day in _TARGET:
        day -= dt.timedelta(days=1)
    return day


def _execution_date(kind: str, run_date: dt.date, month: dt.date | None) -> dt.date:
    earliest = next_bank_day(run_date)
    if kind == PaymentRun.Kind.MONTHLY and month is not None:
        # paid in advance (§ 42 Abs. 1 SGB II): on the account on the first of the month
        return max(earliest, last_bank_day_before(month))
    return earliest
