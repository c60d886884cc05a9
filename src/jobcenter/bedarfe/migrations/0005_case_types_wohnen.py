"""The eAkte's case types of the housing concerns of ``bedarfe.wohnen``: the Zusicherung
before moving out under 25 (§ 22 Abs. 5 SGB II) and the Übernahme of rent or energy debts
(§ 22 Abs. 8 SGB II, short standard: a notice or a cut-off is imminent). Seeded in working
days, after the conversion of the older rows (``0004_case_types_working_days``)."""

import datetime as dt

from django.db import migrations

START = dt.date(2025, 1, 1)

# key, title, processing standard (working days), warning days
CASE_TYPES = [
    ("auszug_u25", "Auszug unter 25: Zusicherung", 10, 4),
    ("mietschulden", "Mietschulden oder Energieschulden", 4, 2),
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
    dependencies = [("bedarfe", "0004_case_types_working_days")]

    operations = [migrations.RunPython(seed, unseed)]
