"""Mass recalculation throughput in cases/s INCLUDING the database writes (issue 5 item 11).

    python bench/recalc_bench.py [--cases 20000] [--changed 0.3] [--chunk 1000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/recalc_bench.py \
        [--pg-database decisions_bench]

Uses its own database: a temporary SQLite file, or ``--pg-database`` (default
``decisions_bench``) on the server of ``DATABASE_URL`` (created and migrated; dropped and
recreated on each run). Setup
bulk-creates active Bewilligungen (cases, decisions with their request snapshot and the
month's amounts) for synthetic households from ``sgb2.batch_beispiele``; for a share of them
(``--changed``) the stored amount differs from the current law, so the run must write an
Änderungsbescheid (decision, 12 months × persons of amounts, timeline entry). Then it times
exactly what ``manage.py neuberechnung`` does: ``recalculation_chunk`` until done.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
MONTH = dt.date(2027, 1, 1)


def prepare_database(pg_database: str) -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg
        from psycopg import sql

        parts = urlparse(url)
        name = sql.Identifier(pg_database)
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(name))
            conn.execute(sql.SQL("CREATE DATABASE {}").format(name))
        os.environ["DATABASE_URL"] = urlunparse(parts._replace(path=f"/{pg_database}"))
        return "PostgreSQL"
    path = Path(tempfile.mkdtemp()) / "bench.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    return "SQLite"


def setup(n: int, changed_share: float) -> None:
    import random

    from django.utils import timezone

    from jobcenter.casefiles.models import Case, CaseType, DecisionType, StatusType
    from jobcenter.core import sgb2_adapter as engine
    from jobcenter.decisions.models import Decision, DecisionAmount
    from jobcenter.jobcenters.models import Jobcenter
    from sgb2.batch_beispiele import erzeuge

    jc = Jobcenter.objects.create(name="JC Bench", slug="bench", kind="ge", street="A 1",
                                  postcode="10000", city="B", phone="1", email="b@example.org",
                                  opening_hours="Mo 8-12")
    ctype = CaseType.objects.entry("neuantrag")
    status = StatusType.objects.entry("entschieden")
    dtype = DecisionType.objects.entry("bewilligung")
    rng = random.Random(7)
    requests = []
    for req in erzeuge(n, 11):
        req = engine.with_month(req, MONTH)
        req["leistungsbeginn"] = "2026-01"
        requests.append(req)
    outcome = engine.calculate_batch(requests, MONTH)
    now = timezone.now()
    cases = Case.objects.bulk_create([
        Case(jobcenter=jc, reference=f"B-{i:07d}", case_type=ctype, status=status,
             received_at=now, due_at=now, at_risk_at=now) for i in range(n)], batch_size=2000)
    decisions, amounts = [], []
    for i, (case, req) in enumerate(zip(cases, requests, strict=True)):
        if i in outcome.errors:
            continue
        decisions.append(Decision(
            case=case, decision_type=dtype, status=Decision.Status.DELIVERED,
            period_from=MONTH, period_to=dt.date(2027, 6, 30),
            monthly_total=outcome.totals[i], snapshot={"request": req}, approved_at=now))
    Decision.objects.bulk_create(decisions, batch_size=2000)
    by_case = {d.case_id: d for d in decisions}
    for i, case in enumerate(cases):
        d = by_case.get(case.pk)
        if d is None:
            continue
        bump = Decimal("7.00") if rng.random() < changed_share else Decimal(0)
        for pid, amount in outcome.person_amounts[i].items():
            amounts.append(DecisionAmount(decision=d, month=MONTH, person_key=pid,
                                          bedarf=0, einkommen=0, amount=amount + bump))
            bump = Decimal(0)
    DecisionAmount.objects.bulk_create(amounts, batch_size=5000)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--changed", type=float, default=0.3)
    parser.add_argument("--chunk", type=int, default=1000)
    parser.add_argument("--pg-database", default="decisions_bench",
                        help="database created on the DATABASE_URL server (PostgreSQL only)")
    args = parser.parse_args()
    backend = prepare_database(args.pg_database)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobcenter.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    setup(args.cases, args.changed)
    print(f"setup: {args.cases} active cases in {time.perf_counter() - t0:.1f} s ({backend})")
    from jobcenter.decisions.services import recalculation_chunk, recalculation_start

    run = recalculation_start(month=MONTH)
    wall, cpu = time.perf_counter(), time.process_time()
    while recalculation_chunk(run=run, size=args.chunk):
        pass
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    run.refresh_from_db()
    print(f"date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; machine: {platform.node()} "
          f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    print(f"{backend}: {run.processed} cases ({run.changed} Änderungsbescheide written, "
          f"{run.unchanged} unchanged, {run.errors} errors, {run.scalar_fallbacks} scalar) in "
          f"{wall:.2f} s → {run.processed / wall:,.0f} cases/s incl. DB writes "
          f"(this process' CPU: {cpu:.2f} s)")


if __name__ == "__main__":
    main()
