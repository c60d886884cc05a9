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
"""

from __future__ import annotations

import select

from django.db.backends.postgresql import base
from psycopg import pq


class DatabaseWrapper(base.DatabaseWrapper):
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
