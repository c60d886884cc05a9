"""Aufrechnung (§ 43 SGB II): how much of a person's claims is offset in one month.

§ 43 Abs. 2: 10 % of the person's maßgebender Regelbedarf for claims based on § 41a SGB II
or § 48 Abs. 1 Satz 2 Nr. 3 SGB X (with § 50 SGB X), 30 % for the others; together with
the Aufrechnungen already running (and § 42a Abs. 2 loans) never more than 30 %.
§ 43 Abs. 3: none while the payment is reduced by a Leistungsminderung of 30 % or more;
a smaller Minderung lowers the limit to the difference to 30 %.
§ 43 Abs. 4: it ends at the latest three years after the month that follows the
Bestandskraft of the Erstattungsbescheid (``Claim.offset_until``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
TOTAL_LIMIT = Decimal("0.30")


def percent_of(regelbedarf: Decimal, percent: int) -> Decimal:
    """``percent`` % of the Regelbedarf, cut to the cent (never more than the law allows)."""
    return (regelbedarf * Decimal(percent) / 100).quantize(CENT, rounding=ROUND_DOWN)


@dataclass(frozen=True)
class Offsettable:
    claim_id: int
    percent: int  # 10 or 30 (§ 43 Abs. 2 Satz 1)
    balance: Decimal


def monthly_offsets(claims: Sequence[Offsettable], *, regelbedarf: Decimal,
                    minderung: Decimal = ZERO, available: Decimal) -> dict[int, Decimal]:
    """claim id → the amount offset this month, oldest claim first.

    ``available``: what the person's payment of the month can give at most."""
    limit = percent_of(regelbedarf, 30) - minderung
    if limit <= 0:  # § 43 Abs. 3 Satz 1 (Minderung of 30 % or more)
        return {}
    room = min(limit, available)
    result: dict[int, Decimal] = {}
    for claim in claims:
        if room <= 0:
            break
        amount = min(percent_of(regelbedarf, claim.percent), claim.balance, room)
        if amount > 0:
            result[claim.claim_id] = amount
            room -= amount
    return result


def offset_end(bestandskraft: dt.date) -> dt.date:
    """The last month of the Aufrechnung: three years after the month that follows the
    Bestandskraft (§ 43 Abs. 4 Satz 2 SGB II). Returns the first day of that month."""
    index = bestandskraft.year * 12 + bestandskraft.month - 1 + 1 + 36
    year, month0 = divmod(index, 12)
    return dt.date(year, month0 + 1, 1)
