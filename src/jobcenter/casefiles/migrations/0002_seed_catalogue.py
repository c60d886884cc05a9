"""Seed the eAkte catalogue. Later changes are made in the Django admin (new rows with
``valid_from``), not by editing this migration."""

import datetime as dt

from django.db import migrations

START = dt.date(2025, 1, 1)

CASE_TYPES = [
    # key, title, processing_days, at_risk_days
    ("neuantrag", "Neuantrag", 21, 7),
    ("weiterbewilligung", "Weiterbewilligung", 14, 5),
    ("veraenderung", "Veränderungsmitteilung", 14, 5),
    ("erstausstattung", "Erstausstattung", 21, 7),
    ("widerspruch", "Widerspruch", 90, 21),
    ("sonstiges", "Sonstiges Anliegen", 21, 7),
]

STATUS_TYPES = [
    # key, staff title, citizen text, notify, final
    # No notice on receipt: the application itself already sends the receipt e-mail.
    ("eingegangen", "Eingegangen", "Ihr Antrag ist bei uns angekommen.", False, False),
    ("in_bearbeitung", "In Bearbeitung", "Wir bearbeiten Ihren Antrag.", False, False),
    ("mitwirkung_angefordert", "Mitwirkung angefordert",
     "Wir brauchen noch Unterlagen von Ihnen. Bitte sehen Sie in Ihre Aufgaben.", True, False),
    ("unterlagen_eingegangen", "Unterlagen eingegangen",
     "Ihre Unterlagen sind angekommen. Wir bearbeiten Ihren Antrag weiter.", False, False),
    ("entscheidung_vorbereitet", "Entscheidung vorbereitet",
     "Wir bereiten die Entscheidung vor.", False, False),
    ("zur_freigabe", "Zur Freigabe", "Wir bereiten die Entscheidung vor.", False, False),
    ("entschieden", "Entschieden",
     "Wir haben entschieden. Den Bescheid finden Sie unter „Dokumente“.", True, True),
    ("abgeschlossen", "Abgeschlossen", "Ihr Anliegen ist abgeschlossen.", False, True),
]

DOCUMENT_TYPES = [
    ("eingangsbestaetigung", "Eingangsbestätigung", "eingang"),
    ("antrag", "Antrag (Daten)", "eingang"),
    ("antrag_scan", "Antrag (Scan)", "eingang"),
    ("nachweis", "Nachweis", "eingang"),
    ("mitwirkung_nachweis", "Nachgereichte Unterlage", "eingang"),
    ("mitwirkungsaufforderung", "Mitwirkungsaufforderung", "ausgang"),
    ("bescheid", "Bescheid", "ausgang"),
    ("schreiben", "Schreiben", "ausgang"),
    ("vermerk", "Vermerk", "intern"),
    ("berechnung", "Berechnungsbogen", "intern"),
]

DECISION_TYPES = [
    ("bewilligung", "Bewilligung", 1, False),
    ("teilbewilligung", "Teilbewilligung", 1, True),
    ("ablehnung", "Ablehnung", 1, True),
    ("aenderung", "Änderungsbescheid", 1, False),
    ("aufhebung", "Aufhebung", 1, True),
]


def seed(apps, schema_editor):
    CaseType = apps.get_model("casefiles", "CaseType")
    StatusType = apps.get_model("casefiles", "StatusType")
    DocumentType = apps.get_model("casefiles", "DocumentType")
    DecisionType = apps.get_model("casefiles", "DecisionType")
    for key, title, days, risk in CASE_TYPES:
        CaseType.objects.get_or_create(
            key=key, valid_from=START,
            defaults={"title": title, "processing_days": days, "at_risk_days": risk},
        )
    for position, (key, title, text, notify, final) in enumerate(STATUS_TYPES):
        StatusType.objects.get_or_create(
            key=key, valid_from=START,
            defaults={"title": title, "citizen_text": text, "notify_citizen": notify,
                      "is_final": final, "position": position},
        )
    for key, title, direction in DOCUMENT_TYPES:
        DocumentType.objects.get_or_create(
            key=key, valid_from=START, defaults={"title": title, "direction": direction}
        )
    for key, title, months, four_eyes in DECISION_TYPES:
        DecisionType.objects.get_or_create(
            key=key, valid_from=START,
            defaults={"title": title, "objection_period_months": months,
                      "requires_four_eyes": four_eyes},
        )


class Migration(migrations.Migration):
    dependencies = [("casefiles", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
