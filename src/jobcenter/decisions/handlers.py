"""Domain-event handlers of ``decisions`` (connected in ``jobcenter.config.wiring``)."""

from __future__ import annotations

from jobcenter.casefiles.models import Case
from jobcenter.decisions.tasks import automation_for_case
from jobcenter.outbox.services import outbox_enqueue


def on_submission_received(*, submission_id: int, **_: object) -> None:
    """After ``casefiles`` made the case (its handler runs first: the order in
    ``jobcenter.config.wiring.SUBSCRIPTIONS``), hand the automation for low-risk cases to
    the outbox, in the hand-over's transaction. Running twice prepares nothing twice (one
    message per case)."""
    case_id = Case.objects.filter(submission_id=submission_id).values_list("pk", flat=True).first()
    if case_id is not None:
        outbox_enqueue(task=automation_for_case, kwargs={"case_id": case_id},
                       key=f"decisions.automation_for_case:{case_id}")
