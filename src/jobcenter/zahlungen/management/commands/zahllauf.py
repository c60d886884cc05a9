"""``manage.py zahllauf``: start or resume a payment run (docs/operations.md)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jobcenter.jobcenters.models import Jobcenter
from jobcenter.zahlungen.models import PaymentRun
from jobcenter.zahlungen.services import RunError, run_execute, run_start


class Command(BaseCommand):
    help = "Zahllauf starten oder fortsetzen (monatlich für einen Monat, täglich für heute)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("jobcenter", help="Kurzname (slug) des Jobcenters")
        parser.add_argument("--art", choices=["monatlich", "taeglich"], default="taeglich")
        parser.add_argument("--monat", help="JJJJ-MM (nur monatlich)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            jobcenter = Jobcenter.objects.get(slug=options["jobcenter"])
        except Jobcenter.DoesNotExist as exc:
            raise CommandError(f"Kein Jobcenter mit Kurzname {options['jobcenter']!r}") from exc
        month = None
        if options["monat"]:
            try:
                month = dt.datetime.strptime(options["monat"], "%Y-%m").date()
            except ValueError as exc:
                raise CommandError("--monat im Format JJJJ-MM angeben") from exc
        try:
            run = run_start(jobcenter=jobcenter, kind=options["art"], month=month, again=True)
        except RunError as exc:
            raise CommandError(str(exc)) from exc
        run = run_execute(run.pk)
        assert isinstance(run, PaymentRun)
        self.stdout.write(
            f"Zahllauf {run.pk}: {run.payments_count} Zahlungen, {run.payments_total} EUR, "
            f"{run.held_count} angehalten, Datei {run.file.name or 'keine (nichts zu zahlen)'}")
