"""Who a Bescheid concerns: the persons of the calculation matched to the people of the
Bedarfsgemeinschaft (§ 33 Abs. 1 SGB X: a Bescheid names whom it concerns).

The engine knows persons only by an id (``P1``, ``P2``), a role and a date of birth. This
module finds each one's record in the BG (date of birth and role, then date of birth
alone; the first person of the request is the applicant) and gives the snapshot's
``names`` (id → "Vorname Nachname") and ``persons`` (id → name, date of birth, sex,
customer number). A person who cannot be matched keeps no name; ``decisions.checks``
then blocks issuing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from jobcenter.casefiles.models import Case
from jobcenter.households.models import Person

ROLE_OF = {"antragsteller": "antragsteller", "partner": "partner", "kind": "kind",
           "sonstige": "sonstige"}


def _candidates(case: Case) -> list[tuple[Person, str]]:
    people: list[tuple[Person, str]] = []
    if case.bedarfsgemeinschaft_id:
        day = timezone.localdate(case.received_at) if case.received_at else None
        memberships = case.bedarfsgemeinschaft.current_memberships(day)
        if not memberships.exists():
            memberships = case.bedarfsgemeinschaft.current_memberships()
        people = [(m.person, m.role) for m in memberships]
    if case.applicant_id and all(p.pk != case.applicant_id for p, _r in people):
        people.insert(0, (case.applicant, "antragsteller"))
    return people


def _birth(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def persons_for(case: Case, request: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Request person id → {"name", "birth_date" (ISO), "sex", "customer_number"}; only
    persons found in the BG (or the applicant) get a name."""
    candidates = _candidates(case)
    used: set[int] = set()
    found: dict[str, dict[str, str]] = {}
    entries = list(enumerate(request.get("personen") or []))

    def take(person: Person, pid: str, birth: dt.date | None) -> None:
        used.add(person.pk)
        found[pid] = {
            "name": f"{person.first_name} {person.last_name}".strip(),
            "birth_date": (birth or person.birth_date).isoformat(),
            "sex": person.sex, "customer_number": person.customer_number,
        }

    # First pass: date of birth and role; second: date of birth; third: the applicant.
    for strict in (True, False):
        for index, entry in entries:
            pid = str(entry.get("id") or f"P{index + 1}")
            if pid in found:
                continue
            birth = _birth(entry.get("geburtsdatum"))
            role = ROLE_OF.get(str(entry.get("rolle") or ""), "")
            for person, member_role in candidates:
                if person.pk in used or birth is None or person.birth_date != birth:
                    continue
                if strict and role and member_role != role:
                    continue
                take(person, pid, birth)
                break
    for index, entry in entries:
        pid = str(entry.get("id") or f"P{index + 1}")
        if pid not in found and index == 0 and case.applicant_id \
                and case.applicant_id not in used:
            take(case.applicant, pid, _birth(entry.get("geburtsdatum")))
    for index, entry in entries:
        pid = str(entry.get("id") or f"P{index + 1}")
        if pid not in found:
            birth = _birth(entry.get("geburtsdatum"))
            found[pid] = {"name": "", "birth_date": birth.isoformat() if birth else "",
                          "sex": "", "customer_number": ""}
    return found


def names_of(persons: dict[str, dict[str, str]]) -> dict[str, str]:
    """id → name for the persons with a name (the Berechnungsbogen's ``names``)."""
    return {pid: data["name"] for pid, data in persons.items() if data.get("name")}
