"""Reads of the concerns: the days of absence a person has used this calendar year
(§ 7b Abs. 3 SGB II: "in der Regel bis zu drei Wochen im Kalenderjahr").

The count is taken from the issued Zustimmungen (``anliegen_bescheid`` letters of the
concern ``ortsabwesenheit`` whose reason is no wichtiger Grund, § 7b Abs. 2): the letter
data keep the period, so a later change of the answers never changes the count.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from jobcenter.anliegen import registry
from jobcenter.casefiles.models import Case
from jobcenter.core.access import scope
from jobcenter.decisions.models import Decision

#: § 7b Abs. 3 SGB II: an absence without a wichtiger Grund "in der Regel" up to three weeks
#: per calendar year — 21 calendar days.
ALLOWANCE_DAYS = 21
#: The reasons of the form that are a wichtiger Grund (§ 7b Abs. 2 Satz 2 Nr. 1–4); such an
#: absence does not count against the three weeks.
WICHTIGE_GRUENDE = frozenset({"reha", "eingliederung", "veranstaltung", "ehrenamt"})


@dataclass(frozen=True)
class Allowance:
    year: int
    used: int  # days approved (issued) in the year
    requested: int  # days of this request in the year (0 for a wichtiger Grund)

    @property
    def left(self) -> int:
        return max(ALLOWANCE_DAYS - self.used, 0)

    @property
    def left_after(self) -> int:
        return ALLOWANCE_DAYS - self.used - self.requested

    @property
    def total(self) -> int:
        return ALLOWANCE_DAYS


def _day(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None


def days_in_year(answers: dict[str, Any], year: int) -> int:
    """Calendar days of the absence (first and last day included) within ``year``; 0 for
    a wichtiger Grund."""
    if str(answers.get("grund")) in WICHTIGE_GRUENDE:
        return 0
    start, end = _day(answers.get("von")), _day(answers.get("bis"))
    if start is None or end is None or end < start:
        return 0
    start, end = max(start, dt.date(year, 1, 1)), min(end, dt.date(year, 12, 31))
    return max((end - start).days + 1, 0)


def _approved(decisions: QuerySet[Decision]) -> QuerySet[Decision]:
    return (decisions.filter(decision_type__key=registry.BESCHEID,
                             case__case_type__key="ortsabwesenheit",
                             status__in=(Decision.Status.APPROVED, Decision.Status.DELIVERED))
            .only("snapshot"))


def _used(decisions: QuerySet[Decision], year: int) -> int:
    return sum(days_in_year((d.snapshot.get("letter") or {}).get("answers") or {}, year)
               for d in _approved(decisions))


def allowance_for_case(case: Case, year: int | None = None) -> Allowance:
    """For staff on the case (already read through ``casefiles.selectors.case_for_staff``):
    the applicant's approved days in the year of the request's first day, and this
    request's days."""
    answers = case.data or {}
    start = _day(answers.get("von"))
    year = year or (start.year if start else dt.date.today().year)
    person = Q(case__applicant_id=case.applicant_id) if case.applicant_id else Q(
        case__applicant_user_id=case.applicant_user_id)
    others = Decision.objects.filter(person, case__jobcenter_id=case.jobcenter_id)
    return Allowance(year=year, used=_used(others.exclude(case=case), year),
                     requested=days_in_year(answers, year))


def allowance_for_citizen(user: Any, year: int) -> Allowance:
    """The citizen's own approved days in ``year`` (scoped)."""
    return Allowance(year=year, used=_used(scope(Decision.objects.all(), user), year),
                     requested=0)
