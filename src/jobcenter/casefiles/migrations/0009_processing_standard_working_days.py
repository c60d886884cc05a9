"""The processing standard of a case type counts working days (Arbeitstage), issue 17.
Only the labels change here; the stored numbers are converted from calendar days in
``bedarfe.0004_case_types_working_days``, which runs after every migration that seeds case
types (docs/eakte.md, "The processing standard")."""

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("casefiles", "0008_appointments")]

    operations = [
        migrations.AlterField(
            model_name="casetype",
            name="processing_days",
            field=models.PositiveSmallIntegerField(
                help_text="Innerhalb so vieler Arbeitstage (Montag bis Freitag ohne die "
                          "Feiertage des Landes) nach dem Tag des Eingangs soll ein Fall "
                          "entschieden sein.",
                validators=[django.core.validators.MinValueValidator(1)],
                verbose_name="Bearbeitungsstandard in Arbeitstagen"),
        ),
        migrations.AlterField(
            model_name="casetype",
            name="at_risk_days",
            field=models.PositiveSmallIntegerField(
                help_text="Bleiben nur noch so viele Arbeitstage bis zum Ablauf des "
                          "Standards, gilt ein Fall als gefährdet.",
                verbose_name="Warnschwelle in Arbeitstagen"),
        ),
    ]
