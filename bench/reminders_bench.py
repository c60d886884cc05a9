"""Benchmark of the reminder planner (issue 13 item 4): 100,000 reminders in one run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> python bench/reminders_bench.py

Uses the (migrated) database of ``DATABASE_URL``; its bench rows are replaced. A synthetic
reminder source yields ``--n`` occasions (100 per citizen of a bench Jobcenter, all due in
7 days) and one rule "7 days before" applies to them. Measured, in the same run:

1. **Planning** — ``reminders_plan``: asking the source, matching each occasion to its
   Jobcenter's rule, building the unique keys, checking which exist, inserting the new rows
   and handing them to the outbox in batches of 500 (the sending runs later, in the worker).
   Target: **< 60 s** wall time for 100,000.
2. **Anchor** — inserting the same number of ``ReminderDispatch`` rows straight with
   ``bulk_create`` (no source, no matching, no existence check, no hand-over): the floor of
   what the planner must write. Reported as the ratio planner / anchor.
3. **Re-planning** the same day (nothing new: every key exists) — what a second beat run or a
   retried task costs.

Exits non-zero when the target is missed. The broker is kombu's in-memory transport, so the
hand-overs' publishing costs what it costs without a network.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

TARGET_SECONDS = 60.0
PER_CITIZEN = 100
DAYS_BEFORE = 7


def _setup() -> None:
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        sys.exit("reminders_bench needs DATABASE_URL=postgres://… (a PostgreSQL server)")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobcenter.config.settings")
    os.environ["CELERY_BROKER_URL"] = "memory://"
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _timed(fn):  # noqa: ANN001, ANN202
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    args = parser.parse_args()
    _setup()

    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone

    from jobcenter.accounts.models import User
    from jobcenter.core.roles import Role
    from jobcenter.jobcenters.models import Jobcenter
    from jobcenter.outbox.models import OutboxMessage
    from jobcenter.reminders import sources
    from jobcenter.reminders.models import ReminderDispatch, ReminderRule
    from jobcenter.reminders.services import dispatch_key, reminders_plan

    n = args.n
    citizens = max(1, n // PER_CITIZEN)
    jobcenter, _ = Jobcenter.objects.get_or_create(slug="bench-reminders", defaults={
        "name": "Jobcenter Bench", "kind": "gE", "street": "Benchweg 1", "postcode": "99998",
        "city": "Bench", "phone": "0", "email": "bench@example.org", "opening_hours": "Mo"})

    def clean() -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM reminders_reminderdispatch WHERE source = 'bench'")
        OutboxMessage.objects.filter(task="reminders.send_batch").delete()

    clean()
    ReminderRule.objects.all().update(active=False)  # only the bench rule plans
    ReminderRule.objects.update_or_create(jobcenter=jobcenter, source="bench",
                                          days_before=DAYS_BEFORE, defaults={"active": True})
    have = User.objects.filter(email__startswith="bench-rem-").count()
    if have < citizens:
        unusable = make_password(None)
        User.objects.bulk_create([
            User(email=f"bench-rem-{i:06d}@example.org", password=unusable, first_name="B",
                 last_name=f"{i}", role=Role.CITIZEN, jobcenter=jobcenter)
            for i in range(have, citizens)], batch_size=2000)
    user_ids = list(User.objects.filter(email__startswith="bench-rem-")
                    .order_by("pk").values_list("pk", flat=True)[:citizens])
    today = timezone.localdate()
    due = today + dt.timedelta(days=DAYS_BEFORE)

    def occasions(start: dt.datetime, end: dt.datetime):  # noqa: ANN202
        for i in range(n):
            yield sources.Occurrence(user_id=user_ids[i % citizens], jobcenter_id=jobcenter.pk,
                                     key=f"bench:{i}", on=due, link_path="/portal/")

    sources.register("bench", label="Bench", template="status_changed", find=occasions)
    try:
        # 2. the anchor first (a warm database for both): the bare insert of n rows
        rule = ReminderRule.objects.get(jobcenter=jobcenter, source="bench")

        def anchor() -> int:
            rows = [ReminderDispatch(
                key=dispatch_key(jobcenter_id=jobcenter.pk, source="bench",
                                 days_before=DAYS_BEFORE, object_key=f"bench:{i}", occasion=due),
                rule=rule, user_id=user_ids[i % citizens], source="bench",
                object_key=f"bench:{i}", occasion=due, planned_for=today, link_path="/portal/")
                for i in range(n)]
            with transaction.atomic():
                ReminderDispatch.objects.bulk_create(rows, batch_size=2000)
            return len(rows)

        _, anchor_wall, anchor_cpu = _timed(anchor)
        clean()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE reminders_reminderdispatch")
        # 1. the planner
        result, plan_wall, plan_cpu = _timed(lambda: reminders_plan(today=today))
        assert result.planned == n, result
        # 3. the same day again: nothing new
        again, again_wall, again_cpu = _timed(lambda: reminders_plan(today=today))
        assert again.planned == 0 and again.batches == 0, again
    finally:
        sources.unregister("bench")
        clean()
        ReminderRule.objects.filter(jobcenter=jobcenter, source="bench").delete()
        ReminderRule.objects.exclude(jobcenter=jobcenter).update(active=True)

    ratio = plan_wall / anchor_wall
    print(f"reminders_bench {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC · "
          f"{platform.processor() or platform.machine()} · {os.cpu_count()} CPUs · "
          f"Python {platform.python_version()} · PostgreSQL {connection.pg_version}")
    print(f"planning {n:,} reminders (1 run, {result.batches} hand-overs of ≤ 500): "
          f"{plan_wall:.2f} s wall, {plan_cpu:.2f} s CPU  → {n / plan_wall:,.0f} /s")
    print(f"anchor: bulk insert of {n:,} rows: {anchor_wall:.2f} s wall, {anchor_cpu:.2f} s CPU")
    print(f"ratio planner / anchor (wall): {ratio:.2f}")
    print(f"re-planning the same day (0 new): {again_wall:.2f} s wall, {again_cpu:.2f} s CPU")
    ok = plan_wall < TARGET_SECONDS
    print(f"target < {TARGET_SECONDS:.0f} s: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
