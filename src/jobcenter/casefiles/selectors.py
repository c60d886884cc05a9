"""Reads of the eAkte. Everything goes through ``core.access.scope``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Case as SqlCase
from django.db.models import CharField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.functional import cached_property

from jobcenter.accounts.models import User
from jobcenter.antraege.selectors import submission_topics_by_id
from jobcenter.casefiles.models import (
    Case,
    CaseType,
    Document,
    DocumentRequest,
    DocumentVersion,
    FollowUp,
    ServiceState,
    TimelineEntry,
)
from jobcenter.casefiles.services.intake import FORM_CASE_TYPES
from jobcenter.core.access import Data, get_scoped_or_404, scope
from jobcenter.core.arbeitstage import processing_due
from jobcenter.core.request_memo import remembered
from jobcenter.jobcenters.models import Jobcenter
from jobcenter.transparency.models import AccessLogEntry
from jobcenter.transparency.reads import (
    Reading,
    Seen,
    staff_count,
    staff_read_many,
    staff_read_one,
    staff_read_page,
)

Purpose = AccessLogEntry.Purpose
What = AccessLogEntry.What

QUEUE_PAGE_SIZE = 25
#: The queue counts at most this many cases exactly; above it the page says "more than"
#: and pages through the first ``QUEUE_COUNT_CAP`` cases (a count of 100,000 filtered rows
#: costs more than the whole rest of the page; nobody pages past page 40).
QUEUE_COUNT_CAP = 1000


def with_service_state(qs: QuerySet[Case], now: dt.datetime | None = None) -> QuerySet[Case]:
    """Annotate ``service_state`` (a ``ServiceState`` value) computed in the database from
    the status (final or not), ``due_at`` and ``at_risk_at`` — never stored."""
    now = now or timezone.now()
    return qs.annotate(
        service_state=SqlCase(
            When(status__is_final=True, then=Value(ServiceState.DONE)),
            When(due_at__lt=now, then=Value(ServiceState.OVERDUE)),
            When(at_risk_at__lte=now, then=Value(ServiceState.AT_RISK)),
            default=Value(ServiceState.ON_TRACK),
            output_field=CharField(),
        )
    )


def next_service_state_change(cases: Iterable[Case], now: dt.datetime | None = None
                              ) -> dt.datetime | None:
    """When the first of ``cases`` changes its service state by the passing of time alone
    ("gefährdet" at ``at_risk_at``, "überfällig" at ``due_at``); None if none will."""
    now = now or timezone.now()
    moments = [moment for case in cases if not case.status.is_final
               for moment in (case.at_risk_at, case.due_at) if moment > now]
    return min(moments, default=None)


def service_state_q(state: str, now: dt.datetime) -> Q:
    """The same rule as a filter that can use the (jobcenter, due_at) index."""
    open_ = Q(status__is_final=False)
    if state == ServiceState.DONE:
        return Q(status__is_final=True)
    if state == ServiceState.OVERDUE:
        return open_ & Q(due_at__lt=now)
    if state == ServiceState.AT_RISK:
        return open_ & Q(due_at__gte=now, at_risk_at__lte=now)
    if state == ServiceState.ON_TRACK:
        return open_ & Q(at_risk_at__gt=now)
    raise ValueError(state)


@dataclass
class QueueFilters:
    case_type: str = ""  # case type key
    status: str = ""  # status key, or "" = all open, "alle" = all incl. final
    service_state: str = ""
    assignee: str = ""  # "" all, "mine", "unassigned", or a user pk
    team: str = ""  # "" all, "none", or a team pk
    min_age_days: int | None = None
    max_age_days: int | None = None
    q: str = ""  # name or reference
    birth_date: dt.date | None = None
    order: str = "due"  # due | received | -received
    extra: dict = field(default_factory=dict)

    @property
    def change_with_time(self) -> bool:
        """Whether the cases these filters select change with the passing of time alone
        (by service state or by age)."""
        return bool(self.service_state or self.min_age_days is not None
                    or self.max_age_days is not None)


ORDERINGS = {
    "due": ("due_at", "id"),
    "received": ("received_at", "id"),
    "-received": ("-received_at", "-id"),
}


def cases_for_queue(
    *, user: User, filters: QueueFilters | None = None, now: dt.datetime | None = None
) -> QuerySet[Case]:
    """The Arbeitsvorrat of ``user``'s Jobcenter, filtered; one query, whatever its size."""
    f = filters or QueueFilters()
    now = now or timezone.now()
    qs = scope(Case.objects.all(), user)
    if f.status == "alle":
        pass
    elif f.status:
        qs = qs.filter(status__key=f.status)
    else:
        qs = qs.filter(status__is_final=False)
    if f.case_type:
        qs = qs.filter(case_type__key=f.case_type)
    if f.service_state:
        qs = qs.filter(service_state_q(f.service_state, now))
    if f.assignee == "mine":
        qs = qs.filter(assignee=user)
    elif f.assignee == "unassigned":
        qs = qs.filter(assignee__isnull=True)
    elif f.assignee.isdigit():
        qs = qs.filter(assignee_id=int(f.assignee))
    if f.team == "none":
        qs = qs.filter(team__isnull=True)
    elif f.team.isdigit():
        qs = qs.filter(team_id=int(f.team))
    if f.min_age_days is not None:
        qs = qs.filter(received_at__lte=now - dt.timedelta(days=f.min_age_days))
    if f.max_age_days is not None:
        qs = qs.filter(received_at__gte=now - dt.timedelta(days=f.max_age_days))
    for term in f.q.split():
        if any(ch.isdigit() for ch in term):
            # References contain digits, names do not: an exact, indexed lookup.
            qs = qs.filter(Q(reference=term) | Q(reference=term.upper()))
        else:
            qs = qs.filter(
                Q(applicant__last_name__icontains=term)
                | Q(applicant__first_name__icontains=term)
            )
    if f.birth_date is not None:
        qs = qs.filter(applicant__birth_date=f.birth_date)
    return (
        with_service_state(qs, now)
        .select_related("case_type", "status", "applicant", "assignee", "team")
        # The list shows none of the JSON columns (the submitted answers can be large).
        .defer("data", "topics", "sgb2_request")
        .order_by(*ORDERINGS.get(f.order, ORDERINGS["due"]))
    )


