"""Telling captured SQL apart in tests: which statements write.

A statement writes when it starts with INSERT, UPDATE or DELETE, or when it is a WITH
statement with a data-modifying part (PostgreSQL: the access log's append,
``transparency.chain``, moves the chain's head and inserts the rows in one
``WITH moved AS (UPDATE …) … INSERT INTO …``). A prefix check alone would miss those.
"""

from __future__ import annotations

import re

_WRITE = re.compile(
    r"^\s*(?:INSERT|UPDATE|DELETE)\b"
    r"|^\s*WITH\b.*?\b(?:INSERT\s+INTO|UPDATE\s+\S+\s+SET|DELETE\s+FROM)\b",
    re.IGNORECASE | re.DOTALL,
)


def is_write(sql: str) -> bool:
    return _WRITE.search(sql) is not None
