"""Issue 17: a case type's processing standard and warning threshold count working days
(Arbeitstage) instead of calendar days. Every catalogue row existing now — the seeded ones of
``casefiles``, ``anliegen`` and ``bedarfe`` and any a Jobcenter admin added — is converted
with one rule: ``ceil(days × 5 / 7)``, the working days of the same span of weeks, never
shorter than what the number stood for (21 → 15, 14 → 10, 7 → 5, 60 → 43, 90 → 65, 3 → 3).

It lives in the topmost app that seeds case types so that it runs after all of them (a
fresh database converts each row exactly once). Cases already received keep the due date
they were given and told (it is stored on the case); only cases received from now on are
counted in working days. Case types seeded later are written in working days and their
migration depends on this one."""

import datetime as dt
import math

from django.db import migrations

START = dt.date(2025, 1, 1)

#: The rows the earlier migrations seeded (valid from START) with their calendar days and
#: warning days (casefiles 0002 and 0007, anliegen 0001, bedarfe 0002 and 0003).
SEEDED = {
    "neuantrag": (21, 7), "weiterbewilligung": (14, 5), "veraenderung": (14, 5),
    "erstausstattung": (21, 7), "widerspruch": (90, 21), "sonstiges": (21, 7),
    "postfach": (3, 1),
    "ortsabwesenheit": (7, 3), "ueberpruefung": (60, 14), "akteneinsicht": (14, 5),
    "bewerbungskosten": (21, 7), "arbeitsunfaehigkeit": (7, 3), "abmeldung": (14, 5),
    "bildung_teilhabe": (21, 7), "umzug": (14, 5), "mietkaution": (14, 5),
    "mehrbedarf": (21, 7), "darlehen": (7, 3), "heizkosten": (14, 5), "nachzahlung": (14, 5),
    "kv_zuschuss": (14, 5), "auszubildende": (21, 7),
}


def working(days: int) -> int:
    return math.ceil(days * 5 / 7)


def convert_seeded(apps, schema_editor):
    """The seeded rows that still hold their calendar numbers (idempotent: the test suite
    seeds the catalogue again after a flush and calls this too)."""
    CaseType = apps.get_model("casefiles", "CaseType")
    for key, (days, risk) in SEEDED.items():
        CaseType.objects.filter(key=key, valid_from=START, processing_days=days,
                                at_risk_days=risk).update(
            processing_days=max(1, working(days)), at_risk_days=working(risk))


def convert(apps, schema_editor):
    CaseType = apps.get_model("casefiles", "CaseType")
    seeded = [(key, START) for key in SEEDED]
    for row in CaseType.objects.all():
        if (row.key, row.valid_from) in seeded and (
                row.processing_days, row.at_risk_days) == SEEDED[row.key]:
            continue  # below
        row.processing_days = max(1, working(row.processing_days))
        row.at_risk_days = working(row.at_risk_days)
        row.save(update_fields=["processing_days", "at_risk_days"])
    convert_seeded(apps, schema_editor)


def back(apps, schema_editor):
    """Approximately back to calendar days (``floor(days × 7 / 5)``)."""
    CaseType = apps.get_model("casefiles", "CaseType")
    for row in CaseType.objects.all():
        row.processing_days = math.floor(row.processing_days * 7 / 5)
        row.at_risk_days = math.floor(row.at_risk_days * 7 / 5)
        row.save(update_fields=["processing_days", "at_risk_days"])


class Migration(migrations.Migration):
    dependencies = [
        ("bedarfe", "0003_case_types_kv_azubi"),
        ("anliegen", "0001_catalogue"),
        ("casefiles", "0009_processing_standard_working_days"),
    ]

    operations = [migrations.RunPython(convert, back)]