class CappedPaginator(Paginator):
    """Counts at most ``cap + 1`` rows (``SELECT COUNT(*) FROM (… LIMIT cap + 1)``):
    ``count`` is exact up to ``cap``; above it ``capped`` is true, ``count`` is ``cap`` and
    the pages cover the first ``cap`` objects."""

    def __init__(self, object_list: QuerySet, per_page: int, *, cap: int) -> None:
        super().__init__(object_list, per_page)
        self.cap = cap

    @cached_property
    def _counted(self) -> int:
        return self.object_list.order_by()[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return self._counted > self.cap

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)


def case_title(case: Case) -> str:
    """How the log names a case to the citizen: its type and reference (no internal key)."""
    return f"{case.case_type.title}, {case.reference}"


@remembered
def case_members(case: Case) -> list:
    """The current members of the case's Bedarfsgemeinschaft with their persons (none
    without one). Within ``core.request_memo.remembering()`` read once: the case page logs
    and shows the same members."""
    if not case.bedarfsgemeinschaft_id:
        return []
    return list(case.bedarfsgemeinschaft.current_memberships())


def case_persons(case: Case) -> list:
    """Everybody whose data the case shows: the applicant and the Bedarfsgemeinschaft."""
    persons = [case.applicant] if case.applicant_id else []
    persons += [m.person for m in case_members(case) if m.person_id != case.applicant_id]
    return persons


def _case_seen(case: Case) -> list[Seen]:
    return [Seen(person, case, case_title(case)) for person in case_persons(case)]


def _case_in_list_seen(case: Case) -> list[Seen]:
    return [Seen(case.applicant, case, case_title(case))] if case.applicant_id else []


#: The case page (applicant and household), a row of the work queue, a document.
CASE = Reading(data=Data.LEISTUNGSAKTE, what=What.CASE, seen=_case_seen)
CASE_IN_LIST = Reading(data=Data.LEISTUNGSAKTE, what=What.CASE_LIST, seen=_case_in_list_seen)
DOCUMENT = Reading(
    data=Data.DOKUMENTE, what=What.DOCUMENT,
    seen=lambda version: [Seen(version.document.case.applicant, version.document,
                               f"{version.document.title} ({version.document.case.reference})")]
    if version.document.case.applicant_id else [],
)


