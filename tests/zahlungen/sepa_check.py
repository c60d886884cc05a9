"""Validate a generated pain.001 file against the XSD shipped with sepaxml."""

from __future__ import annotations

import os
from functools import cache

import sepaxml
import xmlschema

from jobcenter.zahlungen.services.sepa import SCHEMA


@cache
def schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(os.path.join(os.path.dirname(sepaxml.__file__), "schemas",
                                            SCHEMA + ".xsd"))


def assert_valid(run) -> bytes:
    """The run's file is valid pain.001.001.09; returns its bytes."""
    run.file.open("rb")
    try:
        data = run.file.read()
    finally:
        run.file.close()
    schema().validate(data.decode())
    return data
