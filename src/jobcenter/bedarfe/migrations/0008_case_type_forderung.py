"""The eAkte's case type of Stundung, Ratenzahlung oder Erlass einer Forderung (§ 44 SGB II,
§ 59 BHO): 10 working days, warned after 3 (seeded in working days, after ``0007``)."""

import datetime as dt

from django.db import migrations

START = dt.date(2025, 1, 1)


def seed(apps, schema_editor):
    apps.get_model("casefiles", "CaseType").objects.get_or_create(
        key="forderung", valid_from=START,
        defaults={"title": "Stundung, Ratenzahlung oder Erlass einer Forderung",
                  "processing_days": 10, "at_risk_days": 3})


def unseed(apps, schema_editor):
    apps.get_model("casefiles", "CaseType").objects.filter(
        key="forderung", valid_from=START).delete()


class Migration(migrations.Migration):
    dependencies = [("bedarfe", "0007_case_type_direktzahlung")]

    operations = [migrations.RunPython(seed, unseed)]
