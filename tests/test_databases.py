"""The test databases' own machinery (tests/databases.py): emptying after a transactional
test leaves what Django's flush leaves — every table of the models empty, the access log
(append-only: its trigger refuses DELETE) included — and the connections commit without
waiting for the disk. PostgreSQL only: SQLite keeps Django's flush."""

from __future__ import annotations

import pytest
from django.db import connection

from jobcenter.transparency.models import AccessLogEntry
from jobcenter.transparency.services import Seen, access_log_record
from tests import databases
from tests.factories import PersonFactory, StaffFactory

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="PostgreSQL only; SQLite keeps Django's flush")


def _rows_left() -> dict[str, int]:
    tables = connection.introspection.django_table_names(only_existing=True,
                                                         include_views=False)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(
            f"SELECT '{table}', count(*) FROM {quote(table)}" for table in tables))
        return {table: count for table, count in cursor.fetchall() if count}


@pytest.mark.django_db(transaction=True)
def test_emptying_leaves_every_table_empty_the_append_only_access_log_included(jobcenter):
    staff = StaffFactory(jobcenter=jobcenter)
    person = PersonFactory(jobcenter=jobcenter)
    access_log_record(actor=staff, purpose=AccessLogEntry.Purpose.VIEW_PERSON,
                      what=AccessLogEntry.What.PERSON, seen=[Seen(person, person, "")])
    assert AccessLogEntry.objects.exists()

    emptied = databases.empty_database(connection)

    assert {AccessLogEntry._meta.db_table, "households_person",
            "jobcenters_jobcenter", "django_content_type"} <= set(emptied)
    assert _rows_left() == {}
    assert databases.empty_database(connection) == []  # nothing left to do


@pytest.mark.django_db(transaction=True)
def test_the_catalogue_and_content_types_are_back_after_a_transactional_test():
    """The next transactional test starts as after Django's flush: post_migrate ran (content
    types, permissions) and the catalogue is seeded again (tests/conftest.py)."""
    from django.contrib.contenttypes.models import ContentType

    from jobcenter.casefiles.models import CaseType

    assert ContentType.objects.filter(app_label="households", model="person").exists()
    assert CaseType.objects.filter(key="neuantrag").exists()


@pytest.mark.django_db
def test_commits_do_not_wait_for_the_disk():
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone() == ("off",)
