"""The two Bescheid kinds of the Widerspruchsverfahren in the eAkte's catalogue:
the Abhilfebescheid (§ 85 Abs. 1 SGG) and the Widerspruchsbescheid (§ 85 Abs. 2 SGG).
Their texts are ``rechtsbehelfe.letters``; decisions issues them."""

import datetime as dt

from django.db import migrations

START = dt.date(2025, 1, 1)
TYPES = [
    # key, title, objection (or, for the Widerspruchsbescheid, Klage) period in months
    ("abhilfe", "Abhilfebescheid", 1),
    ("widerspruchsbescheid", "Widerspruchsbescheid", 1),
]


def seed(apps, schema_editor):
    DecisionType = apps.get_model("casefiles", "DecisionType")
    for key, title, months in TYPES:
        DecisionType.objects.get_or_create(
            key=key, valid_from=START,
            defaults={"title": title, "objection_period_months": months,
                      "requires_four_eyes": False})


def unseed(apps, schema_editor):
    DecisionType = apps.get_model("casefiles", "DecisionType")
    DecisionType.objects.filter(key__in=[t[0] for t in TYPES], valid_from=START).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("rechtsbehelfe", "0001_initial"),
        ("casefiles", "0002_seed_catalogue"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
