"""Writes on persons and Bedarfsgemeinschaften, and the citizen's own contact data from the
profile (kept in step with the person record the caseworker reads)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from jobcenter.accounts.models import User
from jobcenter.accounts.services import AccountError, citizen_change_postcode
from jobcenter.households.models import Bedarfsgemeinschaft, HouseholdChange, Membership, Person
from jobcenter.households.services.numbering import assign_bg_number, assign_customer_number
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
    actor: User | None = None,
    reason: str = "",
    match_pending: bool = False,
) -> Bedarfsgemeinschaft:
    """Create a Bedarfsgemeinschaft with its members (all living at one address), with its
    BG-Nummer and a Kundennummer per member from the Jobcenter's sequences (§ 51a SGB II;
    ``customer_number_prefix`` is no longer used and kept for older callers), and a
    "created" entry in each member's history."""
    del customer_number_prefix  # numbers come from households.services.numbering
    if not members:
        raise ValueError("a Bedarfsgemeinschaft needs at least one member")
    bg = Bedarfsgemeinschaft.objects.create(
        jobcenter=jobcenter, persons_in_dwelling=persons_in_dwelling or len(members)
    )
    assign_bg_number(bg)
    for spec in members:
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
            match_pending=match_pending and spec.user is not None,
        )
        assign_customer_number(person)
        Membership.objects.create(
            bedarfsgemeinschaft=bg, person=person, role=spec.role, valid_from=valid_from
        )
        HouseholdChange.objects.create(
            jobcenter=jobcenter, person=person, bedarfsgemeinschaft=bg,
            kind=HouseholdChange.Kind.CREATED, field="Bedarfsgemeinschaft",
            new=bg.number, reason=(reason or "Angelegt")[:500], actor=actor,
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
    actor: User | None = None,
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
        actor=actor, reason="Papierantrag erfasst",
    )
    return bg.memberships.get().person


# --- The citizen's own contact data (profile), kept in step with the person record -----


def _linked_person(user: User) -> Any:
    return Person.objects.select_for_update().filter(user=user).first()


@transaction.atomic
def citizen_contact_update(*, user: User, phone: str) -> None:
    """The citizen's phone number (empty: none); also on the Jobcenter's person record, so
    the caseworker calls the current number."""
    if not user.is_citizen:
        raise AccountError(_("Nur Kundinnen und Kunden können hier Kontaktdaten ändern."))
    user.phone = phone.strip()
    user.save(update_fields=["phone"])
    person = _linked_person(user)
    if person is not None and person.phone != user.phone:
        person.phone = user.phone
        person.save(update_fields=["phone"])


@dataclass(frozen=True)
class AddressChange:
    jobcenter: Jobcenter
    #: the responsible Jobcenter changed with the postcode (§ 36 SGB II)
    jobcenter_changed: bool
    postcode_changed: bool


@transaction.atomic
def citizen_address_update(*, user: User, street: str, postcode: str, city: str) -> AddressChange:
    """The citizen's postal address. A new postcode is a move: the postcode decides the
    responsible Jobcenter (``citizen_change_postcode``, raises AccountError where no
    Jobcenter on the platform is responsible — then nothing is changed). The Jobcenter's
    person record gets the address too, so letters go to where the person lives."""
    old_jobcenter_id = user.jobcenter_id
    postcode_changed = postcode != user.postcode
    jobcenter = (citizen_change_postcode(user=user, postcode=postcode) if postcode_changed
                 else user.jobcenter)
    if jobcenter is None:  # an account whose postcode lost its Jobcenter: check again
        jobcenter = citizen_change_postcode(user=user, postcode=postcode)
    user.street = street.strip()
    user.city = city.strip()
    user.save(update_fields=["street", "city"])
    person = _linked_person(user)
    if person is not None:
        person.street, person.postcode, person.city = user.street, postcode, user.city
        person.save(update_fields=["street", "postcode", "city"])
    return AddressChange(jobcenter=jobcenter, jobcenter_changed=jobcenter.pk != old_jobcenter_id,
                         postcode_changed=postcode_changed)


# --- Maintained BG data: numbers, changes with a reason and history, bank accounts, matching
from jobcenter.households.services.matching import (  # noqa: E402  (after the base writes)
    ApplicantData,
    MemberData,
    person_confirm_new,
    person_for_application,
    person_merge_prepare,
)
from jobcenter.households.services.numbering import next_number  # noqa: E402
from jobcenter.households.services.records import (  # noqa: E402
    HouseholdError,
    bank_account_set,
    membership_end,
    membership_update,
    person_add_to_household,
    person_note_add,
    person_update,
)

__all__ = [
    "AddressChange", "ApplicantData", "HouseholdError", "MemberData", "MemberSpec",
    "assign_bg_number", "assign_customer_number", "bank_account_set",
    "citizen_address_update", "citizen_contact_update", "household_create",
    "membership_end", "membership_update", "next_number", "person_add_to_household",
    "person_confirm_new", "person_create_single", "person_for_application",
    "person_merge_prepare", "person_note_add", "person_update",
]
