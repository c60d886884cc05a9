"""The hand-over contract from a submission to the eAkte (read by ``casefiles``).

``antraege`` publishes ``submission.received`` with the submission id after commit;
``casefiles`` subscribes and reads the submission through
``antraege.selectors.submission_for_intake(submission_id)``, which returns these types.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class IntakeDocument:
    title: str  # e.g. "Eingangsbestätigung" or the upload's original file name
    content_type: str  # "application/pdf", "image/jpeg", "image/png", "application/json"
    sha256: str
    storage_name: str  # name in django.core.files.storage.default_storage
    size: int
    question_id: str | None = None


@dataclass(frozen=True)
class SubmissionForIntake:
    submission_id: int
    reference: str
    form_key: str  # "hauptantrag" | "weiterbewilligung" | "veraenderung" | "erstausstattung"
    form_version: str
    channel: str  # "online" | "papier"
    user_id: int | None
    person_id: int | None  # households.Person of the applicant, if known
    jobcenter_id: int
    submitted_at: dt.datetime
    answers: dict
    #: (page key, page title, [(question label, display value)]) grouped by topic
    topics: list[tuple[str, str, list[tuple[str, str]]]]
    sgb2_request: dict | None  # mapped sgb2 request, None if not computable
    nothing_changed: bool  # Weiterbewilligung: "Es hat sich nichts geändert"
    receipt: IntakeDocument
    export: IntakeDocument
    attachments: list[IntakeDocument] = field(default_factory=list)
    #: Date of receipt at the Jobcenter (paper: entered by staff, may lie before
    #: ``submitted_at``); None means the day of ``submitted_at``.
    received_on: dt.date | None = None
