"""Wiedervorlagen: free ones set by staff, and rule-based ones that the code knowing the
date creates through :func:`create_follow_up` — idempotent by ``key`` within the Jobcenter,
so a retried task, a second run of a rule or a double click creates nothing twice.

Hooks for other parts of the system (call from their services, inside their transaction)::

    create_follow_up(jobcenter_id=…, key=f"nachweise_41a:{decision.pk}",
                     kind=FollowUp.Kind.NACHWEISE_41A, due_on=…, text="…", case=case)

Rule-based follow-ups built here: the end of the Bewilligungszeitraum and of the
Kostensenkungsfrist (``follow_ups_for_bescheid``, called when a Bescheid is issued).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jobcenter.accounts.models import User
from jobcenter.casefiles.models import Case, FollowUp, TimelineEntry
from jobcenter.casefiles.services.cases import CasefilesError, timeline_add
from jobcenter.core.roles import STAFF_ROLES
from jobcenter.households.models import Person
from jobcenter.jobcenters.models import Team

#: Weeks before the end of the Bewilligungszeitraum the follow-up is due (time for the
#: Weiterbewilligungsantrag, which the citizen is asked to send a month ahead).
BWZ_LEAD_DAYS = 42
#: Days before the end of the Kostensenkungsfrist.
KOSTENSENKUNG_LEAD_DAYS = 28


def create_follow_up(
    *, jobcenter_id: int, due_on: dt.date, text: str, kind: str = FollowUp.Kind.FREE,
    key: str = "", case: Case | None = None, person: Person | None = None,
    assignee: User | None = None, team: Team | None = None, created_by: User | None = None,
) -> FollowUp:
    """A Wiedervorlage. With ``key`` (rule-based) the existing one is returned if the key
    was used before in the Jobcenter. Without an assignee or team, a case's follow-up goes
    to the case's assignee and team."""
    if case is None and person is None:
        raise ValueError("a follow-up needs a case or a person")
    for obj in (case, person, assignee, team):
        if obj is not None and getattr(obj, "jobcenter_id", jobcenter_id) != jobcenter_id:
            raise CasefilesError(_("Das gehört zu einem anderen Jobcenter."))
    if assignee is not None and (assignee.role not in STAFF_ROLES or not assignee.is_active):
        raise CasefilesError(_("Bitte wählen Sie eine aktive Person Ihres Jobcenters aus."))
    text = text.strip()
    if not text:
        raise CasefilesError(_("Bitte beschreiben Sie, was wieder vorgelegt werden soll."))
    if key:
        existing = FollowUp.objects.filter(jobcenter_id=jobcenter_id, key=key).first()
        if existing is not None:
            return existing
    if case is not None and assignee is None and team is None:
        assignee, team = case.assignee, case.team
    if person is None and case is not None:
        person = case.applicant
    try:
        with transaction.atomic():
            return FollowUp.objects.create(
                jobcenter_id=jobcenter_id, case=case, person=person, kind=kind,
                due_on=due_on, text=text[:500], assignee=assignee, team=team, key=key[:120],
                created_by=created_by)
    except IntegrityError:
        if not key:
            raise
        return FollowUp.objects.get(jobcenter_id=jobcenter_id, key=key)


@transaction.atomic
def follow_up_done(*, follow_up: FollowUp, actor: User) -> FollowUp:
    """Mark as done (a second click changes nothing)."""
    locked = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if locked.jobcenter_id != actor.jobcenter_id:
        raise CasefilesError(_("Das gehört zu einem anderen Jobcenter."))
    if locked.done_at is None:
        locked.done_at = timezone.now()
        locked.done_by = actor
        locked.save(update_fields=["done_at", "done_by"])
    return locked


def _month_end(month: str) -> dt.date | None:
    """"2026-05" → 2026-05-31 (None if not a month)."""
    try:
        first = dt.date.fromisoformat(f"{month}-01")
    except (TypeError, ValueError):
        return None
    following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def follow_ups_for_bescheid(*, case: Case, decision_id: int, period_to: dt.date | None,
                            request: dict[str, Any] | None) -> list[FollowUp]:
    """The rule-based follow-ups of an issued Bescheid: end of its Bewilligungszeitraum
    (six weeks before) and, if the calculation names one, the end of the
    Kostensenkungsfrist (four weeks before). Idempotent per Bedarfsgemeinschaft and date
    (an Änderungsbescheid for the same period adds nothing)."""
    del decision_id  # the keys name the period, not the Bescheid
    created = []
    if period_to is not None:
        created.append(create_follow_up(
            jobcenter_id=case.jobcenter_id, case=case, kind=FollowUp.Kind.BWZ_END,
            key=f"bwz_ende:{case.bedarfsgemeinschaft_id or case.pk}:{period_to.isoformat()}",
            due_on=period_to - dt.timedelta(days=BWZ_LEAD_DAYS),
            text=gettext_noop("Bewilligungszeitraum endet: Weiterbewilligung prüfen")))
    frist = ((request or {}).get("unterkunft") or {}).get("kostensenkung_frist_ende")
    frist_end = _month_end(str(frist)) if frist else None
    if frist_end is not None:
        created.append(create_follow_up(
            jobcenter_id=case.jobcenter_id, case=case, kind=FollowUp.Kind.KOSTENSENKUNG,
            key=f"kostensenkung:{case.bedarfsgemeinschaft_id or case.pk}:{frist}",
            due_on=frist_end - dt.timedelta(days=KOSTENSENKUNG_LEAD_DAYS),
            text=gettext_noop("Kostensenkungsfrist endet: angemessene Unterkunftskosten "
                              "prüfen")))
    return created


def note_and_follow_up(*, jobcenter_id: int, cases: set[Case], case: Case, key: str,
                       actor: User | None, note: str, todo: str) -> FollowUp:
    """What an event handler tells the caseworker: the same internal entry (no citizen
    text, so no notice) in the eAkte of each of ``cases``, and a Wiedervorlage due today
    on ``case`` under ``key`` (once per key). Both cut to their 500 characters."""
    for each in sorted(cases, key=lambda c: c.pk):
        timeline_add(case=each, kind=TimelineEntry.Kind.NOTE, actor=actor, text=note[:500])
    return create_follow_up(jobcenter_id=jobcenter_id, case=case, key=key,
                            due_on=timezone.localdate(), text=todo[:500])
