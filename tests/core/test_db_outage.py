"""A locked or unreachable database: a friendly 503 within 5 seconds, with Retry-After,
never a traceback, and nothing half-stored (core/unavailable.py)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import (
    DatabaseError,
    InterfaceError,
    OperationalError,
    ProgrammingError,
    connection,
)
from django.http import HttpResponse
from django.test import RequestFactory

from jobcenter.core.unavailable import DatabaseUnavailableMiddleware, database_unavailable

ROOT = Path(__file__).resolve().parents[2]
PROBE = ROOT / "tests" / "core" / "db_outage_probe.py"
#: Variables of the calling environment that would change the outcome.
UNSET = {"DATABASE_URL", "DEBUG", "JOBCENTER_ENV", "REDIS_URL", "CELERY_BROKER_URL",
         "DJANGO_ALLOW_ASYNC_UNSAFE", "SQLITE_BUSY_TIMEOUT_SECONDS", "DB_CONNECT_TIMEOUT"}


def run_probe(case: str, env: dict[str, str], tmp_path: Path) -> dict:
    full_env = {k: v for k, v in os.environ.items() if k not in UNSET}
    full_env.update({"DEBUG": "0", "JOBCENTER_VAR_DIR": str(tmp_path / "var"),
                     "PRIVATE_STORAGE_ROOT": str(tmp_path / "private"), **env})
    (tmp_path / "private").mkdir(exist_ok=True)
    result = subprocess.run([sys.executable, str(PROBE), case], env=full_env, cwd=ROOT,
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def assert_friendly_503(result: dict) -> None:
    assert result["status"] == 503, result
    assert result["seconds"] < 5, result
    assert result["retry_after"] == "30", result
    assert not result["traceback"], result
    if result["path"] != "/healthz/":
        assert result["friendly"], result


@pytest.fixture(scope="module")
def migrated_sqlite(tmp_path_factory) -> Path:
    """A migrated SQLite database file (copied per test)."""
    path = tmp_path_factory.mktemp("outage") / "migrated.sqlite3"
    env = {k: v for k, v in os.environ.items() if k not in UNSET}
    env.update({"DATABASE_URL": f"sqlite:///{path}",
                "JOBCENTER_VAR_DIR": str(path.parent / "var")})
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env=env,
                   cwd=ROOT, check=True, timeout=300)
    return path


@pytest.mark.slow
def test_write_locked_sqlite_answers_503_fast_and_loses_nothing(migrated_sqlite, tmp_path):
    database = tmp_path / "db.sqlite3"
    shutil.copy(migrated_sqlite, database)
    out = run_probe("sqlite-locked", {"DATABASE_URL": f"sqlite:///{database}"}, tmp_path)
    # While another connection holds the write lock: opening, saving and uploading on a
    # form page each answer 503 after the busy timeout (3 s), not after 20 s …
    assert [r["method"] for r in out["locked"]] == ["GET", "POST", "POST"]
    for result in out["locked"]:
        assert_friendly_503(result)
    # … and nothing of the refused posts is stored: no half-saved page, no upload row, no
    # orphaned file.
    assert out["during"] == {"version": out["before"]["version"], "answers_unchanged": True,
                             "uploads": 0, "files_unchanged": True}
    # Once the lock is gone the same posts go through (the browser still has the form).
    assert [r["status"] for r in out["after"]] == [302, 302]
    assert out["after_state"] == {"vorname": "Alicia", "uploads": 1, "linked": True}


@pytest.mark.parametrize("server", [
    "refused",                                # nothing listens on the port
    pytest.param("silent", marks=pytest.mark.slow),  # accepts, never answers: connect_timeout
])
def test_unreachable_postgresql_answers_503(tmp_path, server):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        if server == "silent":
            sock.listen(16)  # the kernel completes the handshake; nobody ever speaks
        else:
            sock.close()
        out = run_probe("pg-unreachable",
                        {"DATABASE_URL": f"postgres://postgres@127.0.0.1:{port}/jobcenter"},
                        tmp_path)
    assert [r["path"] for r in out["results"]] == ["/healthz/", "/portal/", "/konto/login/"]
    for result in out["results"]:
        assert_friendly_503(result)


@pytest.mark.django_db(transaction=True)
def test_a_locked_postgresql_table_answers_503_after_the_lock_timeout(client, citizen):
    """PostgreSQL's lock_timeout (DB_LOCK_TIMEOUT_MS, 4 s) ends a request that waits for a
    lock another connection holds (here: a migration-like lock on the sessions table)."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (SQLite: see the write-lock test above)")
    import time

    import psycopg
    from django.test import Client

    # The page served once before, in another session (its templates compiled: the timed
    # request waits for the lock, not for a cold start on a busy machine). The timed
    # request is its session's first, which writes the session: it waits for the lock.
    warm = Client()
    warm.force_login(citizen)
    assert warm.get("/portal/").status_code == 200
    client.force_login(citizen)
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    holder = psycopg.connect(**params)
    try:
        holder.execute("LOCK TABLE django_session IN ACCESS EXCLUSIVE MODE")
        client.raise_request_exception = False
        started = time.monotonic()
        response = client.get("/portal/")
        elapsed = time.monotonic() - started
    finally:
        holder.rollback()
        holder.close()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert 3 < elapsed < 5.5
    assert "gleich noch einmal" in response.content.decode()


