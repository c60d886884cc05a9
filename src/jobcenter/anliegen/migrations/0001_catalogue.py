"""The eAkte's catalogue rows of the concerns (``anliegen.registry``): their case types with
the processing standard and the three decision types of their letters. A concern added
later brings its rows in a migration of its own app (docs/antraege.md, "Adding a
concern")."""

import datetime as dt

from django.db import migrations

START = dt.date(2025, 1, 1)

# key, title, processing standard (calendar days, as the catalogue counts), warning days
CASE_TYPES = [
    ("ortsabwesenheit", "Ortsabwesenheit", 7, 3),
    ("ueberpruefung", "Überprüfungsantrag", 60, 14),
    ("akteneinsicht", "Akteneinsicht", 14, 5),
    ("bewerbungskosten", "Bewerbungs- und Fahrtkosten", 21, 7),
    ("arbeitsunfaehigkeit", "Arbeitsunfähigkeit", 7, 3),
    ("abmeldung", "Abmeldung aus dem Leistungsbezug", 14, 5),
]

# key, title, objection period in months, always four eyes
DECISION_TYPES = [
    ("anliegen_bescheid", "Bescheid zu einem Anliegen", 1, False),
    ("anliegen_ablehnung", "Ablehnung eines Anliegens", 1, True),
    ("anliegen_schreiben", "Schreiben zu einem Anliegen", 1, False),
]


def seed(apps, schema_editor):
    CaseType = apps.get_model("casefiles", "CaseType")
    DecisionType = apps.get_model("casefiles", "DecisionType")
    for key, title, days, risk in CASE_TYPES:
        CaseType.objects.get_or_create(
            key=key, valid_from=START,
            defaults={"title": title, "processing_days": days, "at_risk_days": risk})
    for key, title, months, four_eyes in DECISION_TYPES:
        DecisionType.objects.get_or_create(
            key=key, valid_from=START,
            defaults={"title": title, "objection_period_months": months,
                      "requires_four_eyes": four_eyes})


def unseed(apps, schema_editor):
    apps.get_model("casefiles", "CaseType").objects.filter(
        key__in=[t[0] for t in CASE_TYPES], valid_from=START).delete()
    apps.get_model("casefiles", "DecisionType").objects.filter(
        key__in=[t[0] for t in DECISION_TYPES], valid_from=START).delete()


class Migration(migrations.Migration):
    dependencies = [("casefiles", "0008_appointments")]

    operations = [migrations.RunPython(seed, unseed)]
