"""Where correspondence with a person is filed (the Postfach, issue 13).

A message belongs in the person's eAkte. The eAkte keeps documents in cases, so a message is
filed in the person's most recent open case of that Jobcenter (else their most recent case);
a person without any case gets one correspondence case of the kind ``postfach`` in the final
status ``schriftverkehr``: it holds the messages and never enters the work queue (the
Postfach has its own inbox and service clock).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from jobcenter.accounts.models import User
from jobcenter.casefiles.models import Case
from jobcenter.casefiles.services.cases import case_type, service_dates, status_type
from jobcenter.jobcenters.models import Jobcenter

if TYPE_CHECKING:
    from jobcenter.households.models import Person

CORRESPONDENCE_CASE_TYPE = "postfach"
CORRESPONDENCE_STATUS = "schriftverkehr"


@transaction.atomic
def correspondence_case(*, jobcenter_id: int, user: User, person: Person | None) -> Case:
    """The case a new conversation of ``user`` with the Jobcenter is filed in."""
    cases = Case.objects.filter(jobcenter_id=jobcenter_id, applicant_user=user)
    found = (cases.filter(status__is_final=False).order_by("-received_at", "-pk").first()
             or cases.exclude(case_type__key=CORRESPONDENCE_CASE_TYPE)
             .order_by("-received_at", "-pk").first()
             or cases.filter(case_type__key=CORRESPONDENCE_CASE_TYPE).order_by("pk").first())
    if found is not None:
        return found
    # One correspondence case per account and Jobcenter: lock the account row while we look.
    User.objects.select_for_update().filter(pk=user.pk).first()
    existing = cases.filter(case_type__key=CORRESPONDENCE_CASE_TYPE).order_by("pk").first()
    if existing is not None:
        return existing
    now = timezone.now()
    kind = case_type(CORRESPONDENCE_CASE_TYPE)
    jobcenter = Jobcenter.objects.only("land", "catholic_local_holidays").get(pk=jobcenter_id)
    due_at, at_risk_at = service_dates(kind=kind, received_at=now, jobcenter=jobcenter)
    case = Case.objects.create(
        jobcenter_id=jobcenter_id, reference=f"PF-{timezone.localdate(now).year}-{user.pk:07d}",
        case_type=kind, status=status_type(CORRESPONDENCE_STATUS),
        applicant=person, applicant_user=user, received_at=now, due_at=due_at,
        at_risk_at=at_risk_at, closed_at=now,
    )
    return case
