"""To whom an Aufhebungs- und Erstattungsbescheid is addressed: to each member of the
Bedarfsgemeinschaft it concerns, individually.

Each member has an own entitlement, so the withdrawal and the claim can only be declared to
the member who received the benefit, for what he or she received (§ 50 Abs. 1 SGB X; LSG
Berlin-Brandenburg, 7 May 2009, L 28 AS 1354/08; the presumed authority of § 38 SGB II
covers applying for and receiving benefits, not the withdrawal). A minor is addressed through
the legal representatives — the adults of the BG in the role of applicant or partner, which
staff confirm before the draft is created; a declaration to one parent suffices (§ 1629
Abs. 1 Satz 2 BGB) — and the letter names the limitation of a minor's liability (§ 1629a BGB;
BSG, 7 July 2011, B 14 AS 153/10 R).

The data of an addressee travel in ``Decision.snapshot["erstattung"]["addressee"]`` (so a
later change of the household never changes an issued letter):
``{"person_key", "person_id", "name", "birth_date", "minor", "sex", "last_name",
"first_name", "street", "postcode", "city", "customer_number", "representatives": [same
without "representatives"]}``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from jobcenter.casefiles.models import Case
from jobcenter.decisions import deadlines
from jobcenter.households.models import Person

#: Full age (§ 2 BGB).
FULL_AGE = 18

#: Roles in the request whose adults are taken as a minor's legal representatives.
REPRESENTING_ROLES = frozenset({"antragsteller", "partner"})


def is_minor(birth: dt.date, on: dt.date) -> bool:
    return deadlines.add_years(birth, FULL_AGE) > on


def _person_data(person: Person | None, *, name: str, birth: str) -> dict[str, Any]:
    data: dict[str, Any] = {"name": name, "birth_date": birth, "sex": "", "first_name": "",
                            "last_name": "", "street": "", "postcode": "", "city": "",
                            "customer_number": "", "person_id": None}
    if person is not None:
        data.update({"person_id": person.pk, "sex": person.sex,
                     "first_name": person.first_name, "last_name": person.last_name,
                     "street": person.street, "postcode": person.postcode, "city": person.city,
                     "customer_number": person.customer_number})
    return data


def addressees(*, case: Case, request: dict[str, Any], names: dict[str, str],
               ids: dict[str, int | None], person_keys: list[str], on: dt.date
               ) -> dict[str, dict[str, Any]]:
    """Per person key of ``person_keys``: the addressee data (minors with their
    representatives). ``ids``: person key → ``households.Person`` id."""
    entries = {str(e.get("id") or f"P{i + 1}"): e
               for i, e in enumerate(request.get("personen") or [])}
    people = Person.objects.in_bulk([i for i in ids.values() if i is not None])
    applicant_address = _person_data(case.applicant, name="", birth="")

    def data_for(key: str) -> dict[str, Any]:
        pid = ids.get(key)
        birth = str((entries.get(key) or {}).get("geburtsdatum") or "")
        data = _person_data(people.get(pid) if pid else None, name=names.get(key, key),
                            birth=birth)
        if not data["street"]:  # the household's address (the applicant's)
            for field in ("street", "postcode", "city"):
                data[field] = applicant_address[field]
        return {"person_key": key, **data}

    adults = [key for key, entry in entries.items()
              if entry.get("rolle") in REPRESENTING_ROLES and entry.get("geburtsdatum")
              and not is_minor(dt.date.fromisoformat(str(entry["geburtsdatum"])), on)]
    result: dict[str, dict[str, Any]] = {}
    for key in person_keys:
        data = data_for(key)
        birth = data["birth_date"]
        data["minor"] = bool(birth) and is_minor(dt.date.fromisoformat(birth), on)
        data["representatives"] = [data_for(a) for a in adults] if data["minor"] else []
        result[key] = data
    return result


def representatives_text(addressee: dict[str, Any]) -> str:
    """"Ayşe Yılmaz und Mehmet Yılmaz" (the names of a minor's representatives)."""
    names = [r["name"] for r in addressee.get("representatives") or []]
    if len(names) <= 1:
        return "".join(names)
    return _("%(first)s und %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def address_lines(addressee: dict[str, Any]) -> list[str]:
    """The window address: the adult, or a minor's representatives "als gesetzliche
    Vertreter von …"."""
    if addressee.get("minor"):
        reps = addressee.get("representatives") or []
        first = reps[0] if reps else addressee
        lines = [representatives_text(addressee),
                 _("als gesetzliche Vertreter von %(name)s") % {"name": addressee["name"]}
                 if len(reps) > 1 else
                 _("als gesetzliche Vertretung von %(name)s") % {"name": addressee["name"]}]
    else:
        first = addressee
        lines = [addressee["name"]]
    if first.get("street"):
        lines.append(first["street"])
    if first.get("postcode") or first.get("city"):
        lines.append(f"{first.get('postcode', '')} {first.get('city', '')}".strip())
    return lines


def _salute(person: dict[str, Any]) -> str:
    if person.get("sex") == "w" and person.get("last_name"):
        return _("Sehr geehrte Frau %(last)s") % {"last": person["last_name"]}
    if person.get("sex") == "m" and person.get("last_name"):
        return _("Sehr geehrter Herr %(last)s") % {"last": person["last_name"]}
    return _("Guten Tag %(name)s") % {"name": person["name"]}


def adults_to_hear(to: dict[str, dict[str, Any]], applicant_id: int | None
                   ) -> list[dict[str, Any]]:
    """Whom the Anhörung (§ 24 SGB X) is addressed to: every adult member concerned and the
    representatives of every minor concerned, each once, the applicant first."""
    people: dict[str, dict[str, Any]] = {}
    for addressee in to.values():
        for person in (addressee["representatives"] if addressee["minor"] else [addressee]):
            people.setdefault(person["person_key"], person)
    return sorted(people.values(), key=lambda p: p.get("person_id") != applicant_id)


def names_text(people: list[dict[str, Any]]) -> str:
    names = [p["name"] for p in people]
    if len(names) <= 1:
        return "".join(names)
    return _("%(first)s und %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def salutation_of(people: list[dict[str, Any]]) -> str:
    parts = [_salute(p) for p in people]
    text = ", ".join([parts[0], *[p[0].lower() + p[1:] for p in parts[1:]]])
    return f"{text},"


def salutation(addressee: dict[str, Any]) -> str:
    """By name; for a minor each representative ("Sehr geehrte Frau …, sehr geehrter Herr
    …,")."""
    people = (addressee.get("representatives") or [addressee]) if addressee.get("minor") \
        else [addressee]
    parts = [_salute(p) for p in people]
    text = ", ".join([parts[0], *[p[0].lower() + p[1:] for p in parts[1:]]])
    return f"{text},"
