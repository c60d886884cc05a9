"""The chain of Bescheide of a Bedarfsgemeinschaft: which Bescheid rules which month.

A final (approved or delivered) Bescheid *rules* the months it decides: a Bewilligung,
Teilbewilligung or Änderungsbescheid the months of its period, an Aufhebung the months
from its start to its end (or, without one, to the end of the Bescheid it cancels). For
every month the Bescheid issued last (``approved_at``, then ``pk``) that rules it is in
force; an Ablehnung rules no month. The BG is the unit; a case without a BG is its own.

The API other parts of ``decisions`` (and the helpers building § 41a, Aufhebung,
Widerspruch and payments on top) use — all reads, no writes:

- :func:`ruling_decision` — the Bescheid in force for one BG (or case) and month;
- :func:`chain_for` — month by month, which Bescheid rules (the staff's chain view);
- :func:`months_ruled` — the months a Bescheid itself decides;
- :func:`changed_by` — which earlier Bescheide a (draft or final) Bescheid changes, for
  which months (the letter names them by date and reference);
- :func:`amounts_in_force` — the amounts per person of one month, from the ruling Bescheid
  (comparisons use the same month, never another one);
- :func:`superseded_in` — a queryset filter: final Bescheide another, later one overrides in
  a month (the mass recalculation's "active" set excludes them).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, QuerySet

from jobcenter.decisions import deadlines
from jobcenter.decisions.models import Decision, DecisionAmount

FINAL = (Decision.Status.APPROVED, Decision.Status.DELIVERED)

#: Decision types that decide no month (an Ablehnung refuses an application; a
#: Widerspruchsbescheid decides on the Widerspruch — a change of amounts comes as an
#: Abhilfebescheid, which rules its months like an Änderung).
NON_RULING = frozenset({"ablehnung", "widerspruchsbescheid"})

#: Types whose months end at their own ``period_to`` or, when open, at the end of the
#: Bescheid they cancel.
CANCELLING = frozenset({"aufhebung"})


def _months(start: dt.date, end: dt.date) -> list[dt.date]:
    months, month = [], deadlines.first_of_month(start)
    while month <= end:
        months.append(month)
        month = deadlines.add_months(month, 1)
    return months


def _unit_filter(*, bedarfsgemeinschaft_id: int | None, case_id: int | None) -> Q:
    if bedarfsgemeinschaft_id is not None:
        query = Q(bedarfsgemeinschaft_id=bedarfsgemeinschaft_id)
        return query | Q(case_id=case_id) if case_id is not None else query
    return Q(case_id=case_id)


#: What :func:`months_ruled` and the order of issue read of a Bescheid: all that a chain
#: with ``months_only`` loads (the citizen's current Bewilligung on every overview).
_MONTH_FIELDS = ("pk", "bedarfsgemeinschaft_id", "case_id", "status", "period_from",
                 "period_to", "approved_at", "source_anhoerung_id", "decision_type__key",
                 "previous__period_to")


def _final_of_unit(*, bedarfsgemeinschaft_id: int | None, case_id: int | None,
                   months_only: bool = False) -> list[Decision]:
    """The unit's final Bescheide that rule months, in the order they were issued (with
    ``months_only``, only the fields that say which months they rule)."""
    decisions = (
        Decision.objects.filter(_unit_filter(bedarfsgemeinschaft_id=bedarfsgemeinschaft_id,
                                             case_id=case_id),
                                status__in=FINAL, period_from__isnull=False)
        .exclude(decision_type__key__in=NON_RULING)
        .order_by("approved_at", "pk"))
    if months_only:
        # compiling the select of three related rows costs more than the rest of the
        # overview's lead (docs/performance.md, "Uncached renders")
        return list(decisions.select_related("decision_type", "previous").only(*_MONTH_FIELDS))
    return list(
        decisions.select_related("decision_type", "previous", "case")
        # the months need neither the calculation snapshots (100 KB and more each) nor the
        # case's answers; whoever reads them later loads them on access
        .defer("snapshot", "previous__snapshot", "case__data", "case__topics",
               "case__sgb2_request"))


def months_ruled(decision: Decision) -> list[dt.date]:
    """The months this Bescheid decides (empty for an Ablehnung or without a period)."""
    if decision.period_from is None or decision.decision_type.key in NON_RULING:
        return []
    end = decision.period_to
    if end is None and decision.decision_type.key in CANCELLING and decision.previous:
        end = decision.previous.period_to
    if end is None:
        end = decision.period_from
    return _months(decision.period_from, end)


def _unit_of(decision: Decision) -> dict[str, int | None]:
    return {"bedarfsgemeinschaft_id": decision.bedarfsgemeinschaft_id,
            "case_id": decision.case_id}


def ruling_decision(*, month: dt.date, bedarfsgemeinschaft_id: int | None = None,
                    case_id: int | None = None, before: Decision | None = None
                    ) -> Decision | None:
    """The Bescheid in force for the BG (or the case) in ``month``; ``before`` leaves out
    that Bescheid and everything issued after it (the state it found)."""
    month = deadlines.first_of_month(month)
    found = None
    for decision in _final_of_unit(bedarfsgemeinschaft_id=bedarfsgemeinschaft_id,
                                   case_id=case_id):
        if before is not None and _issued_not_before(decision, before):
            continue
        if month in months_ruled(decision):
            found = decision
    return found


def _issued_not_before(decision: Decision, other: Decision) -> bool:
    if decision.pk == other.pk:
        return True
    if decision.source_anhoerung_id and \
            decision.source_anhoerung_id == other.source_anhoerung_id:
        return True  # the members' Bescheide of one Anhörung change the same state
    if other.approved_at is None:  # a draft: every final Bescheid came before it
        return False
    if decision.approved_at is None:
        return False
    return (decision.approved_at, decision.pk) > (other.approved_at, other.pk)


@dataclass(frozen=True)
class ChainMonth:
    month: dt.date
    decision: Decision | None


def chain_for(*, bedarfsgemeinschaft_id: int | None, case_id: int | None,
              start: dt.date | None = None, end: dt.date | None = None,
              months_only: bool = False) -> list[ChainMonth]:
    """Month by month from the first to the last ruled month (or ``start``–``end``): the
    Bescheid in force, or None for a month no Bescheid decides. With ``months_only`` the
    Bescheide carry only their type, period and dates (any other field is loaded when it
    is read)."""
    decisions = _final_of_unit(bedarfsgemeinschaft_id=bedarfsgemeinschaft_id,
                               case_id=case_id, months_only=months_only)
    ruled: dict[dt.date, Decision] = {}
    for decision in decisions:
        for month in months_ruled(decision):
            ruled[month] = decision
    if not ruled and (start is None or end is None):
        return []
    first = deadlines.first_of_month(start) if start else min(ruled)
    last = deadlines.first_of_month(end) if end else max(ruled)
    return [ChainMonth(month, ruled.get(month)) for month in _months(first, last)]


@dataclass(frozen=True)
class Change:
    """An earlier Bescheid and the months of it that a later one changes."""

    decision: Decision
    months: list[dt.date]


def changed_by(decision: Decision) -> list[Change]:
    """The earlier Bescheide whose months ``decision`` decides anew, each with those months
    (in order). A first Bewilligung, or a Weiterbewilligung that follows on, changes none."""
    changes: list[Change] = []
    for month in months_ruled(decision):
        ruler = ruling_decision(month=month, before=decision, **_unit_of(decision))
        if ruler is None:
            continue
        if changes and changes[-1].decision.pk == ruler.pk:
            changes[-1].months.append(month)
        else:
            changes.append(Change(ruler, [month]))
    return changes


def amounts_in_force(*, month: dt.date, bedarfsgemeinschaft_id: int | None,
                     case_id: int | None, before: Decision | None = None
                     ) -> tuple[Decision | None, dict[str, DecisionAmount]]:
    """The ruling Bescheid of ``month`` and its amount rows of that month by person id;
    an Aufhebung (or a Bescheid without amounts) rules with no rows: nothing is paid."""
    ruler = ruling_decision(month=month, bedarfsgemeinschaft_id=bedarfsgemeinschaft_id,
                            case_id=case_id, before=before)
    if ruler is None:
        return None, {}
    rows = DecisionAmount.objects.filter(decision=ruler, month=deadlines.first_of_month(month))
    return ruler, {row.person_key: row for row in rows}


def total_in_force(*, month: dt.date, bedarfsgemeinschaft_id: int | None,
                   case_id: int | None, before: Decision | None = None) -> Decimal | None:
    """The total paid for ``month`` under the Bescheid in force, None if none rules it."""
    ruler, rows = amounts_in_force(month=month, bedarfsgemeinschaft_id=bedarfsgemeinschaft_id,
                                   case_id=case_id, before=before)
    if ruler is None:
        return None
    return sum((row.amount for row in rows.values()), Decimal(0))


def superseded_in(month: dt.date) -> Exists:
    """For a queryset of ``Decision``: a final Bescheid of the same BG (or case), issued
    later, rules ``month`` too — so this one is no longer in force for it."""
    month = deadlines.first_of_month(month)
    later = (
        Decision.objects.filter(status__in=FINAL, period_from__lte=deadlines.month_end(month))
        .filter(Q(period_to__gte=month) | Q(period_to__isnull=True,
                                           decision_type__key__in=CANCELLING))
        .exclude(decision_type__key__in=NON_RULING)
        .filter(Q(case_id=OuterRef("case_id"))
                | Q(bedarfsgemeinschaft_id=OuterRef("bedarfsgemeinschaft_id")))
        .filter(Q(approved_at__gt=OuterRef("approved_at"))
                | Q(approved_at=OuterRef("approved_at"), pk__gt=OuterRef("pk")))
    )
    return Exists(later)


def in_force(queryset: QuerySet[Decision], month: dt.date) -> QuerySet[Decision]:
    """``queryset`` narrowed to final Bescheide that rule ``month`` and are in force then."""
    month = deadlines.first_of_month(month)
    return (queryset.filter(status__in=FINAL, period_from__lte=deadlines.month_end(month),
                            period_to__gte=month)
            .exclude(decision_type__key__in=NON_RULING)
            .exclude(superseded_in(month)))
