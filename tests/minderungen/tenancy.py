"""Sample arguments of the Minderung staff URLs for the tenancy registry."""

from __future__ import annotations

import datetime as dt
from typing import Any


def _case_pk(world: Any) -> int:
    from jobcenter.decisions.models import Decision
    from tests.casefiles.tenancy import DECISIONS_SAMPLE_KWARGS

    pk = DECISIONS_SAMPLE_KWARGS["decisions:detail"](world)["pk"]
    return Decision.objects.get(pk=pk).case_id


def _minderung(world: Any) -> dict[str, int]:
    from django.utils import timezone

    from jobcenter.casefiles.models import Case
    from jobcenter.minderungen.models import Minderung
    from jobcenter.minderungen.services import minderung_record

    existing = Minderung.objects.filter(jobcenter=world.jobcenter,
                                        hearing_letter_date__isnull=True).first()
    if existing is None:
        today = timezone.localdate()
        existing = minderung_record(
            actor=world.staff, case=Case.objects.get(pk=_case_pk(world)), person_key="P1",
            kind="pflichtverletzung", duty="Bewerbungstraining",
            belehrung_on=today - dt.timedelta(days=30), belehrung_text="Belehrung",
            event_on=today - dt.timedelta(days=5), event_text="Nicht erschienen.")
    return {"pk": existing.pk}


def _heard(world: Any) -> dict[str, int]:
    """A Minderung whose Anhörung was started (its letter exists or is being rendered)."""
    from django.utils import timezone

    from jobcenter.minderungen.models import Minderung
    from jobcenter.minderungen.services import minderung_hearing

    existing = Minderung.objects.filter(jobcenter=world.jobcenter,
                                        hearing_letter_date__isnull=False).first()
    if existing is None:
        fresh = Minderung.objects.get(pk=_minderung(world)["pk"])
        existing = minderung_hearing(minderung=fresh, actor=world.staff,
                                     answer_due=timezone.localdate() + dt.timedelta(days=21))
    return {"pk": existing.pk}


MINDERUNGEN_SAMPLE_KWARGS = {
    "minderungen:record": lambda w: {"case_pk": _case_pk(w)},
    "minderungen:detail": _minderung,
    "minderungen:hearing": _minderung,
    "minderungen:answer": _minderung,
    "minderungen:decide": _minderung,
    "minderungen:drop": _minderung,
    "minderungen:end": _minderung,
    "minderungen:posted": _heard,
    "minderungen:hearing_pdf": _heard,
}
