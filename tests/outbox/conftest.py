from __future__ import annotations

import threading

import pytest

from jobcenter.outbox.delivery import deliver
from tests.integration.processes import broker, free_port
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


class BrokerDown:
    """The broker is a Redis port where nothing listens (kombu's real failure), outside
    eager mode; ``restore()`` brings the test settings back (eager, as in unit tests)."""

    def __init__(self) -> None:
        self._broker = broker(f"redis://127.0.0.1:{free_port()}/0")
        self._broker.__enter__()

    def restore(self) -> None:
        if self._broker is not None:
            self._broker.__exit__(None, None, None)
            self._broker = None


@pytest.fixture
def broker_down():
    down = BrokerDown()
    yield down
    down.restore()
