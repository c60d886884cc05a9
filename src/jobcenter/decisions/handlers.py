"""Domain-event handlers of ``decisions`` (subscribed in ``DecisionsConfig.ready``)."""

from __future__ import annotations

from django.db import transaction

from jobcenter.core.events import subscribe


@subscribe("submission.received")
def on_submission_received(*, submission_id: int, **_: object) -> None:
    """After ``casefiles`` made the case (its handler runs first: app order), try the
    automation for low-risk cases. Running twice prepares nothing twice."""
    from jobcenter.casefiles.models import Case
    from jobcenter.decisions.tasks import automation_for_case

    case_id = Case.objects.filter(submission_id=submission_id).values_list("pk", flat=True).first()
    if case_id is not None:
        transaction.on_commit(lambda: automation_for_case.delay(case_id))
