"""Which rows of casefiles the cached pages show, and their scopes (``core.datastand``;
connected in ``config/wiring.py``)."""

from __future__ import annotations

from jobcenter.casefiles.models import (
    Case,
    CaseType,
    DecisionType,
    Document,
    DocumentRequest,
    DocumentRequestEvent,
    DocumentRequestItem,
    DocumentType,
    DocumentVersion,
    FollowUp,
    InternalNote,
    StatusType,
    TimelineEntry,
)
from jobcenter.core import datastand


def declare() -> None:
    datastand.shown(CaseType, datastand.CATALOGUE)
    datastand.shown(StatusType, datastand.CATALOGUE)
    datastand.shown(DocumentType, datastand.CATALOGUE)
    datastand.shown(DecisionType, datastand.CATALOGUE)
    datastand.shown(Case, moves=True)
    datastand.shown(Document)
    datastand.shown(DocumentVersion)
    datastand.shown(TimelineEntry)
    datastand.shown(DocumentRequest)
    datastand.shown(DocumentRequestItem)
    datastand.not_shown(InternalNote, "internal staff notes, never shown to citizens")
    datastand.not_shown(DocumentRequestEvent,
                        "staff history of a request; the citizen sees the request")
    datastand.not_shown(FollowUp, "the staff's Wiedervorlagen")
