"""What all writes of ``decisions`` share: the rules (which types carry amounts or need a
reason, who approves, four eyes), the errors, month arithmetic, the latest final Bescheid of
a case and the row lock of a Bescheid.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Q

from jobcenter.casefiles.models import Case, DecisionType
from jobcenter.core.roles import Role
from jobcenter.decisions import deadlines, policy
from jobcenter.decisions.models import (
    Decision,
)

#: Decision types whose Bescheid carries monthly amounts.
AMOUNT_TYPES = frozenset({"bewilligung", "teilbewilligung", "aenderung",
                          "abhilfe",  # rechtsbehelfe's Abhilfebescheid
                          "minderung", "minderung_ende"})  # minderungen's Bescheide


#: Decision types that need a written reason.
REASON_TYPES = frozenset({"ablehnung", "teilbewilligung", "aufhebung",
                          "abhilfe", "widerspruchsbescheid",  # rechtsbehelfe
                          "minderung", "minderung_ende"})  # minderungen


#: Roles that may approve a Bescheid under the four-eyes principle.
APPROVER_ROLES = frozenset({Role.LEISTUNG, Role.TEAMLEITUNG})


#: Rule key of the mass recalculation in ``AutomationRule.case_type_key``.
RECALCULATION_RULE_KEY = "neuberechnung"


FINAL = (Decision.Status.APPROVED, Decision.Status.DELIVERED)


class DecisionError(Exception):
    """A write that cannot be done; the message is translated and safe to show."""


class CalculationConflict(DecisionError):
    pass


def _dec(value: Any) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def _first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _month_end(month: dt.date) -> dt.date:
    return deadlines.add_months(month, 1) - dt.timedelta(days=1)


def _months(start: dt.date, end: dt.date) -> list[dt.date]:
    months, month = [], _first_of_month(start)
    while month <= end:
        months.append(month)
        month = deadlines.add_months(month, 1)
    return months


def four_eyes_threshold() -> Decimal:
    """The platform's default monthly threshold (a Jobcenter sets its own,
    ``decisions.policy``)."""
    return Decimal(str(getattr(settings, "DECISIONS_FOUR_EYES_THRESHOLD_EUR", 2000)))


def four_eyes_required(*, decision_type: DecisionType, monthly_total: Decimal,
                       jobcenter_id: int | None = None,
                       month_totals: dict[dt.date, Decimal] | None = None,
                       period_from: dt.date | None = None) -> bool:
    """Rejections, flagged types, amounts above the Jobcenter's monthly or yearly threshold,
    and decisions for the past (``decisions.policy.four_eyes_reasons``)."""
    totals = month_totals if month_totals is not None else (
        {dt.date.min: monthly_total} if monthly_total else {})
    return bool(policy.four_eyes_reasons(
        decision_type_key=decision_type.key, flagged=decision_type.requires_four_eyes,
        jobcenter_id=jobcenter_id, month_totals=totals, period_from=period_from))


def previous_final_decision(*, case: Case, before: Decision | None = None) -> Decision | None:
    """The latest approved or delivered Bescheid of the case's BG (or of the case).

    An Aufhebungs- und Erstattungsbescheid is left out: it changes only months already paid,
    the Bescheid it changed still rules the months after them."""
    qs = (Decision.objects.filter(status__in=FINAL).select_related("decision_type")
          .exclude(decision_type__key="aufhebung_erstattung"))
    if case.bedarfsgemeinschaft_id:
        qs = qs.filter(Q(bedarfsgemeinschaft_id=case.bedarfsgemeinschaft_id) | Q(case=case))
    else:
        qs = qs.filter(case=case)
    if before is not None:
        qs = qs.exclude(pk=before.pk)
    return qs.order_by("-approved_at", "-pk").first()


def _lock(decision: Decision) -> Decision:
    return (Decision.objects.select_for_update()
            .select_related("case", "case__jobcenter", "decision_type").get(pk=decision.pk))
