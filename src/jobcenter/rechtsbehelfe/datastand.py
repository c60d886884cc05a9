"""Which rows of rechtsbehelfe the cached pages show, and their scopes (``core.datastand``;
connected in ``config/wiring.py``)."""

from __future__ import annotations

from jobcenter.core import datastand
from jobcenter.rechtsbehelfe.models import Widerspruch, WiderspruchSettings


def declare() -> None:
    datastand.shown(WiderspruchSettings, datastand.TENANT)
    datastand.shown(Widerspruch)
