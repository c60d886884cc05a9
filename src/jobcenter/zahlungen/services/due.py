"""What is due, and where it goes: the two seams of the payment run.

* :func:`amounts_due` — "the amount due for BG X in month M", from the issued Bescheide.
  The ONE place here that decides which Bescheid rules a month — by the same rule as
  ``decisions.chain`` (the final Bescheid issued last that decides the month), in bulk
  for a run's chunk.
* :func:`bank_accounts` — the IBAN a person's money goes to. The ONE place that knows
  where bank details live: the bank account the caseworker maintains in ``households``
  (valid on the day), else the latest IBAN the person gave in an application or the
  profile's change of bank account.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.db.models.fields.json import KT
from django.utils import timezone

from jobcenter.antraege.models import Submission
from jobcenter.decisions.deadlines import (
    month_end,
)
from jobcenter.decisions.models import Decision, DecisionAmount
from jobcenter.decisions.services import AMOUNT_TYPES
from jobcenter.households.models import BankAccount, Membership, Person

ZERO = Decimal("0.00")
#: Bescheid types whose amounts grant money for their months: every type that carries
#: amounts (``decisions.AMOUNT_TYPES``: Bewilligung, Teilbewilligung, Änderung, Abhilfe,
#: Minderung and its end) plus the § 41a final decision and the Aufhebung/Erstattung for
#: the past, whose amounts are what remains due for their months.
GRANTING = tuple(sorted(AMOUNT_TYPES | {"abschliessend", "aufhebung_erstattung"}))
#: A later Aufhebung ends what an earlier Bescheid granted from its first month.
CANCELLING = ("aufhebung",)
ISSUED = (Decision.Status.APPROVED, Decision.Status.DELIVERED)


@dataclass
class Due:
    """What the ruling Bescheid grants a BG for one month (per person and in total)."""

    decision_id: int | None
    persons: dict[str, Decimal] = field(default_factory=dict)  # person_key → Zahlbetrag

    @property
    def total(self) -> Decimal:
        return sum(self.persons.values(), ZERO)


def _within(field: str, ids: list[int]) -> Q:
    """``field`` in ``ids`` as a range (the run's chunks are id ranges: a short query instead
    of thousands of parameters); callers drop rows outside ``ids``."""
    return Q(**{f"{field}__gte": min(ids), f"{field}__lte": max(ids)})


def amounts_due(bg_ids: Iterable[int],
                months: Iterable[dt.date]) -> dict[tuple[int, dt.date], Due]:
    """(BG, month) → :class:`Due` for every pair that an issued Bescheid rules.

    The ruling Bescheid of a month is the latest issued (by ``approved_at``) Bewilligung,
    Teilbewilligung, Änderungsbescheid or Aufhebung that covers the month; an Aufhebung
    rules with nothing due. Pairs without any Bescheid are absent (nothing due)."""
    bg_ids = list(bg_ids)
    months = sorted(set(months))
    if not bg_ids or not months:
        return {}
    wanted = set(bg_ids)
    best: dict[tuple[int, dt.date], tuple[Any, int]] = {}
    rows: dict[int, dict[dt.date, dict[str, Decimal]]] = {}
    granted = (DecisionAmount.objects
               .filter(_within("decision__bedarfsgemeinschaft_id", bg_ids),
                       month__in=months, decision__status__in=ISSUED,
                       decision__decision_type__key__in=GRANTING)
               .values_list("decision__bedarfsgemeinschaft_id", "decision_id",
                            "decision__approved_at", "month", "person_key", "amount"))
    for bg_id, decision_id, approved_at, month, person_key, amount in granted.iterator(
            chunk_size=5000):
        if bg_id not in wanted:
            continue
        rank = (approved_at, decision_id)
        current = best.get((bg_id, month))
        if current is None or rank > current:
            best[(bg_id, month)] = rank
        rows.setdefault(decision_id, {}).setdefault(month, {})[person_key] = amount
    first, last = months[0], months[-1]
    cancels = (Decision.objects
               .filter(_within("bedarfsgemeinschaft_id", bg_ids), status__in=ISSUED,
                       decision_type__key__in=CANCELLING, period_from__isnull=False,
                       period_from__lte=last)
               .filter(Q(period_to__isnull=True) | Q(period_to__gte=first))
               .values_list("bedarfsgemeinschaft_id", "pk", "approved_at", "period_from",
                            "period_to"))
    for bg_id, decision_id, approved_at, start, end in cancels:
        if bg_id not in wanted:
            continue
        for month in months:
            if start is not None and start <= month_end(month) and (
                    end is None or end >= month):
                rank = (approved_at, decision_id)
                current = best.get((bg_id, month))
                if current is None or rank > current:
                    best[(bg_id, month)] = rank
    result: dict[tuple[int, dt.date], Due] = {}
    for (bg_id, month), (_approved, decision_id) in best.items():
        persons = rows.get(decision_id, {}).get(month, {})
        result[(bg_id, month)] = Due(decision_id=decision_id, persons=dict(persons))
    return result


def amount_due(bg_id: int, month: dt.date) -> Due | None:
    """The one BG's :class:`Due` for ``month`` (None: no Bescheid rules it)."""
    return amounts_due([bg_id], [month]).get((bg_id, month))


