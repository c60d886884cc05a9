from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page
from django.db.models import Q

from jobcenter.accounts.models import User
from jobcenter.core.access import Data, scope
from jobcenter.households.models import (
    BankAccount,
    Bedarfsgemeinschaft,
    HouseholdChange,
    Membership,
    Person,
    PersonNote,
)
from jobcenter.notifications.models import Notification
from jobcenter.transparency.models import AccessLogEntry
from jobcenter.transparency.reads import (
    Reading,
    Seen,
    staff_read_many,
    staff_read_one,
    staff_read_page,
)

What = AccessLogEntry.What

#: A person's master data page, and a person among search results.
PERSON = Reading(data=Data.STAMMDATEN, what=What.PERSON, seen=lambda p: [Seen(p, p)])
PERSON_IN_RESULTS = Reading(data=Data.STAMMDATEN, what=What.SEARCH_RESULT,
                            seen=lambda p: [Seen(p, p)])
#: A person's access log (team leads, data protection): reading it is logged too.
PERSON_ACCESS_LOG = Reading(data=Data.ZUGRIFFSPROTOKOLL, what=What.ACCESS_LOG,
                            seen=lambda p: [Seen(p, p)])

SEARCH_LIMIT = 50


@dataclass(frozen=True)
class HouseholdView:
    bedarfsgemeinschaft: Bedarfsgemeinschaft
    members: list[Membership]


def current_household_for_user(user: User, on: dt.date | None = None) -> HouseholdView | None:
    """The citizen's current Bedarfsgemeinschaft with its members, or None."""
    day = on or dt.date.today()
    bg = (
        scope(Bedarfsgemeinschaft.objects.all(), user)
        .filter(memberships__person__user=user, memberships__valid_from__lte=day)
        .distinct()
        .first()
    )
    if bg is None:
        return None
    return HouseholdView(bedarfsgemeinschaft=bg, members=list(bg.current_memberships(day)))


def current_household_for_person(
    person: Person, on: dt.date | None = None
) -> HouseholdView | None:
    """The person's current Bedarfsgemeinschaft with its members, or None (system read:
    the caller has fetched ``person`` with its access check)."""
    day = on or dt.date.today()
    membership = (
        Membership.objects.filter(person=person, valid_from__lte=day)
        .exclude(valid_to__lt=day)
        .select_related("bedarfsgemeinschaft")
        .order_by("-valid_from")
        .first()
    )
    if membership is None:
        return None
    bg = membership.bedarfsgemeinschaft
    return HouseholdView(bedarfsgemeinschaft=bg, members=list(bg.current_memberships(day)))


def person_for_staff(user: User, pk: int, *, purpose: str = AccessLogEntry.Purpose.VIEW_PERSON,
                     reading: Reading = PERSON) -> Person:
    """A person of the own Jobcenter (404 otherwise), logged."""
    return staff_read_one(user=user, queryset=Person.objects.all(), reading=reading,
                          purpose=purpose, pk=pk)


def person_search(*, user: User, query: str, birth_date: dt.date | None = None) -> list[Person]:
    """Staff search within their own Jobcenter by name or customer number (and birth date);
    every person among the (at most ``SEARCH_LIMIT``) results is logged."""
    qs = Person.objects.filter(merged_into__isnull=True)
    terms = query.split()
    for term in terms:
        qs = qs.filter(
            Q(first_name__icontains=term)
            | Q(last_name__icontains=term)
            | Q(customer_number__iexact=term)
            | Q(memberships__bedarfsgemeinschaft__number__iexact=term)
        ).distinct()
    if birth_date is not None:
        qs = qs.filter(birth_date=birth_date)
    if not terms and birth_date is None:
        return []
    return staff_read_many(user=user, queryset=qs.order_by("last_name", "first_name"),
                           reading=PERSON_IN_RESULTS, purpose=AccessLogEntry.Purpose.SEARCH,
                           limit=SEARCH_LIMIT)


# --- Maintained BG data (read after the person itself was read through ``person_for_staff``)


def payment_account_for(person: Person, on_date: dt.date) -> BankAccount | None:
    """The bank account to pay ``person`` on ``on_date``: the account valid that day (the
    latest start wins), or None if none is recorded — then there is nothing to transfer to.

    For the payments (``zahlungen``): a system read; the caller decides who sees it.
    ``BankAccount.iban`` is compact (no spaces), validated when entered (schwifty);
    ``bic`` may be empty (SEPA needs none inside the EEA); ``holder`` is the account
    holder's name as entered.
    """
    return (BankAccount.objects.filter(person=person, valid_from__lte=on_date)
            .exclude(valid_to__lt=on_date).order_by("-valid_from", "-pk").first())


@dataclass(frozen=True)
class PersonRecord:
    """What the person page shows besides the person: memberships with their
    Bedarfsgemeinschaft's members, bank accounts, the history and the Vermerke."""

    memberships: list[Membership]
    household: HouseholdView | None
    bank_accounts: list[BankAccount]
    history: list[HouseholdChange]
    notes: list[PersonNote]


