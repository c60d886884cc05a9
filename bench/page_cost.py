"""The uncached render cost of the hot pages in one process (issue 18): CPU time and queries
per request through Django's full request handler (every middleware, DEBUG off, the
product's settings), on a database with ``seed_demo`` — and, with ``--profile``, where the
time goes.

    DATABASE_URL=postgres://…/jc_x REDIS_URL=redis://…/10 \\
        python bench/page_cost.py [--requests 15] [--warmup 3] [--json out.json]
    python bench/page_cost.py --profile "citizen overview" [--sort tottime] [--top 40]
    python bench/page_cost.py --html /tmp/pages   # the rendered pages, to compare two trees

The database must hold ``seed_demo`` (``manage.py migrate && manage.py seed_demo``). The
citizen is Max Mustermann, the caseworker the Leistung caseworker of Musterstadt, the pages
those of ``bench/web_bench.py``. Nothing is written but sessions and the access log of the
staff pages.

For an A/B comparison run it alternately from two trees (each with its own ``src`` first on
the path, e.g. ``cd ../main && python ../branch/bench/page_cost.py``) on the same database:
the harness imports the product from the working directory's ``src``. The figures are CPU
time (``time.process_time``) per request: valid on a shared machine, unlike wall time.
This is a measuring tool, not a benchmark with a target (``make bench`` does not run it).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import re
import sys
import time
from pathlib import Path

CITIZEN = "max.mustermann@demo.jobcenter-online.example"
CASEWORKER = "leistung@musterstadt.demo.jobcenter-online.example"

#: The Rechner POST: the couple with two children of ``bench/web_bench.py``, dates in the
#: three boxes, for the month offered first (without "monat" it was the error page), each
#: request with its own earnings (``call``), as in the web bench.
_RECHNER_SEQUENCE = [0]


def rechner_form() -> dict[str, str]:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from web_bench import RECHNER_HOUSEHOLDS, rechner_month

    _RECHNER_SEQUENCE[0] += 1
    brutto = _RECHNER_SEQUENCE[0] * 7919 % 30 * 100
    return {"aktion": "berechnen", "monat": rechner_month(), "warmwasser": "zentral",
            **RECHNER_HOUSEHOLDS[0], "as_brutto": str(brutto),
            "as_netto": str(brutto * 3 // 4)}


#: Per-request values that differ between two renders of the same page.
_VOLATILE = [
    (re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"'), b'name="csrfmiddlewaretoken"'),
    (re.compile(rb'nonce="[^"]+"'), b'nonce=""'),
    (re.compile(rb'data-session-timeout="\d+"'), b'data-session-timeout=""'),
    (re.compile(rb'data-seconds="\d+"'), b'data-seconds=""'),
]


def setup() -> None:
    cwd = Path.cwd()
    sys.path.insert(0, str(cwd))
    sys.path.insert(0, str(cwd / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobcenter.config.settings")
    os.environ.setdefault("DEBUG", "0")
    import django

    django.setup()


def pages() -> list[tuple[str, str, str, str]]:
    from jobcenter.accounts.models import User
    from jobcenter.casefiles.models import Case

    user = User.objects.get(email=CITIZEN)
    case = Case.objects.filter(applicant_user=user).order_by("pk").first()
    assert case is not None, "seed_demo gave Max Mustermann no case"
    return [
        ("home", "anonymous", "get", "/"),
        ("Rechner GET", "anonymous", "get", "/buergergeld-rechner/"),
        ("Rechner POST", "anonymous", "post", "/buergergeld-rechner/"),
        ("citizen overview", "citizen", "get", "/portal/"),
        ("Meine Anliegen", "citizen", "get", "/portal/anliegen/"),
        ("citizen case page", "citizen", "get", f"/portal/anliegen/{case.reference}/"),
        ("staff case page", "staff", "get", f"/arbeitsbereich/akte/{case.pk}/"),
        ("staff work queue", "staff", "get", "/arbeitsbereich/akte/"),
    ]


def clients() -> dict[str, object]:
    from django.test import Client
    from tests.conftest import login

    from jobcenter.accounts.models import User

    citizen, staff = Client(), Client()
    login(citizen, User.objects.get(email=CITIZEN))
    login(staff, User.objects.get(email=CASEWORKER))
    return {"anonymous": Client(), "citizen": citizen, "staff": staff}


def call(client: object, method: str, url: str) -> object:
    if method == "post":
        response = client.post(url, rechner_form())  # type: ignore[attr-defined]
    else:
        response = client.get(url)  # type: ignore[attr-defined]
    assert response.status_code == 200, (url, response.status_code)
    return response


def measure(requests: int, warmup: int) -> dict[str, dict[str, float]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    who = clients()
    out = {}
    for name, actor, method, url in pages():
        client = who[actor]
        for _ in range(warmup):
            call(client, method, url)
        with CaptureQueriesContext(connection) as queries:
            call(client, method, url)
        captured = list(queries.captured_queries)  # read before the next request resets it
        start = time.process_time()
        for _ in range(requests):
            call(client, method, url)
        cpu = (time.process_time() - start) / requests
        out[name] = {"cpu_ms": round(cpu * 1000, 2), "queries": len(captured),
                     "query_ms": round(sum(float(q["time"]) for q in captured) * 1000, 2)}
    return out


def profile(name: str, sort: str, top: int, requests: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    who = clients()
    (_, actor, method, url), = [p for p in pages() if p[0] == name]
    for _ in range(3):
        call(who[actor], method, url)
    with CaptureQueriesContext(connection) as queries:
        call(who[actor], method, url)
    for q in queries.captured_queries:
        print(f"{float(q['time']) * 1000:6.2f} ms  {q['sql'][:220]}")
    profiler = cProfile.Profile(time.process_time)  # CPU time: not the database's
    profiler.enable()
    for _ in range(requests):
        call(who[actor], method, url)
    profiler.disable()
    pstats.Stats(profiler).sort_stats(sort).print_stats(top)


def dump_html(directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    who = clients()
    for name, actor, method, url in pages():
        body = call(who[actor], method, url).content  # type: ignore[attr-defined]
        for pattern, replacement in _VOLATILE:
            body = pattern.sub(replacement, body)
        (directory / (name.replace(" ", "_") + ".html")).write_bytes(body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--profile", metavar="PAGE")
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--top", type=int, default=50)
    parser.add_argument("--html", type=Path, metavar="DIR")
    args = parser.parse_args()
    setup()
    if args.profile:
        profile(args.profile, args.sort, args.top, args.requests)
        return
    if args.html:
        dump_html(args.html)
        return
    result = measure(args.requests, args.warmup)
    for name, row in result.items():
        print(f"{name:20} {row['cpu_ms']:7.2f} ms CPU  {row['queries']:3d} queries "
              f"({row['query_ms']:.2f} ms)")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
