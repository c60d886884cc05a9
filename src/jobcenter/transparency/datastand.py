"""Which rows of transparency the cached pages show, and their scopes (``core.datastand``;
connected in ``config/wiring.py``)."""

from __future__ import annotations

from jobcenter.core import datastand
from jobcenter.transparency.models import AccessLogEntry, AccessLogHead


def declare() -> None:
    datastand.not_shown(AccessLogEntry,
                        "shown only on \"Wer hat meine Daten gesehen?\", which is not cached")
    datastand.not_shown(AccessLogHead, "the head of the log's hash chain")
