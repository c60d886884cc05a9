"""The CPU of the Rechner result's presentation inside real POSTs, A/B against another
checkout in the same run (docs/performance.md, "The Rechner POST, sixth round").

    python bench/rechner_present_cost.py --against ../other-tree [--rounds 8] [--requests 400]

Each checkout runs in its own worker process (``bench/rechner_post_cost.py``'s worker:
production settings on ``--database-url``/``--redis-url``; ``bench/request_cost.py
--setup`` once) and answers the POSTs of that bench (the web bench's five households, each
with its own earnings) through the product's WSGI handler. Two calls of the view are timed
around themselves (``time.process_time``, summed per round): ``rechner.presentation.present``
(the engine's result → the page's ``Ergebnis`` with the citizen's sheet) and
``jc_sheets.sheet_tables`` (the sheet's tables as HTML) — the part of a POST that
``core/buergerbogen.py``, ``core/sgb2_adapter.amount_formatter`` and
``core/templatetags/jc_sheets.py`` decide. The workers take turns round by round (the order
alternating); the medians per request are printed with the whole POST's. The timers add
≈ 1 µs per POST. Not part of ``make bench``: a measuring tool.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent.parent
PARTS = ("present", "tables")


def serve(args: argparse.Namespace) -> int:
    sys.path.insert(0, str(HERE / "bench"))
    from rechner_post_cost import PATH, Worker, _call

    worker = Worker(Path(args.tree).resolve(), args.database_url, args.redis_url)
    from jobcenter.rechner import page, views

    spent = dict.fromkeys(PARTS, 0.0)
    clock = time.process_time

    def timed(name: str, function: Any) -> Any:
        def call(*args: Any) -> Any:
            start = clock()
            try:
                return function(*args)
            finally:
                spent[name] += clock() - start

        return call

    views.present = timed("present", views.present)  # type: ignore[assignment]
    page.sheet_tables = timed("tables", page.sheet_tables)  # type: ignore[assignment]
    worker.check()
    print("ready", flush=True)
    for line in sys.stdin:
        requests = int(line)
        bodies = [worker.body() for _ in range(requests)]
        for name in spent:
            spent[name] = 0.0
        start = clock()
        for body in bodies:
            _call(worker.product, "POST", PATH, body)
        whole = clock() - start
        print(json.dumps({"post": whole * 1000 / requests,
                          **{name: spent[name] * 1e6 / requests for name in PARTS}}),
              flush=True)
    return 0


def ab(args: argparse.Namespace) -> int:
    sys.path.insert(0, str(HERE / "bench"))
    from rechner_post_cost import ask, start_workers

    trees = {"this": HERE}
    if args.against:
        trees = {"against": Path(args.against).resolve(), **trees}
    workers = start_workers(__file__, trees, args)
    rows: dict[str, list[dict[str, float]]] = {name: [] for name in workers}
    for round_ in range(args.rounds):
        order = list(workers) if round_ % 2 == 0 else list(reversed(workers))
        for name in order:
            row = json.loads(ask(workers[name], str(args.requests)))
            rows[name].append(row)
            print(f"round {round_ + 1} {name:<8} POST {row['post']:.3f} ms  present "
                  f"{row['present']:.1f} µs  tables {row['tables']:.1f} µs", flush=True)
    for process in workers.values():
        process.stdin.close()  # type: ignore[union-attr]
        process.wait()
    print(f"\nmedian of {args.rounds} rounds, {args.requests} POSTs each:")
    for name, tree in trees.items():
        med = {key: statistics.median(r[key] for r in rows[name])
               for key in ("post", *PARTS)}
        print(f"  {name:<8} ({tree}): POST {med['post']:.3f} ms, present "
              f"{med['present']:.1f} µs, tables {med['tables']:.1f} µs, together "
              f"{med['present'] + med['tables']:.1f} µs")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url",
                        default="postgres://postgres@127.0.0.1:5432/jc_fixedcost")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/8")
    parser.add_argument("--against", help="another checkout to alternate with")
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--tree", help=argparse.SUPPRESS)
    args = parser.parse_args()
    return serve(args) if args.serve else ab(args)


if __name__ == "__main__":
    sys.exit(main())
