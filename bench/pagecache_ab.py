"""CPU per request of the cached citizen pages: hit, miss and no cache, in one process.

``DATABASE_URL=… REDIS_URL=… python bench/pagecache_ab.py [--src DIR] [--rounds 4]
[--requests 15] [--modes off,miss,hit] [--json out.json]``

Uses the demo data (``seed_demo``: Max Mustermann, who has a case and a Bescheid) in the
database of ``DATABASE_URL`` and the cache of ``REDIS_URL`` (production settings: DEBUG off,
the whole middleware chain, Django's test client). Per round and page, in an order that
rotates every round: ``off`` (``PAGE_CACHE`` off — the code path of a version without the
cache), ``miss`` (the user's ``user:`` and the ``platform`` generation moved before every
request: the render plus reading the generations and storing the page) and ``hit``, for
the citizen's three pages and the anonymous Rechner form; the anonymous home page
``/`` as the anchor of the same round. CPU time (``time.process_time``) per request, best
and median over the rounds, and the queries of one request.

``--src DIR`` imports the project from ``DIR`` instead (e.g. ``git archive main src`` into
a temporary directory): run it alternately with this version for an A/B against another
commit (only ``off`` is meaningful there).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CITIZEN = "max.mustermann@demo.jobcenter-online.example"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--src", default=str(ROOT / "src"))
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--requests", type=int, default=15)
    parser.add_argument("--modes", default="off,miss,hit")
    parser.add_argument("--json", default="")
    args = parser.parse_args()
    sys.path.insert(0, args.src)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobcenter.config.settings")
    os.environ["DEBUG"] = "0"
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from jobcenter.accounts.models import User
    from jobcenter.casefiles.models import Case

    settings.ALLOWED_HOSTS = ["*"]
    user = User.objects.get(email=CITIZEN)
    case = Case.objects.filter(applicant_user=user).order_by("pk").first()
    assert case is not None
    pages = {"overview": "/portal/", "concerns": "/portal/anliegen/",
             "concern": f"/portal/anliegen/{case.reference}/"}
    modes = args.modes.split(",")
    citizen = Client()
    citizen.force_login(user)
    anonymous = Client()
    has_cache = hasattr(settings, "PAGE_CACHE")
    if has_cache:
        from jobcenter.core import datastand

    def one(client: Client, url: str, mode: str) -> float:
        if has_cache:
            settings.PAGE_CACHE = mode != "off"
            if mode == "miss":
                datastand.bump([datastand.scope(datastand.USER, user.pk),
                                datastand.scope(datastand.PLATFORM)])
        start = time.process_time()
        response = client.get(url)
        spent = time.process_time() - start
        assert response.status_code == 200, (url, response.status_code)
        if has_cache and mode in ("hit", "miss"):
            assert (response.get("X-Page-Cache") == "hit") == (mode == "hit"), (url, mode)
        return spent

    visitor = dict.fromkeys(pages, citizen)
    pages["rechner (anonymous)"] = "/buergergeld-rechner/"
    visitor["rechner (anonymous)"] = anonymous
    results: dict[str, list[float]] = {}
    queries: dict[str, int] = {}
    for name, url in pages.items():
        for mode in modes:  # warm-up, and the queries of one request
            for _ in range(3):
                one(visitor[name], url, mode)
            with CaptureQueriesContext(connection) as captured:
                one(visitor[name], url, mode)
            queries[f"{name} {mode}"] = len(captured.captured_queries)
    for _ in range(3):
        one(anonymous, "/", "off")
    for round_no in range(args.rounds):
        order = modes[round_no % len(modes):] + modes[:round_no % len(modes)]
        runs = [("home", "/", "off", anonymous)] + [
            (name, url, mode, visitor[name]) for name, url in pages.items() for mode in order]
        for name, url, mode, client in runs:
            if mode == "hit":  # another page's miss has moved the user's generation on
                settings.PAGE_CACHE = True
                client.get(url)
            spent = [one(client, url, mode) for _ in range(args.requests)]
            reset_queries()
            key = name if name == "home" else f"{name} {mode}"
            results.setdefault(key, []).append(statistics.median(spent) * 1000)
    out = {key: {"best_ms": round(min(v), 2), "median_ms": round(statistics.median(v), 2),
                 "queries": queries.get(key, 0)} for key, v in results.items()}
    home = out["home"]["median_ms"]
    print(f"src={args.src} rounds={args.rounds} requests={args.requests} "
          f"load={os.getloadavg()[0]:.1f}")
    print("| page | best | median | × home | queries |")
    print("|---|---:|---:|---:|---:|")
    for key, row in out.items():
        print(f"| {key} | {row['best_ms']:.2f} ms | {row['median_ms']:.2f} ms | "
              f"{row['median_ms'] / home:.1f} | {row['queries']} |")
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
