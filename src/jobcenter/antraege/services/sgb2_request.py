"""The current state of a person's applications (the latest Hauptantrag, WBA and VÄM merged in
order) and the engine request of a new submission built from it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from jobcenter.accounts.models import User
from jobcenter.antraege import sgb2_mapping
from jobcenter.antraege.models import (
    Submission,
)
from jobcenter.households.models import Person


def _leistungsbeginn(user: User | None, person: Person | None, on: dt.date) -> dt.date:
    """First month of receipt: the month of the earliest Hauptantrag we hold, else ``on``."""
    qs = Submission.objects.filter(form_key="hauptantrag")
    if user is not None:
        qs = qs.filter(user=user)
    elif person is not None:
        qs = qs.filter(person=person)
    else:
        return on
    first = qs.order_by("submitted_at").values_list("submitted_at", flat=True).first()
    return timezone.localtime(first).date() if first else on


def base_answers_for(*, user: User | None, person: Person | None) -> dict[str, Any]:
    """The current state: answers of the latest Hauptantrag/WBA/VÄM merged in order."""
    qs = Submission.objects.filter(form_key__in=sgb2_mapping.MAPPABLE_FORMS)
    if user is not None:
        qs = qs.filter(user=user)
    elif person is not None:
        qs = qs.filter(person=person)
    else:
        return {}
    state: dict[str, Any] = {}
    for form_key, answers in qs.order_by("submitted_at", "pk").values_list("form_key", "answers"):
        if form_key == "weiterbewilligung" and answers.get("etwas_geaendert") == "nein":
            continue
        state = sgb2_mapping.current_state(answers, state)
    return state


def sgb2_request_for(
    *, form_key: str, answers: dict[str, Any], user: User | None, person: Person | None, on: dt.date
) -> sgb2_mapping.MappingResult:
    base = base_answers_for(user=user, person=person) if form_key != "hauptantrag" else None
    return sgb2_mapping.map_answers(
        form_key, answers, on=on, base=base, leistungsbeginn=_leistungsbeginn(user, person, on)
    )
