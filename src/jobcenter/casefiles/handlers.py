"""Domain-event handlers of the eAkte (subscribed in ``CasefilesConfig.ready``)."""

from __future__ import annotations

from jobcenter.core.events import subscribe


@subscribe("submission.received")
def on_submission_received(*, submission_id: int, **_: object) -> int:
    """Every stored submission becomes a case; running twice creates nothing twice."""
    # Imported lazily: ``antraege`` sits upstream and its selector may load late.
    from jobcenter.antraege.selectors import submission_for_intake
    from jobcenter.casefiles.services import case_intake

    case = case_intake(submission=submission_for_intake(submission_id))
    return case.pk
