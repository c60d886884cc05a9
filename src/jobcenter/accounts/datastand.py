"""Which rows of accounts the cached pages show, and their scopes (``core.datastand``;
connected in ``config/wiring.py``)."""

from __future__ import annotations

from jobcenter.accounts.models import SignupRequest, User
from jobcenter.core import datastand


def declare() -> None:
    datastand.shown(User)
    # staff pages: a staff member's name (assignee, author, the assignment choices) in the
    # Jobcenter's staff lists; a citizen's name as the actor in the timeline of their
    # cases and of their Bedarfsgemeinschaft's cases
    datastand.on_staff_pages(
        User, case=("cases", "person__memberships__bedarfsgemeinschaft__cases"),
        staff=("jobcenter",), staff_if=lambda user: not user.is_citizen)
    datastand.not_shown(SignupRequest, "a pending sign-up, before there is an account")
