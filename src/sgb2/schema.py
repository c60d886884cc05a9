"""The JSON Schemas of the contract, shipped as package data (``sgb2/schemas/*.json``)."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

__all__ = ["request_schema", "result_schema"]


@lru_cache(maxsize=2)
def _load(name: str) -> dict[str, Any]:
    text = resources.files("sgb2").joinpath("schemas", f"{name}.schema.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def request_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of a request."""
    return _load("request")


def result_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of a result."""
    return _load("result")
