"""Prefill providers for our forms (registered in ``AntraegeConfig.ready``).

Each provider takes the subject of the form: the signed-in citizen's account, or — when
staff enter a paper application — the ``households.Person`` it is for.

``profile``: the citizen's own data (account and Person record);
``household``: the current Bedarfsgemeinschaft (everyone but the citizen, as WEP entries);
``last_submission``: the current state — the answers of the latest submissions merged in
order (a Veränderungsmitteilung's changes lie over the Hauptantrag before it).
"""

from __future__ import annotations

from typing import Any

from jobcenter.households.models import Membership, Person
from jobcenter.households.selectors import current_household_for_person, current_household_for_user

_ROLE_TO_BEZIEHUNG = {
    Membership.Role.PARTNER: "partner",
    Membership.Role.KIND: "kind",
    Membership.Role.SONSTIGE: "sonstige",
}


def profile(user: Any) -> dict[str, Any]:
    if isinstance(user, Person):
        return _person_profile(user)
    if not getattr(user, "is_authenticated", False):
        return {}
    person = getattr(user, "person", None) if _has_person(user) else None
    data: dict[str, Any] = {
        "vorname": (person.first_name if person else "") or user.first_name,
        "nachname": (person.last_name if person else "") or user.last_name,
        "email": user.email,
    }
    # The address and phone the citizen keeps in the profile come first (they are the
    # newest); the Jobcenter's person record fills what the profile does not have.
    own = {"street": getattr(user, "street", ""), "postcode": getattr(user, "postcode", ""),
           "city": getattr(user, "city", "")}
    if own["street"] and own["postcode"] and own["city"]:
        address = own
    else:
        address = {
            "street": person.street if person else "",
            "postcode": (person.postcode if person else "") or own["postcode"],
            "city": person.city if person else "",
        }
    if any(address.values()):
        data["anschrift"] = address
    phone = getattr(user, "phone", "") or (person.phone if person else "")
    if phone:
        data["telefon"] = phone
    if person is not None:
        data["geburtsdatum"] = person.birth_date.isoformat()
    return {k: v for k, v in data.items() if v not in ("", None)}


def _person_profile(person: Person) -> dict[str, Any]:
    """A person's own records (paper application entered by staff); the e-mail address
    only if the person has an account."""
    data: dict[str, Any] = {
        "vorname": person.first_name,
        "nachname": person.last_name,
        "geburtsdatum": person.birth_date.isoformat(),
        "telefon": person.phone,
        "email": person.user.email if person.user_id else "",
    }
    address = {"street": person.street, "postcode": person.postcode, "city": person.city}
    if any(address.values()):
        data["anschrift"] = address
    return {k: v for k, v in data.items() if v not in ("", None)}


def _has_person(user: Any) -> bool:
    try:
        return user.person is not None
    except Exception:  # RelatedObjectDoesNotExist
        return False


def household(user: Any) -> dict[str, Any]:
    if isinstance(user, Person):
        view = current_household_for_person(user)
        others = [m for m in view.members if m.person_id != user.pk] if view else []
    elif getattr(user, "is_authenticated", False):
        view = current_household_for_user(user)
        others = [m for m in view.members if m.person.user_id != user.pk] if view else []
    else:
        return {}
    if view is None:
        return {}
    personen = [
        {
            "person_vorname": m.person.first_name,
            "person_nachname": m.person.last_name,
            "person_geburtsdatum": m.person.birth_date.isoformat(),
            "beziehung": _ROLE_TO_BEZIEHUNG.get(m.role, "sonstige"),
        }
        for m in others
    ]
    _known_schools(user, personen)
    return {
        "weitere_personen": bool(personen) or view.bedarfsgemeinschaft.persons_in_dwelling > 1,
        "personen": personen,
        "personen_in_wohnung": max(view.bedarfsgemeinschaft.persons_in_dwelling, len(view.members)),
    }


def _known_schools(user: Any, personen: list[dict[str, Any]]) -> None:
    """Prefill "attends a school?" (``person_schule``) of each household member from the
    current state of the person's applications, matched by first name and date of birth."""
    if not personen:
        return
    known: dict[tuple[str, str], str] = {}
    for item in last_submission(user).get("personen") or []:
        if isinstance(item, dict) and isinstance(item.get("person_schule"), str):
            key = (str(item.get("person_vorname") or "").strip().casefold(),
                   str(item.get("person_geburtsdatum") or ""))
            known[key] = item["person_schule"]
    for person in personen:
        key = (person["person_vorname"].strip().casefold(), person["person_geburtsdatum"])
        if key in known:
            person["person_schule"] = known[key]


def last_submission(user: Any) -> dict[str, Any]:
    from jobcenter.antraege.models import Submission
    from jobcenter.antraege.services import base_answers_for

    if isinstance(user, Person):
        state = base_answers_for(user=None, person=user)
        mine = Submission.objects.filter(person=user)
    elif getattr(user, "is_authenticated", False):
        state = base_answers_for(user=user, person=None)
        mine = Submission.objects.filter(user=user)
    else:
        return {}
    latest = mine.order_by("-submitted_at", "-pk").first()
    if latest is not None:
        # Answers of the latest submission of any form (e.g. the Erstausstattung) too.
        state = {**{k: v for k, v in latest.answers.items() if k not in state}, **state}
    return state
