"""Which rows of households the cached pages show, and their scopes (``core.datastand``;
connected in ``config/wiring.py``)."""

from __future__ import annotations

from jobcenter.core import datastand
from jobcenter.households.models import (
    BankAccount,
    Bedarfsgemeinschaft,
    HouseholdChange,
    Membership,
    NumberSequence,
    Person,
    PersonNote,
)


def declare() -> None:
    datastand.shown(Bedarfsgemeinschaft)
    datastand.shown(Person, also=("user",), moves=True)
    datastand.shown(Membership, also=("person__user",), moves=True)
    datastand.shown(BankAccount)
    datastand.not_shown(HouseholdChange,
                        "internal history of the BG; the citizen sees the data themselves")
    datastand.not_shown(PersonNote, "internal staff notes, never shown to citizens")
    datastand.not_shown(NumberSequence, "counters for reference numbers")

    # the staff case page shows the applicant and the members of the case's BG; the work
    # queue the applicants' names
    datastand.on_staff_pages(Bedarfsgemeinschaft, case=("cases",))
    datastand.on_staff_pages(Person, case=("cases", "memberships__bedarfsgemeinschaft__cases"),
                             caselist=("cases__jobcenter",))
    datastand.on_staff_pages(Membership, case=("bedarfsgemeinschaft__cases",))
