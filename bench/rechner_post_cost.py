"""The CPU of the anonymous Rechner POST in one process, A/B against another checkout in the
same run (docs/performance.md, "The Rechner POST, third round").

    python bench/rechner_post_cost.py [--against ../other-tree] [--rounds 6] [--requests 300]
    python bench/rechner_post_cost.py --profile [--requests 1000]   # cProfile, CPU clock

Each checkout runs in its own worker process (production settings as in
``bench/request_cost.py``: ``JOBCENTER_ENV=production``, DEBUG off, PostgreSQL and Redis of
``--database-url``/``--redis-url``; run ``bench/request_cost.py --setup`` with the same URLs
once). A worker builds the product's WSGI handler (``core.handler``) and the hello-world of
``bench/request_cost.py`` (the anchor, inside the same process) and, per round, times
``--requests`` calls of each through the handler exactly as gunicorn calls it: an environ
with the urlencoded body in, the body iterated, ``close()``. The POSTs are the five
households of ``bench/web_bench.py`` for the month offered first, each request with its own
gross (and three quarters of it net) earnings, cycled as the web bench's wrk script does, as
first visits (no cookie). The workers take turns round by round (the order alternating), so
both see the same machine; the figure to compare is CPU per request and its ratio to the
same worker's hello-world of the same round (``time.process_time``).

Before the first round every worker checks that each household gets a result page (not the
form with an error). Not part of ``make bench``: a measuring tool.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent.parent
PATH = "/buergergeld-rechner/"


def _environ(method: str, path: str, body: bytes = b"") -> dict[str, Any]:
    environ: dict[str, Any] = {
        "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": "", "SCRIPT_NAME": "",
        "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1", "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_USER_AGENT": "rechner-post-cost/1.0", "HTTP_ACCEPT": "*/*",
        "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(body), "wsgi.errors": sys.stderr,
        "wsgi.multithread": False, "wsgi.multiprocess": True, "wsgi.run_once": False,
    }
    if method == "POST":
        environ["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
        environ["CONTENT_LENGTH"] = str(len(body))
    return environ


def _call(handler: Any, method: str, path: str, body: bytes = b"") -> tuple[int, bytes]:
    statuses: list[str] = []
    response = handler(_environ(method, path, body),
                       lambda status, headers, *_: statuses.append(status))
    chunks = []
    try:
        for chunk in response:
            chunks.append(chunk)
    finally:
        response.close()
    return int(statuses[0].split()[0]), b"".join(chunks)


class Worker:
    """One checkout's product, set up in this process."""

    def __init__(self, tree: Path, database_url: str, redis_url: str) -> None:
        sys.path[:0] = [str(tree / "src"), str(tree)]
        sys.path.insert(2, str(HERE))  # bench.request_cost and bench.web_bench of this tree
        from bench.request_cost import HELLO_MIDDLEWARE, environment

        os.environ.update(environment(database_url, redis_url))
        os.environ["JOBCENTER_VAR_DIR"] = str(HERE / "var" / "request-cost")
        import django

        django.setup()
        from bench.web_bench import BRUTTO, NETTO, RECHNER_HOUSEHOLDS, rechner_body, rechner_month
        from django.core.handlers.wsgi import WSGIHandler
        from django.test.utils import override_settings

        from jobcenter.core.handler import JobcenterWSGIHandler

        self.product = JobcenterWSGIHandler()
        with override_settings(MIDDLEWARE=HELLO_MIDDLEWARE):
            self.hello = WSGIHandler()
        month = rechner_month()
        self.templates = [rechner_body(h, month) for h in RECHNER_HOUSEHOLDS]
        self.placeholders = (BRUTTO, NETTO)
        self.n = 0

    def body(self) -> bytes:
        """The next POST as the web bench's wrk script makes it."""
        self.n += 1
        brutto = (self.n * 7919) % 30 * 100
        template = self.templates[self.n % len(self.templates)]
        brutto_key, netto_key = self.placeholders
        netto = brutto * 3 / 4
        netto_text = str(int(netto)) if netto == int(netto) else str(netto)
        return (template.replace(brutto_key, str(brutto))
                .replace(netto_key, netto_text).encode())

    def check(self) -> None:
        for _ in range(len(self.templates) * 2):
            status, html = _call(self.product, "POST", PATH, self.body())
            if status != 200 or b'id="ergebnis"' not in html or b"Fehler:" in html:
                raise SystemExit(f"the Rechner POST gave no result page (HTTP {status})")

    def time(self, what: str, requests: int) -> float:
        if what == "hello":
            calls = [(self.hello, "GET", "/", b"")] * requests
        elif what == "get":
            calls = [(self.product, "GET", PATH, b"")] * requests
        else:
            calls = [(self.product, "POST", PATH, self.body()) for _ in range(requests)]
        for handler, method, path, body in calls[:3]:
            _call(handler, method, path, body)
        start = time.process_time()
        for handler, method, path, body in calls:
            _call(handler, method, path, body)
        return (time.process_time() - start) * 1000 / requests


