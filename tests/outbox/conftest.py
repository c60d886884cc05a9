from __future__ import annotations

import threading

import pytest

from jobcenter.outbox.delivery import deliver
from tests.outbox.tasks import RUNS


@pytest.fixture(autouse=True)
def _runs():
    RUNS.clear()
    yield
    RUNS.clear()


@pytest.fixture
def published(monkeypatch):
    """Message ids handed to the broker (nothing runs)."""
    sent: list[int] = []
    lock = threading.Lock()

    def apply_async(args, **options):
        with lock:
            sent.append(args[0])

    monkeypatch.setattr(deliver, "apply_async", apply_async)
    return sent
