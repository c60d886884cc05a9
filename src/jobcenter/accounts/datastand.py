"""Which rows of accounts the cached pages show, and their scopes (``core.datastand``;
connected in ``config/wiring.py``)."""

from __future__ import annotations

from jobcenter.accounts.models import SignupRequest, User
from jobcenter.core import datastand


def declare() -> None:
    datastand.shown(User)
    datastand.not_shown(SignupRequest, "a pending sign-up, before there is an account")
