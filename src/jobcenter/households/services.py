"""Writes on persons and Bedarfsgemeinschaften."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from jobcenter.accounts.models import User
from jobcenter.households.models import Bedarfsgemeinschaft, Membership, Person
from jobcenter.jobcenters.models import Jobcenter


@dataclass(frozen=True)
class MemberSpec:
    first_name: str
    last_name: str
    birth_date: dt.date
    role: str
    sex: str = Person.Sex.NONE
    user: User | None = None


@transaction.atomic
def household_create(
    *,
    jobcenter: Jobcenter,
    members: list[MemberSpec],
    valid_from: dt.date,
    street: str = "",
    postcode: str = "",
    city: str = "",
    persons_in_dwelling: int | None = None,
    customer_number_prefix: str = "",
) -> Bedarfsgemeinschaft:
    """Create a Bedarfsgemeinschaft with its members (all living at one address)."""
    if not members:
        raise ValueError("a Bedarfsgemeinschaft needs at least one member")
    bg = Bedarfsgemeinschaft.objects.create(
        jobcenter=jobcenter, persons_in_dwelling=persons_in_dwelling or len(members)
    )
    for index, spec in enumerate(members, start=1):
        person = Person.objects.create(
            jobcenter=jobcenter,
            user=spec.user,
            first_name=spec.first_name,
            last_name=spec.last_name,
            birth_date=spec.birth_date,
            sex=spec.sex,
            street=street,
            postcode=postcode,
            city=city,
            customer_number=f"{customer_number_prefix}{bg.pk:06d}{index}"
            if customer_number_prefix
            else "",
        )
        Membership.objects.create(
            bedarfsgemeinschaft=bg, person=person, role=spec.role, valid_from=valid_from
        )
    return bg


@transaction.atomic
def person_create_single(
    *,
    jobcenter: Jobcenter,
    first_name: str,
    last_name: str,
    birth_date: dt.date,
    street: str = "",
    postcode: str = "",
    city: str = "",
    valid_from: dt.date,
) -> Person:
    """A person without an online account (e.g. for a paper application), as the only
    member of a new Bedarfsgemeinschaft; staff complete the household later."""
    bg = household_create(
        jobcenter=jobcenter,
        valid_from=valid_from,
        street=street,
        postcode=postcode,
        city=city,
        members=[
            MemberSpec(first_name, last_name, birth_date, Membership.Role.ANTRAGSTELLER)
        ],
    )
    return bg.memberships.get().person
