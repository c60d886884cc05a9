"""Which rows of antraege the cached pages show, and their scopes (``core.datastand``;
connected in ``config/wiring.py``)."""

from __future__ import annotations

from jobcenter.antraege.models import PaperEntry, ReferenceCounter, Submission, SubmissionAttachment
from jobcenter.core import datastand


def declare() -> None:
    datastand.not_shown(ReferenceCounter, "counters for reference numbers")
    datastand.shown(Submission)
    datastand.shown(SubmissionAttachment)
    datastand.not_shown(PaperEntry, "the staff's paper intake; the citizen sees the Submission")
