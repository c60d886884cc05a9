"""Domain-event handlers of the eAkte (connected in ``jobcenter.config.wiring``)."""

from __future__ import annotations

from jobcenter.antraege.selectors import submission_for_intake
from jobcenter.casefiles.services import case_intake


def on_submission_received(*, submission_id: int, **_: object) -> int:
    """Every stored submission becomes a case; running twice creates nothing twice."""
    case = case_intake(submission=submission_for_intake(submission_id))
    return case.pk
