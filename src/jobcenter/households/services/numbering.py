"""Kundennummer and BG-Nummer per Jobcenter (§ 51a SGB II).

Formats (as the Bundesagentur writes them):

* **BG-Nummer** ("Nummer der Bedarfsgemeinschaft"): the Jobcenter's five-digit
  Dienststellennummer, ``BG``, a seven-digit sequence — ``12001BG0000042``.
* **Kundennummer** of a person: the first three digits of the Dienststellennummer, a
  letter, a six-digit sequence — ``120A000042`` (after 999,999 persons the letter moves
  on: ``120B000001``).

The Dienststellennummer is ``Jobcenter.agency_number`` (set by the platform; empty: the
Jobcenter's id with five digits). Each number is taken from a ``NumberSequence`` row that
is locked while it is counted up, so two requests never get the same number; a unique
constraint per Jobcenter guards besides.
"""

from __future__ import annotations

from django.db import transaction

from jobcenter.households.models import Bedarfsgemeinschaft, NumberSequence, Person
from jobcenter.jobcenters.models import Jobcenter

BG = "bg"
CUSTOMER = "kunde"
#: Letters of the Kundennummer (without I and O, which read like digits).
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


@transaction.atomic
def next_number(jobcenter: Jobcenter, kind: str) -> int:
    """The next value of the Jobcenter's sequence ``kind`` (1, 2, 3 …), taken under a row
    lock (concurrent callers queue up)."""
    NumberSequence.objects.get_or_create(jobcenter=jobcenter, kind=kind)
    sequence = NumberSequence.objects.select_for_update().get(jobcenter=jobcenter, kind=kind)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return sequence.last


def bg_number(jobcenter: Jobcenter, value: int) -> str:
    return f"{jobcenter.number_prefix}BG{value:07d}"


def customer_number(jobcenter: Jobcenter, value: int) -> str:
    block, rest = divmod(value, 1_000_000)
    return f"{jobcenter.number_prefix[:3]}{LETTERS[block % len(LETTERS)]}{rest:06d}"


def assign_bg_number(bg: Bedarfsgemeinschaft) -> str:
    """Give ``bg`` its BG-Nummer if it has none; returns the number."""
    if not bg.number:
        bg.number = bg_number(bg.jobcenter, next_number(bg.jobcenter, BG))
        bg.save(update_fields=["number"])
    return bg.number


def assign_customer_number(person: Person) -> str:
    """Give ``person`` a Kundennummer if they have none; returns the number."""
    if not person.customer_number:
        value = next_number(person.jobcenter, CUSTOMER)
        if value % 1_000_000 == 0:  # 000000 is no number: skip it
            value = next_number(person.jobcenter, CUSTOMER)
        person.customer_number = customer_number(person.jobcenter, value)
        person.save(update_fields=["customer_number"])
    return person.customer_number
