from django.db import migrations, models

#: Set only by their own flow: Mitwirkung (request/upload) and decisions (four-eyes).
FLOW_ONLY = ["mitwirkung_angefordert", "unterlagen_eingegangen", "entscheidung_vorbereitet",
             "zur_freigabe", "entschieden"]


def mark_flow_only(apps, schema_editor):
    apps.get_model("casefiles", "StatusType").objects.filter(key__in=FLOW_ONLY).update(
        manual=False)


class Migration(migrations.Migration):
    dependencies = [("casefiles", "0003_case_received_index")]

    operations = [
        migrations.AddField(
            model_name="statustype",
            name="manual",
            field=models.BooleanField(
                default=True,
                help_text="Nein: nur der zugehörige Ablauf setzt diesen Status (z. B. „entschieden“ erst mit dem freigegebenen Bescheid).",
                verbose_name="von Hand setzbar",
            ),
        ),
        migrations.RunPython(mark_flow_only, migrations.RunPython.noop),
    ]
