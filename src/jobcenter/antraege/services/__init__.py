"""Writes of the ``antraege`` app, one module per concern: ``submission`` (storing a submission
exactly once, online or paper), ``sgb2_request`` (the current state and the engine request
of a submission), ``paper`` (staff entering a paper application), ``profile_changes`` (a
new bank account from the profile as a Veränderungsmitteilung), ``handover`` (the receipt's
rendering and the hand-over to the eAkte, both in background tasks).

Callers import from the package (``from jobcenter.antraege.services import
submission_create_from_draft``); the names below are its public API.
"""

from jobcenter.antraege.services.handover import (
    receipt_pdf,
    receipt_render,
    submission_hand_over,
)
from jobcenter.antraege.services.paper import (
    EARLIEST_RECEIPT,
    PAPER_SCAN_KINDS,
    PAPER_SCAN_MAX_BYTES,
    PAPER_SCAN_QUESTION,
    paper_answers_check,
    paper_draft_subject,
    paper_entry_discard,
    paper_entry_start,
    paper_entry_submit,
    paper_prefill,
    paper_scan_read,
    paper_start_check,
    received_on_check,
    submission_create_paper,
)
from jobcenter.antraege.services.profile_changes import BANK_CHANGE_FORM, bank_account_change
from jobcenter.antraege.services.sgb2_request import (
    base_answers_for,
    sgb2_request_for,
)
from jobcenter.antraege.services.submission import (
    FORM_KEYS,
    AttachmentSource,
    PaperAnswersInvalid,
    SubmissionError,
    form_accepted,
    form_is_concern,
    form_register,
    reference_allocate,
    submission_create_from_draft,
)
from jobcenter.antraege.services.submission import (
    _sha256 as _sha256,  # the tests' digest check
)

__all__ = [
    "BANK_CHANGE_FORM",
    "bank_account_change",
    "receipt_pdf",
    "receipt_render",
    "AttachmentSource",
    "EARLIEST_RECEIPT",
    "FORM_KEYS",
    "form_accepted",
    "form_is_concern",
    "form_register",
    "PAPER_SCAN_KINDS",
    "PAPER_SCAN_MAX_BYTES",
    "PAPER_SCAN_QUESTION",
    "PaperAnswersInvalid",
    "SubmissionError",
    "base_answers_for",
    "paper_answers_check",
    "paper_entry_discard",
    "paper_entry_start",
    "paper_entry_submit",
    "paper_draft_subject",
    "paper_prefill",
    "paper_scan_read",
    "paper_start_check",
    "received_on_check",
    "reference_allocate",
    "sgb2_request_for",
    "submission_create_from_draft",
    "submission_create_paper",
    "submission_hand_over",
]
