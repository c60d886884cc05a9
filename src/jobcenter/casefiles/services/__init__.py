"""Writes to the eAkte, one module per concern: ``cases`` (errors, the dated catalogue, the
timeline, status, assignment and notes), ``documents`` (immutable, hashed documents and
their versions), ``intake`` (a submission becomes a case), ``mitwirkung`` (document requests
and their reminders, §§ 60 ff. SGB I). Keyword-only, typed, atomic; views, tasks and other
apps call these.

Callers import from the package (``from jobcenter.casefiles.services import case_intake``);
other apps use ``case_set_status``, ``case_add_document``, ``timeline_add`` and
``timeline_add_many``.
"""

from jobcenter.casefiles.services.cases import (
    CaseConflict,
    CasefilesError,
    IntakeError,
    case_assign,
    case_set_status,
    case_type,
    cases_bulk_assign,
    document_type,
    note_add,
    service_dates,
    status_type,
    timeline_add,
    timeline_add_many,
)
from jobcenter.casefiles.services.correspondence import correspondence_case
from jobcenter.casefiles.services.documents import (
    case_add_document,
    document_add_version,
)
from jobcenter.casefiles.services.follow_ups import (
    create_follow_up,
    follow_up_done,
    follow_ups_for_bescheid,
    note_and_follow_up,
)
from jobcenter.casefiles.services.intake import (
    FORM_CASE_TYPES,
    PAPER_SCAN_QUESTION,
    case_intake,
    form_case_type_register,
    received_moment,
)
from jobcenter.casefiles.services.mitwirkung import (
    MAX_UPLOAD_BYTES,
    MIN_DEADLINE_DAYS,
    MITWIRKUNG_INTRO,
    document_request_create,
    document_request_upload,
    document_requests_mark_overdue,
    mitwirkung_legal_notice,
    upload_read,
)
from jobcenter.casefiles.services.persons import case_link_person, person_merge

__all__ = [
    "CaseConflict",
    "CasefilesError",
    "FORM_CASE_TYPES",
    "form_case_type_register",
    "IntakeError",
    "MAX_UPLOAD_BYTES",
    "MIN_DEADLINE_DAYS",
    "MITWIRKUNG_INTRO",
    "PAPER_SCAN_QUESTION",
    "case_add_document",
    "case_assign",
    "case_link_person",
    "create_follow_up",
    "note_and_follow_up",
    "follow_up_done",
    "follow_ups_for_bescheid",
    "person_merge",
    "case_intake",
    "case_set_status",
    "case_type",
    "correspondence_case",
    "cases_bulk_assign",
    "document_add_version",
    "document_request_create",
    "document_request_upload",
    "document_requests_mark_overdue",
    "document_type",
    "mitwirkung_legal_notice",
    "note_add",
    "received_moment",
    "service_dates",
    "status_type",
    "timeline_add",
    "timeline_add_many",
    "upload_read",
]
