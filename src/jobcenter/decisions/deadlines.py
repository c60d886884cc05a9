"""Presumed delivery (Bekanntgabe) and the objection deadline (Widerspruchsfrist).

Legal basis (as in force since 1 January 2025):

* § 37 Abs. 2 SGB X (amended by the Postrechtsmodernisierungsgesetz of 15 July 2024,
  BGBl. 2024 I Nr. 236, Art. 9): a written administrative act sent by post within Germany
  is deemed notified on the **fourth day** after it was posted; one sent electronically on
  the fourth day after it was sent. § 37 Abs. 2a SGB X (retrieval from a portal) uses the
  same day count after it was made available. The fiction is not moved when the fourth day
  is a Saturday, Sunday or public holiday (the brief of this product follows the reading
  that only the *end* of a deadline moves, § 64 Abs. 3 SGG).
* § 84 Abs. 1 SGG: the Widerspruch must be lodged within **one month** after notification.
* § 64 Abs. 2 SGG (like §§ 187 Abs. 1, 188 Abs. 2, 3 BGB): a period in months ends on the
  day of the last month with the same number as the day of notification; where that month
  has no such day, on its last day.
* § 64 Abs. 3 SGG: if the end falls on a Sunday, a public holiday or a Saturday, the period
  ends on the next working day.

Public holidays (§ 64 Abs. 3 SGG; the one calendar is ``core.arbeitstage``): those of the
Land in which the Jobcenter has its seat
(``Jobcenter.land``), from the ``holidays`` package — e.g. Fronleichnam in Bayern or
Nordrhein-Westfalen, the Reformationstag in Sachsen, the Frauentag in Berlin — and, where
the Jobcenter says so (``Jobcenter.catholic_local_holidays``), the holidays of the mainly
Catholic municipalities of its Land (Mariä Himmelfahrt in Bayern, Fronleichnam in Sachsen
and Thüringen; the package's "catholic" category). Without a Land only the nationwide
holidays count. Not covered: the Augsburger Friedensfest (the city of Augsburg only;
documented limitation, see docs/bescheide.md).
"""

from __future__ import annotations

import calendar
import datetime as dt

# The one holiday calendar and working-day count (re-exported: the deadlines' callers and
# tests use them from here).
from jobcenter.core.arbeitstage import (  # noqa: F401
    is_working_day,
    next_working_day,
    public_holidays,
)

#: § 37 Abs. 2 SGB X since 1 January 2025: "am vierten Tag nach der Aufgabe zur Post".
PRESUMED_DELIVERY_DAYS = 4


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(day: dt.date) -> dt.date:
    """The last day of the month of ``day``."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day number ``months`` later, clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def presumed_delivery(sent_on: dt.date) -> dt.date:
    """Day on which a Bescheid posted or sent on ``sent_on`` is deemed notified."""
    return sent_on + dt.timedelta(days=PRESUMED_DELIVERY_DAYS)


def posted_on(presumed: dt.date) -> dt.date:
    """The day a Bescheid was posted or sent, from its presumed delivery: the inverse of
    :func:`presumed_delivery` (a fixed number of days, weekends and holidays included)."""
    return presumed - dt.timedelta(days=PRESUMED_DELIVERY_DAYS)


def objection_deadline(
    delivered_on: dt.date, months: int = 1, land: str = "", catholic: bool = False
) -> dt.date:
    """Last day for a Widerspruch against a Bescheid notified on ``delivered_on``, to be
    lodged with a Jobcenter in the Land ``land`` (``catholic``: in a mainly Catholic
    municipality)."""
    return next_working_day(add_months(delivered_on, months), land, catholic)


def add_years(day: dt.date, years: int) -> dt.date:
    """Same day ``years`` later; 29 February becomes 28 February in a common year
    (§ 188 Abs. 3 BGB)."""
    return add_months(day, 12 * years)


def one_year_after(event: dt.date) -> dt.date:
    """Last day of a period of one year that starts with an event on ``event`` (§ 26 Abs. 1
    SGB X with § 187 Abs. 1, § 188 Abs. 2, 3 BGB): the day with the same number a year later.
    Not moved by weekends or holidays — § 26 Abs. 3 SGB X protects those who must act against
    the authority, not the authority's own time limits (we read it strictly)."""
    return add_years(event, 1)


def last_issuing_day(end: dt.date) -> dt.date:
    """The last day a Bescheid can be issued so that it is deemed notified (fourth day after
    posting or sending, § 37 Abs. 2 SGB X) no later than ``end``."""
    return posted_on(end)
