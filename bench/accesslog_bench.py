"""Benchmark of the access log (issue 10 item 5).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> python bench/accesslog_bench.py

Uses the database of ``DATABASE_URL`` (migrated; its access log and bench rows are
replaced). Two figures, each as a ratio to an anchor measured in the same run:

1. **Logging a page.** The work queue page (25 cases, 25 persons) through the Django test
   client, with the access log written as in production (one locked, chained bulk append
   of 25 entries) against the same page with the log write switched off (anchor).
   Target: the log adds at most 35 % to the page (ratio ≤ 1.35, median wall time).
2. **Verifying the chain.** ``chain_verify`` over 100,000 rows against reading the same
   rows without checking (anchor: the ORM iteration alone). Target: ≤ 4× the plain read;
   the absolute rate (rows per second of CPU) tells an operator how long a verify takes.

Exits non-zero when a target is missed.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

ROWS = 100_000
PAGE_RUNS = 80
PAGE_TARGET = 1.35
VERIFY_TARGET = 4.0


def _setup() -> None:
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        sys.exit("accesslog_bench needs DATABASE_URL=postgres://… (a PostgreSQL server)")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobcenter.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _timed(fn, runs: int) -> tuple[float, float]:
    """(median wall ms, median CPU ms) of ``runs`` calls."""
    walls, cpus = [], []
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        fn()
        walls.append((time.perf_counter() - w) * 1000)
        cpus.append((time.process_time() - c) * 1000)
    return statistics.median(walls), statistics.median(cpus)


def _world():
    import datetime as dt

    from django.db import connection
    from tests.factories import TOTP, TOTP_SECRET

    from jobcenter.accounts.models import User
    from jobcenter.casefiles.models import Case, CaseType, StatusType
    from jobcenter.core.roles import Role
    from jobcenter.households.models import Person
    from jobcenter.jobcenters.models import Jobcenter

    with connection.cursor() as cursor:  # a fresh start: the bench owns this database
        cursor.execute("TRUNCATE transparency_accesslogentry, transparency_accessloghead")
    Case.objects.filter(reference__startswith="BENCH-").delete()
    jobcenter, _ = Jobcenter.objects.get_or_create(slug="bench", defaults={
        "name": "Jobcenter Bench", "kind": "gE", "street": "Benchweg 1", "postcode": "99999",
        "city": "Bench", "phone": "0", "email": "bench@example.org", "opening_hours": "Mo"})
    staff, created = User.objects.get_or_create(email="bench-staff@example.org", defaults={
        "role": Role.LEISTUNG, "jobcenter": jobcenter, "first_name": "Bea",
        "last_name": "Bench"})
    if created:  # staff pages need an enrolled second factor
        TOTP.activate(staff, TOTP_SECRET)
    case_type = CaseType.objects.order_by("pk").first()
    status = StatusType.objects.filter(is_final=False).order_by("pk").first()
    now = dt.datetime.now(dt.UTC)
    for i in range(25):
        person, _ = Person.objects.get_or_create(
            jobcenter=jobcenter, first_name=f"Bench{i}", last_name="Person",
            defaults={"birth_date": dt.date(1980, 1, 1)})
        Case.objects.create(
            jobcenter=jobcenter, reference=f"BENCH-{i:04d}", case_type=case_type,
            status=status, applicant=person, received_at=now, due_at=now + dt.timedelta(days=20),
            at_risk_at=now + dt.timedelta(days=15))
    return jobcenter, staff


def page_figures(staff) -> dict[str, float]:
    from django.test import Client
    from django.test.utils import override_settings

    from jobcenter.transparency import reads

    client = Client()
    client.force_login(staff)
    real = reads.access_log_record

    def page():
        response = client.get("/arbeitsbereich/akte/")
        assert response.status_code == 200, response.status_code

    def without_log():
        reads.access_log_record = lambda **kwargs: []
        try:
            page()
        finally:
            reads.access_log_record = real

    with override_settings(ALLOWED_HOSTS=["*"]):
        page()  # warm up
        without_log()
        # Interleaved, so that load from elsewhere on the machine hits both alike.
        runs = [(_timed(page, 1), _timed(without_log, 1)) for _ in range(PAGE_RUNS)]
    logged = (statistics.median(r[0][0] for r in runs),
              statistics.median(r[0][1] for r in runs))
    anchor = (statistics.median(r[1][0] for r in runs),
              statistics.median(r[1][1] for r in runs))
    return {"logged_ms": logged[0], "logged_cpu_ms": logged[1],
            "anchor_ms": anchor[0], "anchor_cpu_ms": anchor[1],
            "ratio": logged[0] / anchor[0]}


def verify_figures(jobcenter, staff) -> dict[str, float]:
    from jobcenter.households.models import Person
    from jobcenter.transparency.chain import chain_verify
    from jobcenter.transparency.models import AccessLogEntry
    from jobcenter.transparency.services import Seen, access_log_record

    persons = list(Person.objects.filter(jobcenter=jobcenter)[:25])
    seen = [Seen(p, p, "Bench") for p in persons] * 40  # 1,000 rows per append
    while AccessLogEntry.objects.filter(jobcenter=jobcenter).count() < ROWS:
        access_log_record(actor=staff, purpose="person", what="person",
                          seen=[Seen(s.person, s.obj, f"{s.detail} {i}")
                                for i, s in enumerate(seen)])

    def plain():
        for _ in (AccessLogEntry.objects.filter(jobcenter=jobcenter).order_by("seq")
                  .iterator(chunk_size=2000)):
            pass

    def verify():
        assert chain_verify(jobcenter_id=jobcenter.pk).ok

    anchor = _timed(plain, 3)
    checked = _timed(verify, 3)
    return {"rows": AccessLogEntry.objects.filter(jobcenter=jobcenter).count(),
            "verify_ms": checked[0], "verify_cpu_ms": checked[1],
            "anchor_ms": anchor[0], "anchor_cpu_ms": anchor[1],
            "ratio": checked[0] / anchor[0],
            "rows_per_cpu_s": ROWS / (checked[1] / 1000)}


def main() -> int:
    _setup()
    jobcenter, staff = _world()
    page = page_figures(staff)
    verify = verify_figures(jobcenter, staff)
    print(f"machine: {platform.node()} {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"queue page (25 persons): logged {page['logged_ms']:.1f} ms "
          f"(CPU {page['logged_cpu_ms']:.1f}), without log {page['anchor_ms']:.1f} ms "
          f"(CPU {page['anchor_cpu_ms']:.1f}) → ratio {page['ratio']:.2f} "
          f"(target ≤ {PAGE_TARGET})")
    print(f"verify {verify['rows']:,} rows: {verify['verify_ms']:.0f} ms "
          f"(CPU {verify['verify_cpu_ms']:.0f}), plain read {verify['anchor_ms']:.0f} ms "
          f"(CPU {verify['anchor_cpu_ms']:.0f}) → ratio {verify['ratio']:.2f} "
          f"(target ≤ {VERIFY_TARGET}); {verify['rows_per_cpu_s']:,.0f} rows per CPU second")
    ok = page["ratio"] <= PAGE_TARGET and verify["ratio"] <= VERIFY_TARGET
    print("OK" if ok else "BELOW TARGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
