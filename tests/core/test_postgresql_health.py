"""The PostgreSQL backend's health check (core/postgresql): a kept, idle connection is
checked at the socket without a round trip; a connection the server ended is found and
replaced before the request's first query; anything unclear still asks ``SELECT 1``."""

from __future__ import annotations

import time

import psycopg
import pytest
from django.conf import settings
from django.db import connection, transaction

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL backend's health check (SQLite has no server)")
    yield
    connection.close()  # a connection a test ended must not reach the database flush


class CountingCursors:
    """Counts the cursors opened on the psycopg connection (Django's ``SELECT 1`` opens one)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.opened = 0
        raw = connection.connection
        original = raw.cursor

        def cursor(*args, **kwargs):
            self.opened += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(raw, "cursor", cursor)


def _terminate(pid: int) -> None:
    """End the backend ``pid`` from another connection, as a server restart or an
    administrator would."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])


def _wait_readable(timeout: float = 5.0) -> None:
    import select

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if select.select([connection.connection.fileno()], [], [], 0.05)[0]:
            return
    raise AssertionError("the server's goodbye never arrived")


def test_settings_select_the_backend():
    assert settings.DATABASES["default"]["ENGINE"] == "jobcenter.core.postgresql"
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def test_an_idle_connection_is_usable_without_a_round_trip(monkeypatch):
    connection.ensure_connection()
    counting = CountingCursors(monkeypatch)
    assert connection.is_usable()
    assert counting.opened == 0


def test_inside_a_transaction_select_1_decides(monkeypatch):
    connection.ensure_connection()
    with transaction.atomic():
        connection.cursor().execute("SELECT 1")  # the transaction has begun on the server
        counting = CountingCursors(monkeypatch)
        assert connection.is_usable()
        assert counting.opened == 1


def test_a_connection_the_server_ended_is_unusable():
    connection.ensure_connection()
    _terminate(connection.connection.info.backend_pid)
    _wait_readable()
    assert not connection.is_usable()


def test_the_health_check_replaces_an_ended_connection_before_the_first_query():
    """As at the start of a request after a database restart: no error reaches the page."""
    connection.ensure_connection()
    old_pid = connection.connection.info.backend_pid
    _terminate(old_pid)
    _wait_readable()
    connection.health_check_done = False  # a new request (request_started resets it)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        new_pid = cursor.fetchone()[0]
    assert new_pid != old_pid


def test_a_closed_connection_is_unusable():
    connection.ensure_connection()
    connection.connection.close()
    assert not connection.is_usable()
