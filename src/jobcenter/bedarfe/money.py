"""Amounts the concerns of this app read from what is already decided: the person's
maßgebender Regelbedarf and the recognised costs of Unterkunft und Heizung per month, from
the Bescheid that rules the month (``zahlungen.services.due``: the one place that decides
it), and the § 42a instalment."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.utils import timezone

from jobcenter.decisions.deadlines import add_months, first_of_month
from jobcenter.decisions.models import Decision
from jobcenter.households.models import Membership, Person
from jobcenter.zahlungen.services import due

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
#: § 42a Abs. 2 Satz 1 SGB II (since 1 July 2023; before: 10 %)
LOAN_PERCENT = 5


def instalment(regelbedarf: Decimal) -> Decimal:
    """5 % of the Regelbedarf, cut to the cent (never more than the law allows)."""
    return (regelbedarf * LOAN_PERCENT / 100).quantize(CENT, rounding=ROUND_DOWN)


def months_to_repay(amount: Decimal, rate: Decimal) -> int:
    if rate <= 0:
        return 0
    whole, rest = divmod(amount, rate)
    return int(whole) + (1 if rest > 0 else 0)


def regelbedarf_of(person: Person | None, bg_id: int | None, month: dt.date) -> Decimal | None:
    """The person's Regelbedarf in ``month`` from the ruling Bescheid (None: none rules)."""
    if person is None or bg_id is None:
        return None
    ruling = due.amount_due(bg_id, first_of_month(month))
    if ruling is None or ruling.decision_id is None:
        return None
    decision = Decision.objects.select_related("case").get(pk=ruling.decision_id)
    key = due.person_key_for(person, decision)
    detail = due.month_details(decision, first_of_month(month)).get(key or "")
    if not detail or detail.get("regelbedarf") in (None, ""):
        return None
    return Decimal(str(detail["regelbedarf"])).quantize(CENT)


@dataclass(frozen=True)
class Recognised:
    """The recognised costs of Unterkunft und Heizung of a period."""

    total: Decimal
    months: list[tuple[dt.date, Decimal]]  # month → recognised KdU of the BG
    missing: list[dt.date]  # months no Bescheid rules


def recognised_kdu(bg_id: int | None, start: dt.date, end: dt.date) -> Recognised:
    """Sum of the Bedarfe für Unterkunft und Heizung (``kdu`` of the calculation, every
    person of the BG) in the months from ``start`` to ``end`` (at most 24 months)."""
    months: list[dt.date] = []
    month = first_of_month(start)
    while month <= end and len(months) < 24:
        months.append(month)
        month = add_months(month, 1)
    if bg_id is None:
        return Recognised(ZERO, [], months)
    ruling = due.amounts_due([bg_id], months)
    found: list[tuple[dt.date, Decimal]] = []
    missing: list[dt.date] = []
    decisions = {d.pk: d for d in Decision.objects.filter(
        pk__in={r.decision_id for r in ruling.values() if r.decision_id})}
    for month in months:
        entry = ruling.get((bg_id, month))
        decision = decisions.get(entry.decision_id) if entry and entry.decision_id else None
        if decision is None:
            missing.append(month)
            continue
        kdu = sum((Decimal(str(p.get("kdu") or 0)) for p in
                   due.month_details(decision, month).values()), ZERO)
        found.append((month, kdu.quantize(CENT)))
    return Recognised(sum((k for _m, k in found), ZERO), found, missing)



def bg_of(person: Person, on: dt.date | None = None) -> int | None:
    """The person's Bedarfsgemeinschaft on ``on`` (default today)."""
    day = on or timezone.localdate()
    membership = (Membership.objects.filter(person=person, valid_from__lte=day)
                  .exclude(valid_to__lt=day).order_by("-valid_from").first())
    return membership.bedarfsgemeinschaft_id if membership else None
