"""Which rows of formengine the cached pages show, and their scopes (``core.datastand``;
connected in ``config/wiring.py``)."""

from __future__ import annotations

from jobcenter.core import datastand
from jobcenter.formengine.models import Draft, FunnelCount, Upload


def declare() -> None:
    datastand.shown(Draft)
    datastand.shown(Upload)
    datastand.not_shown(FunnelCount, "anonymous form statistics")