def queue_page(*, user: User, filters: QueueFilters, page: int | str | None) -> Page:
    """One page of the Arbeitsvorrat: every person on it is logged (a search names its
    purpose SEARCH, the plain list WORK_QUEUE)."""
    searched = bool(filters.q or filters.birth_date)
    return staff_read_page(
        user=user, queryset=cases_for_queue(user=user, filters=filters), reading=CASE_IN_LIST,
        purpose=Purpose.SEARCH if searched else Purpose.WORK_QUEUE,
        page=page, per_page=QUEUE_PAGE_SIZE, paginator_class=CappedPaginator,
        cap=QUEUE_COUNT_CAP,
    )


def case_for_staff(user: User, pk: int, *, purpose: str = Purpose.CASE_WORK,
                   reading: Reading = CASE) -> Case:
    """A case of the staff member's Jobcenter (404 otherwise), logged."""
    return staff_read_one(
        user=user,
        queryset=with_service_state(
            Case.objects.select_related(
                "case_type", "status", "applicant", "assignee", "team", "jobcenter",
                "bedarfsgemeinschaft",
            )
        ),
        reading=reading, purpose=purpose, pk=pk,
    )


def case_topics(case: Case) -> list:
    """The answers of the case's application per page, as the citizen confirmed them and the
    receipt prints them (``formengine.display``), in the reader's language; the snapshot
    taken at intake when the application is not (or no longer) readable that way."""
    if case.submission_id:
        topics = submission_topics_by_id(case.submission_id)
        if topics:
            return topics
    return case.topics


def case_for_citizen(user: User, pk: int) -> Case:
    return get_scoped_or_404(
        Case.objects.select_related("case_type", "status", "jobcenter"), user, pk=pk
    )


def cases_for_citizen(user: User) -> QuerySet[Case]:
    return (
        scope(Case.objects.all(), user)
        .select_related("case_type", "status")
        .order_by("-received_at", "-pk")
    )


def documents_of_case(case: Case) -> list[Document]:
    docs = list(
        Document.objects.filter(case=case)
        .select_related("document_type")
        .prefetch_related("versions")
        .order_by("created_at", "pk")
    )
    for doc in docs:
        versions = list(doc.versions.all())
        doc.latest = versions[-1] if versions else None
    return docs


def document_version_for_citizen(user: User, *, case_pk: int,
                                 version_pk: int) -> DocumentVersion:
    qs = DocumentVersion.objects.select_related("document", "document__case").filter(
        document__visible_to_citizen=True)
    return get_scoped_or_404(qs, user, pk=version_pk, document__case_id=case_pk)


def document_version_for_staff(user: User, *, case_pk: int, version_pk: int) -> DocumentVersion:
    """A document version of a case of the own Jobcenter (404 otherwise), logged."""
    return staff_read_one(
        user=user,
        queryset=DocumentVersion.objects.select_related(
            "document", "document__case", "document__case__applicant"),
        reading=DOCUMENT, purpose=Purpose.DOCUMENT, pk=version_pk, document__case_id=case_pk,
    )


def timeline_for_staff(case: Case) -> QuerySet[TimelineEntry]:
    return case.timeline.select_related("actor").order_by("-at", "-pk")


def timeline_for_citizen(case: Case) -> QuerySet[TimelineEntry]:
    return case.timeline.filter(citizen_text__isnull=False).exclude(citizen_text="").order_by(
        "-at", "-pk"
    )


def open_requests_for_citizen(user: User) -> QuerySet[DocumentRequest]:
    return (
        scope(DocumentRequest.objects.all(), user)
        .exclude(status=DocumentRequest.Status.FULFILLED)
        .select_related("case", "case__case_type")
        .prefetch_related("items")
        .order_by("deadline", "pk")
    )


