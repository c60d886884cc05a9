"""Trigram indexes for the work queue's name search (PostgreSQL only).

The queue filters with ``icontains``, which Django writes on PostgreSQL as
``UPPER(name::text) LIKE UPPER('%term%')``; a GIN index on ``UPPER(name) gin_trgm_ops``
serves exactly that expression for terms of three or more characters. SQLite has neither
pg_trgm nor GIN, so there both operations do nothing. The indexes are not part of the
model state (``Person.Meta.indexes`` cannot hold a vendor-specific index), so
``makemigrations`` stays clean. (The SQL is written out: ``GinIndex(OpClass(Upper(...)))``
renders only with ``django.contrib.postgres`` in INSTALLED_APPS, which the project does not
need otherwise.)
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

FIELDS = ("last_name", "first_name")


def add_indexes(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("households", "Person")._meta.db_table)
    for field in FIELDS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {schema_editor.quote_name(f'person_{field}_trgm')} "
            f"ON {table} USING gin (UPPER({schema_editor.quote_name(field)}) gin_trgm_ops)")


def remove_indexes(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for field in FIELDS:
        schema_editor.execute(
            f"DROP INDEX IF EXISTS {schema_editor.quote_name(f'person_{field}_trgm')}")


class Migration(migrations.Migration):

    dependencies = [
        ("households", "0001_initial"),
    ]

    operations = [
        TrigramExtension(),  # CREATE EXTENSION IF NOT EXISTS pg_trgm; a no-op on SQLite
        migrations.RunPython(add_indexes, remove_indexes, elidable=False),
    ]
