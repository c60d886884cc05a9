"""Real processes for the fault tests: a private redis-server and Celery worker processes.

Never the shared Redis: each test starts its own ``redis-server`` on a free port (no
persistence, in a temporary directory) and stops it by its process id.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from django.conf import settings
from django.db import connection
from kombu import pools

from jobcenter import celery_app

ROOT = Path(__file__).resolve().parents[2]


def wait_for(predicate: Callable[[], object], timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """``redis-server`` of our own on ``port``; ``start``/``stop`` like an outage would."""

    def __init__(self, directory: Path, port: int | None = None):
        self.port = port or free_port()
        self.directory = directory
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        binary = shutil.which("redis-server")
        assert binary, "redis-server is needed for the fault tests"
        self.directory.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        assert wait_for(self._answers, timeout=10), "the private redis-server did not start"
        return self

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


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
                 pause_in_intake: Path | None = None, pool: str = "solo", concurrency: int = 1):
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
        self.log_path = log
        self._log = log.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.integration.outbox_worker", "--pool", pool,
             "--concurrency", str(concurrency), "--hostname", f"{name}@outbox-test"],
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
