"""Which rows of auskunft the cached pages show, and their scopes (``core.datastand``;
connected in ``config/wiring.py``)."""

from __future__ import annotations

from jobcenter.auskunft.models import DataCopy
from jobcenter.core import datastand


def declare() -> None:
    datastand.shown(DataCopy)
