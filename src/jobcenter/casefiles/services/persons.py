"""Cases and the persons of the Bedarfsgemeinschaft data: the matching screen's decisions
(``households.services.matching``) carried over to the cases."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jobcenter.accounts.models import User
from jobcenter.casefiles.models import Case, FollowUp, TimelineEntry
from jobcenter.casefiles.services.cases import CasefilesError, timeline_add
from jobcenter.core import datastand
from jobcenter.households.models import Person
from jobcenter.households.services import person_merge_prepare


@transaction.atomic
def person_merge(*, provisional: Person, target: Person, actor: User, reason: str) -> int:
    """"Same person as …" on the matching screen: the cases of the provisional person move
    to ``target`` and their Bedarfsgemeinschaft, then the households side merges. Returns
    the number of cases moved."""
    if not (actor.jobcenter_id == provisional.jobcenter_id == target.jobcenter_id):
        raise CasefilesError(_("Diese Person gehört zu einem anderen Jobcenter."))
    cases = list(Case.objects.select_for_update().filter(applicant=provisional))
    target_bg = (target.memberships.exclude(valid_to__isnull=False)
                 .order_by("-valid_from").values_list("bedarfsgemeinschaft_id", flat=True)
                 .first())
    for case in cases:
        case.applicant = target
        case.bedarfsgemeinschaft_id = target_bg
        if provisional.user_id and not case.applicant_user_id:
            case.applicant_user_id = provisional.user_id
        case.save(update_fields=["applicant", "bedarfsgemeinschaft", "applicant_user",
                                 "updated_at"])
        timeline_add(case=case, kind=TimelineEntry.Kind.NOTE, actor=actor,
                     text=gettext_noop("Im Abgleich der bekannten Person zugeordnet"))
    follow_ups = FollowUp.objects.filter(person=provisional)
    datastand.changed(FollowUp, queryset=follow_ups)  # shown on the staff pages
    follow_ups.update(person=target)
    person_merge_prepare(provisional=provisional, target=target, actor=actor, reason=reason)
    return len(cases)


@transaction.atomic
def case_link_person(*, case: Case, person: Person, actor: User) -> Case:
    """A case that arrived without a person (no name and date of birth in the form) is
    linked to a known person of the Jobcenter."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if not (actor.jobcenter_id == locked.jobcenter_id == person.jobcenter_id):
        raise CasefilesError(_("Diese Person gehört zu einem anderen Jobcenter."))
    if locked.applicant_id is not None:
        raise CasefilesError(_("Dieser Vorgang ist schon einer Person zugeordnet."))
    if person.merged_into_id is not None:
        raise CasefilesError(_("Diese Person wurde mit einer anderen zusammengeführt."))
    locked.applicant = person
    locked.bedarfsgemeinschaft_id = (
        person.memberships.exclude(valid_to__isnull=False).order_by("-valid_from")
        .values_list("bedarfsgemeinschaft_id", flat=True).first())
    locked.save(update_fields=["applicant", "bedarfsgemeinschaft", "updated_at"])
    timeline_add(case=locked, kind=TimelineEntry.Kind.NOTE, actor=actor,
                 text=gettext_noop("Vorgang einer Person zugeordnet"))
    return locked


__all__ = ["case_link_person", "person_merge"]
