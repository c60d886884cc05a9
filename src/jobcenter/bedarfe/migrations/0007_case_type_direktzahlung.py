"""The eAkte's case type of the Direktzahlung der Miete an den Vermieter (§ 22 Abs. 7 Satz 1
SGB II): 5 working days, warned after 2 (seeded in working days, after ``0006``)."""

import datetime as dt

from django.db import migrations

START = dt.date(2025, 1, 1)


def seed(apps, schema_editor):
    apps.get_model("casefiles", "CaseType").objects.get_or_create(
        key="direktzahlung", valid_from=START,
        defaults={"title": "Direktzahlung der Miete an den Vermieter", "processing_days": 5,
                  "at_risk_days": 2})


def unseed(apps, schema_editor):
    apps.get_model("casefiles", "CaseType").objects.filter(
        key="direktzahlung", valid_from=START).delete()


class Migration(migrations.Migration):
    dependencies = [("bedarfe", "0006_case_type_vorschuss")]

    operations = [migrations.RunPython(seed, unseed)]
