"""The outbox's sweeper after a broker outage: how fast a backlog is handed over again.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> python bench/outbox_bench.py [--n 10000]

Starts a redis-server of its own (free port, no persistence) as the broker, writes ``--n``
due outbox messages into the (migrated) database of ``DATABASE_URL`` and runs
``outbox_sweep`` until all are handed over. Anchor, in the same run: publishing the same
number of ``outbox.deliver`` messages straight to the broker, without the database. Reports
CPU time per message of both and their ratio — the cost of claiming, counting and
scheduling each message — and exits non-zero when the sweep costs more than three times the
bare publish. The rows it wrote are deleted afterwards.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

MAX_RATIO = 3.0
TASK = "bench.outbox.noop"


def start_redis(directory: str) -> tuple[subprocess.Popen, int]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [shutil.which("redis-server") or "redis-server", "--port", str(port), "--bind",
         "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process, port
        except OSError:
            time.sleep(0.05)
    process.terminate()
    sys.exit("redis-server did not start")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10_000)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        sys.exit("outbox_bench needs DATABASE_URL=postgres://… (a migrated database)")
    with tempfile.TemporaryDirectory() as directory:
        redis, port = start_redis(directory)
        try:
            os.environ["CELERY_BROKER_URL"] = f"redis://127.0.0.1:{port}/0"
            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobcenter.config.settings")
            os.environ.setdefault("LOG_LEVEL", "ERROR")  # one warning per re-sent batch
            import django

            django.setup()
            return run(args.n)
        finally:
            redis.terminate()
            redis.wait(timeout=10)


def run(n: int) -> int:
    import redis as redis_client
    from django.conf import settings
    from django.utils import timezone

    from jobcenter.outbox.delivery import deliver
    from jobcenter.outbox.models import OutboxMessage
    from jobcenter.outbox.services import outbox_sweep

    broker = redis_client.Redis.from_url(settings.CELERY_BROKER_URL)
    deliver.apply_async(args=(0,))  # warm the connection pool
    broker.delete("celery")

    cpu = time.process_time()
    with deliver.app.producer_or_acquire() as producer:
        for number in range(n):
            deliver.apply_async(args=(number,), producer=producer)
    anchor = time.process_time() - cpu
    assert broker.llen("celery") == n
    broker.delete("celery")

    due = timezone.now() - dt.timedelta(seconds=1)
    OutboxMessage.objects.filter(task=TASK).delete()
    OutboxMessage.objects.bulk_create(
        [OutboxMessage(task=TASK, kwargs={"number": i}, attempts=1, next_attempt_at=due)
         for i in range(n)], batch_size=5_000)
    wall, cpu = time.perf_counter(), time.process_time()
    dispatched = 0
    while dispatched < n:
        result = outbox_sweep()
        if not result.dispatched:
            break
        dispatched += result.dispatched
    sweep_cpu, sweep_wall = time.process_time() - cpu, time.perf_counter() - wall
    queued = broker.llen("celery")
    OutboxMessage.objects.filter(task=TASK).delete()
    broker.delete("celery")

    ratio = sweep_cpu / anchor
    print(f"outbox sweep, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {platform.node()}, "
          f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    print(f"  anchor: {n:,} bare publishes   {anchor:6.2f} s CPU  "
          f"{anchor / n * 1e3:.3f} ms/message")
    print(f"  sweep:  {dispatched:,} handed over  {sweep_cpu:6.2f} s CPU  "
          f"{sweep_cpu / max(dispatched, 1) * 1e3:.3f} ms/message, {sweep_wall:.1f} s wall, "
          f"{queued:,} queued")
    print(f"  ratio sweep/anchor (CPU): {ratio:.2f} (target ≤ {MAX_RATIO})")
    if dispatched != n or queued != n:
        print("not every message was handed over exactly once")
        return 1
    return 0 if ratio <= MAX_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
