"""Run a function in several threads at once (real concurrent transactions on PostgreSQL)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any


def run_at_once(fn: Callable[[], Any], threads: int = 4) -> tuple[list[Any], list[Exception]]:
    """Start ``fn`` in ``threads`` threads behind one barrier; return (results, errors).

    Each thread closes its database connections at the end, so the test database can be
    flushed afterwards.
    """
    from django.db import connections

    results: list[Any] = []
    errors: list[Exception] = []
    barrier = threading.Barrier(threads)

    def run() -> None:
        try:
            barrier.wait()
            results.append(fn())
        except Exception as exc:  # reported to the caller
            errors.append(exc)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    return results, errors
