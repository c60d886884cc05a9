"""A monthly payment run for 100,000 Bedarfsgemeinschaften, SEPA file included (issue 15).

    python bench/payments_bench.py [--bgs 100000] [--chunk 2000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/payments_bench.py \
        [--pg-database zahlungen_bench]

Uses its own database: a temporary SQLite file, or ``--pg-database`` (default
``zahlungen_bench``) on the server of ``DATABASE_URL`` (dropped and recreated each run).
Setup bulk-creates, per BG, an applicant with an IBAN (a submission's answer), a case and an
issued Bewilligung with the month's amounts (1–3 persons). Then it times exactly what
``manage.py zahllauf`` does: ``run_start`` and ``run_execute`` (every chunk, the ledger
entries, the pain.001.001.09 file). Target: under 60 s.

Same-run anchor: the floor any payment run pays on this machine and database — reading the
month's amount rows once and building the SEPA file for the same payments with ``sepaxml``
alone, without the ledger. The ratio run/anchor is the cost of the guarantees (per-BG state,
checkpoints, unique-constrained ledger rows) and stays comparable across machines.
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
TODAY = dt.date(2026, 12, 18)


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


def setup(n: int) -> object:
    import random

    from django.db import transaction
    from django.utils import timezone
    from schwifty import IBAN

    from jobcenter.antraege.models import Submission
    from jobcenter.casefiles.models import Case, CaseType, DecisionType, StatusType
    from jobcenter.decisions.models import Decision, DecisionAmount
    from jobcenter.households.models import Bedarfsgemeinschaft, Membership, Person
    from jobcenter.jobcenters.models import Jobcenter
    from jobcenter.zahlungen.models import PayerAccount

    jc = Jobcenter.objects.create(name="JC Bench", slug="bench", kind="ge", street="A 1",
                                  postcode="10000", city="B", phone="1", email="b@example.org",
                                  opening_hours="Mo 8-12")
    PayerAccount.objects.create(jobcenter=jc, name="Jobcenter Bench",
                                iban=IBAN.generate("DE", "10050000", "9000000001").compact)
    ctype = CaseType.objects.entry("neuantrag")
    status = StatusType.objects.entry("entschieden")
    dtype = DecisionType.objects.entry("bewilligung")
    rng = random.Random(15)
    now = timezone.now()
    ibans = [IBAN.generate("DE", "12030000", f"{1000000000 + i}").compact for i in range(2000)]
    step = 10_000
    for start in range(0, n, step):
        size = min(step, n - start)
        with transaction.atomic():
            bgs = Bedarfsgemeinschaft.objects.bulk_create(
                [Bedarfsgemeinschaft(jobcenter=jc) for _ in range(size)])
            persons = Person.objects.bulk_create([
                Person(jobcenter=jc, first_name="Alex", last_name=f"Muster{start + i}",
                       birth_date=dt.date(1980, 1, 1)) for i in range(size)])
            Membership.objects.bulk_create([
                Membership(bedarfsgemeinschaft=bg, person=p, role="antragsteller",
                           valid_from=dt.date(2026, 1, 1)) for bg, p in zip(bgs, persons,
                                                                           strict=True)])
            Submission.objects.bulk_create([
                Submission(jobcenter=jc, person=p, channel="online", form_key="hauptantrag",
                           form_version="b", reference=f"B{start + i:09d}",
                           answers={"iban": ibans[(start + i) % len(ibans)]},
                           submitted_at=now, received_on=TODAY, fingerprint="0" * 64,
                           export_name="x", export_sha256="0" * 64, export_size=0)
                for i, p in enumerate(persons)])
            cases = Case.objects.bulk_create([
                Case(jobcenter=jc, reference=f"B-{start + i:07d}", case_type=ctype,
                     status=status, applicant=p, bedarfsgemeinschaft=bg, received_at=now,
                     due_at=now, at_risk_at=now)
                for i, (bg, p) in enumerate(zip(bgs, persons, strict=True))])
            decisions = Decision.objects.bulk_create([
                Decision(case=c, bedarfsgemeinschaft=c.bedarfsgemeinschaft,
                         decision_type=dtype, status=Decision.Status.DELIVERED,
                         period_from=MONTH, period_to=dt.date(2027, 6, 30),
                         snapshot={}, approved_at=now) for c in cases])
            amounts = []
            for d in decisions:
                for k in range(rng.choice((1, 1, 2, 3))):
                    amounts.append(DecisionAmount(
                        decision=d, month=MONTH, person_key=f"P{k + 1}", bedarf=0,
                        einkommen=0, amount=Decimal(rng.randint(20000, 90000)) / 100))
            DecisionAmount.objects.bulk_create(amounts, batch_size=5000)
    return jc


def anchor() -> tuple[float, int]:
    """Read the month's amounts once and build the file with sepaxml alone."""
    from jobcenter.decisions.models import DecisionAmount
    from jobcenter.zahlungen.services.sepa import credit_transfer_xml

    started = time.perf_counter()
    totals: dict[int, Decimal] = {}
    for bg_id, amount in DecisionAmount.objects.filter(month=MONTH).values_list(
            "decision__bedarfsgemeinschaft_id", "amount").iterator(chunk_size=5000):
        totals[bg_id] = totals.get(bg_id, Decimal(0)) + amount
    xml = credit_transfer_xml(
        debtor={"name": "Jobcenter Bench", "iban": "DE02120300000000202051", "bic": ""},
        message_id="ANCHOR", execution_date=dt.date(2026, 12, 31),
        payments=({"name": "Alex Muster", "iban": "DE02120300000000202051", "amount": total,
                   "purpose": f"Leistungen SGB II 01/2027 BG {bg}", "end_to_end_id": f"A{bg}"}
                  for bg, total in totals.items()))
    return time.perf_counter() - started, len(xml)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bgs", type=int, default=100_000)
    parser.add_argument("--chunk", type=int, default=2000)
    parser.add_argument("--pg-database", default="zahlungen_bench",
                        help="database created on the DATABASE_URL server (PostgreSQL only)")
    args = parser.parse_args()
    backend = prepare_database(args.pg_database)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobcenter.config.settings")
    os.environ.setdefault("JOBCENTER_VAR_DIR", tempfile.mkdtemp())
    import django

    django.setup()
    import time_machine
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    jc = setup(args.bgs)
    print(f"setup: {args.bgs} BGs with an issued Bewilligung in "
          f"{time.perf_counter() - t0:.1f} s ({backend})")
    from jobcenter.zahlungen.services import run_execute, run_start

    anchor_seconds, anchor_bytes = anchor()
    with time_machine.travel(dt.datetime(2026, 12, 18, 8, 0), tick=True):
        wall, cpu = time.perf_counter(), time.process_time()
        run = run_start(jobcenter=jc, kind="monatlich", month=MONTH)
        if os.environ.get("PAYMENTS_BENCH_PROFILE"):
            import cProfile
            import pstats

            profile = cProfile.Profile()
            profile.enable()
            run = run_execute(run.pk, chunk_size=args.chunk)
            profile.disable()
            pstats.Stats(profile).sort_stats("cumulative").print_stats(30)
        else:
            run = run_execute(run.pk, chunk_size=args.chunk)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    size = run.file.size
    print(f"date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; machine: {platform.node()} "
          f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"{backend}: monthly run for {args.bgs} BGs: {run.payments_count} payments, "
          f"{run.payments_total} EUR, {run.held_count} held, file {size / 1e6:.1f} MB in "
          f"{wall:.2f} s (this process' CPU: {cpu:.2f} s) — target < 60 s: "
          f"{'OK' if wall < 60 else 'MISSED'}")
    print(f"anchor (read the amounts, sepaxml file alone, {anchor_bytes / 1e6:.1f} MB): "
          f"{anchor_seconds:.2f} s → run/anchor {wall / anchor_seconds:.2f}")
    if wall >= 60:
        sys.exit(1)


if __name__ == "__main__":
    main()