def serve(args: argparse.Namespace) -> int:
    worker = Worker(Path(args.tree).resolve(), args.database_url, args.redis_url)
    worker.check()
    print("ready", flush=True)
    for line in sys.stdin:
        requests = int(line)
        out = {what: worker.time(what, requests) for what in ("hello", "post", "get")}
        print(json.dumps(out), flush=True)
    return 0


def profile(args: argparse.Namespace) -> int:
    import cProfile
    import pstats

    worker = Worker(HERE, args.database_url, args.redis_url)
    worker.check()
    bodies = [worker.body() for _ in range(args.requests)]
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    for body in bodies:
        _call(worker.product, "POST", PATH, body)
    profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats(os.environ.get("PROFILE_SORT", "tottime"))
    stats.print_stats(int(os.environ.get("PROFILE_TOP", "40")))
    return 0


def start_workers(script: str, trees: dict[str, Path], args: argparse.Namespace
                  ) -> dict[str, subprocess.Popen[str]]:
    """A worker process per checkout (``script --serve --tree …``), each set up (it says
    "ready") before this returns."""
    workers = {}
    for name, tree in trees.items():
        workers[name] = subprocess.Popen(
            [sys.executable, script, "--serve", "--tree", str(tree),
             "--database-url", args.database_url, "--redis-url", args.redis_url],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        if ask(workers[name]) != "ready":
            raise SystemExit(f"worker {name} did not start")
    return workers


def ask(process: subprocess.Popen[str], line: str | None = None) -> str:
    """Send a worker a line (if any) and read its answer."""
    if line is not None:
        process.stdin.write(line + "\n")  # type: ignore[union-attr]
        process.stdin.flush()  # type: ignore[union-attr]
    return process.stdout.readline().strip()  # type: ignore[union-attr]


def ab(args: argparse.Namespace) -> int:
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
            print(f"round {round_ + 1} {name:<8} hello {row['hello']:.3f} ms  "
                  f"GET {row['get']:.3f} ms ({row['get'] / row['hello']:.1f} ×)  "
                  f"POST {row['post']:.3f} ms ({row['post'] / row['hello']:.1f} ×)",
                  flush=True)
    for process in workers.values():
        process.stdin.close()  # type: ignore[union-attr]
        process.wait()
    print(f"\nmedian of {args.rounds} rounds, {args.requests} requests each:")
    for name, tree in trees.items():
        med = {k: statistics.median(r[k] for r in rows[name]) for k in ("hello", "get", "post")}
        ratio = statistics.median(r["post"] / r["hello"] for r in rows[name])
        print(f"  {name:<8} ({tree}): hello {med['hello']:.3f} ms, GET {med['get']:.3f} ms, "
              f"POST {med['post']:.3f} ms = {ratio:.1f} × hello")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url",
                        default="postgres://postgres@127.0.0.1:5432/jc_fixedcost")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/8")
    parser.add_argument("--against", help="another checkout to alternate with")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--tree", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        return serve(args)
    if args.profile:
        return profile(args)
    return ab(args)


if __name__ == "__main__":
    sys.exit(main())
