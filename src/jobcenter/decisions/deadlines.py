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

Public holidays: the nine nationwide German holidays are computed here (Easter by the
Gregorian computus), so no dependency is needed. Holidays of a single Land are not taken
into account (documented limitation, see docs/bescheide.md).
"""

from __future__ import annotations

import calendar
import datetime as dt
from functools import lru_cache

#: § 37 Abs. 2 SGB X since 1 January 2025: "am vierten Tag nach der Aufgabe zur Post".
PRESUMED_DELIVERY_DAYS = 4


def easter_sunday(year: int) -> dt.date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


@lru_cache(maxsize=64)
def nationwide_holidays(year: int) -> frozenset[dt.date]:
    """The nationwide public holidays in Germany (bundeseinheitliche Feiertage)."""
    easter = easter_sunday(year)
    return frozenset(
        {
            dt.date(year, 1, 1),  # Neujahr
            easter - dt.timedelta(days=2),  # Karfreitag
            easter + dt.timedelta(days=1),  # Ostermontag
            dt.date(year, 5, 1),  # Tag der Arbeit
            easter + dt.timedelta(days=39),  # Christi Himmelfahrt
            easter + dt.timedelta(days=50),  # Pfingstmontag
            dt.date(year, 10, 3),  # Tag der Deutschen Einheit
            dt.date(year, 12, 25),  # 1. Weihnachtstag
            dt.date(year, 12, 26),  # 2. Weihnachtstag
        }
    )


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in nationwide_holidays(day.year)


def next_working_day(day: dt.date) -> dt.date:
    """``day`` itself if it is a working day, else the next one (§ 64 Abs. 3 SGG)."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day number ``months`` later, clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def presumed_delivery(sent_on: dt.date) -> dt.date:
    """Day on which a Bescheid posted or sent on ``sent_on`` is deemed notified."""
    return sent_on + dt.timedelta(days=PRESUMED_DELIVERY_DAYS)


def objection_deadline(delivered_on: dt.date, months: int = 1) -> dt.date:
    """Last day for a Widerspruch against a Bescheid notified on ``delivered_on``."""
    return next_working_day(add_months(delivered_on, months))
