"""The eAkte's case type of the Vorschuss (§ 42 Abs. 2 SGB II): an advance on the next
payment is urgent by nature — 3 calendar days, warned after 1."""

import datetime as dt

from django.db import migrations

START = dt.date(2025, 1, 1)


def seed(apps, schema_editor):
    apps.get_model("casefiles", "CaseType").objects.get_or_create(
        key="vorschuss", valid_from=START,
        defaults={"title": "Vorschuss auf die nächste Zahlung", "processing_days": 3,
                  "at_risk_days": 1})


def unseed(apps, schema_editor):
    apps.get_model("casefiles", "CaseType").objects.filter(
        key="vorschuss", valid_from=START).delete()


class Migration(migrations.Migration):
    dependencies = [("bedarfe", "0002_case_types")]

    operations = [migrations.RunPython(seed, unseed)]
