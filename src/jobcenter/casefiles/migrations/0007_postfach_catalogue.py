"""Catalogue entries for the Postfach (issue 13): its messages and attachments are eAkte
documents, and a person without a case gets a correspondence case for them."""

import datetime as dt

from django.db import migrations

START = dt.date(2025, 1, 1)

DOCUMENT_TYPES = [
    ("postfach_eingang", "Nachricht (Postfach, eingegangen)", "eingang"),
    ("postfach_ausgang", "Nachricht (Postfach, versandt)", "ausgang"),
    ("postfach_anhang", "Anhang einer Nachricht (Postfach)", "eingang"),
    ("postfach_anhang_ausgang", "Anhang einer Antwort (Postfach)", "ausgang"),
]


def seed(apps, schema_editor):
    CaseType = apps.get_model("casefiles", "CaseType")
    StatusType = apps.get_model("casefiles", "StatusType")
    DocumentType = apps.get_model("casefiles", "DocumentType")
    CaseType.objects.get_or_create(
        key="postfach", valid_from=START,
        defaults={"title": "Schriftverkehr (Postfach)", "processing_days": 3,
                  "at_risk_days": 1},
    )
    StatusType.objects.get_or_create(
        key="schriftverkehr", valid_from=START,
        defaults={"title": "Schriftverkehr", "citizen_text": "Ihre Nachrichten im Postfach.",
                  "notify_citizen": False, "is_final": True, "position": 90,
                  "manual": False},
    )
    for key, title, direction in DOCUMENT_TYPES:
        DocumentType.objects.get_or_create(
            key=key, valid_from=START, defaults={"title": title, "direction": direction}
        )


class Migration(migrations.Migration):
    dependencies = [("casefiles", "0006_follow_ups_note_categories")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
