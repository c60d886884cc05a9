"""Sample arguments for the tenancy registry (``tests/test_tenancy.py`` SAMPLE_KWARGS) of
the pages for persons and Bedarfsgemeinschaften, Wiedervorlagen and the admin's work area."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jobcenter.casefiles.models import Case, FollowUp
from jobcenter.households.models import Membership, Person
from jobcenter.households.services import MemberSpec, household_create


def pending_person(world: Any) -> Person:
    """A person of Jobcenter A created from an application and waiting for the matching
    screen ("Zacharia Quellfeld", born the same day as Jobcenter A's Zacharias)."""
    existing = Person.objects.filter(jobcenter=world.jobcenter, match_pending=True).first()
    if existing is not None:
        return existing
    bg = household_create(
        jobcenter=world.jobcenter, valid_from=dt.date(2026, 1, 1),
        members=[MemberSpec("Zacharia", "Quellfeld", dt.date(1980, 1, 2),
                            Membership.Role.ANTRAGSTELLER)])
    person = bg.memberships.get().person
    person.match_pending = True
    person.save(update_fields=["match_pending"])
    return person


def case_without_person(world: Any) -> Case:
    from tests.casefiles.conftest import make_submission

    existing = Case.objects.filter(jobcenter=world.jobcenter, applicant__isnull=True).first()
    if existing is not None:
        return existing
    from jobcenter.casefiles.services import case_intake

    return case_intake(submission=make_submission(jobcenter=world.jobcenter))


def follow_up(world: Any) -> FollowUp:
    from jobcenter.casefiles.services import create_follow_up

    return create_follow_up(jobcenter_id=world.jobcenter.pk, person=world.person,
                            due_on=dt.date(2026, 12, 1), text="Nachweis Miete prüfen",
                            key="tenancy-sample", team=None, assignee=None)


def _case(world: Any) -> dict[str, int]:
    from tests.casefiles.tenancy import sample_case

    return {"pk": sample_case(world).pk}


HAUSHALT_SAMPLE_KWARGS: dict[str, Any] = {
    "backoffice:staff_edit": lambda w: {"pk": w.staff.pk},
    "backoffice:person_edit": lambda w: {"pk": w.person.pk},
    "backoffice:bank_account": lambda w: {"pk": w.person.pk},
    "backoffice:person_note_add": lambda w: {"pk": w.person.pk},
    "backoffice:person_follow_up": lambda w: {"pk": w.person.pk},
    "backoffice:member_add": lambda w: {"pk": w.person.pk},
    "backoffice:membership_edit": lambda w: {"pk": w.person.memberships.get().pk},
    "backoffice:match_detail": lambda w: {"pk": pending_person(w).pk},
    "backoffice:case_link": lambda w: {"pk": case_without_person(w).pk},
    "casefiles:follow_up_create": _case,
    "casefiles:follow_up_done": lambda w: {"pk": follow_up(w).pk},
}
