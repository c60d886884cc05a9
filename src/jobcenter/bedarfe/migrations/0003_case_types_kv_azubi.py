"""The eAkte's case types of the Zuschuss zur Kranken- und Pflegeversicherung (§ 26 SGB II)
and the Leistungen für Auszubildende (§ 27 SGB II), with their processing standard
(seeded in calendar days and converted to working days by ``0004_case_types_working_days``)."""

import datetime as dt

from django.db import migrations

START = dt.date(2025, 1, 1)

# key, title, processing standard (calendar days), warning days
CASE_TYPES = [
    ("kv_zuschuss", "Zuschuss zur Kranken- und Pflegeversicherung", 14, 5),
    ("auszubildende", "Leistungen für Auszubildende", 21, 7),
]


def seed(apps, schema_editor):
    CaseType = apps.get_model("casefiles", "CaseType")
    for key, title, days, risk in CASE_TYPES:
        CaseType.objects.get_or_create(
            key=key, valid_from=START,
            defaults={"title": title, "processing_days": days, "at_risk_days": risk})


def unseed(apps, schema_editor):
    apps.get_model("casefiles", "CaseType").objects.filter(
        key__in=[t[0] for t in CASE_TYPES], valid_from=START).delete()


class Migration(migrations.Migration):
    dependencies = [("bedarfe", "0002_case_types")]

    operations = [migrations.RunPython(seed, unseed)]
