"""Real processes for the fault tests: a private redis-server and Celery worker processes.

Never the shared Redis: each test starts its own ``redis-server`` on a free port (no
persistence, in a temporary directory) and stops it by its process id.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.db import connection
from kombu import pools
from loadtest.stack import Redis, wait_for

from jobcenter import celery_app

ROOT = Path(__file__).resolve().parents[2]


class RedisServer(Redis):
    """``redis-server`` of our own on ``port``; ``start``/``stop`` like an outage would
    (``loadtest.stack.Redis``, which the fault suite uses too), its URL as the broker's."""

    @property
    def broker_url(self) -> str:
        return self.url(0)


@contextlib.contextmanager
def broker(url: str) -> Iterator[None]:
    """Point this process's Celery app (the web side that publishes) at ``url``."""
    conf = celery_app.conf
    # ``conf.broker_url`` prefers the CELERY_BROKER_URL environment variable (set in CI);
    # the write and read URLs are taken from the configuration first.
    keys = ("broker_write_url", "broker_read_url", "broker_transport_options",
            "task_always_eager")
    saved = {key: conf.get(key) for key in keys}

    def reset_pools() -> None:  # close and forget the connections to the previous broker
        pools.reset()
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    reset_pools()
    conf.update(broker_write_url=url, broker_read_url=url, task_always_eager=False,
                broker_transport_options={"socket_connect_timeout": 2, "socket_timeout": 3})
    try:
        yield
    finally:
        reset_pools()
        conf.update(saved)


def database_url() -> str:
    """The test database, for another process (PostgreSQL, or an SQLite file)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        name = str(db["NAME"])
        assert "memory" not in name and name != ":memory:", "needs an SQLite file"
        return f"sqlite:///{name}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}")


def database_is_shareable() -> bool:
    return connection.vendor != "sqlite" or "memory" not in str(connection.settings_dict["NAME"])


class Worker:
    """A Celery worker process (``tests.integration.outbox_worker``) on the test database."""

    def __init__(self, name: str, broker_url: str, log: Path, *,
                 pause_in_intake: Path | None = None, pool: str = "solo", concurrency: int = 1,
                 queues: str | None = None, slow_bulk_seconds: float | None = None):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "jobcenter.config.settings",
            "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": broker_url,
            "PRIVATE_STORAGE_ROOT": settings.STORAGES["default"]["OPTIONS"]["location"],
            "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
            "JOBCENTER_VAR_DIR": str(log.parent / f"{name}-var"),
            # the worker writes outbox messages too (the receipt's render writes the
            # hand-over): with the test's timing
            "OUTBOX_GRACE_SECONDS": str(settings.OUTBOX_GRACE_SECONDS),
        }
        env.pop("CELERY_TASK_ALWAYS_EAGER", None)
        if pause_in_intake is not None:
            env["JC_TEST_PAUSE_IN_INTAKE"] = str(pause_in_intake)
        if slow_bulk_seconds is not None:
            env["JC_TEST_SLOW_BULK_SECONDS"] = str(slow_bulk_seconds)
        self.log_path = log
        self._log = log.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.integration.outbox_worker", "--pool", pool,
             "--concurrency", str(concurrency), "--hostname", f"{name}@outbox-test",
             "--queues", queues or "interactive,bulk"],
            cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT,
        )
        assert wait_for(lambda: "ready." in self.log() or self.process.poll() is not None,
                        timeout=60), self.log()
        assert self.process.poll() is None, self.log()

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def kill(self) -> None:
        """SIGKILL: no shutdown, no acknowledgement, no rollback by the worker itself."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        """Cold shutdown (SIGQUIT): the test is over, nothing is waited for."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
        self._log.close()
