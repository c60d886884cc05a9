"""A/B of the sgb2 batch path against another commit, in one process, with the numpy anchor.

``python bench/sgb2_batch_ab.py [--ref main] [--runs 6] [--bgs 2900000] [--cpu 1]``

The shared machine's speed drifts by tens of percent within minutes, so two versions of the
batch path are only comparable when they run alternately in the same process. This script
exports ``src/sgb2`` of ``--ref`` (``git archive``) into a temporary directory as the package
``sgb2_alt`` (its imports are relative, so it runs unchanged next to ``sgb2``), builds the
same seeded households (``sgb2.batch_beispiele.erzeuge``, the common rules, tiled to
``--bgs`` BGs) with each version's own ``columns_from_requests``, and then, pinned to one
CPU, repeats ``--runs`` times: the fixed numpy workload of ``bench/sgb2_bench.py``
(``anker_numpy``, none of our code), the old batch, the new batch — the order of old and new
swapped every round. Each batch run is measured as user and system CPU time and minor page
faults (``getrusage``); the anchor as CPU time, best of 3.

Before timing, it checks that both versions give identical results (every result array
equal in dtype and value) on the whole tiled input. It prints a Markdown table per run and a
summary: best and median CPU time of each version, the ratio new / old, and each version's
CPU time as a multiple of the anchor of the same round (the target of record: the 2.9 M
BGs in ≤ 40 × the anchor). Exit status 1 if the results differ.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import importlib
import io
import os
import platform
import resource
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import fields
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import numpy as np  # noqa: E402
from sgb2_bench import anker_numpy, cpu_model  # noqa: E402

from sgb2.batch_beispiele import erzeuge  # noqa: E402

MONAT = "2025-03"


def alte_version(ref: str, ziel: Path) -> ModuleType:
    """``src/sgb2`` of ``ref`` as the importable package ``sgb2_alt``."""
    tar = subprocess.run(
        ["git", "-C", str(ROOT), "archive", ref, "src/sgb2"], check=True, capture_output=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(tar)) as tf:
        tf.extractall(ziel, filter="data")
    (ziel / "src" / "sgb2").rename(ziel / "sgb2_alt")
    sys.path.insert(0, str(ziel))
    return importlib.import_module("sgb2_alt.batch")


def lauf(batch: ModuleType, cols: Any) -> tuple[float, float, int]:
    """(user s, system s, minor faults) of one ``berechnen_batch`` call."""
    gc.collect()
    r0 = resource.getrusage(resource.RUSAGE_SELF)
    res = batch.berechnen_batch(cols)
    r1 = resource.getrusage(resource.RUSAGE_SELF)
    del res
    return r1.ru_utime - r0.ru_utime, r1.ru_stime - r0.ru_stime, r1.ru_minflt - r0.ru_minflt


def gleich(a: Any, b: Any) -> list[str]:
    diff = []
    for f in fields(a):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if x.dtype != y.dtype or not np.array_equal(x, y):
            diff.append(f.name)
    return diff


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ref", default="main", help="git ref of the old version (default main)")
    ap.add_argument("--runs", type=int, default=6, help="alternated rounds (default 6)")
    ap.add_argument("--bgs", type=int, default=2_900_000, help="BGs per run (default 2.9 M)")
    ap.add_argument("--cpu", type=int, default=None, help="pin to this CPU (default: as is)")
    args = ap.parse_args()
    if args.cpu is not None:
        os.sched_setaffinity(0, {args.cpu})

    import sgb2.batch as neu

    with tempfile.TemporaryDirectory() as tmp:
        alt = alte_version(args.ref, Path(tmp))
        rev = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", args.ref],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        head = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        haushalte = erzeuge(20_000, seed=2026, nur_gemeinsame_regeln=True, monat=MONAT)
        c_neu = neu.columns_from_requests(haushalte, MONAT)
        c_alt = alt.columns_from_requests(haushalte, MONAT)
        k = max(1, args.bgs // c_neu.n_bg)
        big_neu, big_alt = c_neu.wiederholen(k), c_alt.wiederholen(k)
        diff = gleich(neu.berechnen_batch(big_neu), alt.berechnen_batch(big_alt))
        if diff:
            print(f"RESULTS DIFFER: {', '.join(diff)}")
            return 1

        print(f"## sgb2 batch A/B — {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC\n")
        print(
            f"- Machine: {cpu_model()}, {os.cpu_count()} logical CPUs, affinity "
            f"{sorted(os.sched_getaffinity(0))}, load {os.getloadavg()[0]:.2f}"
        )
        print(f"- Python {platform.python_version()}, numpy {np.__version__}")
        print(
            f"- old = `{args.ref}` ({rev}), new = working tree on {head}; "
            f"{big_neu.n_bg:,} BGs, {big_neu.n_personen:,} persons; results identical\n"
        )
        print(
            "| round | anchor ms | old user / sys s | old faults | new user / sys s | "
            "new faults | old / anchor | new / anchor | new / old |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        zeilen: list[tuple[float, float, float]] = []
        for i in range(args.runs):
            a = anker_numpy()
            order = [("alt", alt, big_alt), ("neu", neu, big_neu)]
            if i % 2:
                order.reverse()
            m = {name: lauf(mod, c) for name, mod, c in order}
            (ou, os_, of), (nu, ns, nf) = m["alt"], m["neu"]
            o, n = ou + os_, nu + ns
            zeilen.append((a, o, n))
            print(
                f"| {i + 1} | {a * 1000:.1f} | {ou:.2f} / {os_:.2f} | {of:,} | "
                f"{nu:.2f} / {ns:.2f} | {nf:,} | {o / a:.1f} | {n / a:.1f} | {n / o:.3f} |"
            )
            sys.stdout.flush()
        anker = [z[0] for z in zeilen]
        o_all = [z[1] for z in zeilen]
        n_all = [z[2] for z in zeilen]
        print()
        print(
            f"- anchor: best {min(anker) * 1000:.1f} ms, median "
            f"{statistics.median(anker) * 1000:.1f} ms"
        )
        r_alt = statistics.median(o / a for a, o, _ in zeilen)
        r_neu = statistics.median(n / a for a, _, n in zeilen)
        print(
            f"- old: best {min(o_all):.2f} s, median {statistics.median(o_all):.2f} s; "
            f"median ratio to its round's anchor {r_alt:.1f}"
        )
        print(
            f"- new: best {min(n_all):.2f} s, median {statistics.median(n_all):.2f} s; "
            f"median ratio to its round's anchor {r_neu:.1f} (target ≤ 40)"
        )
        print(
            f"- new / old: best {min(n_all) / min(o_all):.3f}, median of the rounds "
            f"{statistics.median(n / o for _, o, n in zeilen):.3f}"
        )
    return 0


if __name__ == "__main__":
    t0 = time.perf_counter()
    rc = main()
    print(f"\n(total wall {time.perf_counter() - t0:.0f} s)")
    sys.exit(rc)
