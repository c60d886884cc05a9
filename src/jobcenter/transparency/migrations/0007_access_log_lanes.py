"""The access log gets lanes: several chains per Jobcenter (``transparency.chain``, "Lanes").

Safe on a live installation with a big log (docs/security.md "Access log", "Upgrading to
lanes"):

- ``lane`` is added with the constant default 0: every existing row is in lane 0, and on
  PostgreSQL ≥ 11 the column is added without rewriting or scanning the table (the
  default is stored in the catalogue); the ALTER holds its ACCESS EXCLUSIVE lock for
  milliseconds, once it has it (``lock_timeout`` bounds the wait for it). Rows in lane 0
  keep their hash (the hash covers the lane only when it is not 0), so nothing is
  rehashed.
- The heads (one row per Jobcenter) move to a new table, one head per Jobcenter and lane;
  the existing heads become the heads of lane 0. The new table has a new name: code from
  before lanes that still runs during the upgrade finds no head table and fails its
  append (the page errs, nothing is written) instead of chaining onto another lane's head.
- The PostgreSQL trigger lets the retention job delete a row only if a checkpoint in the
  row's own lane covers it.

The unique constraint on (Jobcenter, lane, seq) follows in 0008 (built without blocking
writes).
"""

import django.db.models.deletion
from django.db import migrations, models

GUARD_SQL = """
CREATE OR REPLACE FUNCTION transparency_accesslog_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND current_setting('jobcenter.accesslog_purge', true) = 'on'
       AND EXISTS (
           SELECT 1 FROM transparency_accesslogentry c
           WHERE c.jobcenter_id = OLD.jobcenter_id AND c.lane = OLD.lane
             AND c.seq > OLD.seq
             AND c.checkpoint_seq IS NOT NULL AND c.checkpoint_seq >= OLD.seq)
    THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'transparency_accesslogentry is append-only (% refused)', TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
"""

#: The function as migration 0002 made it (for a reverse migration).
GUARD_WITHOUT_LANES_SQL = GUARD_SQL.replace(" AND c.lane = OLD.lane", "")


def lane_guard(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(GUARD_SQL, params=None)


def guard_without_lanes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(GUARD_WITHOUT_LANES_SQL, params=None)


def heads_to_lane_0(apps, schema_editor):
    Old = apps.get_model("transparency", "AccessLogHeadBeforeLanes")
    Head = apps.get_model("transparency", "AccessLogHead")
    Head.objects.bulk_create(
        Head(jobcenter_id=old.jobcenter_id, lane=0, seq=old.seq, hash=old.hash)
        for old in Old.objects.order_by("pk"))


def heads_from_lane_0(apps, schema_editor):
    """Undone only while lane 0 holds every row (0008, undone first, checks)."""
    Old = apps.get_model("transparency", "AccessLogHeadBeforeLanes")
    Head = apps.get_model("transparency", "AccessLogHead")
    Old.objects.bulk_create(Old(jobcenter_id=head.jobcenter_id, seq=head.seq, hash=head.hash)
                            for head in Head.objects.filter(lane=0).order_by("pk"))


class Migration(migrations.Migration):

    dependencies = [
        ("jobcenters", "0006_jobcenter_own_settings"),
        ("transparency", "0006_appointments"),
    ]

    operations = [
        migrations.AddField(
            model_name="accesslogentry", name="lane",
            field=models.SmallIntegerField(default=0),
        ),
        migrations.RenameModel("AccessLogHead", "AccessLogHeadBeforeLanes"),
        migrations.CreateModel(
            name="AccessLogHead",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True,
                                           serialize=False, verbose_name="ID")),
                ("lane", models.SmallIntegerField(default=0)),
                ("seq", models.PositiveBigIntegerField(default=0)),
                ("hash", models.CharField(default="0" * 64, max_length=64)),
                ("jobcenter", models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="access_log_heads", to="jobcenters.jobcenter")),
            ],
            options={
                "verbose_name": "Kopf der Protokollkette",
                "db_table": "transparency_accessloglanehead",
                "constraints": [models.UniqueConstraint(fields=("jobcenter", "lane"),
                                                        name="accesslog_head_lane")],
            },
        ),
        migrations.RunPython(heads_to_lane_0, heads_from_lane_0),
        migrations.DeleteModel("AccessLogHeadBeforeLanes"),
        migrations.RunPython(lane_guard, guard_without_lanes),
    ]
