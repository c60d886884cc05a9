"""Every existing Jobcenter gets the default rules, so the Mitwirkung reminders the eAkte
sent until now (3 days and 1 day before the deadline) go on without a gap, and the
Weiterbewilligung is reminded six and two weeks before the end of the period."""

from django.db import migrations

DEFAULTS = (("mitwirkung", 3), ("mitwirkung", 1), ("weiterbewilligung", 42),
            ("weiterbewilligung", 14))


def install(apps, schema_editor):
    Jobcenter = apps.get_model("jobcenters", "Jobcenter")
    ReminderRule = apps.get_model("reminders", "ReminderRule")
    for jobcenter in Jobcenter.objects.all():
        for source, days in DEFAULTS:
            ReminderRule.objects.get_or_create(jobcenter=jobcenter, source=source,
                                               days_before=days, defaults={"channel": "email"})


class Migration(migrations.Migration):
    dependencies = [("reminders", "0001_initial"), ("jobcenters", "0001_initial")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
