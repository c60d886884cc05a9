"""Domain-event handlers of the eAkte (connected in ``jobcenter.config.wiring``)."""

from __future__ import annotations

from jobcenter.antraege import selectors as antraege_selectors
from jobcenter.casefiles import services


def on_submission_received(*, submission_id: int, **_: object) -> int:
    """Every stored submission becomes a case; running twice creates nothing twice."""
    submission = antraege_selectors.submission_for_intake(submission_id)
    return services.case_intake(submission=submission).pk
