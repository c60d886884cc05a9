"""The eAkte's case types of the concerns of ``bedarfe`` with their processing standard
(calendar days, as the catalogue counts). The Erstausstattung keeps its row of
``casefiles`` (21 days)."""

import datetime as dt

from django.db import migrations

START = dt.date(2025, 1, 1)

# key, title, processing standard (calendar days), warning days
CASE_TYPES = [
    ("bildung_teilhabe", "Bildung und Teilhabe", 21, 7),
    ("umzug", "Umzug: Zusicherung und Umzugskosten", 14, 5),
    ("mietkaution", "Mietkaution", 14, 5),
    ("mehrbedarf", "Mehrbedarf", 21, 7),
    ("darlehen", "Darlehen für einen unabweisbaren Bedarf", 7, 3),
    ("heizkosten", "Heizkosten für Brennstoff", 14, 5),
    ("nachzahlung", "Nachzahlung aus der Nebenkostenabrechnung", 14, 5),
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
    dependencies = [("bedarfe", "0001_angemessenheitsgrenzen"), ("casefiles", "0008_appointments")]

    operations = [migrations.RunPython(seed, unseed)]