def processing_standard(*, form_key: str, received_on: dt.date,
                        jobcenter: Jobcenter) -> tuple[int, dt.date] | None:
    """(working days, due date) of the processing standard a submission of ``form_key``
    received on ``received_on`` by ``jobcenter`` will be filed under — the same date the
    intake stores as the case's ``due_at`` (``services.service_dates``). For the receipt,
    which is written before the case exists (connected in ``config/wiring.py``). None for a
    form without a case type."""
    key = FORM_CASE_TYPES.get(form_key)
    kind = CaseType.objects.entry(key, received_on) if key else None
    if kind is None:
        return None
    return kind.processing_days, processing_due(
        received_on, kind.processing_days, jobcenter.land, jobcenter.catholic_local_holidays)


def expected_decision_date(case: Case) -> dt.date | None:
    """What the citizen is told: the date by which the standard says we decide."""
    if case.status.is_final:
        return None
    return timezone.localdate(case.due_at)


# --- Wiedervorlagen ----------------------------------------------------------------------

FOLLOW_UP_PAGE_SIZE = 25


def _follow_up_seen(follow_up: FollowUp) -> list[Seen]:
    return [Seen(follow_up.person, follow_up, follow_up.case.reference if follow_up.case_id
                 else "")] if follow_up.person_id else []


#: A Wiedervorlage in the list (names the person and the case's reference).
FOLLOW_UP = Reading(data=Data.LEISTUNGSAKTE, what=What.CASE_LIST, seen=_follow_up_seen)


def follow_ups_open(*, user: User, who: str = "", due: str = "",
                    today: dt.date | None = None) -> QuerySet[FollowUp]:
    """Open Wiedervorlagen of the Jobcenter: ``who`` "meine" (assigned to ``user``), "team"
    (``user``'s team, or assigned to ``user``), "" all; ``due`` "heute" (due today),
    "bis_heute" (due today or earlier),
    "ueberfaellig" (due before today), "" all open (soonest first)."""
    today = today or timezone.localdate()
    qs = FollowUp.objects.filter(done_at__isnull=True)
    if who == "meine":
        qs = qs.filter(assignee=user)
    elif who == "team":
        qs = qs.filter(Q(assignee=user) | Q(team_id=user.team_id) if user.team_id
                       else Q(assignee=user))
    if due == "heute":
        qs = qs.filter(due_on=today)
    elif due == "bis_heute":
        qs = qs.filter(due_on__lte=today)
    elif due == "ueberfaellig":
        qs = qs.filter(due_on__lt=today)
    return qs.select_related("case", "person", "assignee", "team").order_by("due_on", "pk")


def follow_ups_page(*, user: User, who: str, due: str, page: int | str | None) -> Page:
    return staff_read_page(user=user, queryset=follow_ups_open(user=user, who=who, due=due),
                           reading=FOLLOW_UP, purpose=Purpose.WORK_QUEUE, page=page,
                           per_page=FOLLOW_UP_PAGE_SIZE)


def follow_up_for_staff(user: User, pk: int) -> FollowUp:
    return staff_read_one(user=user, queryset=FollowUp.objects.select_related("case", "person"),
                          reading=FOLLOW_UP, purpose=Purpose.CASE_WORK, pk=pk)


def follow_ups_due_count(*, user: User, today: dt.date | None = None) -> int:
    """How many open Wiedervorlagen for ``user`` or their team are due today or earlier
    (a number: names nobody)."""
    today = today or timezone.localdate()
    return staff_count(user=user, data=Data.LEISTUNGSAKTE,
                       queryset=follow_ups_open(user=user, who="team").filter(due_on__lte=today))


def follow_ups_of(*, case: Case | None = None, person_id: int | None = None
                  ) -> list[FollowUp]:
    """Open and done Wiedervorlagen of a case or a person (system read: the caller has read
    the case or the person through its logged read)."""
    qs = FollowUp.objects.select_related("assignee", "team", "case")
    qs = qs.filter(case=case) if case is not None else qs.filter(person_id=person_id)
    return list(qs.order_by("done_at", "due_on", "pk")[:100])


def cases_without_person(user: User) -> list[Case]:
    """Open cases of the Jobcenter that arrived without a person (a form without name and
    date of birth), oldest first; they show no person."""
    return staff_read_many(
        user=user, reading=CASE_IN_LIST, purpose=Purpose.WORK_QUEUE, limit=100,
        queryset=Case.objects.filter(applicant__isnull=True, status__is_final=False)
        .select_related("case_type").order_by("received_at", "pk"))
