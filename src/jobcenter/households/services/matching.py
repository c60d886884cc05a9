"""Who is the applicant? An application without a known person is linked to an existing
person or creates one — never merged on a weak match.

* **strong match** — same first and last name (case and accents ignored), same date of
  birth and same address (postcode and street) and the person has no online account yet:
  the application's account is linked to that person.
* **weak match** — same date of birth and the same last or first name, or the same name
  with a different date of birth or address: a new person (with Bedarfsgemeinschaft) is
  created and marked ``match_pending``; the back office decides on the matching screen
  (``backoffice:match_list``) whether it is somebody already known (then the case moves
  over to that person: ``person_merge_prepare`` plus ``casefiles.services.cases_relink``)
  or a new person (``person_confirm_new``).
* **no match** — a new person with Bedarfsgemeinschaft, members as listed in the
  application.

Either way the case has a person from its first moment.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jobcenter.accounts.models import User
from jobcenter.households.models import (
    BankAccount,
    Bedarfsgemeinschaft,
    HouseholdChange,
    Membership,
    Person,
)
from jobcenter.households.services.records import HouseholdError
from jobcenter.jobcenters.models import Jobcenter

STRONG = "strong"
WEAK = "weak"


@dataclass(frozen=True)
class MemberData:
    first_name: str
    last_name: str
    birth_date: dt.date
    role: str  # Membership.Role


@dataclass(frozen=True)
class ApplicantData:
    first_name: str
    last_name: str
    birth_date: dt.date
    street: str = ""
    postcode: str = ""
    city: str = ""
    members: list[MemberData] = field(default_factory=list)


@dataclass(frozen=True)
class Candidate:
    person: Person
    strength: str  # STRONG | WEAK
    same_name: bool
    same_birth_date: bool
    same_address: bool


def fold(text: str) -> str:
    """Compare names and streets without case, accents and spacing ("Yılmaz" = "Yilmaz")."""
    text = text.replace("ı", "i").replace("ß", "ss").casefold()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return "".join(ch for ch in text if ch.isalnum())


def candidates(*, jobcenter_id: int, data: ApplicantData, exclude: int | None = None
               ) -> list[Candidate]:
    """Known persons of the Jobcenter who may be the applicant, strongest first (system
    read: the caller logs what it shows)."""
    qs = Person.objects.filter(jobcenter_id=jobcenter_id, merged_into__isnull=True)
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    qs = (qs.filter(Q(birth_date=data.birth_date)
                  | Q(last_name__iexact=data.last_name.strip(),
                      first_name__iexact=data.first_name.strip())))
    found = []
    first, last = fold(data.first_name), fold(data.last_name)
    for person in qs[:50]:
        same_first = fold(person.first_name) == first
        same_last = fold(person.last_name) == last
        same_birth = person.birth_date == data.birth_date
        same_address = bool(data.postcode) and person.postcode == data.postcode and (
            fold(person.street) == fold(data.street))
        if not (same_first or same_last):
            continue
        strong = same_first and same_last and same_birth and same_address
        found.append(Candidate(person, STRONG if strong else WEAK, same_first and same_last,
                               same_birth, same_address))
    found.sort(key=lambda c: (c.strength != STRONG, not c.same_birth_date, not c.same_name,
                              c.person.last_name, c.person.first_name))
    return found


@dataclass(frozen=True)
class Resolution:
    person: Person
    created: bool
    match_pending: bool


@transaction.atomic
def person_for_application(*, jobcenter: Jobcenter, user: User | None, data: ApplicantData,
                           valid_from: dt.date) -> Resolution:
    """The applicant's person: the account's person, a strong match (linked to the account),
    or a new person with a Bedarfsgemeinschaft of the application's members (marked for the
    matching screen if there are weak matches)."""
    if user is not None:
        User.objects.select_for_update().filter(pk=user.pk).first()  # one intake at a time
        existing = Person.objects.filter(user=user).first()
        if existing is not None:
            return Resolution(existing, created=False, match_pending=existing.match_pending)
    found = candidates(jobcenter_id=jobcenter.pk, data=data)
    strong = [c for c in found if c.strength == STRONG and c.person.user_id is None]
    if len(strong) == 1 and len([c for c in found if c.strength == STRONG]) == 1:
        person = strong[0].person
        if user is not None:
            person.user = user
            person.save(update_fields=["user"])
            HouseholdChange.objects.create(
                jobcenter=jobcenter, person=person, kind=HouseholdChange.Kind.MATCH,
                field=gettext_noop("Online-Konto"), new=user.email[:300],
                reason=gettext_noop("Antrag eindeutig zugeordnet (Name, Geburtsdatum, "
                                    "Anschrift)"))
        return Resolution(person, created=False, match_pending=False)
    from jobcenter.households.services import MemberSpec, household_create

    pending = bool(found)
    members = [MemberSpec(data.first_name.strip(), data.last_name.strip(), data.birth_date,
                          Membership.Role.ANTRAGSTELLER, user=user)]
    members += [MemberSpec(m.first_name.strip() or "?", m.last_name.strip()
                           or data.last_name.strip(), m.birth_date, m.role)
                for m in data.members]
    bg = household_create(
        jobcenter=jobcenter, members=members, valid_from=valid_from, street=data.street,
        postcode=data.postcode, city=data.city, reason=gettext_noop("Aus dem Antrag angelegt"),
    )
    person = bg.memberships.get(role=Membership.Role.ANTRAGSTELLER).person
    if pending:
        person.match_pending = True
        person.save(update_fields=["match_pending"])
    return Resolution(person, created=True, match_pending=pending)


@transaction.atomic
def person_confirm_new(*, person: Person, actor: User) -> Person:
    """The matching screen's "this is a new person": the mark goes, the decision stays in
    the history."""
    locked = Person.objects.select_for_update().get(pk=person.pk)
    if actor.jobcenter_id != locked.jobcenter_id:
        raise HouseholdError(_("Diese Person gehört zu einem anderen Jobcenter."))
    if not locked.match_pending:
        return locked
    locked.match_pending = False
    locked.save(update_fields=["match_pending"])
    HouseholdChange.objects.create(
        jobcenter_id=locked.jobcenter_id, person=locked, kind=HouseholdChange.Kind.MATCH,
        field=gettext_noop("Abgleich"), new=gettext_noop("neue Person"),
        reason=gettext_noop("Im Abgleich als neue Person bestätigt"), actor=actor)
    return locked


def _delete_if_unused(obj: Person | Bedarfsgemeinschaft) -> None:
    """Delete a row created from the application unless something else refers to it (a
    draft Bescheid of the Bedarfsgemeinschaft, say): then it stays, without members."""
    try:
        with transaction.atomic():
            if isinstance(obj, Person):
                BankAccount.objects.filter(person=obj).delete()
                obj.changes.all().delete()
            obj.delete()
    except ProtectedError:
        pass


@transaction.atomic
def person_merge_prepare(*, provisional: Person, target: Person, actor: User, reason: str
                         ) -> Bedarfsgemeinschaft | None:
    """The matching screen's "same person as …": the provisional person (created from an
    application) is merged into ``target``. The account link moves to ``target``, the
    provisional Bedarfsgemeinschaft with its members created from the application is
    removed, the provisional person is kept (for the access log) as merged and never shown
    again. Returns ``target``'s current Bedarfsgemeinschaft (for the cases, which the
    caller moves with ``casefiles.services.cases_relink`` first)."""
    reason = (reason or "").strip()
    if not reason:
        raise HouseholdError(_("Bitte geben Sie an, warum es dieselbe Person ist."))
    locked = Person.objects.select_for_update().get(pk=provisional.pk)
    goal = Person.objects.select_for_update().get(pk=target.pk)
    if not (actor.jobcenter_id == locked.jobcenter_id == goal.jobcenter_id):
        raise HouseholdError(_("Diese Person gehört zu einem anderen Jobcenter."))
    if not locked.match_pending or locked.pk == goal.pk or goal.merged_into_id:
        raise HouseholdError(_("Diese Person wartet nicht mehr auf einen Abgleich."))
    if locked.user_id and goal.user_id and locked.user_id != goal.user_id:
        raise HouseholdError(_("Beide Personen haben ein eigenes Online-Konto; sie können "
                               "nicht zusammengeführt werden."))
    user_id = locked.user_id
    if user_id:
        locked.user = None
        locked.save(update_fields=["user"])
        goal.user_id = user_id
        goal.save(update_fields=["user"])
    bgs = list(Bedarfsgemeinschaft.objects.filter(memberships__person=locked).distinct())
    for bg in bgs:
        others = [m.person for m in bg.memberships.select_related("person")
                  if m.person_id != locked.pk]
        bg.memberships.all().delete()
        for other in others:
            if not other.memberships.exists() and not other.user_id:
                _delete_if_unused(other)
        bg.changes.update(bedarfsgemeinschaft=None)
        _delete_if_unused(bg)
    locked.match_pending = False
    locked.merged_into = goal
    locked.save(update_fields=["match_pending", "merged_into"])
    for person, text in ((goal, locked.customer_number), (locked, goal.customer_number)):
        HouseholdChange.objects.create(
            jobcenter_id=goal.jobcenter_id, person=person, kind=HouseholdChange.Kind.MATCH,
            field=gettext_noop("Zusammengeführt mit"), new=text, reason=reason[:500],
            actor=actor)
    membership = (Membership.objects.filter(person=goal).exclude(valid_to__lt=dt.date.today())
                  .order_by("-valid_from").select_related("bedarfsgemeinschaft").first())
    return membership.bedarfsgemeinschaft if membership else None
