"""The calculation starts from the Bedarfsgemeinschaft as the caseworker maintains it
(``households``), not from a fresh copy of the application's answers.

``request_from_household(case, request)`` takes the engine request built from the answers
(or the last Bescheid) and replaces its persons by the members of the case's
Bedarfsgemeinschaft in the request's month: role and date of birth from the BG data; what
the answers say about a member (income, Mehrbedarfe, …) is kept where the member is found
in the answers (same date of birth, the applicant as applicant). A member who joins or
leaves within the month gets ``anwesend_ab``/``anwesend_bis``; a child added in the BG
(birth) gets the applicant and partner as parents. Persons of the answers who are not in
the Bedarfsgemeinschaft are left out — to count them, the caseworker adds them to the BG
(with a reason) or changes the calculation (with a reason).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from jobcenter.casefiles.models import Case
from jobcenter.core import sgb2_adapter as engine
from jobcenter.decisions import deadlines
from jobcenter.households.models import Membership

_ROLES = {
    Membership.Role.ANTRAGSTELLER: "antragsteller",
    Membership.Role.PARTNER: "partner",
    Membership.Role.KIND: "kind",
    Membership.Role.SONSTIGE: "sonstige",
}
_ORDER = list(_ROLES)


def household_members(case: Case, first: dt.date) -> list[Membership]:
    """The memberships of the case's Bedarfsgemeinschaft that overlap the month."""
    if not case.bedarfsgemeinschaft_id:
        return []
    last = deadlines.month_end(first)
    members = list(Membership.objects.filter(bedarfsgemeinschaft_id=case.bedarfsgemeinschaft_id,
                                             valid_from__lte=last)
                   .exclude(valid_to__lt=first).select_related("person"))
    members.sort(key=lambda m: (_ORDER.index(m.role) if m.role in _ORDER else 9,
                                m.person.birth_date))
    return members


def request_from_household(case: Case, request: dict[str, Any]) -> dict[str, Any]:
    """``request`` with its persons taken from the Bedarfsgemeinschaft (unchanged if the
    case has none, the request names no month, or the BG has no member in that month)."""
    if not request.get("monat"):
        return request
    try:
        first = engine.month_of(str(request["monat"]))
    except (TypeError, ValueError):
        return request
    members = household_members(case, first)
    if not members:
        return request
    last = deadlines.month_end(first)
    given = [dict(p) for p in request.get("personen") or [] if isinstance(p, dict)]
    used: set[int] = set()
    taken_ids = {str(p.get("id")) for p in given if p.get("id")}
    persons: list[dict[str, Any]] = []
    counter = len(given)
    for membership in members:
        role = _ROLES.get(membership.role, "sonstige")
        born = membership.person.birth_date.isoformat()
        if role == "antragsteller":  # the one applicant, whatever the answers' date says
            match = next((i for i, p in enumerate(given) if i not in used
                          and p.get("rolle") == "antragsteller"), None)
        else:
            match = next((i for i, p in enumerate(given) if i not in used
                          and p.get("rolle") != "antragsteller"
                          and p.get("geburtsdatum") == born), None)
        if match is not None:
            used.add(match)
            person = given[match]
        else:
            counter += 1
            while f"P{counter}" in taken_ids:
                counter += 1
            person = {"id": f"P{counter}"}
            taken_ids.add(person["id"])
        person["rolle"] = role
        person["geburtsdatum"] = born
        for key, day, inside in (("anwesend_ab", membership.valid_from,
                                  first < membership.valid_from <= last),
                                 ("anwesend_bis", membership.valid_to,
                                  membership.valid_to is not None
                                  and first <= membership.valid_to < last)):
            if inside and day is not None:
                person[key] = day.isoformat()
            else:
                person.pop(key, None)
        persons.append(person)
    parents = [p["id"] for p in persons if p["rolle"] in ("antragsteller", "partner")]
    known_ids = {p["id"] for p in persons}
    for person in persons:
        if person["rolle"] == "kind":
            eltern = [e for e in person.get("eltern") or [] if e in known_ids]
            person["eltern"] = eltern or parents[:1]
        elif person.get("eltern"):
            person["eltern"] = [e for e in person["eltern"] if e in known_ids]
    result = dict(request)
    result["personen"] = persons
    # every member of the BG lives in the household: it counts at least as many people
    # (more where others live there too, e.g. a flat-share, as the answers say)
    housing = result.get("unterkunft")
    if isinstance(housing, dict):
        counted = housing.get("personen_im_haushalt")
        if not isinstance(counted, int) or counted < len(persons):
            result["unterkunft"] = {**housing, "personen_im_haushalt": len(persons)}
    return result
