"""Two processes appending to one Jobcenter's access log at once: one lane or a lane each.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> python bench/accesslog_lanes.py

What the web bench's two gunicorn workers do to the access log, without the pages around
it: two forked processes (own connections) append at the same time, each ``APPENDS``
appends of one entry (``access_log_record``, as a staff page writes it), sleeping
``PAUSE_MS`` between appends. Two variants, alternating in every round (round 0 warms
up): ``one lane`` — ``ACCESS_LOG_LANES = 1``, both extend lane 0's head, as every append
did before lanes — and ``lanes`` — ``ACCESS_LOG_LANES = 8``, each process its own lane.
Per process and append: statements sent (``connection.execute_wrapper``), the client's
CPU (``time.process_time``), the server's CPU (the process's PostgreSQL backend,
``/proc/<pg_backend_pid()>/stat``; run on the database host) and wall time. Medians over
rounds and both processes; ratios ``lanes`` / ``one lane`` compare within the run. Uses the
bench Jobcenter of ``bench/accesslog_bench.py`` (its access log is replaced).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from accesslog_bench import _setup, _world  # noqa: E402

ROUNDS = 4
APPENDS = 600
PAUSE_MS = 1.0
VARIANTS = {"one lane": 1, "lanes": 8}
TICK = os.sysconf("SC_CLK_TCK")


def _backend_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime


def _writer(barrier, lanes: int, staff_pk: int, person_pks: list[int], out) -> None:
    from django.conf import settings
    from django.db import connection, connections

    from jobcenter.accounts.models import User
    from jobcenter.households.models import Person
    from jobcenter.transparency import chain
    from jobcenter.transparency.services import Seen, access_log_record

    try:
        connections.close_all()
        settings.ACCESS_LOG_LANES = lanes
        chain._heads.clear()
        staff = User.objects.select_related("team").get(pk=staff_pk)
        seen = [Seen(p, p, "Bench") for p in Person.objects.filter(pk__in=person_pks)]
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]
        access_log_record(actor=staff, purpose="person", what="person", seen=seen)  # lane
        sent = [0]

        def count(execute, sql, params, many, context):
            sent[0] += 1
            return execute(sql, params, many, context)

        barrier.wait(timeout=60)
        server, client, wall = _backend_cpu(backend), time.process_time(), time.perf_counter()
        with connection.execute_wrapper(count):
            for _ in range(APPENDS):
                access_log_record(actor=staff, purpose="person", what="person", seen=seen)
                time.sleep(PAUSE_MS / 1000)
        wall = time.perf_counter() - wall - APPENDS * PAUSE_MS / 1000
        client = time.process_time() - client
        server = _backend_cpu(backend) - server
        out.put({"lane": chain.current_lane(), "statements": sent[0] / APPENDS,
                 "server_ms": server * 1000 / APPENDS, "client_ms": client * 1000 / APPENDS,
                 "wall_ms": wall * 1000 / APPENDS})
        connections.close_all()
    except BaseException as exc:
        out.put({"error": repr(exc)})
        raise


def main() -> int:
    _setup(append_only=False)
    from django.db import connections

    from jobcenter.households.models import Person
    from jobcenter.transparency import chain

    jobcenter, staff = _world()
    person = Person.objects.filter(jobcenter=jobcenter).order_by("pk")[:1]
    context = multiprocessing.get_context("fork")
    figures: dict[str, list[dict]] = {name: [] for name in VARIANTS}
    for round_ in range(ROUNDS + 1):
        for name, lanes in VARIANTS.items():
            connections.close_all()
            barrier, out = context.Barrier(2), context.Queue()
            children = [context.Process(target=_writer, args=(
                barrier, lanes, staff.pk, [p.pk for p in person], out)) for _ in range(2)]
            for child in children:
                child.start()
            results = [out.get(timeout=300) for _ in children]
            for child in children:
                child.join(60)
            if any("error" in r for r in results) or any(c.exitcode for c in children):
                print(results, file=sys.stderr)
                return 1
            if round_:
                figures[name] += results
    reports = chain.chains_verify(jobcenter_id=jobcenter.pk)
    assert reports and all(r.ok for r in reports), reports
    summary = {}
    for name, results in figures.items():
        summary[name] = {key: statistics.median(r[key] for r in results)
                         for key in ("statements", "server_ms", "client_ms", "wall_ms")}
        summary[name]["range"] = {key: [round(min(r[key] for r in results), 3),
                                        round(max(r[key] for r in results), 3)]
                                  for key in ("statements", "server_ms", "client_ms")}
        summary[name]["lanes_used"] = sorted({r["lane"] for r in results})
    print(f"load average {os.getloadavg()}; {ROUNDS} rounds × 2 processes × {APPENDS} appends")
    for name, s in summary.items():
        print(f"{name:9} statements/append {s['statements']:.2f}  server CPU "
              f"{s['server_ms']:.3f} ms  client CPU {s['client_ms']:.3f} ms  wall "
              f"{s['wall_ms']:.3f} ms  ranges {s['range']}  lanes {s['lanes_used']}")
    base, new = summary["one lane"], summary["lanes"]
    print("ratio lanes / one lane: " + ", ".join(
        f"{key} {new[key] / base[key]:.2f}" for key in ("statements", "server_ms",
                                                        "client_ms", "wall_ms")))
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
