"""Unique (Jobcenter, lane, seq) instead of (Jobcenter, seq): the last guard of each lane's
chain (``transparency.chain``).

On PostgreSQL the new unique index is built CONCURRENTLY (writers go on while it is built;
hence this migration is not atomic), then made the constraint and the old one dropped —
both catalogue changes of milliseconds. An index left invalid by an interrupted build is
dropped and built again when the migration runs again. Other databases: Django's own
operations.
"""

from django.db import migrations, models

TABLE = "transparency_accesslogentry"
OLD_NAME = "accesslog_chain_seq"
NEW = models.UniqueConstraint(fields=("jobcenter", "lane", "seq"), name="accesslog_lane_seq")


def _index_valid(schema_editor, name):
    """True/False for a valid/invalid index ``name``, None if there is none."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass(%s)",
                       [name])
        found = cursor.fetchone()
    return None if found is None else found[0]


class AddUniqueConcurrently(migrations.AddConstraint):
    """``AddConstraint``; on PostgreSQL its unique index is built CONCURRENTLY first."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        name = self.constraint.name
        if _index_valid(schema_editor, name) is False:  # an interrupted earlier build
            schema_editor.execute(f"DROP INDEX CONCURRENTLY {name}", params=None)
        if _index_valid(schema_editor, name) is None:
            schema_editor.execute(f"CREATE UNIQUE INDEX CONCURRENTLY {name} "
                                  f"ON {TABLE} (jobcenter_id, lane, seq)", params=None)
        schema_editor.execute(f"ALTER TABLE {TABLE} ADD CONSTRAINT {name} "
                              f"UNIQUE USING INDEX {name}", params=None)
        return None


def only_lane_0(apps, schema_editor):
    """Undoing lanes: refused while a lane other than 0 holds rows."""
    Entry = apps.get_model("transparency", "AccessLogEntry")
    if Entry.objects.exclude(lane=0).exists():
        raise RuntimeError("The access log has rows in lanes other than 0: one chain per "
                           "Jobcenter cannot hold them; the migration cannot be undone.")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("transparency", "0007_access_log_lanes"),
    ]

    operations = [
        AddUniqueConcurrently(model_name="accesslogentry", constraint=NEW),
        migrations.RemoveConstraint(model_name="accesslogentry", name=OLD_NAME),
        migrations.RunPython(migrations.RunPython.noop, only_lane_0),  # undone first
    ]
