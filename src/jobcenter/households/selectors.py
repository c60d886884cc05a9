from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.paginator import Page
from django.db.models import Q

from jobcenter.accounts.models import User
from jobcenter.core.access import Data, scope
from jobcenter.households.models import Bedarfsgemeinschaft, Membership, Person
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
    qs = Person.objects.all()
    terms = query.split()
    for term in terms:
        qs = qs.filter(
            Q(first_name__icontains=term)
            | Q(last_name__icontains=term)
            | Q(customer_number__iexact=term)
        )
    if birth_date is not None:
        qs = qs.filter(birth_date=birth_date)
    if not terms and birth_date is None:
        return []
    return staff_read_many(user=user, queryset=qs.order_by("last_name", "first_name"),
                           reading=PERSON_IN_RESULTS, purpose=AccessLogEntry.Purpose.SEARCH,
                           limit=SEARCH_LIMIT)


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
