"""Writing the access log. Views do not call this: they read personal data through
``transparency.reads``, which checks access, fetches and calls ``access_log_record``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Model

from jobcenter.accounts.models import User
from jobcenter.transparency.chain import entries_append

if TYPE_CHECKING:  # households sits above transparency (its selectors read through it)
    from jobcenter.households.models import Person


@dataclass(frozen=True)
class Seen:
    """One person whose data a page showed, with the object it was shown through."""

    person: Person
    obj: Model | None = None
    detail: str = ""  # plain words for the citizen (a title, a reference), no internal keys


def _name(first: str, last: str) -> str:
    return f"{first} {last}".strip()[:201]


def access_log_rows(*, purpose: str, what: str, seen: Iterable[Seen]) -> list[dict[str, Any]]:
    """The entries' fields that do not depend on who read: one row per person shown (a
    person shown twice through the same object once). A cached staff page keeps them and
    writes them again on every hit (``access_log_repeat``)."""
    rows, done = [], set()
    for item in seen:
        person, obj = item.person, item.obj
        key = (person.pk, obj._meta.label if obj is not None else "", getattr(obj, "pk", None))
        if key in done:
            continue
        done.add(key)
        rows.append({
            "person_id": person.pk, "person_name": _name(person.first_name, person.last_name),
            "person_customer_number": person.customer_number,
            "purpose": purpose, "what": what,
            "object_type": obj._meta.label if obj is not None else "",
            "object_id": str(obj.pk) if obj is not None else "",
            "detail": item.detail[:200],
            "checkpoint_seq": None, "checkpoint_hash": "",
        })
    return rows


def access_log_repeat(*, actor: User, rows: list[dict[str, Any]]) -> list[int]:
    """Write ``rows`` (``access_log_rows``) as read by ``actor``; the ids of the new entries
    in chain order. Citizens reading their own data are not logged."""
    if not actor.is_staff_member or not rows:
        return []
    reader = {"actor_id": actor.pk, "actor_name": _name(actor.first_name, actor.last_name),
              "actor_role": actor.role, "team_name": actor.team.name if actor.team_id else ""}
    return entries_append(jobcenter_id=actor.jobcenter_id,
                          rows=[{**reader, **row} for row in rows])


def access_log_record(
    *, actor: User, purpose: str, what: str, seen: Iterable[Seen]
) -> list[int]:
    """One chained entry per person shown (a person shown twice through the same object
    is written once); the ids of the new entries in chain order. Citizens reading their
    own data are not logged."""
    if not actor.is_staff_member:
        return []
    return access_log_repeat(actor=actor,
                             rows=access_log_rows(purpose=purpose, what=what, seen=seen))
