"""Which rows of casefiles the cached pages show, and their scopes (``core.datastand``;
connected in ``config/wiring.py``): the citizens' pages (``shown``) and the staff case page
and work queue (``on_staff_pages``: the path to the case, to the Jobcenter of the queue)."""

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

    case_file = ("case",)
    datastand.on_staff_pages(Case, case=("pk",), caselist=("jobcenter",))
    datastand.on_staff_pages(Document, case=case_file)
    datastand.on_staff_pages(DocumentVersion, case=("document__case",))
    datastand.on_staff_pages(TimelineEntry, case=case_file)
    datastand.on_staff_pages(InternalNote, case=case_file)
    datastand.on_staff_pages(DocumentRequest, case=case_file)
    datastand.on_staff_pages(DocumentRequestItem, case=("request__case",))
    # the queue counts the Jobcenter's Wiedervorlagen due today
    datastand.on_staff_pages(FollowUp, case=case_file, caselist=("jobcenter",))
