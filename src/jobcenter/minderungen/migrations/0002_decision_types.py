"""The Bescheid kinds of the Minderung procedure in the eAkte's catalogue; their texts are
``minderungen.letters``, decisions issues them."""

import datetime as dt

from django.db import migrations

START = dt.date(2025, 1, 1)
TYPES = [
    ("minderung", "Leistungsminderung"),
    ("minderung_ende", "Ende einer Leistungsminderung"),
]


def seed(apps, schema_editor):
    DecisionType = apps.get_model("casefiles", "DecisionType")
    for key, title in TYPES:
        DecisionType.objects.get_or_create(
            key=key, valid_from=START,
            defaults={"title": title, "objection_period_months": 1,
                      "requires_four_eyes": False})


def unseed(apps, schema_editor):
    DecisionType = apps.get_model("casefiles", "DecisionType")
    DecisionType.objects.filter(key__in=[t[0] for t in TYPES], valid_from=START).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("minderungen", "0001_initial"),
        ("casefiles", "0002_seed_catalogue"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
