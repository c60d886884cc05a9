"""Every existing Jobcenter gets the default rule of the appointments source (issue 13):
remind of an appointment or Meldetermin the day before, by e-mail."""

from django.db import migrations


def install(apps, schema_editor):
    Jobcenter = apps.get_model("jobcenters", "Jobcenter")
    ReminderRule = apps.get_model("reminders", "ReminderRule")
    for jobcenter in Jobcenter.objects.all():
        ReminderRule.objects.get_or_create(jobcenter=jobcenter, source="termin", days_before=1,
                                           defaults={"channel": "email"})


class Migration(migrations.Migration):
    dependencies = [("reminders", "0002_default_rules")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
