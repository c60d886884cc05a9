"""Event handlers of ``zahlungen`` (connected in ``config/wiring.py``)."""

from __future__ import annotations

from typing import Any

from jobcenter.zahlungen.services import claims_from_bescheid


def on_erstattung_festgesetzt(*, bescheid_id: int, jobcenter_id: int,
                              positions: list[dict[str, Any]], **_: Any) -> int:
    """An Aufhebungs- und Erstattungsbescheid is issued: one claim per person (idempotent
    per Bescheid and person)."""
    return len(claims_from_bescheid(bescheid_id=bescheid_id, jobcenter_id=jobcenter_id,
                                    positions=positions))
