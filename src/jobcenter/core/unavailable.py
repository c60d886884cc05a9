"""A locked, overloaded or unreachable database — or cache (Redis: the sign-in throttle,
the upload limits): a friendly 503, fast, never a traceback.

Where the errors come from and how long they take is bounded in settings: SQLite waits at
most ``SQLITE_BUSY_TIMEOUT_SECONDS`` for a write lock; PostgreSQL has a ``connect_timeout``,
a ``lock_timeout`` and a ``statement_timeout`` (``DB_*`` variables, docs/operations.md).
When one of them fires, or the server is down, the request ends here:

* :class:`DatabaseUnavailableMiddleware` answers for errors raised in a view (its
  transaction has been rolled back, so a form post is either stored completely or not at
  all);
* ``site.views.error_500`` answers for errors raised elsewhere (middleware loading the
  session or the user), using :func:`database_unavailable` on the exception in flight;
* ``site.views.error_400`` answers for a session that could not be saved after the view
  (Django turns that into ``SessionInterrupted``, a 400), using :func:`unavailable_cause`.

The page (``templates/503.html``) is rendered without context processors and without the
session, so it needs no database; it carries ``Retry-After``. Errors that are bugs (a
missing table, a syntax error) are not "unavailable" and stay server errors.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30

#: SQLite: the messages of a busy or unreachable database file.
_SQLITE_UNAVAILABLE = (
    "database is locked",
    "database table is locked",
    "unable to open database file",
    "disk i/o error",
)
#: PostgreSQL SQLSTATE classes / codes that mean "not now" rather than "wrong": connection
#: exceptions (08), insufficient resources (53), operator intervention (57: statement
#: timeout, shutdown, "cannot connect now"), lock not available (55P03), deadlock and
#: serialization failures (40001, 40P01).
_PG_UNAVAILABLE_CLASSES = ("08", "53", "57")
_PG_UNAVAILABLE_CODES = {"55P03", "40001", "40P01"}


def cache_unavailable(exc: BaseException | None) -> bool:
    """Whether ``exc`` says the Redis cache cannot answer now (refused, reset, timed out)."""
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    return isinstance(exc, RedisConnectionError | RedisTimeoutError)


def database_unavailable(exc: BaseException | None) -> bool:
    """Whether ``exc`` says the database (or the cache, :func:`cache_unavailable`) cannot
    answer now (not that the query is wrong)."""
    if cache_unavailable(exc):
        return True
    if isinstance(exc, InterfaceError):
        return True
    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__
    sqlstate = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    if sqlstate:
        return sqlstate[:2] in _PG_UNAVAILABLE_CLASSES or sqlstate in _PG_UNAVAILABLE_CODES
    if cause is not None and type(cause).__module__.startswith("psycopg"):
        return True  # no SQLSTATE: the connection itself failed (refused, timed out, closed)
    message = str(exc).lower()
    return any(text in message for text in _SQLITE_UNAVAILABLE)


def unavailable_cause(exc: BaseException | None) -> BaseException | None:
    """The error in ``exc``'s chain (itself, its cause or context) that says the database or
    cache cannot answer — e.g. Django's ``SessionInterrupted`` (a 400), raised because the
    session could not be saved (``UpdateError``) when the database went away after the
    view had run."""
    seen = 0
    while exc is not None and seen < 10:
        if database_unavailable(exc):
            return exc
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return None


def unavailable_response(request: HttpRequest, exc: BaseException) -> HttpResponse:
    """The 503 page (or JSON for the health check), rendered without the database."""
    cause = exc.__cause__
    logger.warning(
        "%s unavailable (%s%s) on %s %s",
        "cache" if cache_unavailable(exc) else "database",
        type(cause or exc).__name__,
        f" {getattr(cause, 'sqlstate', '')}" if getattr(cause, "sqlstate", None) else "",
        request.method,
        request.path,
    )
    _keep_session_away_from_the_database(request)
    language = translation.get_language() or settings.LANGUAGE_CODE
    other = "en" if language.startswith("de") else "de"
    html = render_to_string(
        "503.html",
        {
            "platform_name": settings.JOBCENTER_PLATFORM_NAME,
            "retry_url": request.get_full_path() if request.method == "GET" else "",
            "other_language": other,
        },
    )
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _keep_session_away_from_the_database(request: HttpRequest) -> None:
    """The session middleware reads the session once more on the way out (to set the
    cookie), which would wait for the database a second time. A session that could not be
    loaded counts as empty for the rest of this request; it is neither saved (a 5xx
    response) nor deleted (its key stays), so the visitor stays signed in."""
    session = getattr(request, "session", None)
    if session is not None and not hasattr(session, "_session_cache"):
        session._session_cache = {}  # what Django itself sets for a session it need not load


class DatabaseUnavailableMiddleware:
    """Turns a database that cannot answer into the 503 page (errors raised in views)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest,
                          exception: Exception) -> HttpResponse | None:
        if database_unavailable(exception):
            return unavailable_response(request, exception)
        return None
