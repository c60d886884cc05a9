"""Benchmark of the sgb2 engine (issue 3, item 6): ``python bench/sgb2_bench.py [--quick]``.

Runs on ONE core (``os.sched_setaffinity(0, {0})``, or the one CPU of ``taskset -c N``) and
measures, on the same seeded households (``sgb2.batch_beispiele.erzeuge``, rules both engines
model, one month):

* scalar latency per household of ``sgb2.berechnen_json`` (parse + compute + JSON result):
  p50 / p99 over >= 2,000 households (plus the same for the full rule set);
* batch throughput of ``sgb2.batch.berechnen_batch`` (households/s) and the run time for
  2.9 million BGs (the sample tiled); column building is reported separately;
* GETTSIM 1.3.1 (test-only oracle, if installed) on the same households in one vectorised
  call with a pre-built policy environment: time per household and households/s.

Prints a Markdown table plus machine info. Targets: scalar p50 <= 200 µs; batch >=
1,000,000 households/s; 2.9 M BGs in < 3 s.

Anchors: the machine is shared, and even CPU time grows when other processes compete for
the caches and memory bandwidth. Each run therefore also measures two fixed workloads that
do not depend on our code — pure-Python ``Decimal`` arithmetic (like the scalar engine)
and element-wise int64 numpy operations on chunk-sized arrays (like the batch path) — and
prints the scalar and batch figures as ratios to them. Compare runs (e.g. before and after
a change, alternated in one session) by these ratios.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import os
import platform
import statistics
import sys
import time
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests" / "sgb2"))  # GETTSIM adapter (test-only)

import numpy as np  # noqa: E402

import sgb2  # noqa: E402
from sgb2.batch import berechnen_batch, columns_from_requests  # noqa: E402
from sgb2.batch_beispiele import erzeuge  # noqa: E402

MONAT = "2025-03"
N_BG_DEUTSCHLAND = 2_900_000


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def pin_one_core() -> str:
    """Pin to CPU 0 — or keep the one CPU the caller chose (``taskset -c 1 …``)."""
    try:
        schon = os.sched_getaffinity(0)
        if len(schon) == 1:
            return f"pinned to CPU {next(iter(schon))} (by the caller)"
        os.sched_setaffinity(0, {0})
        return "pinned to CPU 0"
    except (AttributeError, OSError) as exc:  # pragma: no cover - non-Linux
        return f"not pinned ({exc})"


def scalar_latencies(requests: list[dict]) -> tuple[list[float], list[float]]:
    """(wall µs, CPU µs) per household."""
    for r in requests[:50]:  # warm-up (parameter caches, imports)
        sgb2.berechnen_json(r)
    wall, cpu = [], []
    gc.disable()
    try:
        for r in requests:
            c0 = time.thread_time_ns()
            t0 = time.perf_counter_ns()
            sgb2.berechnen_json(r)
            wall.append((time.perf_counter_ns() - t0) / 1000.0)
            cpu.append((time.thread_time_ns() - c0) / 1000.0)
    finally:
        gc.enable()
    return wall, cpu


def anker_skalar(n: int = 2000) -> float:
    """CPU µs (p50) of a fixed pure-Python workload: 60 ``Decimal`` multiplications with
    half-up rounding to cents, a dict and a formatted total — one engine call's kind of
    work, none of our code."""
    cent = Decimal("0.01")
    satz = Decimal("1.17")
    werte = [Decimal(i) / 7 for i in range(1, 61)]
    cpu: list[float] = []
    for _ in range(n):
        c0 = time.thread_time_ns()
        summe = Decimal(0)
        zeilen: dict[int, Decimal] = {}
        for i, v in enumerate(werte):
            q = (v * satz).quantize(cent, rounding=ROUND_HALF_UP)
            zeilen[i] = q
            summe += q
        f"{summe:,.2f}".replace(",", "X").replace(".", ",")
        cpu.append((time.thread_time_ns() - c0) / 1000.0)
    return pct(cpu, 50)


def anker_numpy(runden: int = 3) -> float:
    """CPU seconds (best of ``runden``) of a fixed numpy workload: 200 passes of integer
    half-up division, ``np.where``, ``np.repeat`` and ``np.add.reduceat`` over 40,000 int64
    values (one batch chunk's size) — the batch path's kind of work, none of our code."""
    rng = np.random.default_rng(2026)
    a = rng.integers(0, 1_000_000, 40_000, dtype=np.int64)
    z = rng.integers(1, 1000, 40_000, dtype=np.int64)
    starts = np.arange(0, 40_000, 2, dtype=np.int64)
    laengen = np.full(20_000, 2, dtype=np.int64)
    best = float("inf")
    for _ in range(runden):
        c0 = time.process_time()
        for _ in range(200):
            r = (2 * a * z + 7) // 14
            r = np.where(r > a, r, a)
            s = np.add.reduceat(r, starts)
            np.repeat(s, laengen)
        best = min(best, time.process_time() - c0)
    return best


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="short run (fewer households)")
    ap.add_argument("--no-gettsim", action="store_true", help="skip the GETTSIM comparison")
    args = ap.parse_args()

    pin = pin_one_core()
    n_scalar = 500 if args.quick else 2000
    n_sample = 20_000
    n_gettsim = 200 if args.quick else 1000
    ziel_bg = 290_000 if args.quick else N_BG_DEUTSCHLAND

    rows: list[tuple[str, str, str]] = []
    households = erzeuge(n_sample, seed=2026, nur_gemeinsame_regeln=True, monat=MONAT)
    voll = erzeuge(n_scalar, seed=2027, nur_gemeinsame_regeln=False, monat=MONAT)

    # --- anchors (again at the end; the mean of both is used)
    anker_s = [anker_skalar()]
    anker_n = [anker_numpy()]

    # --- scalar
    lat, lat_cpu = scalar_latencies(households[:n_scalar])
    lat_voll, lat_voll_cpu = scalar_latencies(voll)
    p50 = pct(lat_cpu, 50)
    rows.append(
        (
            "Scalar latency p50 / p99 (`berechnen_json`, common rules)",
            f"CPU {p50:.0f} µs / {pct(lat_cpu, 99):.0f} µs (wall {pct(lat, 50):.0f} / "
            f"{pct(lat, 99):.0f} µs)",
            "p50 ≤ 200 µs",
        )
    )
    rows.append(
        (
            "Scalar latency p50 / p99 (full rule set)",
            f"CPU {pct(lat_voll_cpu, 50):.0f} µs / {pct(lat_voll_cpu, 99):.0f} µs (wall "
            f"{pct(lat_voll, 50):.0f} / {pct(lat_voll, 99):.0f} µs)",
            "",
        )
    )
    rows.append(
        (
            "Scalar throughput (1 / mean CPU latency)",
            f"{1e6 / statistics.mean(lat_cpu):,.0f} households/s",
            "",
        )
    )

    # --- batch: columns, throughput, 2.9 M
    c0 = time.process_time()
    cols = columns_from_requests(households, MONAT)
    t_cols = time.process_time() - c0
    rows.append(
        (
            "Column building (`columns_from_requests`, incl. validation)",
            f"CPU {t_cols / n_sample * 1e6:.0f} µs per household",
            "not in the batch figure",
        )
    )
    k = max(1, ziel_bg // cols.n_bg)
    big = cols.wiederholen(k)
    berechnen_batch(cols)  # warm-up
    cpu_runs, wall_runs = [], []
    for _ in range(2 if args.quick else 3):
        gc.collect()
        c0 = time.process_time()
        t0 = time.perf_counter()
        res = berechnen_batch(big)
        wall_runs.append(time.perf_counter() - t0)
        cpu_runs.append(time.process_time() - c0)
        del res
    res = berechnen_batch(cols)
    c_best, c_med = min(cpu_runs), statistics.median(cpu_runs)
    rows.append(
        (
            "Batch throughput (1 core)",
            f"{big.n_bg / c_best:,.0f} households/s CPU best run, {big.n_bg / c_med:,.0f} /s "
            f"median ({big.n_bg / min(wall_runs):,.0f} /s wall best)",
            "≥ 1,000,000 /s",
        )
    )
    rows.append(
        (
            f"Batch run, {big.n_bg:,} BGs ({big.n_personen:,} persons), {len(cpu_runs)} runs",
            f"CPU best {c_best:.2f} s, median {c_med:.2f} s (wall best {min(wall_runs):.2f} s)",
            "2.9 M in < 3 s" if big.n_bg >= N_BG_DEUTSCHLAND else "(--quick: 10 % of 2.9 M)",
        )
    )
    rate = big.n_bg / c_best
    anker_s.append(anker_skalar())
    anker_n.append(anker_numpy())
    a_s, a_n = statistics.mean(anker_s), statistics.mean(anker_n)
    rows.append(
        (
            "Anchor, pure Python (`anker_skalar`, CPU p50)",
            f"{a_s:.1f} µs (start {anker_s[0]:.1f}, end {anker_s[1]:.1f})",
            "fixed workload, not our code",
        )
    )
    rows.append(
        (
            "Anchor, numpy (`anker_numpy`, CPU best of 3)",
            f"{a_n * 1000:.0f} ms (start {anker_n[0] * 1000:.0f}, end {anker_n[1] * 1000:.0f})",
            "fixed workload, not our code",
        )
    )
    rows.append(
        (
            "Ratio scalar p50 / anchor (common rules; full rule set)",
            f"{p50 / a_s:.2f}; {pct(lat_voll_cpu, 50) / a_s:.2f}",
            "compare runs by these",
        )
    )
    rows.append(
        (
            f"Ratio batch CPU best ({big.n_bg:,} BGs) / anchor",
            f"{c_best / a_n:.2f}",
            "compare runs by this",
        )
    )
    total_eur = int(res.summe_zahlbetrag.sum()) * k / 100
    # cross-check: the batch equals the scalar path on the sample
    sc = sum(float(sgb2.berechnen_json(r)["summe"]["zahlbetrag"]) for r in households[:500])
    bt = int(berechnen_batch(columns_from_requests(households[:500], MONAT)).summe_zahlbetrag.sum())
    assert round(sc * 100) == bt, "batch and scalar disagree on the sample"

    # --- GETTSIM
    g_note = ""
    if not args.no_gettsim:
        try:
            import gettsim_oracle as go

            go.require_gettsim()
            oracle = go.Oracle()
            sample = households[:n_gettsim]
            t0 = time.perf_counter()
            oracle.environment(go.policy_date_of(sample[0]))
            t_env = time.perf_counter() - t0
            oracle.bg_totals_one_date(sample[:20])  # warm-up
            c0 = time.process_time()
            t0 = time.perf_counter()
            oracle.bg_totals_one_date(sample)
            t_gw = time.perf_counter() - t0
            t_g = time.process_time() - c0
            g_rate = n_gettsim / t_g
            rows.append(
                (
                    f"GETTSIM 1.3.1, one vectorised call, {n_gettsim:,} households",
                    f"CPU {t_g:.2f} s (wall {t_gw:.2f} s) = {t_g / n_gettsim * 1e6:,.0f} "
                    f"µs/household = {g_rate:,.0f} households/s",
                    f"policy environment built once in {t_env:.2f} s",
                )
            )
            rows.append(
                ("Ratio: our batch vs GETTSIM (households/s)", f"{rate / g_rate:,.0f} ×", "")
            )
            rows.append(
                (
                    "Ratio: our scalar p50 vs GETTSIM per household (vectorised)",
                    f"ours {(t_g / n_gettsim * 1e6) / p50:,.1f} × faster",
                    "",
                )
            )
        except Exception as exc:  # GETTSIM is a test-only dependency
            g_note = f"GETTSIM not measured: {exc}"

    print(f"## sgb2 benchmark — {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC\n")
    print(f"- Machine: {cpu_model()}, {os.cpu_count()} logical CPUs, {pin}")
    print(f"- Python {platform.python_version()}, numpy {np.__version__}, {platform.platform()}")
    with contextlib.suppress(OSError):
        print(f"- Load average at start/end: {os.getloadavg()[0]:.2f} (other processes compete)")
    print(
        f"- Households: seeded `erzeuge(..., monat='{MONAT}')`, rules both engines model; "
        f"batch sample {n_sample:,} distinct BGs tiled ×{k}"
    )
    print(f"- Σ Zahlbetrag of the batch run: {total_eur:,.2f} € (sample total × {k})\n")
    print("| Measure | Result | Target / note |")
    print("|---|---|---|")
    for a, b, c in rows:
        print(f"| {a} | {b} | {c} |")
    if g_note:
        print(f"\n{g_note}")


if __name__ == "__main__":
    main()
