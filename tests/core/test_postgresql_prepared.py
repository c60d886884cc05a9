"""Prepared statements where asked for (core/postgresql ``prepared_cursor``): the access-log
append is prepared by the server once per connection and then executed by name; Django's
own statements are never prepared; ``DB_PREPARED_STATEMENTS=0`` gives ordinary cursors; a
new connection prepares again; the query log still shows the statement."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.utils import ConnectionHandler
from django.test.utils import CaptureQueriesContext

from jobcenter.core.postgresql.base import PREPARE_ONLY_WHEN_ASKED, PreparingCursor
from jobcenter.transparency import chain
from jobcenter.transparency.models import AccessLogEntry
from jobcenter.transparency.services import Seen, access_log_record
from tests.factories import PersonFactory, StaffFactory
from tests.transparency.lanes import only_lane

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements of the PostgreSQL backend")
    chain._heads.clear()
    yield
    chain._heads.clear()
    connection.close()  # its prepared statements go with it


def _prepared() -> list[tuple[str, int, int]]:
    """This connection's statements prepared at the protocol level: text, plans run."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement, generic_plans + custom_plans FROM "
                       "pg_prepared_statements WHERE NOT from_sql")
        return list(cursor.fetchall())


def _read(actor, person) -> list[int]:
    return access_log_record(actor=actor, purpose=AccessLogEntry.Purpose.VIEW_PERSON,
                             what=AccessLogEntry.What.PERSON, seen=[Seen(person)])


def test_the_append_is_prepared_once_and_then_executed_by_name(jobcenter):
    caseworker, person = StaffFactory(jobcenter=jobcenter), PersonFactory(jobcenter=jobcenter)
    assert connection.connection is None or _prepared() == []
    for _ in range(4):
        _read(caseworker, person)
    statements = _prepared()
    appends = [(text, runs) for text, runs in statements if text.startswith("WITH moved AS")]
    # one prepared statement for the four appends (the first read the head: prepared too)
    assert len(appends) == 1 and appends[0][1] >= 3, statements
    # the head's first read and creation, the append: nothing of Django's own
    assert all('"transparency_accessloglanehead"' in text for text, _ in statements), statements
    assert only_lane(jobcenter).ok
    assert AccessLogEntry.objects.filter(jobcenter=jobcenter).count() == 4


def test_django_statements_are_not_prepared(jobcenter):
    for _ in range(8):  # more than psycopg's default threshold of five
        assert AccessLogEntry.objects.filter(jobcenter=jobcenter).count() == 0
    assert _prepared() == []
    assert connection.connection.prepare_threshold == PREPARE_ONLY_WHEN_ASKED


def test_a_new_connection_prepares_again(jobcenter):
    caseworker, person = StaffFactory(jobcenter=jobcenter), PersonFactory(jobcenter=jobcenter)
    _read(caseworker, person)
    connection.close()
    _read(caseworker, person)  # the server forgot the statement with the old connection
    assert [text for text, _ in _prepared() if text.startswith("WITH moved AS")]
    assert only_lane(jobcenter).ok


def test_the_query_log_shows_the_prepared_statement(jobcenter):
    caseworker, person = StaffFactory(jobcenter=jobcenter), PersonFactory(jobcenter=jobcenter)
    _read(caseworker, person)
    with CaptureQueriesContext(connection) as queries:
        _read(caseworker, person)
    assert len(queries) == 1
    assert queries[0]["sql"].startswith("WITH moved AS (UPDATE")
    assert f"WHERE h.jobcenter_id = {jobcenter.pk}" in queries[0]["sql"]


def test_switched_off_the_cursor_is_an_ordinary_one(settings):
    """``DB_PREPARED_STATEMENTS=0`` (a pooler without protocol-level prepared statements):
    psycopg prepares nothing, ``prepared_cursor`` is Django's cursor."""
    database = {**settings.DATABASES["default"]}
    database["OPTIONS"] = {**database.get("OPTIONS", {}), "prepared_statements": False}
    handler = ConnectionHandler({"default": database})
    off = handler["default"]
    try:
        with off.prepared_cursor() as cursor:
            assert not isinstance(cursor.cursor, PreparingCursor)
            cursor.execute("SELECT 1")
        assert off.connection.prepare_threshold is None
        assert not off.prepared_statements
    finally:
        off.close()
    with connection.prepared_cursor() as cursor:
        assert isinstance(cursor.cursor, PreparingCursor)
