"""The case type of the Fahrkosten zu Meldeterminen (§ 59 SGB II with § 309 Abs. 4 SGB III),
issue 17: its processing standard in working days (10 Arbeitstage, warning at 4). It depends
on the conversion of the standards to working days (``bedarfe.0004``), which must not
convert this row again."""

import datetime as dt

from django.db import migrations

START = dt.date(2025, 1, 1)
CASE_TYPE = ("fahrkosten_meldetermin", "Fahrkosten zu Meldeterminen", 10, 4)


def seed(apps, schema_editor):
    key, title, days, risk = CASE_TYPE
    apps.get_model("casefiles", "CaseType").objects.get_or_create(
        key=key, valid_from=START,
        defaults={"title": title, "processing_days": days, "at_risk_days": risk})


def unseed(apps, schema_editor):
    apps.get_model("casefiles", "CaseType").objects.filter(
        key=CASE_TYPE[0], valid_from=START).delete()


class Migration(migrations.Migration):
    dependencies = [("anliegen", "0001_catalogue"),
                    ("bedarfe", "0004_case_types_working_days")]

    operations = [migrations.RunPython(seed, unseed)]
