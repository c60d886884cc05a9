"""The test databases on PostgreSQL: made once and copied, emptied cheaply, committed
without waiting for the disk. Measured in docs/development.md ("What was changed, and why").

**A template for the xdist workers.** pytest-django lets every xdist worker create its own
test database (``test_<name>_gw0``, ``test_<name>_gw1``) by running all migrations: one full
migration per worker, side by side on the same cores (53–91 s each on the CI host under
load). Here the first worker that needs a database migrates a template
(``test_<name>_template``) while the others wait on a file lock; then every worker gets its
own database as a copy of it (``CREATE DATABASE … TEMPLATE …``, a second or two). The copy is
the migrated database itself — the same schema, triggers and seeded rows — so the tests see
what they saw before. The workers drop their copies at the end as before; the xdist
controller drops the template (``drop_template``). Used only where it applies: PostgreSQL,
an xdist worker, migrations on, no ``--reuse-db``; everything else (SQLite, a run without
xdist, ``--reuse-db``) keeps pytest-django's own set-up.

**Emptying after a transactional test** (``transaction=True``, ``live_server``, every
browser test). Django's ``flush`` truncates every table of the project in one statement;
PostgreSQL makes new files for each of the ~100 tables and their indexes, and the commit
waits for all of that: 1.4–2.8 s per test on the CI host. ``empty_database`` deletes the rows
of the tables that have any (one query finds them; a handful per test) — the same end state,
every table of Django's models empty, with the foreign keys checked at the commit (Django
creates them deferrable, initially deferred). A table with a trigger that refuses DELETE
(the access log: append-only) is truncated instead. Sequences are not reset, as with
Django's flush after a test. ``post_migrate`` then runs as after Django's flush.

**No wait for the WAL flush at commit** (``synchronous_commit=off``) on the test process's
connections to the test database: a commit returns before PostgreSQL has written it to disk
(a crash of the server could lose the last commits, never corrupt anything). Only these
connections: never production, and not the fault suite, whose private cluster and
processes take their settings from their own environment (loadtest/stack.py).
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ALIAS = "default"


def template_applies(config: Any, aliases: set[str]) -> bool:
    """For an xdist worker on PostgreSQL that needs the default database only."""
    from django.db import connections

    return (
        hasattr(config, "workerinput")
        and aliases <= {ALIAS}
        and connections[ALIAS].vendor == "postgresql"
        and not config.getvalue("reuse_db")
        and not config.getvalue("nomigrations")
    )


def template_name(settings_dict: Mapping[str, Any], worker: str | None = None) -> str:
    """``test_<name>_template``: the test database's name without the worker's suffix."""
    test_name = settings_dict.get("TEST", {}).get("NAME") or f"test_{settings_dict['NAME']}"
    if worker and test_name.endswith(f"_{worker}"):
        test_name = test_name[: -len(worker) - 1]
    return f"{test_name}_template"


@contextmanager
def _exclusive(lock_file: Path) -> Iterator[None]:
    """One xdist worker at a time (a lock file all workers of the run share)."""
    with lock_file.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def setup_from_template(config: Any, shared_dir: Path, *, verbosity: int,
                        serialize: bool) -> list[tuple[Any, str, bool]]:
    """Create this worker's test database from the template (migrating the template first
    if no worker has yet); returns what ``django.test.utils.teardown_databases`` takes."""
    from django.conf import settings
    from django.db import connections

    connection: Any = connections[ALIAS]  # Django's test-database internals are untyped
    creation = connection.creation
    worker = config.workerinput["workerid"]
    old_name = connection.settings_dict["NAME"]
    test_name = creation._get_test_db_name()  # test_<name>_gw0 (pytest-django's suffix)
    template = template_name(connection.settings_dict, worker)
    quote = connection.ops.quote_name

    with _exclusive(shared_dir / "db-template.lock"):
        ready = shared_dir / "db-template.ready"
        if not ready.exists():
            test_settings = connection.settings_dict["TEST"]
            test_settings["NAME"] = template
            try:  # Django's own creation: migrate, createcachetable (drops a stale one)
                creation.create_test_db(verbosity=verbosity, autoclobber=True, serialize=False)
            finally:
                test_settings["NAME"] = test_name
            ready.write_text(template)
        # nobody may be connected to a template while it is copied
        connection.close()
        with creation._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quote(test_name)}")
            cursor.execute(f"CREATE DATABASE {quote(test_name)} TEMPLATE {quote(template)}")
    if verbosity >= 1:
        creation.log(f"Copied test database {test_name} from {template}")

    settings.DATABASES[ALIAS]["NAME"] = test_name
    connection.settings_dict["NAME"] = test_name
    if serialize:
        connection._test_serialized_contents = creation.serialize_db_to_string()
    connection.ensure_connection()
    return [(connection, old_name, True)]


def drop_template(config: Any) -> None:
    """In the xdist controller after the run: drop the template if a worker made one."""
    from django.conf import settings
    from django.db import connections

    if getattr(config.option, "numprocesses", None) in (None, 0) or hasattr(config, "workerinput"):
        return
    connection: Any = connections[ALIAS]
    if connection.vendor != "postgresql" or config.getvalue("reuse_db"):
        return
    from pytest_django.plugin import blocking_manager_key

    template = template_name(settings.DATABASES[ALIAS])
    with config.stash[blocking_manager_key].unblock(), \
            connection.creation._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(template)}")


# --- emptying after a transactional test ------------------------------------------------

#: Tables with a row trigger on DELETE (pg_trigger.tgtype: bit 3 is DELETE)
_DELETE_TRIGGERS = """
SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
WHERE NOT t.tgisinternal AND t.tgtype & 8 = 8 AND pg_table_is_visible(c.oid)
"""


def empty_database(connection: Any) -> list[str]:
    """Delete every row of Django's tables on PostgreSQL (the end state of ``flush``);
    returns the tables that had rows."""
    from django.db import transaction

    tables = connection.introspection.django_table_names(only_existing=True,
                                                         include_views=False)
    if not tables:
        return []
    quote = connection.ops.quote_name
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(
            f"SELECT {i} WHERE EXISTS (SELECT FROM {quote(table)})"
            for i, table in enumerate(tables)))
        filled = [tables[i] for (i,) in cursor.fetchall()]
        if not filled:
            return []
        cursor.execute(_DELETE_TRIGGERS)
        guarded = {name for (name,) in cursor.fetchall()}
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        truncate = [table for table in filled if table in guarded]
        if truncate:  # first: TRUNCATE refuses a table with pending foreign-key checks
            cursor.execute(f"TRUNCATE {', '.join(quote(table) for table in truncate)} CASCADE")
        cursor.execute("; ".join(f"DELETE FROM {quote(table)}"
                                 for table in filled if table not in guarded))
    return filled


def fixture_teardown(test_case: Any, django_teardown: Any) -> None:
    """``TransactionTestCase._fixture_teardown`` with ``empty_database`` instead of
    ``flush`` on PostgreSQL; Django's own (``django_teardown``) anywhere else and where a
    test restricts ``available_apps`` (flush then cascades)."""
    from django.core.management.sql import emit_post_migrate_signal
    from django.db import connections

    names = test_case._databases_names(include_mirrors=False)
    if test_case.available_apps is not None or any(
            connections[name].vendor != "postgresql" for name in names):
        django_teardown(test_case)
        return
    for name in names:
        connection = connections[name]
        empty_database(connection)
        # as flush does: post_migrate again (content types, permissions), unless the test
        # restores serialized contents
        if not (test_case.serialized_rollback
                and hasattr(connection, "_test_serialized_contents")):
            emit_post_migrate_signal(0, False, name)


# --- commits without waiting for the disk ---------------------------------------------


def commit_without_flush_wait() -> None:
    """``synchronous_commit=off`` for the test process's connections to PostgreSQL (before
    they connect to the test database)."""
    from django.db import connections

    for connection in connections.all(initialized_only=False):
        if connection.vendor != "postgresql":
            continue
        options = connection.settings_dict.setdefault("OPTIONS", {})
        if "synchronous_commit" not in options.get("options", ""):
            options["options"] = f"{options.get('options', '')} -c synchronous_commit=off".strip()
        connection.close()
