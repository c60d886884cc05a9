"""Benchmark of the work queue (Arbeitsvorrat, issue 5 item 11).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/queue_bench.py

Uses its own database (``--database``, default ``jobcenter_bench``, on the server of
``DATABASE_URL``, created and migrated if missing; ``--fresh`` drops it first). It
bulk-creates cases for one Jobcenter (plus a second Jobcenter with a tenth as many, so the
tenant filter matters), then requests the work-queue page through the Django test client as
a signed-in caseworker with various filters and reports p50/p95 latency and the query
count.

The query count per filter set is measured at 1,000 and at 100,000 cases of the
Jobcenter and must be the same (the script exits non-zero otherwise).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

BENCH_DB = "jobcenter_bench"
SMALL = 1_000
LARGE = 100_000
BATCH = 5_000

FILTERS: list[dict[str, str]] = [
    {},
    {"bearbeitung": "mine"},
    {"bearbeitung": "unassigned"},
    {"servicestand": "ueberfaellig"},
    {"servicestand": "gefaehrdet", "art": "neuantrag"},
    {"status": "mitwirkung_angefordert"},
    {"alter_min": "30", "sortierung": "received"},
    {"q": "Schulz"},
    {"q": "JC-A-0000500"},
    {"geburtsdatum": "17.05.1985"},
    {"seite": "40"},
    {"team": "none", "sortierung": "-received"},
]


def _bench_database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("queue_bench needs DATABASE_URL=postgres://… (a PostgreSQL server)")
    parts = urlparse(url)
    return urlunparse(parts._replace(path=f"/{BENCH_DB}"))


def _ensure_database(url: str, *, fresh: bool) -> None:
    import psycopg

    parts = urlparse(url)
    admin = urlunparse(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                              [BENCH_DB]).fetchone()
        if exists and fresh:
            conn.execute(f'DROP DATABASE "{BENCH_DB}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{BENCH_DB}"')


def _setup(fresh: bool) -> None:
    url = _bench_database_url()
    _ensure_database(url, fresh=fresh)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobcenter.config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)


def _actors():
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    from jobcenter.accounts.models import User
    from jobcenter.core.roles import Role
    from jobcenter.jobcenters.models import Jobcenter, Team

    def jobcenter(slug: str) -> Jobcenter:
        jc, _ = Jobcenter.objects.get_or_create(slug=slug, defaults={
            "name": f"Jobcenter Bench {slug}", "kind": Jobcenter.Kind.GEMEINSAME_EINRICHTUNG,
            "street": "Benchstraße 1", "postcode": "99999", "city": "Benchstadt",
            "phone": "0", "email": f"{slug}@bench.example", "opening_hours": "Mo–Fr"})
        return jc

    alpha, beta = jobcenter("bench-a"), jobcenter("bench-b")
    teams = [Team.objects.get_or_create(jobcenter=alpha, name=f"Team {i}")[0]
             for i in range(1, 5)]
    staff = []
    for i in range(12):
        user, created = User.objects.get_or_create(
            email=f"staff{i}@bench.example",
            defaults={"role": Role.LEISTUNG if i else Role.TEAMLEITUNG, "jobcenter": alpha,
                      "team": teams[i % 4], "first_name": "Bench", "last_name": f"Staff{i}"})
        if created or not Authenticator.objects.filter(user=user).exists():
            TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
        staff.append(user)
    return alpha, beta, teams, staff


LAST_NAMES = ["Schulz", "Müller", "Schmidt", "Yılmaz", "Nowak", "Weber", "Wagner", "Becker",
              "Hoffmann", "Koch", "Richter", "Klein", "Wolf", "Neumann", "Schwarz", "Kaya"]
FIRST_NAMES = ["Anna", "Ben", "Can", "Dana", "Emil", "Fatma", "Gregor", "Hanna", "Ivan",
               "Jana", "Karl", "Lena", "Mehmet", "Nina", "Olga", "Paul"]


def _fill(jc, target: int, *, teams, staff, prefix: str) -> float:
    """Bulk-create cases (and one person each) until ``jc`` has ``target`` cases."""
    from django.db import transaction
    from django.utils import timezone

    from jobcenter.casefiles.models import Case, CaseType, StatusType
    from jobcenter.casefiles.services import service_dates
    from jobcenter.households.models import Person

    have = Case.objects.filter(jobcenter=jc).count()
    if have >= target:
        return 0.0
    started = time.perf_counter()
    case_types = list(CaseType.objects.all())
    statuses = list(StatusType.objects.all())
    now = timezone.now()
    index = have
    while index < target:
        n = min(BATCH, target - index)
        with transaction.atomic():
            persons = Person.objects.bulk_create([
                Person(jobcenter=jc, first_name=FIRST_NAMES[i % 16],
                       last_name=LAST_NAMES[(i // 16) % 16],
                       birth_date=dt.date(1950 + i % 50, 1 + i % 12, 1 + i % 28))
                for i in range(index, index + n)
            ])
            cases = []
            for offset, person in enumerate(persons):
                i = index + offset
                kind = case_types[i % len(case_types)]
                received = now - dt.timedelta(days=i % 60, minutes=i % 1440)
                due, at_risk = service_dates(kind=kind, received_at=received, jobcenter=jc)
                cases.append(Case(
                    jobcenter=jc, reference=f"{prefix}{i:07d}", case_type=kind,
                    status=statuses[i % len(statuses)], applicant=person,
                    channel="online", form_key="hauptantrag", data={}, topics=[],
                    team=teams[i % len(teams)] if i % 5 else None,
                    assignee=staff[i % len(staff)] if i % 3 else None,
                    received_at=received, due_at=due, at_risk_at=at_risk,
                ))
            Case.objects.bulk_create(cases)
        index += n
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.perf_counter() - started


def _client(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    client.get("/arbeitsbereich/akte/")  # session warm-up
    return client


def _query_counts(client) -> list[int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for params in FILTERS:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/arbeitsbereich/akte/", params)
        assert response.status_code == 200, (params, response.status_code)
        counts.append(len(ctx.captured_queries))
    return counts


def _latencies(client, requests: int) -> tuple[list[float], dict[str, float]]:
    timings: list[float] = []
    per_filter: dict[str, list[float]] = {}
    for n in range(requests):
        params = FILTERS[n % len(FILTERS)]
        started = time.perf_counter()
        response = client.get("/arbeitsbereich/akte/", params)
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200
        timings.append(elapsed)
        per_filter.setdefault(_label(params), []).append(elapsed)
    return timings, {k: statistics.median(v) for k, v in per_filter.items()}


def _label(params: dict[str, str]) -> str:
    return "&".join(f"{k}={v}" for k, v in params.items()) or "(ohne Filter)"


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> int:
    global BENCH_DB
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=240)
    parser.add_argument("--fresh", action="store_true", help="drop the bench database first")
    parser.add_argument("--cases", type=int, default=LARGE)
    parser.add_argument("--database", default=BENCH_DB,
                        help="name of the bench database on the DATABASE_URL server")
    args = parser.parse_args()
    BENCH_DB = args.database
    if args.requests < 200:
        parser.error("--requests must be at least 200")
    _setup(args.fresh)
    from django.conf import settings

    settings.DEBUG = False
    alpha, beta, teams, staff = _actors()
    caseworker = staff[1]

    # Small: exactly SMALL cases in the measured Jobcenter.
    from jobcenter.casefiles.models import Case

    if Case.objects.filter(jobcenter=alpha).count() > SMALL:
        print("bench database already holds more than 1,000 cases; use --fresh to measure "
              "the 1,000-case query counts", file=sys.stderr)
        small_counts = None
    else:
        _fill(alpha, SMALL, teams=teams, staff=staff, prefix="JC-A-")
        small_counts = _query_counts(_client(caseworker))
    fill_seconds = _fill(alpha, args.cases, teams=teams, staff=staff, prefix="JC-B-")
    _fill(beta, args.cases // 10, teams=[None], staff=[None], prefix="JC-X-")
    client = _client(caseworker)
    large_counts = _query_counts(client)
    _latencies(client, len(FILTERS))  # warm caches
    timings, per_filter = _latencies(client, args.requests)

    total = Case.objects.filter(jobcenter=alpha).count()
    print(f"## Arbeitsvorrat ({dt.date.today():%Y-%m-%d})\n")
    print(f"- machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, PostgreSQL database `{BENCH_DB}`")
    print(f"- cases in the measured Jobcenter: {total:,}; another Jobcenter: "
          f"{Case.objects.exclude(jobcenter=alpha).count():,}")
    if fill_seconds:
        print(f"- bulk creation: {fill_seconds:.1f} s "
              f"({(total - SMALL) / fill_seconds:,.0f} cases/s incl. persons)")
    print(f"- requests: {len(timings)} through the Django test client, {len(FILTERS)} filter "
          "sets in rotation, signed-in caseworker")
    print(f"- latency: p50 {_pct(timings, 50):.1f} ms, p95 {_pct(timings, 95):.1f} ms, "
          f"max {max(timings):.1f} ms\n")
    print("| filter | median ms | queries at 1,000 | queries at 100,000 |")
    print("|---|---:|---:|---:|")
    for i, params in enumerate(FILTERS):
        small = small_counts[i] if small_counts else "–"
        print(f"| `{_label(params)}` | {per_filter[_label(params)]:.1f} | {small} | "
              f"{large_counts[i]} |")
    if small_counts is not None and small_counts != large_counts:
        print("\nFAIL: the query count depends on the number of cases", file=sys.stderr)
        return 1
    print("\nQuery count identical at 1,000 and 100,000 cases." if small_counts else "")
    return 0


if __name__ == "__main__":
    sys.exit(main())