def month_details(decision: Decision, month: dt.date) -> dict[str, dict[str, Any]]:
    """person_key → the engine's result for that person in ``month`` (Regelbedarf, KdU,
    Minderung), from the Bescheid's snapshot; {} for a Bescheid without one."""
    results = (decision.snapshot or {}).get("results") or {}
    result = results.get(f"{month:%Y-%m}") or {}
    return {str(p.get("id")): p for p in result.get("personen") or [] if p.get("in_bg", True)}


def person_key_for(person: Person, decision: Decision) -> str | None:
    """The key of ``person`` in the Bescheid's calculation: the applicant is the first
    person; the others are found by date of birth (unique in the request)."""
    request = (decision.snapshot or {}).get("request") or {}
    people = request.get("personen") or []
    if decision.case.applicant_id == person.pk and people:
        return str(people[0].get("id") or "P1")
    born = person.birth_date.isoformat()
    matches = [p for p in people if p.get("geburtsdatum") == born]
    if len(matches) == 1:
        return str(matches[0].get("id"))
    return None


@dataclass(frozen=True)
class Recipient:
    """The person a BG's money goes to (only what a payment needs)."""

    pk: int
    user_id: int | None
    name: str

    def __str__(self) -> str:
        return self.name


def recipients(bg_ids: Iterable[int],
               months: Iterable[dt.date]) -> dict[tuple[int, dt.date], Recipient]:
    """(BG, month) → the person the BG's money goes to: the Antragsteller of that month."""
    months = sorted(set(months))
    bg_ids = list(bg_ids)
    if not months or not bg_ids:
        return {}
    wanted = set(bg_ids)
    memberships = (Membership.objects
                   .filter(_within("bedarfsgemeinschaft_id", bg_ids),
                           role=Membership.Role.ANTRAGSTELLER,
                           valid_from__lte=month_end(months[-1]))
                   .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=months[0]))
                   .order_by("valid_from", "pk")
                   .values_list("bedarfsgemeinschaft_id", "valid_from", "valid_to",
                                "person_id", "person__user_id", "person__first_name",
                                "person__last_name"))
    found: dict[tuple[int, dt.date], Recipient] = {}
    for bg_id, valid_from, valid_to, person_id, user_id, first, last in memberships:
        if bg_id not in wanted:
            continue
        person = Recipient(pk=person_id, user_id=user_id, name=f"{first} {last}".strip())
        for month in months:
            if valid_from <= month_end(month) and (valid_to is None or valid_to >= month):
                found[(bg_id, month)] = person
    return found


def bank_accounts(persons: Iterable[Person | Recipient]) -> dict[int, str]:
    """person id → the IBAN to pay to (compact, upper case); persons without one are
    absent. The account the caseworker maintains (``households.BankAccount``, valid
    today) wins; otherwise the latest IBAN the person (or their account) gave in an
    application or a change of bank account."""
    persons = list(persons)
    if not persons:
        return {}
    by_user = {p.user_id: p.pk for p in persons if p.user_id}
    person_ids = {p.pk for p in persons}
    found: dict[int, str] = {}
    rows = (Submission.objects
            .filter(Q(person_id__in=person_ids) | Q(user_id__in=list(by_user)))
            .annotate(iban=KT("answers__iban"))
            .filter(answers__has_key="iban")
            .order_by("submitted_at", "pk")
            .values_list("person_id", "user_id", "iban"))
    for person_id, user_id, iban in rows.iterator(chunk_size=5000):
        target = person_id if person_id in person_ids else by_user.get(user_id)
        if target is not None and iban:
            found[target] = "".join(str(iban).split()).upper()
    today = timezone.localdate()
    maintained = (BankAccount.objects
                  .filter(person_id__in=person_ids, valid_from__lte=today)
                  .exclude(valid_to__lt=today)
                  .order_by("valid_from", "pk").values_list("person_id", "iban"))
    for person_id, iban in maintained.iterator(chunk_size=5000):
        found[person_id] = "".join(str(iban).split()).upper()  # the latest start wins
    return found
