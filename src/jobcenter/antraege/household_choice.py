"""The choice "which person?" in our forms: the applicant and the persons of the household.

Income, assets and additional needs belong to a person. The forms ask for that person with a
single choice built from the persons entered earlier in the same form
(``options_from: haushalt``), instead of a typed first name that might not match, or match
two persons. The keys are stable while the person's data are: ``selbst`` for the applicant,
"<first name> (<date of birth>)" for everybody else (the stored answer stays readable in
exports). If a person is renamed or removed, their key disappears and the choice is invalid
— the summary asks to choose again rather than assigning the income to somebody else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from jobcenter.formengine.definition import Option

SELF = "selbst"
SOURCE = "haushalt"


def answer_date(value: Any) -> dt.date | None:
    """A date answer (ISO string as stored, or a date), or None if it is none."""
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None


def household_persons(answers: Mapping[str, Any]) -> list[tuple[str, int, dict[str, Any]]]:
    """(key, position in ``personen``, item) for every further person with a first name.

    The key is the person's first name and date of birth; a second person with the same
    name and date gets " #2" and so on.
    """
    if answers.get("weitere_personen") is not True:
        return []
    items = answers.get("personen")
    result: list[tuple[str, int, dict[str, Any]]] = []
    seen: dict[str, int] = {}
    for position, item in enumerate(items if isinstance(items, list) else []):
        if not isinstance(item, dict):
            continue
        name = str(item.get("person_vorname") or "").strip()
        if not name:
            continue
        born = answer_date(item.get("person_geburtsdatum"))
        key = f"{name} ({born.isoformat()})" if born else name
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            key = f"{key} #{seen[key]}"
        result.append((key, position, item))
    return result


def household_options(answers: Mapping[str, Any]) -> list[Option]:
    """ "Ich selbst" and one option per further person (options source ``haushalt``)."""
    own = str(answers.get("vorname") or "").strip()
    options = [
        Option(
            key=SELF,
            label={
                "de": f"Ich selbst ({own})" if own else "Ich selbst",
                "en": f"Myself ({own})" if own else "Myself",
            },
        )
    ]
    for key, _position, item in household_persons(answers):
        name = str(item.get("person_vorname") or "").strip()
        born = answer_date(item.get("person_geburtsdatum"))
        options.append(
            Option(
                key=key,
                label={
                    "de": f"{name} (geboren am {born:%d.%m.%Y})" if born else name,
                    "en": f"{name} (born {born:%d/%m/%Y})" if born else name,
                },
            )
        )
    return options