def person_record(person: Person, on: dt.date) -> PersonRecord:
    """System read of the data around ``person`` (the caller has read ``person`` through
    ``person_for_staff``, which logged it; members of the household are logged by the
    caller with ``household_members_for_staff``)."""
    memberships = list(Membership.objects.filter(person=person)
                       .select_related("bedarfsgemeinschaft").order_by("-valid_from"))
    return PersonRecord(
        memberships=memberships,
        household=current_household_for_person(person, on),
        bank_accounts=list(BankAccount.objects.filter(person=person)),
        history=list(HouseholdChange.objects.filter(person=person).select_related("actor")),
        notes=list(PersonNote.objects.filter(person=person).select_related("author")),
    )


#: The other members of a person's household, shown on the person page.
HOUSEHOLD_MEMBER = Reading(data=Data.STAMMDATEN, what=What.PERSON,
                           seen=lambda m: [Seen(m.person, m)])


def household_members_for_staff(user: User, bg: Bedarfsgemeinschaft, on: dt.date,
                                *, viewed: Person,
                                purpose: str = AccessLogEntry.Purpose.VIEW_PERSON
                                ) -> list[Membership]:
    """All memberships (past, current, future) of ``bg``: the other members' logged here,
    ``viewed``'s own (already logged by the caller's read of ``viewed``) added unlogged."""
    del on  # every period is shown, so the page shows moving in and out
    others = staff_read_many(
        user=user, reading=HOUSEHOLD_MEMBER, purpose=purpose,
        queryset=Membership.objects.filter(bedarfsgemeinschaft=bg).exclude(person=viewed)
        .select_related("person"))
    own = list(Membership.objects.filter(bedarfsgemeinschaft=bg, person=viewed)
               .select_related("person"))
    order = [str(role) for role in Membership.Role]
    return sorted(own + others, key=lambda m: (order.index(m.role) if m.role in order else 9,
                                               m.person.birth_date, m.valid_from))


#: Persons waiting for the matching screen, and the candidates shown next to them.
MATCH_PENDING = Reading(data=Data.STAMMDATEN, what=What.SEARCH_RESULT,
                        seen=lambda p: [Seen(p, p)])


def persons_match_pending(user: User) -> list[Person]:
    return staff_read_many(
        user=user, reading=MATCH_PENDING, purpose=AccessLogEntry.Purpose.SEARCH,
        queryset=Person.objects.filter(match_pending=True, merged_into__isnull=True)
        .order_by("pk"), limit=200)


def similar_persons_for_staff(user: User, data: Any) -> list[Any]:
    """Known persons like ``data`` (``services.matching.ApplicantData``) before staff create
    a new person (paper application), each one shown logged."""
    from jobcenter.households.services.matching import candidates

    if user.jobcenter_id is None:  # staff always belong to one (staff_required)
        return []
    found = candidates(jobcenter_id=user.jobcenter_id, data=data)
    shown = {p.pk for p in staff_read_many(
        user=user, reading=MATCH_PENDING, purpose=AccessLogEntry.Purpose.SEARCH,
        queryset=Person.objects.filter(pk__in=[c.person.pk for c in found]))}
    return [c for c in found if c.person.pk in shown]


def match_candidates_for_staff(user: User, person: Person) -> list[Any]:
    """The candidates for ``person`` on the matching screen, each one logged."""
    from jobcenter.households.services.matching import ApplicantData, candidates

    found = candidates(jobcenter_id=person.jobcenter_id, exclude=person.pk, data=ApplicantData(
        first_name=person.first_name, last_name=person.last_name, birth_date=person.birth_date,
        street=person.street, postcode=person.postcode, city=person.city))
    shown = {p.pk for p in staff_read_many(
        user=user, reading=MATCH_PENDING, purpose=AccessLogEntry.Purpose.SEARCH,
        queryset=Person.objects.filter(pk__in=[c.person.pk for c in found]))}
    return [c for c in found if c.person.pk in shown]
def person_notifications_for_staff(user: User, person: Person, *,
                                   page: int | str | None) -> Page:
    """The notices sent to the person's account with their delivery log (attempts, retries,
    bounces), newest first — one access-log entry for the person."""
    reading = Reading(data=Data.STAMMDATEN, what=What.NOTIFICATIONS,
                      seen=lambda _notification: [Seen(person, person)])
    queryset = (Notification.objects.filter(user_id=person.user_id)
                if person.user_id is not None else Notification.objects.none())
    queryset = queryset.prefetch_related("delivery_attempts").order_by("-created_at", "-pk")
    return staff_read_page(user=user, queryset=queryset, reading=reading,
                           purpose=AccessLogEntry.Purpose.VIEW_PERSON, page=page, per_page=25)


def household_ids_for_user(user: User) -> list[int]:
    """Every Bedarfsgemeinschaft the citizen's person belongs or belonged to (the
    ``household:`` scopes of their pages, ``core.datastand``)."""
    return list(Membership.objects.filter(person__user=user)
                .values_list("bedarfsgemeinschaft_id", flat=True).distinct())
