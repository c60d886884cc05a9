"""Sample arguments of the concern staff URLs for the tenancy registry: an Ortsabwesenheit
of Jobcenter A's citizen, submitted online and filed in the eAkte."""

from __future__ import annotations

import datetime as dt
from typing import Any


def _case(world: Any) -> dict[str, int]:
    from django.utils import timezone

    from jobcenter.antraege.services import submission_create_from_draft
    from jobcenter.antraege.tasks import receipt_render, submission_received
    from jobcenter.casefiles.models import Case
    from jobcenter.formengine import registry
    from jobcenter.formengine.services import draft_start

    existing = Case.objects.filter(jobcenter=world.jobcenter,
                                   case_type__key="ortsabwesenheit").first()
    if existing is None:
        start = timezone.localdate() + dt.timedelta(days=20)
        draft = draft_start(user=world.citizen, form=registry.get_form("ortsabwesenheit"))
        draft.answers = {"von": start.isoformat(),
                         "bis": (start + dt.timedelta(days=6)).isoformat(),
                         "ort": "Lissabon", "grund": "urlaub", "post": True}
        draft.save(update_fields=["answers"])
        submission = submission_create_from_draft(draft=draft, user=world.citizen)
        receipt_render(submission.pk)
        submission_received(submission.pk)
        existing = Case.objects.get(submission_id=submission.pk)
    return {"pk": existing.pk}


ANLIEGEN_SAMPLE_KWARGS = {
    "anliegen:decide": _case,
}
