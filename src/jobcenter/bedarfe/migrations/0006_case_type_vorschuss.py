"""The eAkte's case type of the Vorschuss (§ 42 Abs. 2 SGB II): an advance on the next
payment is urgent by nature — 3 working days, warned after 1 (seeded in working days, after
the conversion of the older rows, ``0004_case_types_working_days``)."""

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
    dependencies = [("bedarfe", "0005_case_types_wohnen")]

    operations = [migrations.RunPython(seed, unseed)]