# --- which errors count as "unavailable" ------------------------------------------------


def _wrapped(cause: BaseException, kind=OperationalError) -> BaseException:
    exc = kind(str(cause))
    exc.__cause__ = cause
    return exc


def test_busy_and_unreachable_databases_are_unavailable():
    import sqlite3

    import psycopg
    from psycopg import errors

    assert database_unavailable(_wrapped(sqlite3.OperationalError("database is locked")))
    assert database_unavailable(_wrapped(errors.LockNotAvailable("lock timeout")))
    assert database_unavailable(_wrapped(errors.QueryCanceled("statement timeout")))
    assert database_unavailable(_wrapped(errors.AdminShutdown("terminating connection")))
    assert database_unavailable(_wrapped(errors.TooManyConnections("too many clients")))
    assert database_unavailable(_wrapped(errors.DeadlockDetected("deadlock")))
    assert database_unavailable(_wrapped(psycopg.OperationalError("connection refused")))
    assert database_unavailable(InterfaceError("connection already closed"))


def test_bugs_stay_server_errors():
    import sqlite3

    from psycopg import errors

    assert not database_unavailable(_wrapped(sqlite3.OperationalError("no such table: x")))
    assert not database_unavailable(_wrapped(errors.UndefinedTable("relation x"),
                                             ProgrammingError))
    assert not database_unavailable(ValueError("database is locked"))
    assert not database_unavailable(None)


def test_a_view_that_hits_a_locked_database_gets_the_503_page_in_the_readers_language():
    import sqlite3

    def view(request):
        raise _wrapped(sqlite3.OperationalError("database is locked"))

    request = RequestFactory().post("/formulare/x/", HTTP_ACCEPT_LANGUAGE="en")
    from django.utils import translation

    with translation.override("en"):
        response = DatabaseUnavailableMiddleware(view).process_exception(
            request, _wrapped(sqlite3.OperationalError("database is locked")))
    assert isinstance(response, HttpResponse)
    assert response.status_code == 503 and response["Retry-After"] == "30"
    html = response.content.decode()
    assert "please try again in a moment" in html.lower()
    assert '<section class="jc-stack" lang="de"' in html  # the other language, marked up
    assert "Bitte versuchen Sie es gleich noch einmal" in html
    assert "Noch einmal versuchen" not in html and "Try again" not in html  # a POST: no link
    assert DatabaseUnavailableMiddleware(view).process_exception(
        request, ValueError("x")) is None


def test_a_cache_that_cannot_answer_is_unavailable_too():
    """Redis (the sign-in throttle, the upload limits) refused, reset or timed out: the
    503 page, as for the database; other Redis errors stay server errors."""
    from redis import exceptions

    assert database_unavailable(exceptions.ConnectionError("Connection refused"))
    assert database_unavailable(exceptions.TimeoutError("Timeout reading from socket"))
    assert not database_unavailable(exceptions.ResponseError("WRONGTYPE"))
    request = RequestFactory().post("/konto/login/")
    response = DatabaseUnavailableMiddleware(lambda r: HttpResponse()).process_exception(
        request, exceptions.ConnectionError("Connection refused"))
    assert isinstance(response, HttpResponse) and response.status_code == 503


def test_the_redis_cache_gives_up_after_its_timeouts():
    """A cache that does not answer must not hold a request (socket timeouts set)."""
    import importlib
    import os

    from jobcenter.config import settings as project_settings

    saved = os.environ.get("REDIS_URL")
    os.environ["REDIS_URL"] = "redis://127.0.0.1:1/0"
    try:
        options = importlib.reload(project_settings).CACHES["default"]["OPTIONS"]
    finally:
        if saved is None:
            del os.environ["REDIS_URL"]
        else:
            os.environ["REDIS_URL"] = saved
        importlib.reload(project_settings)
    assert options == {"socket_connect_timeout": 2.0, "socket_timeout": 3.0}


def test_a_session_that_cannot_be_saved_because_the_database_went_away_gets_503():
    """Found by the fault suite: PostgreSQL crashed after the view had run, the session
    could not be saved, and Django answered a bare "Bad Request (400)"."""
    import psycopg
    from django.contrib.sessions.backends.base import UpdateError
    from django.contrib.sessions.exceptions import SessionInterrupted
    from django.core.exceptions import BadRequest

    from jobcenter.site.views import error_400

    def save_session():  # django.contrib.sessions.backends.db.SessionStore.save
        try:
            raise _wrapped(psycopg.OperationalError("server closed the connection"))
        except DatabaseError:
            raise UpdateError  # noqa: B904 - as Django does

    try:  # django.contrib.sessions.middleware.SessionMiddleware.process_response
        try:
            save_session()
        except UpdateError:
            raise SessionInterrupted("The request's session was deleted") from None
    except SessionInterrupted as error:
        interrupted = error
    request = RequestFactory().post("/formulare/x/")
    response = error_400(request, interrupted)
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "gleich noch einmal" in response.content.decode()
    assert error_400(request, BadRequest("bad")).status_code == 400
