"""Catalogue entries for decisions about the past: the Aufhebungs- und Erstattungsbescheid
after an Anhörung and the abschließende Entscheidung after a provisional Bewilligung
(§ 41a SGB II). Both always need a second person (four eyes)."""

import datetime as dt

from django.db import migrations

START = dt.date(2025, 1, 1)

DECISION_TYPES = [
    # key, title, objection period in months, four eyes
    ("aufhebung_erstattung", "Aufhebungs- und Erstattungsbescheid", 1, True),
    ("abschliessend", "Abschließende Entscheidung", 1, True),
]


def seed(apps, schema_editor):
    DecisionType = apps.get_model("casefiles", "DecisionType")
    for key, title, months, four_eyes in DECISION_TYPES:
        DecisionType.objects.get_or_create(
            key=key, valid_from=START,
            defaults={"title": title, "objection_period_months": months,
                      "requires_four_eyes": four_eyes},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0005_anhoerung"),
        ("casefiles", "0002_seed_catalogue"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
