"""The load test: ``multiplier`` × a large Jobcenter's peak hour against gunicorn +
PostgreSQL + Redis + a Celery worker and beat, all private to this run
(docs/performance.md "Load test", docs/operations.md "Load and fault tests").

    python -m loadtest.run [--multiplier 10] [--duration 180] [--profile] [--json out.json]

Steps: a private PostgreSQL cluster and redis-server; migrate; load-test accounts and a
backlog of cases; gunicorn (with per-request CPU timing, ``loadtest/gunicorn_conf.py``), a
Celery worker, beat; the anchor (the health check, sequentially, on the idle stack); locust
(headless, bounded by ``--duration``); the outbox drained; then the checks:

* 0 failed requests (any unexpected status, a missing receipt, a failed sign-in);
* p95 < 500 ms for every page kind (locust's wall time at the client);
* every application submitted during the run (and the backlog) is exactly one case with
  exactly one "received" notice, every hand-over is done;
* the arrival rates reached at least 90 % of the target (otherwise the machine could not
  produce the load: the run says so).

Exit status 0 only if all hold. The report gives every figure also as a ratio to the
anchor measured in the same run, with CPU time per request on the server and the CPU
time each process used (the machine may be shared).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import pstats
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from loadtest.journeys import Browser
from loadtest.peak import PEAK, users
from loadtest.stack import ROOT, Stack, tree_cpu_seconds, wait_for

P95_LIMIT_MS = 500.0


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def read_timings(directory: Path, skip: dict[str, int] | None = None
                 ) -> tuple[dict[str, list[tuple[float, float]]], dict[str, int]]:
    """Server-side (kind → [(wall ms, cpu ms)]) from the gunicorn workers' files, skipping
    the first ``skip[file]`` lines; returns the line counts too."""
    result: dict[str, list[tuple[float, float]]] = {}
    counts: dict[str, int] = {}
    for path in sorted(directory.glob("timings.*")):
        if path.suffix == ".prof":
            continue
        lines = path.read_text().splitlines()
        counts[path.name] = len(lines)
        for line in lines[(skip or {}).get(path.name, 0):]:
            kind, _status, wall, cpu = line.split()
            result.setdefault(kind, []).append((float(wall), float(cpu)))
    return result, counts


def stack_cpu(stack: Stack) -> dict[str, float]:
    cpu = {"gunicorn": stack.web.cpu_seconds() if stack.web else 0.0,
           "celery worker": sum(w.cpu_seconds() for w in stack.workers),
           "celery beat": stack.beat.cpu_seconds() if stack.beat else 0.0}
    pg = stack.postgres.server_pid()
    cpu["postgresql"] = tree_cpu_seconds(pg) if pg else 0.0
    cpu["redis"] = tree_cpu_seconds(stack.redis.process.pid) if stack.redis.process else 0.0
    return cpu


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def machine() -> str:
    model = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    return (f"{platform.node()}: {model}, {os.cpu_count()} CPUs, "
            f"Python {platform.python_version()}, {platform.system()} {platform.release()}")


def anchor_idle(stack: Stack, n: int = 200) -> dict[str, float]:
    """The health check, sequentially on the idle stack: client wall time."""
    browser = Browser(requests.Session(), stack.base_url, "10.255.0.1")
    walls = []
    for _ in range(n):
        started = time.perf_counter()
        browser.get("/healthz/")
        walls.append((time.perf_counter() - started) * 1000)
    return {"median_ms": statistics.median(walls), "p95_ms": percentile(walls, 95)}


def calibrate(stack: Stack, directory: Path, rounds: int,
              staff: int) -> dict[str, dict[str, float]]:
    """Each journey ``rounds`` times one after the other on the otherwise idle stack: the CPU
    time one journey costs in each process (gunicorn, PostgreSQL, worker, Redis) — robust on
    a shared machine, where waiting for the CPU inflates wall times but not CPU times."""
    from loadtest.journeys import photo_jpeg
    from loadtest.peak import CASES_PER_QUEUE, QUEUE_PER_SESSION, UPLOADS_PER_SUBMISSION
    from loadtest.seed import citizen_email, staff_email

    photos = [photo_jpeg(n) for n in range(UPLOADS_PER_SUBMISSION)]
    citizen = iter(range(10_000))

    def visitor(n: int) -> None:
        browser = Browser(requests.Session(), stack.base_url, f"10.254.1.{n + 1}")
        browser.citizen_login(citizen_email(next(citizen)))
        browser.overview()
        browser.logout()

    def applicant(n: int) -> None:
        browser = Browser(requests.Session(), stack.base_url, f"10.254.2.{n + 1}")
        browser.citizen_login(citizen_email(next(citizen)))
        browser.apply_erstausstattung(photos)
        browser.overview()
        browser.logout()
        assert wait_for(lambda: outbox_drained(stack), timeout=120), "hand-over not done"

    def caseworker(n: int) -> None:
        browser = Browser(requests.Session(), stack.base_url, f"10.254.3.{n + 1}")
        # the last accounts: locust's caseworkers start with the first ones, and a TOTP
        # code is accepted once per account and period
        browser.staff_login(staff_email(staff - 1 - n))
        for cycle in range(QUEUE_PER_SESSION):
            for path in browser.queue("?sortierung=-received" if cycle % 2 else "")[
                    :CASES_PER_QUEUE]:
                browser.case(path)
        browser.logout()

    result = {}
    for name, journey in (("visitor", visitor), ("applicant", applicant),
                          ("caseworker", caseworker)):
        # warm-up: every gunicorn worker's first requests load templates, form
        # definitions and modules (up to ~1 s of CPU once per process)
        for n in range(2 * stack.web_workers):
            journey(rounds + 1 + n)
        before = stack_cpu(stack)
        started = time.monotonic()
        for n in range(rounds):
            journey(n)
        wall = time.monotonic() - started
        after = stack_cpu(stack)
        result[name] = {k: (after[k] - before[k]) / rounds for k in before}
        result[name]["wall"] = wall / rounds
    return result


def run_locust(stack: Stack, directory: Path, multiplier: float, duration: int,
               citizens: int, staff: int) -> tuple[float, float]:
    """Runs locust; returns (its CPU seconds, wall seconds)."""
    counts = users(multiplier)
    total = sum(counts.values())
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
           "LOADTEST_MULTIPLIER": str(multiplier), "LOADTEST_CITIZENS": str(citizens),
           "LOADTEST_STAFF": str(staff),
           "LOADTEST_REFERENCES": str(directory / "references.txt")}
    argv = [sys.executable, "-m", "locust", "-f", str(ROOT / "loadtest" / "locustfile.py"),
            "--headless", "--host", stack.base_url, "--users", str(total),
            "--spawn-rate", str(max(1, total // 20)), "--run-time", f"{duration}s",
            "--stop-timeout", "90", "--csv", str(directory / "locust"), "--only-summary",
            "--loglevel", "WARNING", "--exit-code-on-error", "0"]
    started = time.monotonic()
    with (directory / "locust.log").open("wb") as log:
        process = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        _pid, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - started
    if process.returncode not in (0, 1):
        raise SystemExit(f"locust failed ({process.returncode}):\n"
                         + (directory / "locust.log").read_text()[-3000:])
    return usage.ru_utime + usage.ru_stime, wall


def locust_stats(directory: Path) -> list[dict[str, str]]:
    with (directory / "locust_stats.csv").open() as stats:
        return [row for row in csv.DictReader(stats) if row["Name"] != "Aggregated"]


def check_database(stack: Stack, references: list[str]) -> dict[str, object]:
    """Every submission (the run's and the backlog) became exactly one case with one
    "received" notice; nothing is left in the outbox."""
    rows = stack.query("SELECT reference FROM antraege_submission WHERE reference = ANY(%s)",
                       (references,))
    found = {row[0] for row in rows}
    not_one_case = stack.query(
        "SELECT s.reference, count(c.id) FROM antraege_submission s "
        "LEFT JOIN casefiles_case c ON c.submission_id = s.id GROUP BY s.id, s.reference "
        "HAVING count(c.id) <> 1")
    not_one_notice = stack.query(
        "SELECT s.reference, count(n.id) FROM antraege_submission s "
        "LEFT JOIN notifications_notification n ON n.dedup_key = 'submission:' || s.id "
        "GROUP BY s.id, s.reference HAVING count(n.id) <> 1")
    not_handed_over = stack.query(
        "SELECT count(*) FROM antraege_submission WHERE handed_over_at IS NULL")[0][0]
    open_messages = stack.query(
        "SELECT status, count(*) FROM outbox_outboxmessage WHERE status <> 'done' "
        "GROUP BY status")
    totals = stack.query("SELECT (SELECT count(*) FROM antraege_submission), "
                         "(SELECT count(*) FROM casefiles_case), "
                         "(SELECT count(*) FROM formengine_upload)")[0]
    return {
        "references_reported": len(references),
        "references_unique": len(set(references)),
        "references_found": len(found),
        "submissions": totals[0], "cases": totals[1], "uploads": totals[2],
        "submissions_without_exactly_one_case": [list(r) for r in not_one_case],
        "submissions_without_exactly_one_notice": [list(r) for r in not_one_notice],
        "not_handed_over": not_handed_over,
        "outbox_not_done": [list(r) for r in open_messages],
    }


def outbox_drained(stack: Stack) -> bool:
    return stack.query("SELECT count(*) FROM outbox_outboxmessage "
                       "WHERE status <> 'done'")[0][0] == 0


def profile_summary(directory: Path, top: int = 30) -> str:
    files = [str(p) for p in directory.glob("timings.*.prof")]
    if not files:
        return ""
    stats = pstats.Stats(files[0])
    for path in files[1:]:
        stats.add(path)
    import io

    out = io.StringIO()
    stats.stream = out  # type: ignore[attr-defined]
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def report_calibration(report: dict[str, object], per_journey: dict[str, dict[str, float]],
                       server: dict[str, list[tuple[float, float]]], anchor_cpu: float,
                       multiplier: float) -> None:
    """CPU per page kind and per journey (sequential pass), and the CPU the target rates
    need: journeys per hour × CPU per journey."""
    print("\nSequential pass (one journey at a time): server CPU per page kind")
    print("| Page kind | Requests | CPU ms median | CPU / anchor CPU | wall ms median |")
    print("|---|---:|---:|---:|---:|")
    pages = {}
    for kind, values in sorted(server.items()):
        cpu = statistics.median(c for _w, c in values)
        wall = statistics.median(w for w, _c in values)
        pages[kind] = {"n": len(values), "cpu_ms": cpu, "cpu_per_anchor": cpu / anchor_cpu,
                       "wall_ms": wall}
        print(f"| {kind.replace('_', ' ').replace(':', ' ')} | {len(values)} | {cpu:.1f} | "
              f"{cpu / anchor_cpu:.1f} | {wall:.0f} |")
    rates = {"visitor": (PEAK["citizen_logins"] - PEAK["submissions"]) / 3600,
             "applicant": PEAK["submissions"] / 3600,
             "caseworker": PEAK["staff_logins"] / 3600}
    print("\n| Journey | CPU s per journey: " + ", ".join(next(iter(per_journey.values())))
          + " | journeys/s at 1× | CPU cores needed at 1× | at "
          f"{multiplier:g}× |\n|---|---|---:|---:|---:|")
    need_1x = 0.0
    for name, cpu in per_journey.items():
        total = sum(v for k, v in cpu.items() if k != "wall")
        cores = total * rates[name]
        need_1x += cores
        print(f"| {name} | " + ", ".join(f"{v:.3f}" for k, v in cpu.items())
              + f" | {rates[name]:.3f} | {cores:.2f} | {cores * multiplier:.2f} |")
    print(f"| together | | | {need_1x:.2f} | {need_1x * multiplier:.2f} |")
    report["sequential"] = {"pages": pages, "per_journey": per_journey,
                            "cores_needed_1x": need_1x,
                            "cores_needed": need_1x * multiplier}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--multiplier", type=float, default=10.0)
    parser.add_argument("--duration", type=int, default=180, help="seconds of load")
    parser.add_argument("--citizens", type=int, default=1000)
    parser.add_argument("--staff", type=int, default=0, help="default: caseworker users + 10")
    parser.add_argument("--cases", type=int, default=300, help="backlog before the load")
    parser.add_argument("--web-workers", type=int, default=4)
    parser.add_argument("--worker-concurrency", type=int, default=2)
    parser.add_argument("--calibration-rounds", type=int, default=8,
                        help="journeys of each kind run one after the other first")
    parser.add_argument("--profile", action="store_true",
                        help="cProfile every request (slower); prints the top functions")
    parser.add_argument("--directory", type=Path, default=None)
    parser.add_argument("--keep", action="store_true", help="leave the directory")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()

    counts = users(args.multiplier)
    staff = args.staff or counts["Caseworker"] + 2 * args.web_workers + args.calibration_rounds + 2
    directory = args.directory or Path(tempfile.mkdtemp(prefix="jc-loadtest-"))
    directory.mkdir(parents=True, exist_ok=True)
    began = dt.datetime.now(dt.UTC)
    print(f"load test {began:%Y-%m-%d %H:%M} UTC, {machine()}, load average {load_average()}")
    print(f"{args.multiplier:g}× peak for {args.duration} s, users {counts}; in {directory}")
    stack = Stack(directory, web_workers=args.web_workers,
                  worker_concurrency=args.worker_concurrency)
    report: dict[str, object] = {"began": began.isoformat(), "machine": machine(),
                                 "multiplier": args.multiplier, "duration_s": args.duration,
                                 "users": counts, "web_workers": args.web_workers}
    try:
        stack.start_services()
        print(stack.prepare("--citizens", str(args.citizens), "--staff", str(staff),
                            "--cases", str(args.cases)).strip())
        timing_env = {"LOADTEST_TIMINGS": str(directory / "timings")}
        if args.profile:
            timing_env["LOADTEST_PROFILE"] = "1"
        stack.start_web(**timing_env)
        stack.start_worker()
        stack.start_beat()
        assert wait_for(lambda: outbox_drained(stack), timeout=600), "backlog not handed over"

        idle = anchor_idle(stack)
        idle_server, _ = read_timings(directory)
        anchor_cpu_idle = statistics.median(c for _w, c in idle_server["GET:healthz"])
        print(f"anchor (health check, idle, sequential): median {idle['median_ms']:.1f} ms "
              f"wall at the client, {anchor_cpu_idle:.2f} ms CPU in gunicorn")

        _, skip_calibration = read_timings(directory)
        per_journey = calibrate(stack, directory, args.calibration_rounds, staff)
        calibration_server, skip = read_timings(directory, skip_calibration)
        cpu_before = stack_cpu(stack)
        load_before = load_average()
        locust_cpu, locust_wall = run_locust(stack, directory, args.multiplier, args.duration,
                                             args.citizens, staff)
        cpu_during = {k: v - cpu_before[k] for k, v in stack_cpu(stack).items()}
        cpu_during["locust"] = locust_cpu
        load_after = load_average()
        drain_started = time.monotonic()
        drained = wait_for(lambda: outbox_drained(stack), timeout=300, step=1)
        drain_seconds = time.monotonic() - drain_started
        references_file = directory / "references.txt"
        references = (references_file.read_text().split() if references_file.exists() else [])
        checks = check_database(stack, references)
        server, _ = read_timings(directory, skip)
    finally:
        stack.stop()

    stats = locust_stats(directory)
    anchor_row = next((r for r in stats if r["Name"] == "healthz"), None)
    anchor_p95 = float(anchor_row["95%"]) if anchor_row else float("nan")
    anchor_cpu = statistics.median(c for _w, c in server.get("GET:healthz", [(0, 1)]))
    rows = []
    failures = 0
    slow = []
    for row in sorted(stats, key=lambda r: (r["Name"], r["Type"])):
        kind, method = row["Name"], row["Type"]
        count, failed = int(row["Request Count"]), int(row["Failure Count"])
        failures += failed
        p95 = float(row["95%"])
        cpu = [c for _w, c in server.get(f"{method}:{kind.replace(' ', '_')}", [])]
        cpu_median = statistics.median(cpu) if cpu else float("nan")
        if p95 >= P95_LIMIT_MS:
            slow.append(f"{method} {kind}")
        rows.append({"method": method, "kind": kind, "requests": count, "failures": failed,
                     "median_ms": float(row["Median Response Time"]), "p95_ms": p95,
                     "p99_ms": float(row["99%"]), "max_ms": float(row["Max Response Time"]),
                     "p95_per_anchor": p95 / anchor_p95 if anchor_p95 else None,
                     "server_cpu_median_ms": cpu_median,
                     "cpu_per_anchor": cpu_median / anchor_cpu if anchor_cpu else None})
    by_kind = {(r["method"], r["kind"]): r["requests"] for r in rows}
    seconds = float(args.duration)
    achieved = {
        "citizen_logins": by_kind.get(("GET", "portal overview"), 0),  # approx., see below
        "staff_logins": by_kind.get(("POST", "mfa"), 0),
        "submissions": len(references),
        "uploads": by_kind.get(("POST", "upload"), 0),
        "queue_views": by_kind.get(("GET", "staff queue"), 0),
        "case_views": by_kind.get(("GET", "staff case"), 0),
    }
    # Citizen sign-ins: password POSTs minus the staff ones (which go on to the 2FA step).
    achieved["citizen_logins"] = by_kind.get(("POST", "login"), 0) - achieved["staff_logins"]
    rates = {key: {"target_per_h": args.multiplier * PEAK[key],
                   "reached_per_h": round(value / seconds * 3600),
                   "ratio": round(value / seconds * 3600 / (args.multiplier * PEAK[key]), 2)}
             for key, value in achieved.items()}
    cores = os.cpu_count() or 1
    cpu_total = sum(cpu_during.values())
    report.update({
        "anchor": {"idle_median_ms": idle["median_ms"], "idle_cpu_ms": anchor_cpu_idle,
                   "under_load_p95_ms": anchor_p95, "under_load_cpu_ms": anchor_cpu},
        "pages": rows, "rates": rates, "checks": checks, "drained": drained,
        "drain_seconds": round(drain_seconds, 1),
        "cpu_seconds": {k: round(v, 1) for k, v in cpu_during.items()},
        "cpu_share_of_machine": round(cpu_total / (cores * locust_wall), 2),
        "locust_wall_s": round(locust_wall, 1),
        "load_average": {"before": load_before, "after": load_after},
    })

    report_calibration(report, per_journey, calibration_server, anchor_cpu_idle,
                       args.multiplier)
    print(f"\nanchor under load: health check p95 {anchor_p95:.0f} ms, "
          f"{anchor_cpu:.2f} ms CPU\n")
    print("| Page kind | Requests | Failures | Median ms | p95 ms | p95 / anchor p95 "
          "| Server CPU ms (median) | CPU / anchor CPU |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['method']} {r['kind']} | {r['requests']} | {r['failures']} | "
              f"{r['median_ms']:.0f} | {r['p95_ms']:.0f} | {r['p95_per_anchor']:.1f} | "
              f"{r['server_cpu_median_ms']:.1f} | {r['cpu_per_anchor']:.1f} |")
    print("\n| Rate (per hour) | Target | Reached | Ratio |\n|---|---:|---:|---:|")
    for key, value in rates.items():
        print(f"| {key} | {value['target_per_h']:.0f} | {value['reached_per_h']} | "
              f"{value['ratio']} |")
    print(f"\nCPU seconds during the load ({locust_wall:.0f} s wall, {cores} CPUs = "
          f"{cores * locust_wall:.0f} CPU s): "
          + ", ".join(f"{k} {v:.0f}" for k, v in cpu_during.items())
          + f"; together {cpu_total / (cores * locust_wall):.0%} of the machine "
          f"(load average before {load_before}, after {load_after})")
    print(f"outbox drained {drain_seconds:.0f} s after the load: {drained}")
    print("checks:", json.dumps(checks))

    problems = []
    if failures:
        problems.append(f"{failures} failed requests (see {directory}/locust_failures.csv)")
    if slow:
        problems.append(f"p95 ≥ {P95_LIMIT_MS:.0f} ms: {', '.join(slow)}")
    if not drained or checks["outbox_not_done"]:
        problems.append("outbox not drained")
    if (checks["submissions_without_exactly_one_case"]
            or checks["submissions_without_exactly_one_notice"] or checks["not_handed_over"]
            or checks["references_found"] != checks["references_unique"]
            or checks["references_unique"] != checks["references_reported"]):
        problems.append("a submission is not exactly one case and one notice")
    short = [k for k, v in rates.items() if v["ratio"] < 0.9]
    if short:
        problems.append(f"target rate not reached: {', '.join(short)}")
    report["problems"] = problems
    if args.profile:
        summary = profile_summary(directory)
        (directory / "profile.txt").write_text(summary)
        print(f"\nprofile (all gunicorn workers): {directory}/profile.txt")
        print("\n".join(summary.splitlines()[:60]))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, default=str))
    print("\nRESULT:", "PASS" if not problems else "FAIL — " + "; ".join(problems))
    print(f"peak RSS of this process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss} KB")
    if not args.keep and not problems:
        shutil.rmtree(directory, ignore_errors=True)
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
