"""Which rows of minderungen the cached pages show, and their scopes (``core.datastand``;
connected in ``config/wiring.py``)."""

from __future__ import annotations

from jobcenter.core import datastand
from jobcenter.minderungen.models import Minderung


def declare() -> None:
    datastand.shown(Minderung)
