"""The access-log append of another tree against this tree's, in one process (issue 18).

    python bench/accesslog_append_ab.py --against /tmp/base-staff [--rounds 4] [--appends 1200]
    python bench/accesslog_append_ab.py --against /tmp/base-staff --pages [--hits 600]

``--against``: an export of the revision to compare (``git archive main | tar -x -C DIR``);
its ``transparency/chain.py`` is loaded as a module of its own beside this tree's, and the
two ``entries_append`` run in turn (the order swapped every round) against the same
PostgreSQL database (``--database-url``, migrated, e.g. the ``jc_fixedcost`` of
``bench/request_cost.py --setup``), appending 1, 4 and 25 rows (a case page, the bench's
queue, a full page of a real queue). Reported per append: the CPU of this process and of
the connection's PostgreSQL backend (from ``/proc``; the server must run on this machine),
median of the rounds with each round's value (docs/performance.md, "Staff pages, fourth
round"). The rows go to the database's first Jobcenter; both variants extend the same
lane, so each round starts with a few appends that find the other variant's head.

``--pages``: instead, the staff case page and the work queue served from the page cache
through the product's WSGI handler (as ``bench/request_cost.py``, signed in as its
caseworker; ``--redis-url``), with the other tree's ``entries_append`` and this tree's
swapped in turn for each page, and the in-process hello-world of each round as the anchor:
the worker's and the backend's CPU per hit.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

SIZES = (1, 4, 25)
ROW = {"actor_id": 1, "actor_name": "Erika Beispiel", "actor_role": "leistung",
       "team_name": "Team A", "person_id": 5, "person_name": "Max Mustermann",
       "person_customer_number": "123A456789", "purpose": "arbeitsvorrat",
       "what": "vorgangsliste", "object_type": "casefiles.Case", "object_id": "7",
       "detail": "", "checkpoint_seq": None, "checkpoint_hash": ""}


def backend_cpu(pid: int) -> float:
    """Seconds of CPU (user + system) of a local process."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load_other(tree: Path) -> Any:
    path = tree / "src" / "jobcenter" / "transparency" / "chain.py"
    spec = importlib.util.spec_from_file_location("chain_against", path)
    assert spec is not None and spec.loader is not None, path
    module = importlib.util.module_from_spec(spec)
    sys.modules["chain_against"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", type=Path, required=True)
    parser.add_argument("--database-url",
                        default="postgres://postgres@127.0.0.1:5432/jc_fixedcost")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--appends", type=int, default=1200,
                        help="rows appended per variant, size and round (at least 150 appends)")
    parser.add_argument("--pages", action="store_true",
                        help="the two staff pages served from the cache instead")
    parser.add_argument("--hits", type=int, default=600, help="--pages: hits per measurement")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/8")
    args = parser.parse_args()
    from bench.request_cost import environment

    os.environ.update(environment(args.database_url, args.redis_url))
    import django

    django.setup()
    from django.db import connection

    from jobcenter.jobcenters.models import Jobcenter
    from jobcenter.transparency import chain

    variants: dict[str, Callable[..., list[int]]] = {
        "against": load_other(args.against).entries_append, "this": chain.entries_append}
    if args.pages:
        return pages(variants, args.rounds, args.hits)
    jobcenter_id = Jobcenter.objects.order_by("pk").values_list("pk", flat=True)[0]
    spent: dict[tuple[str, int], list[tuple[float, float]]] = {}
    for round_ in range(args.rounds):
        order = list(variants) if round_ % 2 == 0 else list(variants)[::-1]
        for name in order:
            append = variants[name]
            for size in SIZES:
                rows = [ROW] * size
                for _ in range(10):
                    append(jobcenter_id=jobcenter_id, rows=rows)
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_backend_pid()")
                    pid = cursor.fetchone()[0]
                calls = max(150, args.appends // size)
                server, client = backend_cpu(pid), time.process_time()
                for _ in range(calls):
                    append(jobcenter_id=jobcenter_id, rows=rows)
                spent.setdefault((name, size), []).append(
                    ((backend_cpu(pid) - server) * 1000 / calls,
                     (time.process_time() - client) * 1000 / calls))
        print(f"round {round_ + 1}/{args.rounds}, load average {os.getloadavg()[0]:.2f}",
              file=sys.stderr, flush=True)
    print(f"CPU per append (median of {args.rounds} rounds; --against {args.against})")
    for size in SIZES:
        for name in variants:
            servers = [s for s, _ in spent[name, size]]
            clients = [c for _, c in spent[name, size]]
            print(f"{size:3} rows  {name:8} server {statistics.median(servers):.3f} ms "
                  f"({' '.join(f'{s:.2f}' for s in servers)})  client "
                  f"{statistics.median(clients):.3f} ms "
                  f"({' '.join(f'{c:.2f}' for c in clients)})")
    return 0


def _backend_pid() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return int(cursor.fetchone()[0])


def pages(variants: dict[str, Callable[..., list[int]]], rounds: int, hits: int) -> int:
    from bench import request_cost
    from bench.web_bench import signed_in
    from django.core.cache import cache

    from jobcenter.transparency import services

    cache.clear()  # the Redis database is the bench's own (--redis-url)
    signed = signed_in()
    built = request_cost.handlers()
    page_list = request_cost.pages(signed)
    hello: list[float] = []
    spent: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for round_ in range(rounds):
        hello.append(request_cost.measure(built["hello"], "/", None, hits))
        for page in request_cost.STAFF_PAGES:
            path, cookie = page_list[page]
            order = list(variants) if round_ % 2 == 0 else list(variants)[::-1]
            for name in order:
                services.entries_append = variants[name]  # type: ignore[assignment]
                request_cost.measure(built["now"], path, cookie, 10)
                pid = _backend_pid()
                server = backend_cpu(pid)
                worker = request_cost.measure(built["now"], path, cookie, hits)
                try:
                    spent.setdefault((page, name), []).append(
                        (worker, (backend_cpu(pid) - server) * 1000 / hits))
                except FileNotFoundError:  # the connection was renewed (CONN_MAX_AGE)
                    print("a measurement lost its backend: left out", file=sys.stderr)
        print(f"round {round_ + 1}/{rounds}, load average {os.getloadavg()[0]:.2f}",
              file=sys.stderr, flush=True)
    anchor = statistics.median(hello)
    print(f"CPU per hit (median of the rounds; hello-world {anchor:.3f} ms in this process)")
    for page in request_cost.STAFF_PAGES:
        for name in variants:
            workers = [w for w, _ in spent[page, name]]
            servers = [s for _, s in spent[page, name]]
            worker, server = statistics.median(workers), statistics.median(servers)
            print(f"{page:<18} {name:8} worker {worker:.3f} ms "
                  f"({' '.join(f'{w:.2f}' for w in workers)})  PostgreSQL {server:.3f} ms "
                  f"({' '.join(f'{s:.2f}' for s in servers)})  both × hello "
                  f"{(worker + server) / anchor:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
