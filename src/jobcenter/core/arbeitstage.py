"""Working days (Arbeitstage): the one calendar of public holidays and the one count of
working days, used by every app that counts them.

A working day is Monday to Friday, except the public holidays of the Jobcenter's Land
(``Jobcenter.land``, ISO 3166-2:DE code without "DE-"), taken from the ``holidays``
package — e.g. Fronleichnam in Nordrhein-Westfalen but not in Berlin, the Frauentag in
Berlin, the Reformationstag in Sachsen — and, where the Jobcenter says so
(``Jobcenter.catholic_local_holidays``), the holidays of the Land's mainly Catholic
municipalities (the package's "catholic" category: Mariä Himmelfahrt in Bayern,
Fronleichnam in Sachsen and Thüringen). Without a Land only the nationwide holidays count.

Users: the deadlines of ``decisions.deadlines`` (§ 64 Abs. 3 SGG), the consultation hours
of ``termine.slots``, the Postfach's service clock and the processing standard of a case
(``casefiles``, :func:`processing_due`): a case type's standard is a number of working days
counted from the day of receipt — the Europe/Berlin date of its ``received_at`` — in its
Jobcenter's Land.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays
from django.utils import timezone
from holidays.constants import CATHOLIC, PUBLIC


@lru_cache(maxsize=256)
def public_holidays(year: int, land: str = "", catholic: bool = False) -> frozenset[dt.date]:
    """The public holidays of ``year`` in the Land ``land`` (ISO 3166-2:DE code without
    "DE-", e.g. ``"BY"``); with an empty ``land`` the nationwide holidays only. With
    ``catholic`` also those of the Land's mainly Catholic municipalities."""
    categories = (PUBLIC, CATHOLIC) if catholic and land else (PUBLIC,)
    return frozenset(holidays.Germany(years=year, subdiv=land or None, categories=categories))


def is_working_day(day: dt.date, land: str = "", catholic: bool = False) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year, land, catholic)


def next_working_day(day: dt.date, land: str = "", catholic: bool = False) -> dt.date:
    """``day`` itself if it is a working day, else the next one (§ 64 Abs. 3 SGG)."""
    while not is_working_day(day, land, catholic):
        day += dt.timedelta(days=1)
    return day


def add_working_days(day: dt.date, count: int, land: str = "",
                     catholic: bool = False) -> dt.date:
    """The ``count``-th working day after ``day`` (``day`` itself does not count, whether it
    is a working day or not); with ``count`` 0, ``day`` itself. A negative ``count`` goes
    back: the ``-count``-th working day before ``day``."""
    step = dt.timedelta(days=1 if count >= 0 else -1)
    remaining = abs(count)
    while remaining:
        day += step
        if is_working_day(day, land, catholic):
            remaining -= 1
    return day


def berlin_date(moment: dt.datetime) -> dt.date:
    """The date of ``moment`` in Europe/Berlin (the project's ``TIME_ZONE``); a naive
    moment is taken as Berlin wall time."""
    if timezone.is_naive(moment):
        return moment.date()
    return timezone.localtime(moment, timezone.get_default_timezone()).date()


def day_start(day: dt.date) -> dt.datetime:
    """The first instant of ``day`` in Europe/Berlin."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min),
                               timezone.get_default_timezone())


def processing_due(received: dt.datetime | dt.date, working_days: int, land: str = "",
                   catholic: bool = False) -> dt.date:
    """The due date of a processing standard of ``working_days`` Arbeitstage for something
    received at ``received`` (a moment, or the day of receipt): counted from the day of
    receipt (the moment's Berlin date; the day itself does not count), so a Friday receipt
    with a standard of one working day is due on Monday, one at 23:30 on a Friday too, one
    on a Saturday also on Monday. The due date of every page and letter comes from here."""
    day = berlin_date(received) if isinstance(received, dt.datetime) else received
    return add_working_days(day, working_days, land, catholic)


def processing_dates(received_at: dt.datetime, working_days: int, warning_days: int,
                     land: str = "", catholic: bool = False) -> tuple[dt.datetime, dt.datetime]:
    """(due_at, at_risk_at) of a case: ``due_at`` is the end of the due day in Berlin (the
    first instant of the next day minus one microsecond: overdue from midnight after the
    due day); ``at_risk_at`` the start of the day from which only ``warning_days`` working
    days are left up to and including the due day (never before the receipt)."""
    due = processing_due(received_at, working_days, land, catholic)
    due_at = day_start(due + dt.timedelta(days=1)) - dt.timedelta(microseconds=1)
    warn_from = add_working_days(due, -warning_days, land, catholic) + dt.timedelta(days=1)
    at_risk_at = max(day_start(warn_from), received_at if timezone.is_aware(received_at)
                     else timezone.make_aware(received_at, timezone.get_default_timezone()))
    return due_at, min(at_risk_at, due_at)
