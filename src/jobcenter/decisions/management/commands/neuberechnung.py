"""Mass recalculation of all active cases for one month (e.g. new Regelbedarfe on 1 January).

    manage.py neuberechnung --monat 2027-01 [--dry-run] [--celery [--nicht-warten]]

The run is split into partitions (per Jobcenter, ranges of cases; ``outbox.bulk``). Without
``--celery`` this process works through them (``make run``, small installations); with
``--celery`` they go to the workers of the ``bulk`` queue — as many as are running take
partitions at once — and the command shows the same progress until the run is done
(Ctrl+C stops only the display; ``--nicht-warten`` returns at once).

Resumable: every partition keeps a checkpoint per chunk; running the command again for the
same month continues an unfinished run. Idempotent: a case never gets two
Änderungsbescheide for the same month.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from jobcenter.decisions.models import RecalculationRun
from jobcenter.decisions.services import (
    recalculation_bulk_run,
    recalculation_progress,
    recalculation_start,
)
from jobcenter.decisions.tasks import recalculation_dispatch
from jobcenter.outbox import bulk


def _month(value: str) -> dt.date:
    try:
        year, month = value.split("-")
        return dt.date(int(year), int(month), 1)
    except ValueError as exc:
        raise CommandError("--monat erwartet JJJJ-MM, z. B. 2027-01") from exc


def bar(done: int, total: int, width: int = 30) -> str:
    share = done / total if total else 1.0
    filled = int(round(share * width))
    return f"[{'#' * filled}{'.' * (width - filled)}] {share * 100:5.1f} %"


class Command(BaseCommand):
    help = "Alle laufenden Fälle für einen Monat neu berechnen und Änderungsbescheide erstellen."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--monat", required=True, help="Monat JJJJ-MM")
        parser.add_argument("--chunk", type=int, default=0,
                            help="Bescheide je Chunk (Standard: 1000)")
        parser.add_argument("--dry-run", action="store_true",
                            help="nur rechnen und zählen, keine Bescheide erstellen")
        parser.add_argument("--celery", action="store_true",
                            help="die Teile den Celery-Workern der Warteschlange »bulk« geben")
        parser.add_argument("--nicht-warten", action="store_true",
                            help="mit --celery: nicht auf das Ende warten")
        parser.add_argument("--intervall", type=float, default=2.0,
                            help="mit --celery: Sekunden zwischen zwei Fortschrittszeilen")
        parser.add_argument("--max-chunks", type=int, default=0, help=argparse.SUPPRESS)

    def handle(self, *args: Any, **opts: Any) -> None:
        month = _month(opts["monat"])
        if opts["chunk"] < 0:
            raise CommandError("--chunk muss mindestens 1 sein")
        if opts["chunk"] and opts["celery"]:
            raise CommandError("--chunk gilt nur ohne --celery (die Worker rechnen je 1000)")
        run = recalculation_start(month=month, dry_run=opts["dry_run"])
        bulk_run = recalculation_bulk_run(run=run)
        before = recalculation_progress(run=run)
        self.stdout.write(
            f"Neuberechnung {month:%Y-%m} (Lauf {run.pk}{', Probelauf' if run.dry_run else ''})"
            f"{' – wird fortgesetzt ab Fall ' + str(before.processed) if before.processed else ''}"
            f": {run.total} laufende Fälle in {before.partitions} Teilen"
        )
        started = time.perf_counter()
        if opts["celery"]:
            handed = recalculation_dispatch(run=run)
            self.stdout.write(f"{handed} Teile an die Warteschlange »bulk« übergeben.")
            if opts["nicht_warten"]:
                return
            self._follow(run, before.processed, started, opts["intervall"])
            return
        bulk.bulk_work(run=bulk_run, max_chunks=opts["max_chunks"], chunk_size=opts["chunk"],
                       on_chunk=lambda: self._line(run, before.processed, started))
        run.refresh_from_db()
        if run.status != RecalculationRun.Status.DONE:
            self.stdout.write("Abgebrochen nach --max-chunks; erneut starten setzt fort.")
            return
        self._done(run, before.processed, started)

    def _line(self, run: RecalculationRun, before: int, started: float) -> None:
        progress = recalculation_progress(run=run)
        rate = (progress.processed - before) / max(time.perf_counter() - started, 1e-9)
        self.stdout.write(
            f"{bar(progress.processed, progress.total)} {progress.processed}/{progress.total} "
            f"Fälle, {progress.counts.get('changed', 0)} geändert, "
            f"{progress.counts.get('errors', 0)} Fehler, {rate:,.0f} Fälle/s"
            f" ({progress.done}/{progress.partitions} Teile fertig, "
            f"{progress.running} in Arbeit, {progress.failed} werden wiederholt)"
        )

    def _follow(self, run: RecalculationRun, before: int, started: float,
                interval: float) -> None:
        last = -1
        try:
            while True:
                run.refresh_from_db()
                progress = recalculation_progress(run=run)
                if progress.processed != last:
                    self._line(run, before, started)
                    last = progress.processed
                if run.status == RecalculationRun.Status.DONE:
                    break
                time.sleep(max(interval, 0.1))
        except KeyboardInterrupt:
            self.stdout.write("Anzeige beendet; der Lauf geht in den Workern weiter.")
            return
        self._done(run, before, started)

    def _done(self, run: RecalculationRun, before: int, started: float) -> None:
        elapsed = time.perf_counter() - started
        rate = (run.processed - before) / elapsed if elapsed > 0 else 0.0
        self.stdout.write(self.style.SUCCESS(
            f"Fertig: {run.processed} Fälle, {run.changed} geändert, {run.unchanged} "
            f"unverändert, {run.errors} Fehler, {run.scalar_fallbacks} skalar berechnet; "
            f"{rate:,.1f} Fälle/s in diesem Aufruf ({elapsed:.2f} s)"
        ))
