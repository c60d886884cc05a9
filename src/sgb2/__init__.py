"""sgb2 — exact, explainable, date-effective SGB II benefit engine (pure Python).

Public API::

    from sgb2 import berechnen, berechnen_json, parse_request, Parameters

``berechnen(request) -> Result`` computes one Bedarfsgemeinschaft for one month;
``berechnen_json(dict) -> dict`` is the JSON contract (see ``docs/sgb2.md``).
"""

from __future__ import annotations

from typing import Any

from .engine import berechnen
from .model import Request, Result
from .params import Parameters, parameters_for
from .parse import Eingabefehler, NichtModelliert, parse_request

__all__ = [
    "Eingabefehler",
    "NichtModelliert",
    "Parameters",
    "Request",
    "Result",
    "berechnen",
    "berechnen_json",
    "parameters_for",
    "parse_request",
]


def berechnen_json(data: Any) -> dict[str, Any]:
    """Validate a JSON request (dict), compute it and return the JSON result (dict).

    Raises :class:`Eingabefehler` (a ``ValueError``) with German messages on invalid input.
    """
    return berechnen(parse_request(data)).to_dict()
