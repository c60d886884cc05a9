from __future__ import annotations

import pytest

from tests.integration.processes import RedisServer, Worker


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite the worker processes of the fault tests need the test database as a file
    (the default test database lives in memory). Applies when these tests set up the
    database, i.e. when they run on their own: ``pytest -m celery_worker`` (make test)."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(
            tmp_path_factory.mktemp("database") / "test.sqlite3")


@pytest.fixture
def workers(tmp_path):
    """Start worker processes; every one is stopped before the database is flushed."""
    started: list[Worker] = []

    def start(name: str, broker_url: str, **options) -> Worker:
        worker = Worker(name, broker_url, tmp_path / f"{name}.log", **options)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


@pytest.fixture
def redis(tmp_path):
    server = RedisServer(tmp_path / "redis").start()
    yield server
    server.stop()
