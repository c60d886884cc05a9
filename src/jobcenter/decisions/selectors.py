"""Reads of the ``decisions`` app (used by its views and by ``casefiles``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from jobcenter.accounts.models import User
from jobcenter.casefiles.models import Case
from jobcenter.casefiles.selectors import case_for_staff, case_persons
from jobcenter.core.access import Data, scope
from jobcenter.core.request_memo import remembered
from jobcenter.decisions import chain, checks, deadlines, letter, policy
from jobcenter.decisions.models import Calculation, Decision, DecisionAmount, DecisionSettings
from jobcenter.transparency.models import AccessLogEntry
from jobcenter.transparency.reads import Reading, Seen, staff_read_one

What = AccessLogEntry.What


def _title(decision: Decision) -> str:
    return f"{decision.decision_type.title}, {decision.case.reference}"


#: A Bescheid (it names every member of the household with their amounts), a row of a
#: list of Bescheide, the Bescheid's PDF, and the calculation page of a case.
DECISION = Reading(data=Data.LEISTUNGSAKTE, what=What.DECISION, seen=lambda d: [
    Seen(person, d, _title(d)) for person in case_persons(d.case)])
DECISION_IN_LIST = Reading(data=Data.LEISTUNGSAKTE, what=What.DECISION_LIST, seen=lambda d: [
    Seen(d.case.applicant, d, _title(d))] if d.case.applicant_id else [])
DECISION_PDF = Reading(data=Data.DOKUMENTE, what=What.DECISION, seen=lambda d: [
    Seen(person, d, _title(d)) for person in case_persons(d.case)])
CALCULATION = Reading(data=Data.LEISTUNGSAKTE, what=What.CALCULATION, seen=lambda case: [
    Seen(person, case, f"{case.case_type.title}, {case.reference}")
    for person in case_persons(case)])


def case_for_calculation(user: User, pk: int) -> Case:
    """The case behind the calculation pages (404 outside the own Jobcenter), logged."""
    return case_for_staff(user, pk, purpose=AccessLogEntry.Purpose.DECISION,
                          reading=CALCULATION)

FINAL = (Decision.Status.APPROVED, Decision.Status.DELIVERED)


def decisions_for_case(case: Case) -> QuerySet[Decision]:
    """All Bescheide of the case (drafts included), newest first — for the case view."""
    return (Decision.objects.filter(case=case)
            .select_related("decision_type", "created_by", "approved_by")
            .order_by("-created_at", "-pk"))


def bescheide_for_citizen(user: User) -> QuerySet[Decision]:
    """Bescheide the citizen can read in the account: delivered online, or — once posted —
    the copy of a paper Bescheid. Drafts and unapproved decisions are never shown. A
    Bescheid whose PDF is still being rendered (``document_version`` empty) is listed; its
    download answers "wird erstellt"."""
    return (
        scope(Decision.objects.all(), user)
        # not the Aufhebungs- und Erstattungsbescheid addressed to another adult member
        .filter(status=Decision.Status.DELIVERED, shown_to_applicant=True)
        .select_related("decision_type", "case")
        .order_by("-letter_date", "-pk")
    )


def bescheid_for_citizen(user: User, pk: int) -> Decision:
    from django.http import Http404

    decision = bescheide_for_citizen(user).select_related("document_version").filter(pk=pk).first()
    if decision is None:
        raise Http404
    return decision


def decision_for_staff(user: User, pk: int, *, reading: Reading = DECISION) -> Decision:
    """A Bescheid of the own Jobcenter (404 otherwise), logged."""
    return staff_read_one(
        user=user,
        queryset=Decision.objects.select_related(
            "case", "case__jobcenter", "case__applicant", "case__bedarfsgemeinschaft",
            "decision_type", "created_by", "approved_by", "previous", "document_version"),
        reading=reading, purpose=AccessLogEntry.Purpose.DECISION, pk=pk)


def calculation_of(case: Case) -> Calculation | None:
    return Calculation.objects.filter(case=case).first()


def staff_decisions(user: User) -> QuerySet[Decision]:
    return scope(Decision.objects.all(), user).select_related(
        "case", "case__applicant", "decision_type", "created_by")


def awaiting_approval(user: User) -> QuerySet[Decision]:
    return (staff_decisions(user).filter(status=Decision.Status.AWAITING_APPROVAL)
            .exclude(created_by=user).exclude(submitted_by=user).order_by("created_at"))


def prepared_drafts(user: User) -> QuerySet[Decision]:
    """Drafts the automation prepared: ready for one-click approval."""
    return staff_decisions(user).filter(status=Decision.Status.DRAFT).order_by("created_at")


def print_list(user: User) -> QuerySet[Decision]:
    """Approved Bescheide to be printed and posted."""
    return staff_decisions(user).filter(
        status=Decision.Status.APPROVED, channel=Decision.Channel.POST).order_by("approved_at")


@dataclass(frozen=True)
class PersonComparison:
    person: str
    previous: Decimal | None
    current: Decimal | None

    @property
    def difference(self) -> Decimal | None:
        if self.previous is None or self.current is None:
            return None
        return self.current - self.previous


@dataclass(frozen=True)
class Comparison:
    previous: Decision
    month: dt.date
    rows: list[PersonComparison]
    previous_total: Decimal
    current_total: Decimal

    @property
    def difference(self) -> Decimal:
        return self.current_total - self.previous_total


def comparison_with_previous(case: Case, result: dict[str, Any] | None) -> Comparison | None:
    """Compare a fresh result with the Bescheid in force for the same month (per person,
    ``decisions.chain``); None when no Bescheid decides that month — never a comparison
    with the amounts of another month."""
    if result is None:
        return None
    month = dt.date(int(result["monat"][:4]), int(result["monat"][5:7]), 1)
    previous, old = chain.amounts_in_force(
        month=month, bedarfsgemeinschaft_id=case.bedarfsgemeinschaft_id, case_id=case.pk)
    if previous is None:
        return None
    rows = []
    seen = set()
    for person in result["personen"]:
        if not person.get("in_bg", True):
            continue
        pid = person["id"]
        seen.add(pid)
        before = old.get(pid)
        rows.append(PersonComparison(
            person=(before.person_name if before else "")
            or (previous.snapshot.get("names") or {}).get(pid, pid),
            previous=before.amount if before else None,
            current=Decimal(str(person["zahlbetrag"])).quantize(Decimal("0.01"))))
    for pid, before in old.items():
        if pid not in seen:
            rows.append(PersonComparison(person=before.person_name, previous=before.amount,
                                         current=None))
    return Comparison(
        previous=previous, month=month, rows=rows,
        previous_total=sum((a.amount for a in old.values()), Decimal(0)),
        current_total=Decimal(str(result["summe"]["zahlbetrag"])).quantize(Decimal("0.01")),
    )


@dataclass(frozen=True)
class AutomationReport:
    decided: int
    automatic: int
    without_manual_entry: int

    @property
    def share_without_manual_entry(self) -> float:
        return self.without_manual_entry / self.decided if self.decided else 0.0

    @property
    def share_automatic(self) -> float:
        return self.automatic / self.decided if self.decided else 0.0


def automation_report(*, jobcenter_id: int, since: dt.date | None = None) -> AutomationReport:
    """Share of cases decided without manual data entry: the Bescheid was prepared by the
    automation or the mass recalculation, or the caseworker decided on the submitted data
    without changing a single input of the calculation."""
    qs = Decision.objects.filter(case__jobcenter_id=jobcenter_id, status__in=FINAL)
    if since is not None:
        qs = qs.filter(approved_at__date__gte=since)
    automatic_q = Q(origin__in=[Decision.Origin.AUTOMATION, Decision.Origin.RECALCULATION])
    no_entry_q = automatic_q | Q(case__calculation__isnull=True) | Q(
        case__calculation__manual_changes=0)
    counts = qs.aggregate(
        decided=Count("case", distinct=True),
        automatic=Count("case", filter=automatic_q, distinct=True),
        without=Count("case", filter=no_entry_q, distinct=True),
    )
    return AutomationReport(decided=counts["decided"], automatic=counts["automatic"],
                            without_manual_entry=counts["without"])


# --- The citizen's current Bewilligung --------------------------------------------------

#: Decision types that grant benefits for a period.
_GRANTING = ("bewilligung", "teilbewilligung", "aenderung")


@dataclass(frozen=True)
class Bewilligung:
    decision: Decision
    period_from: dt.date
    period_to: dt.date

    @property
    def days_left(self) -> int:
        return (self.period_to - timezone.localdate()).days


@remembered
def current_bewilligung(user: Any, on: dt.date | None = None) -> Bewilligung | None:
    """The citizen's active Bewilligung on ``on`` (today), read from the chain of Bescheide
    of their BG (``decisions.chain``): the months from this month (or, before a period has
    begun, from its first month) that a granting Bescheid rules without a gap; its end is
    the last of those months. An Aufhebung ends it; a renewal decided early extends it. The
    ``decision`` is the Bescheid in force in its first month, loaded with its type, period
    and dates only (``chain.chain_for(months_only=True)``; any other field is read when
    used). None without one."""
    on = on or timezone.localdate()
    issued = scope(Decision.objects.all(), user).filter(
        status__in=(Decision.Status.APPROVED, Decision.Status.DELIVERED))
    # only the unit is read of it: the chain below names the Bescheid in force
    granting = (issued.filter(decision_type__key__in=_GRANTING, period_from__isnull=False,
                              period_to__gte=on)
                .order_by("-approved_at", "-pk")
                .values("bedarfsgemeinschaft_id", "case_id").first())
    if granting is None:
        return None
    months = chain.chain_for(bedarfsgemeinschaft_id=granting["bedarfsgemeinschaft_id"],
                             case_id=granting["case_id"], months_only=True)
    first_month = on.replace(day=1)
    run: list[chain.ChainMonth] = []
    for entry in months:
        if entry.month < first_month and not run:
            continue
        ruling = entry.decision
        if ruling is None or ruling.decision_type.key not in _GRANTING:
            if run:  # a gap or an Aufhebung ends the Bewilligung
                break
            continue
        run.append(entry)
    if not run or run[0].decision is None:
        return None
    start = run[0].decision
    return Bewilligung(decision=start, period_from=start.period_from or run[0].month,
                       period_to=deadlines.month_end(run[-1].month))


# --- The chain, the four-eyes reasons and the content checks of one Bescheid -------------


@dataclass(frozen=True)
class ChangeView:
    decision: Decision
    months: list[dt.date]

    @property
    def months_text(self) -> str:
        return letter.months_text(self.months)


def changes_of(decision: Decision) -> list[ChangeView]:
    """Which earlier Bescheide this one changes, for which months (``decisions.chain``)."""
    if decision.decision_type.key in {"bewilligung", "teilbewilligung", "ablehnung"}:
        return []
    return [ChangeView(c.decision, c.months) for c in chain.changed_by(decision)]


def four_eyes_reasons_of(decision: Decision) -> list[str]:
    totals = policy.month_totals(decision.amounts.values_list("month", "amount"))
    return policy.four_eyes_reasons(
        decision_type_key=decision.decision_type.key,
        flagged=decision.decision_type.requires_four_eyes,
        jobcenter_id=decision.case.jobcenter_id, month_totals=totals,
        period_from=decision.period_from,
        today=timezone.localdate(decision.approved_at) if decision.approved_at else None)


def problems_of(decision: Decision) -> list[str]:
    """What blocks issuing (``decisions.checks``), shown before staff click."""
    return checks.problems(decision)


def settings_of(jobcenter_id: int | None) -> DecisionSettings:
    return policy.settings_for(jobcenter_id)


@dataclass(frozen=True)
class ChainRun:
    """Consecutive months ruled by the same Bescheid with the same total."""

    first: dt.date
    last: dt.date
    decision: Decision | None
    total: Decimal | None


def chain_runs(case: Case) -> list[ChainRun]:
    """The chain of the case's BG for the staff's calculation page, month runs grouped."""
    months = chain.chain_for(bedarfsgemeinschaft_id=case.bedarfsgemeinschaft_id,
                             case_id=case.pk)
    if not months:
        return []
    totals: dict[tuple[int, dt.date], Decimal] = {}
    for decision_id, month, amount in DecisionAmount.objects.filter(
            decision_id__in={m.decision.pk for m in months if m.decision},
    ).values_list("decision_id", "month", "amount"):
        totals[(decision_id, month)] = totals.get((decision_id, month), Decimal(0)) + amount
    runs: list[ChainRun] = []
    for entry in months:
        total = (totals.get((entry.decision.pk, entry.month), Decimal(0))
                 if entry.decision else None)
        last = runs[-1] if runs else None
        if last is not None and last.decision == entry.decision and last.total == total:
            runs[-1] = ChainRun(last.first, entry.month, last.decision, total)
        else:
            runs.append(ChainRun(entry.month, entry.month, entry.decision, total))
    return runs
