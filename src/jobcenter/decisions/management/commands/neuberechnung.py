"""Mass recalculation of all active cases for one month (e.g. new Regelbedarfe on 1 January).

    manage.py neuberechnung --monat 2027-01 [--chunk 1000] [--dry-run] [--celery]

Resumable: the run keeps a checkpoint per chunk; running the command again for the same
month continues an unfinished run. Idempotent: a case never gets two Änderungsbescheide for
the same month.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from jobcenter.decisions.services import recalculation_chunk, recalculation_start
from jobcenter.decisions.tasks import recalculation_chunk_enqueue


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
        parser.add_argument("--chunk", type=int, default=1000)
        parser.add_argument("--dry-run", action="store_true",
                            help="nur rechnen und zählen, keine Bescheide erstellen")
        parser.add_argument("--celery", action="store_true",
                            help="als Celery-Kette (ein Task je Chunk) einreihen")
        parser.add_argument("--max-chunks", type=int, default=0, help=argparse_hidden())

    def handle(self, *args: Any, **opts: Any) -> None:
        month = _month(opts["monat"])
        if opts["chunk"] < 1:
            raise CommandError("--chunk muss mindestens 1 sein")
        run = recalculation_start(month=month, dry_run=opts["dry_run"])
        resumed = run.processed > 0
        self.stdout.write(
            f"Neuberechnung {month:%Y-%m} (Lauf {run.pk}{', Probelauf' if run.dry_run else ''})"
            f"{' – wird fortgesetzt ab Fall ' + str(run.processed) if resumed else ''}: "
            f"{run.total} laufende Fälle"
        )
        if opts["celery"]:
            recalculation_chunk_enqueue(run_id=run.pk, chunk=opts["chunk"])
            self.stdout.write("Als Celery-Kette eingereiht.")
            return
        started = time.perf_counter()
        done_here = chunks = 0
        while True:
            n = recalculation_chunk(run=run, size=opts["chunk"])
            run.refresh_from_db()
            if not n:
                break
            done_here += n
            chunks += 1
            rate = done_here / max(time.perf_counter() - started, 1e-9)
            self.stdout.write(
                f"{bar(run.processed, run.total)} {run.processed}/{run.total} Fälle, "
                f"{run.changed} geändert, {run.errors} Fehler, {rate:,.0f} Fälle/s"
            )
            if opts["max_chunks"] and chunks >= opts["max_chunks"]:
                self.stdout.write("Abgebrochen nach --max-chunks; erneut starten setzt fort.")
                return
        elapsed = time.perf_counter() - started
        rate = done_here / elapsed if elapsed > 0 else 0.0
        self.stdout.write(self.style.SUCCESS(
            f"Fertig: {run.processed} Fälle, {run.changed} geändert, {run.unchanged} "
            f"unverändert, {run.errors} Fehler, {run.scalar_fallbacks} skalar berechnet; "
            f"{rate:,.1f} Fälle/s in diesem Aufruf ({elapsed:.2f} s)"
        ))


def argparse_hidden() -> str:
    import argparse

    return argparse.SUPPRESS
