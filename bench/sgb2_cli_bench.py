"""Benchmark of the CLI ``python -m sgb2 berechnen`` (issue 16, item 7).

    python bench/sgb2_cli_bench.py [--n 5000] [--runs 3] [--ohne-vorher]

The whole process, as another system uses it: a file with a JSON list of ``--n`` varied
households (``sgb2.batch_beispiele.erzeuge(n, seed=16, nur_gemeinsame_regeln=False)``: the
full contract — singles to large families, earnings, Mehrbedarfe, Minderungen, partial
months, months 2023-01 … 2026-12) is given to a fresh ``python -m sgb2 berechnen FILE``
whose standard output goes to a file. Measured per run: the CPU time of the child process
(user + system, from ``wait4``) and its wall time, divided by the number of households —
start-up, reading and parsing the JSON, validating, computing and writing the result.

In the same run, on the same pinned core:

* anchor 1, a fixed pure-Python kernel (``anker_skalar`` of ``sgb2_bench.py``: 60 ``Decimal``
  multiplications with half-up rounding, CPU p50) — the figure of record is the CLI's CPU
  per household as a multiple of this anchor;
* anchor 2, the start-up of the interpreter (``python -c pass``, CPU, best of 5), and the
  start-up of the CLI alone (``import sgb2.cli``);
* the in-process figures: ``sgb2.berechnen_json`` per household (CPU p50 over the same
  households), the encoding of the same results with orjson (as the CLI does) and with
  ``json.dumps(indent=2)`` (as before), and ``sgb2.cli.ausgabe`` of the whole list into a
  sink;
* unless ``--ohne-vorher``: the CLI as it was before issue 16 (``json.dump(…, indent=2)``
  to standard output, run as the same kind of child process), and a byte comparison of
  both outputs (the script fails if they differ);
* once each, both with ``PYTHONUNBUFFERED=1`` (common in container images): the former
  CLI then made one ``write`` system call per encoder chunk (≈ 5.5 million here).

The children run with Python's default output buffering (``PYTHONUNBUFFERED`` removed from
their environment) unless stated.

Target: ≤ 400 µs CPU per household, i.e. ≤ 16 anchors (400 µs / the anchor's 25 µs on
the shared VM on 2026-12-04); the script exits 1 above 16 anchors or on differing bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from sgb2_bench import anker_skalar, cpu_model, pct, pin_one_core  # noqa: E402

import sgb2  # noqa: E402
from sgb2.batch_beispiele import erzeuge  # noqa: E402
from sgb2.cli import ausgabe  # noqa: E402

ZIEL_ANKER = 16.0
ZIEL_US = 400.0

#: The CLI before issue 16 (its output code, verbatim): the reference for bytes and time.
VORHER = """
import json, sys
from sgb2 import berechnen_json
daten = json.loads(open(sys.argv[1], encoding="utf-8").read())
ergebnis = [berechnen_json(e) for e in daten]
json.dump(ergebnis, sys.stdout, ensure_ascii=False, indent=2)
sys.stdout.write("\\n")
"""


def kind(
    args: list[str], ausgabe_datei: Path | None = None, ungepuffert: bool = False
) -> tuple[float, float]:
    """(CPU s, wall s) of one child process; its stdout goes to ``ausgabe_datei``. The
    child runs with Python's default output buffering unless ``ungepuffert``
    (``PYTHONUNBUFFERED=1``, as set in many container images)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    env.pop("PYTHONUNBUFFERED", None)
    if ungepuffert:
        env["PYTHONUNBUFFERED"] = "1"
    with open(ausgabe_datei or os.devnull, "wb") as out:
        t0 = time.perf_counter()
        proc = subprocess.Popen(args, stdout=out, env=env)
        _pid, status, ru = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{args} endete mit {proc.returncode}")
    return ru.ru_utime + ru.ru_stime, wall


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--ohne-vorher", action="store_true")
    args = ap.parse_args()
    pin = pin_one_core()  # children inherit the affinity
    py = sys.executable
    anfragen = erzeuge(args.n, seed=16, nur_gemeinsame_regeln=False)
    with tempfile.TemporaryDirectory() as tmp:
        eingabe = Path(tmp) / "anfragen.json"
        eingabe.write_text(json.dumps(anfragen, ensure_ascii=False), encoding="utf-8")
        neu_datei, vorher_datei = Path(tmp) / "neu.json", Path(tmp) / "vorher.json"

        anker = [anker_skalar()]
        start_pass = min(kind([py, "-c", "pass"])[0] for _ in range(5))
        start_cli = min(kind([py, "-c", "import sgb2.cli"])[0] for _ in range(5))
        neu: list[tuple[float, float]] = []
        vorher: list[tuple[float, float]] = []
        for i in range(args.runs):  # alternated, so that both see the same load
            neu.append(kind([py, "-m", "sgb2", "berechnen", str(eingabe)], neu_datei))
            if not args.ohne_vorher and i < 2:
                vorher.append(kind([py, "-c", VORHER, str(eingabe)], vorher_datei))
        neu_ungepuffert = kind([py, "-m", "sgb2", "berechnen", str(eingabe)], neu_datei, True)
        vorher_ungepuffert = None
        if not args.ohne_vorher:
            vorher_ungepuffert = kind([py, "-c", VORHER, str(eingabe)], vorher_datei, True)
        anker.append(anker_skalar())

        # in-process: compute per household; the two encoders on the same results
        for r in anfragen[:50]:
            sgb2.berechnen_json(r)
        cpu_hh: list[float] = []
        ergebnisse = []
        for r in anfragen:
            c0 = time.thread_time_ns()
            ergebnisse.append(sgb2.berechnen_json(r))
            cpu_hh.append((time.thread_time_ns() - c0) / 1000.0)
        c0 = time.process_time()
        for e in ergebnisse:
            orjson.dumps(e, option=orjson.OPT_INDENT_2).replace(b"\n", b"\n  ")
        kodieren_neu = time.process_time() - c0
        c0 = time.process_time()
        for e in ergebnisse:
            json.dumps(e, ensure_ascii=False, indent=2)
        kodieren_alt = time.process_time() - c0
        del ergebnisse

        def senke(block: bytes) -> None:
            pass

        c0 = time.process_time()
        ausgabe(anfragen, senke)
        ausgabe_cpu = time.process_time() - c0

        gleich = None
        if vorher:
            gleich = neu_datei.read_bytes() == vorher_datei.read_bytes()
        groesse = neu_datei.stat().st_size

    n = args.n
    a = statistics.mean(anker)
    best_cpu = min(c for c, _w in neu)
    med_cpu = statistics.median(c for c, _w in neu)
    best_wall = min(w for _c, w in neu)
    je_hh = best_cpu / n * 1e6
    verhaeltnis = je_hh / a
    berechnen_p50 = pct(cpu_hh, 50)
    berechnen_summe = sum(cpu_hh) / 1e6
    rows = [
        ("Households (full contract, seed 16)", f"{n:,}; output {groesse / 1e6:.1f} MB"),
        ("Anchor 1: pure-Python kernel (`anker_skalar`, CPU p50)",
         f"{a:.1f} µs (start {anker[0]:.1f}, end {anker[1]:.1f})"),
        ("Anchor 2: `python -c pass` start-up (CPU, best of 5)", f"{start_pass * 1000:.0f} ms"),
        ("Start-up of the CLI (`import sgb2.cli`, CPU, best of 5)", f"{start_cli * 1000:.0f} ms"),
        ("CLI, whole process, CPU best / median of "
         f"{len(neu)} (wall best)",
         f"**{best_cpu:.2f} s** / {med_cpu:.2f} s ({best_wall:.2f} s)"),
        ("CLI per household (CPU best)", f"**{je_hh:.0f} µs** (target ≤ {ZIEL_US:.0f} µs)"),
        ("Ratio CLI per household / anchor 1",
         f"**{verhaeltnis:.1f}** (target ≤ {ZIEL_ANKER:.0f})"),
        ("In-process `berechnen_json` per household (CPU p50; sum over all)",
         f"{berechnen_p50:.0f} µs; {berechnen_summe:.2f} s"),
        ("In-process encoding per household: orjson (+ re-indent) / `json.dumps(indent=2)`",
         f"{kodieren_neu / n * 1e6:.0f} µs / {kodieren_alt / n * 1e6:.0f} µs"),
        ("In-process `sgb2.cli.ausgabe` of the whole list (validate, compute, encode; CPU)",
         f"{ausgabe_cpu:.2f} s = {ausgabe_cpu / n * 1e6:.0f} µs per household"),
    ]
    if vorher:
        v_best = min(c for c, _w in vorher)
        rows.append(("Before (issue 16): `json.dump(…, indent=2)`, CPU best of "
                     f"{len(vorher)} (wall best)",
                     f"{v_best:.2f} s = {v_best / n * 1e6:.0f} µs per household "
                     f"({min(w for _c, w in vorher):.2f} s); now {v_best / best_cpu:.1f}× faster"))
        rows.append(("Output byte-identical to before", "yes" if gleich else "**NO**"))
    rows.append(("With `PYTHONUNBUFFERED=1`: CLI now (CPU, one run)",
                 f"{neu_ungepuffert[0]:.2f} s = {neu_ungepuffert[0] / n * 1e6:.0f} µs per "
                 "household"))
    if vorher_ungepuffert is not None:
        rows.append(("With `PYTHONUNBUFFERED=1`: before (CPU, one run; one write system "
                     "call per encoder chunk)",
                     f"{vorher_ungepuffert[0]:.2f} s = "
                     f"{vorher_ungepuffert[0] / n * 1e6:.0f} µs per household"))
    print(f"# sgb2 CLI benchmark — {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC\n")
    print(f"Machine: {cpu_model()}, {os.cpu_count()} CPUs, {pin}; Python "
          f"{platform.python_version()}, {platform.platform()}; load average "
          f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}\n")
    print("| Measure | Result |\n|---|---|")
    for k, v in rows:
        print(f"| {k} | {v} |")
    ok = verhaeltnis <= ZIEL_ANKER and gleich is not False
    print(f"\nTarget ≤ {ZIEL_ANKER:.0f} anchors per household: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
