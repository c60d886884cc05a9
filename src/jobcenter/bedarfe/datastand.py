"""Which rows of bedarfe the cached pages show, and their scopes (``core.datastand``;
connected in ``config/wiring.py``)."""

from __future__ import annotations

from jobcenter.bedarfe.models import Angemessenheitsgrenze
from jobcenter.core import datastand


def declare() -> None:
    datastand.shown(Angemessenheitsgrenze, datastand.TENANT)
