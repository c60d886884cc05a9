"""Which rows of jobcenters the cached pages show, and their scopes (``core.datastand``;
connected in ``config/wiring.py``)."""

from __future__ import annotations

from jobcenter.core import datastand
from jobcenter.jobcenters.models import (
    AccessibilityFeedback,
    Jobcenter,
    LegalTexts,
    PostcodeArea,
    Team,
)


def declare() -> None:
    datastand.shown(Jobcenter, datastand.TENANT)
    datastand.shown(Team, datastand.TENANT)
    datastand.on_staff_pages(Team, staff=("jobcenter",))  # the staff pages' team names
    datastand.not_shown(PostcodeArea, "used to assign a Jobcenter at sign-up")
    datastand.not_shown(LegalTexts, "shown only on the legal pages, which are not cached")
    datastand.not_shown(AccessibilityFeedback, "feedback for the Jobcenter's staff")
