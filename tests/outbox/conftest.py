from __future__ import annotations

import threading

import pytest
from kombu.exceptions import OperationalError

from jobcenter import celery_app
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


class BrokerDown:
    """A broker that refuses every publish (as kombu reports it), outside eager mode."""

    def __init__(self) -> None:
        self.attempts: list[int] = []
        self._patch = pytest.MonkeyPatch()
        self._patch.setattr(deliver, "apply_async", self._refuse)
        self._eager = celery_app.conf.task_always_eager
        celery_app.conf.task_always_eager = False

    def _refuse(self, args, **options):
        self.attempts.append(args[0])
        raise OperationalError("Error 111 connecting to 127.0.0.1:6399. Connection refused.")

    def restore(self) -> None:
        """The broker is back (eager again, as in the rest of the unit tests)."""
        self._patch.undo()
        celery_app.conf.task_always_eager = self._eager


@pytest.fixture
def broker_down():
    broker = BrokerDown()
    yield broker
    broker.restore()
