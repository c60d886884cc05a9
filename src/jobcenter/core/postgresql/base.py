"""Django's PostgreSQL backend, with a health check that asks the socket, not the server.

With ``CONN_HEALTH_CHECKS`` Django checks a kept connection before a request's first query
by sending ``SELECT 1`` — a round trip to the server on every request that reads or writes
anything (a staff page served from the page cache writes only its access-log entry; the
check doubled its round trips). A connection that sits idle between requests has nothing to
read: the server speaks only when it ends the connection (a restart, ``pg_terminate_backend``,
an idle timeout: an error message, then end of file). So ``is_usable`` looks at the socket
without waiting: nothing to read → usable, no round trip; something to read, or a
connection that is not idle (inside a transaction, failed, broken) → Django's ``SELECT 1``
decides, as before. A server that vanished without a word (a cut network) is found neither
way before the first query; the connect and statement timeouts bound that case
(docs/operations.md, "Database timeouts").

Prepared statements, only where asked for: Django turns psycopg's prepared statements off
(``prepare_threshold=None``) so that connection poolers keep working, and every statement is
parsed and planned by the server each time. ``prepared_cursor()`` gives a cursor whose
statements the server prepares once per connection and then only executes (psycopg's
protocol-level prepare) — used for the access-log append, the one statement every staff
page sends (transparency/chain.py). Everything else stays as Django makes it. A pooler in
transaction mode must pass protocol-level prepared statements on (PgBouncer ≥ 1.21 with
``max_prepared_statements`` > 0); otherwise ``DB_PREPARED_STATEMENTS=0`` makes
``prepared_cursor()`` an ordinary cursor (docs/operations.md).
"""

from __future__ import annotations

import select
from typing import Any

from django.db.backends.postgresql import base
from django.db.backends.postgresql.operations import DatabaseOperations as _Operations
from django.db.backends.postgresql.psycopg_any import (  # type: ignore[import-untyped]
    register_tzloader,
)
from django.db.backends.utils import CursorWrapper
from psycopg import pq

#: The connection's prepare threshold: psycopg prepares a statement after this many runs
#: through a server-binding cursor. Only ``prepared_cursor`` makes such cursors, and its
#: statements ask to be prepared on their first run; Django's own cursors (client-side
#: binding) never prepare. The count is never reached.
PREPARE_ONLY_WHEN_ASKED = 2**62


#: Django's cursor classes for psycopg 3 (not in django-stubs)
_ServerBindingCursor: Any = base.ServerBindingCursor  # type: ignore[attr-defined]
_TIMESTAMPTZ_OID: int = base.TIMESTAMPTZ_OID  # type: ignore[attr-defined]


class PreparingCursor(_ServerBindingCursor):  # type: ignore[misc]
    """Server-side binding; every statement is prepared on its first run on a connection
    and executed by name from then on."""

    def execute(self, query: Any, params: Any = None, *, prepare: bool | None = None,
                binary: bool | None = None) -> Any:
        return super().execute(query, params, prepare=True if prepare is None else prepare,
                               binary=binary)


class DatabaseOperations(_Operations):
    def last_executed_query(self, cursor: Any, sql: str, params: Any) -> str:
        """The statement as the query log shows it (DEBUG, captured queries): a prepared
        statement is run by name, so psycopg keeps no text of it; composed here instead."""
        if isinstance(cursor, PreparingCursor):
            return str(self.compose_sql(sql, params))
        return super().last_executed_query(cursor, sql, params)


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
    _cursor_class: type | None = None

    @property
    def prepared_statements(self) -> bool:
        """``OPTIONS["prepared_statements"]`` (``DB_PREPARED_STATEMENTS``), on by default."""
        return bool(self.settings_dict["OPTIONS"].get("prepared_statements", True))

    def get_connection_params(self) -> dict[str, Any]:
        params = super().get_connection_params()
        params.pop("prepared_statements", None)  # ours, not a connection parameter
        if self.prepared_statements and params.get("prepare_threshold") is None:
            params["prepare_threshold"] = PREPARE_ONLY_WHEN_ASKED
        return params

    def prepared_cursor(self) -> CursorWrapper:
        """A cursor (Django's wrapper: counted and logged like any other) whose statements
        the server prepares once per connection; an ordinary cursor if
        ``DB_PREPARED_STATEMENTS=0``. For statements sent again and again, with the same
        parameter types each time."""
        if not self.prepared_statements:
            return self.cursor()
        self._cursor_class = PreparingCursor
        try:
            return self.cursor()
        finally:
            self._cursor_class = None

    def create_cursor(self, name: str | None = None) -> Any:
        if name or self._cursor_class is None:
            return super().create_cursor(name)
        cursor = self._cursor_class(self.connection)
        # as Django's create_cursor: the cursor's time zone where the connection's differs
        loader = self.connection.adapters.get_loader(_TIMESTAMPTZ_OID, pq.Format.TEXT)
        if self.timezone != loader.timezone:
            register_tzloader(self.timezone, cursor)
        return cursor

    def is_usable(self) -> bool:
        conn = self.connection
        if conn is None or conn.closed or conn.broken:
            return False
        if (conn.pgconn.status != pq.ConnStatus.OK
                or conn.pgconn.transaction_status != pq.TransactionStatus.IDLE):
            return super().is_usable()
        try:
            readable, _, _ = select.select([conn.fileno()], [], [], 0)
        except (OSError, ValueError):
            return False
        if readable:  # the server said something (or closed): let a query tell
            return super().is_usable()
        return True
