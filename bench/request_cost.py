"""The fixed cost of a request, in one process: CPU per request through the product's WSGI
handler, per page and per middleware, with the earlier request machinery alternating with
the current one (docs/performance.md, "Fixed cost of a request").

    python bench/request_cost.py --setup          # once: migrate, collectstatic, seed_demo
    python bench/request_cost.py [--requests 300] [--rounds 4] [--breakdown] [--profile PAGE]

Production settings (``JOBCENTER_ENV=production``, DEBUG off, WhiteNoise with the collected
files) on a PostgreSQL database and a Redis database of the caller's choosing
(``--database-url``, ``--redis-url``; defaults: ``jc_fixedcost`` on 127.0.0.1 and Redis DB
8). The citizen and the caseworker sign in through the real pages (``web_bench.signed_in``:
password, and the TOTP step for the caseworker); then each page is requested through
``WSGIHandler`` exactly as gunicorn calls it (an environ in, the body iterated, ``close()``).

Pages: ``hello`` — the hello-world of ``bench/web_hello.py`` (its three middlewares and its
view) built inside this process, the anchor; ``/healthz/`` anonymous, as the citizen and as
the caseworker (the request machinery alone: session, user, middleware, one ``SELECT 1``);
the home page ``/``; the citizen overview, the staff work queue and the staff case page
(Max Mustermann's case, as the Leistung caseworker) for scale.

Variants, alternating page by page in every round (same process, same database, same
cache): ``before`` — Django's database sessions, Django's ``AuthenticationMiddleware``
(one query each per request), the shell's Jobcenter and unread count read from the
database, django-csp's middleware, the home page rendered on every request; ``now`` — the
code and settings as they are. (Both use the same cache backend, ``core.redis_cache``.)
Reported per page: CPU ms per request (median of the rounds), the ratio to ``hello`` of
the same round, queries and cache calls per request.

``--page-cache``: instead of the variants above, the staff case page and the work queue
rendered (``PAGE_CACHE`` off) against served from the cache (a hit: the access-log entries
written again, nothing else read), alternating page by page in every round, with the
hello-world of the same round (docs/performance.md, "Cached staff pages").

``--breakdown``: exclusive CPU time per middleware (each middleware's ``__call__`` timed
inclusively, minus the next one's), and inside it the session load, the user load and the
shell context processor. ``--profile PAGE``: cProfile of one page (``now``), top 30 by
internal time (environment: ``PROFILE_SORT=cumulative``, ``PROFILE_TOP=60``).

Not part of ``make bench``: its anchor is the hello-world in the same process, not the
gunicorn run of ``bench/web_bench.py``; use it to find and check the fixed cost.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

HELLO_MIDDLEWARE = [
    "bench.request_cost.hello_urlconf",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]


def environment(database_url: str, redis_url: str) -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "jobcenter.config.settings",
        "JOBCENTER_ENV": "production",
        "DEBUG": "false",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": "memory://",
        "JOBCENTER_VAR_DIR": str(ROOT / "var" / "request-cost"),
        "PRIVATE_STORAGE_ROOT": str(ROOT / "var" / "request-cost" / "private"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "SECRET_KEY": "request-cost-secret-key-0123456789abcdefghijklmnopqrstuvwxyz-ABCDEF",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "PUBLIC_BASE_URL": "https://127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "ALLOW_NO_VIRUS_SCAN": "true",
        "LOG_LEVEL": "WARNING",
    }


# --- the hello-world inside this process -------------------------------------------------


def hello(request: Any) -> Any:
    from django.http import HttpResponse

    return HttpResponse("<!doctype html><title>Hallo</title><p>Hallo, Welt!</p>")


def hello_urlconf(get_response: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Routes the hello handler's requests to ``urlpatterns`` below (the product's URL
    configuration stays the default of the process)."""

    def middleware(request: Any) -> Any:
        request.urlconf = "bench.request_cost"
        return get_response(request)

    return middleware


def _urlpatterns() -> list[Any]:
    from django.urls import path

    return [path("", hello)]


def __getattr__(name: str) -> Any:  # urlpatterns only once Django is set up
    if name == "urlpatterns":
        return _urlpatterns()
    raise AttributeError(name)


# --- the variants ------------------------------------------------------------------------

BEFORE_MIDDLEWARE_SWAP = {
    "jobcenter.accounts.user_cache.CachedAuthenticationMiddleware":
        "django.contrib.auth.middleware.AuthenticationMiddleware",
    "jobcenter.core.csp.CSPMiddleware": "csp.middleware.CSPMiddleware",
}
VARIANT = {"name": "now"}


def _before_middleware(middleware: list[str]) -> list[str]:
    return [BEFORE_MIDDLEWARE_SWAP.get(name, name) for name in middleware]


def _patch_variants() -> None:
    """The shell's two reads and the home page's kept copy, switchable per variant
    (``before``: from the database, rendered every time)."""
    from jobcenter.jobcenters.models import Jobcenter
    from jobcenter.notifications import selectors as notifications
    from jobcenter.site import context_processors as shell

    cached_branding, cached_unread = shell.branding_jobcenter, shell.unread_count

    def branding(jobcenter_id: int | None) -> Any:
        if VARIANT["name"] == "before":
            return Jobcenter.objects.filter(pk=jobcenter_id).first() if jobcenter_id else None
        return cached_branding(jobcenter_id)

    def unread(user: Any) -> int:
        if VARIANT["name"] == "before":
            return notifications.unread_count_uncached(user)
        return cached_unread(user)

    shell.branding_jobcenter = branding  # type: ignore[assignment]
    shell.unread_count = unread  # type: ignore[assignment]

    from django.shortcuts import render

    from jobcenter.site import views

    kept_home = views.render_anonymous

    def home(request: Any, template_name: str) -> Any:
        if VARIANT["name"] == "before":
            return render(request, template_name)
        return kept_home(request, template_name)

    views.render_anonymous = home  # type: ignore[assignment]


def handlers() -> dict[str, Any]:
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.test.utils import override_settings

    from jobcenter.core.handler import JobcenterWSGIHandler

    built = {"now": JobcenterWSGIHandler()}  # the product's handler, as gunicorn runs it
    with override_settings(MIDDLEWARE=_before_middleware(list(settings.MIDDLEWARE)),
                           SESSION_ENGINE="django.contrib.sessions.backends.db"):
        built["before"] = WSGIHandler()
    with override_settings(MIDDLEWARE=HELLO_MIDDLEWARE):
        built["hello"] = WSGIHandler()
    return built


# --- requests ------------------------------------------------------------------------------


def environ(url: str, cookie: str | None) -> dict[str, Any]:
    path, _, query = url.partition("?")
    return {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query, "SCRIPT_NAME": "",
        "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1", "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_USER_AGENT": "request-cost/1.0", "HTTP_ACCEPT": "text/html",
        "HTTP_ACCEPT_ENCODING": "gzip", "HTTP_ACCEPT_LANGUAGE": "de",
        "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(b""), "wsgi.errors": sys.stderr,
        "wsgi.multithread": False, "wsgi.multiprocess": True, "wsgi.run_once": False,
        **({"HTTP_COOKIE": cookie} if cookie else {}),
    }


def call(handler: Any, path: str, cookie: str | None) -> int:
    statuses: list[str] = []
    body = handler(environ(path, cookie), lambda status, headers, *_: statuses.append(status))
    try:
        for _chunk in body:
            pass
    finally:
        body.close()
    return int(statuses[0].split()[0])


class Counters:
    """Queries (execute wrapper) and cache calls (the cache backend's methods) per request."""

    CACHE_METHODS = ("get", "get_many", "set", "add", "incr", "delete", "has_key",
                     "set_many", "delete_many", "touch")

    def __init__(self) -> None:
        self.queries = 0
        self.cache = 0

    @contextmanager
    def counting(self) -> Iterator[None]:
        from django.core.cache import caches
        from django.db import connection

        backend = caches["default"]
        originals = {name: getattr(backend, name) for name in self.CACHE_METHODS}

        def counted(original: Callable[..., Any]) -> Callable[..., Any]:
            def wrapper(*args: Any, **kwargs: Any) -> Any:
                self.cache += 1
                return original(*args, **kwargs)
            return wrapper

        def query(execute: Callable[..., Any], sql: str, params: Any, many: bool,
                  context: Any) -> Any:
            self.queries += 1
            return execute(sql, params, many, context)

        for name, original in originals.items():
            setattr(backend, name, counted(original))
        try:
            with connection.execute_wrapper(query):
                yield
        finally:
            for name in originals:
                delattr(backend, name)


def pages(signed: dict[str, Any]) -> dict[str, tuple[str, str | None]]:
    from django.urls import reverse

    citizen, staff = signed["cookie_header"]["citizen"], signed["cookie_header"]["staff"]
    return {
        "hello": ("/", None),
        "healthz anonymous": ("/healthz/", None),
        "healthz citizen": ("/healthz/", citizen),
        "healthz staff": ("/healthz/", staff),
        "home": ("/", None),
        "citizen overview": (reverse("portal:overview"), citizen),
        "staff work queue": (reverse("casefiles:queue") + "?status=alle", staff),  # with rows
        "staff case page": (reverse("casefiles:case", args=[signed["case"]]), staff),
    }


def counted(handler: Any, path: str, cookie: str | None) -> tuple[float, float]:
    """Queries and cache calls per request (the mean of five requests)."""
    counters = Counters()
    with counters.counting():
        for _ in range(5):
            call(handler, path, cookie)
    return counters.queries / 5, counters.cache / 5


def measure(handler: Any, path: str, cookie: str | None, requests: int) -> float:
    """CPU ms per request over ``requests`` requests (after 3 warm-up requests)."""
    for _ in range(3):
        status = call(handler, path, cookie)
        if status != 200:
            raise SystemExit(f"{path}: HTTP {status} (sign-in lost?)")
    start = time.process_time()
    for _ in range(requests):
        call(handler, path, cookie)
    return (time.process_time() - start) * 1000 / requests


def cache_call_cost(redis_url: str, calls: int, rounds: int) -> dict[str, float]:
    """CPU µs per ``cache.get`` (a hit) with Django's Redis backend and with
    ``core.redis_cache`` (one client object per pool), alternating."""
    from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

    from jobcenter.core.redis_cache import RedisCache

    backends = {"django": DjangoRedisCache(redis_url, {"KEY_PREFIX": "request-cost"}),
                "core.redis_cache": RedisCache(redis_url, {"KEY_PREFIX": "request-cost"})}
    backends["django"].set("probe", {"a": 1}, 60)
    spent: dict[str, list[float]] = defaultdict(list)
    for _ in range(rounds):
        for name, backend in backends.items():
            backend.get("probe")
            start = time.process_time()
            for _ in range(calls):
                backend.get("probe")
            spent[name].append((time.process_time() - start) * 1e6 / calls)
    return {name: statistics.median(values) for name, values in spent.items()}


# --- breakdown -----------------------------------------------------------------------------


class Timings:
    def __init__(self) -> None:
        self.inclusive: dict[str, float] = defaultdict(float)
        self.order: list[str] = []

    def timed(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        clock = time.process_time

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = clock()
            try:
                return function(*args, **kwargs)
            finally:
                self.inclusive[name] += clock() - start
        return wrapper


def breakdown_handler(timings: Timings) -> Any:
    """A ``now`` handler whose middleware calls are timed inclusively, plus the session
    load, the user load and the shell context processor."""
    from django.conf import settings
    from django.core.handlers import base

    from jobcenter.accounts import session_store, user_cache
    from jobcenter.core.handler import JobcenterWSGIHandler
    from jobcenter.site import context_processors

    names = [name.rsplit(".", 1)[1] for name in settings.MIDDLEWARE] + ["view"]
    timings.order = names
    pending = list(reversed(names))  # load_middleware wraps from the innermost out
    original = base.convert_exception_to_response

    def convert(get_response: Callable[..., Any]) -> Callable[..., Any]:
        return original(timings.timed(pending.pop(0), get_response))

    base.convert_exception_to_response = convert  # type: ignore[assignment]
    try:
        handler = JobcenterWSGIHandler()
    finally:
        base.convert_exception_to_response = original
    session_store.SessionStore.load = timings.timed(  # type: ignore[method-assign]
        "(session load)", session_store.SessionStore.load)
    user_cache._get_user = timings.timed("(user load)", user_cache._get_user)
    context_processors.shell = timings.timed("(shell context)", context_processors.shell)
    return handler


def print_breakdown(signed: dict[str, Any], requests: int) -> None:
    for page in ("healthz anonymous", "healthz citizen", "healthz staff", "home"):
        timings = Timings()
        handler = breakdown_handler(timings)
        path, cookie = pages(signed)[page]
        for _ in range(3):
            call(handler, path, cookie)
        timings.inclusive.clear()
        total = measure(handler, path, cookie, requests)
        print(f"\n{page}: {total:.3f} ms CPU per request (timers included)")
        names = timings.order
        for index, name in enumerate(names):
            inner = timings.inclusive.get(names[index + 1], 0.0) if index + 1 < len(names) else 0
            own = (timings.inclusive.get(name, 0.0) - inner) * 1000 / requests
            print(f"  {name:<34} {own:7.3f} ms")
        for name in ("(session load)", "(user load)", "(shell context)"):
            print(f"  {name:<34} {timings.inclusive.get(name, 0.0) * 1000 / requests:7.3f} ms"
                  "  (inside the above)")


# --- the staff pages: rendered against served from the cache -----------------------------

STAFF_PAGES = ("staff case page", "staff work queue")


def page_cache_ab(built: dict[str, Any], page_list: dict[str, tuple[str, str | None]],
                  rounds: int, requests: int) -> dict[str, Any]:
    from django.test.utils import override_settings

    spent: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    counts: dict[tuple[str, str], float] = {}
    for round_ in range(rounds):
        spent["hello"]["hit"].append(measure(built["hello"], "/", None, requests))
        for page in STAFF_PAGES:
            path, cookie = page_list[page]
            order = ("off", "hit") if round_ % 2 == 0 else ("hit", "off")
            for variant in order:
                with override_settings(PAGE_CACHE=variant == "hit"):
                    spent[page][variant].append(measure(built["now"], path, cookie, requests))
                    counts[page, variant] = counted(built["now"], path, cookie)[0]
        print(f"round {round_ + 1}/{rounds} done", file=sys.stderr)
    hello_ms = statistics.median(spent["hello"]["hit"])
    print(f"\nCPU per request (median of {rounds} rounds; hello-world {hello_ms:.3f} ms)")
    print(f"{'page':<20} {'rendered':>9} {'hit':>9} {'hit/rendered':>13} {'hit × hello':>12} "
          f"{'queries':>10}")
    table = {}
    for page in STAFF_PAGES:
        off, hit = (statistics.median(spent[page][v]) for v in ("off", "hit"))
        ratios = [h / o for h, o in zip(spent[page]["hit"], spent[page]["off"], strict=True)]
        table[page] = {"rendered_ms": off, "hit_ms": hit, "hello_ms": hello_ms,
                       "hit_ratio_range": [min(ratios), max(ratios)],
                       "queries": [counts[page, "off"], counts[page, "hit"]]}
        print(f"{page:<20} {off:9.3f} {hit:9.3f} {hit / off:12.1%} {hit / hello_ms:12.2f} "
              f"{counts[page, 'off']:4.0f} → {counts[page, 'hit']:<3.0f}")
    return table


# --- main ----------------------------------------------------------------------------------


def create_database(url: str) -> None:
    """The database of ``url``, created on its server if it does not exist yet."""
    import psycopg

    name = url.rsplit("/", 1)[1].split("?")[0]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{name}"')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url",
                        default="postgres://postgres@127.0.0.1:5432/jc_fixedcost")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/8")
    parser.add_argument("--setup", action="store_true",
                        help="create the database, migrate, collect static files, seed_demo")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--breakdown", action="store_true")
    parser.add_argument("--page-cache", action="store_true",
                        help="the staff pages rendered against served from the cache")
    parser.add_argument("--profile", metavar="PAGE")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    os.environ.update(environment(args.database_url, args.redis_url))

    if args.setup:
        create_database(args.database_url)
        for command in (["migrate", "--no-input"], ["collectstatic", "--no-input"],
                        ["seed_demo"]):
            subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, check=True,
                           env={**os.environ, "PYTHONPATH": f"{ROOT / 'src'}:{ROOT}"})
        return 0

    import django

    django.setup()
    from bench.web_bench import signed_in
    from django.core.cache import cache

    cache.clear()  # this Redis database is the bench's own (--redis-url)
    signed = signed_in()
    _patch_variants()
    built = handlers()
    page_list = pages(signed)

    if args.profile:
        path, cookie = page_list[args.profile]
        measure(built["now"], path, cookie, 20)
        # PROFILE_CLOCK=cpu: CPU time of this process (waits for the database left out)
        profiler = (cProfile.Profile(time.process_time)
                    if os.environ.get("PROFILE_CLOCK") == "cpu" else cProfile.Profile())
        profiler.enable()
        measure(built["now"], path, cookie, args.requests)
        profiler.disable()
        out = io.StringIO()
        # PROFILE_SORT (e.g. cumulative) and PROFILE_TOP change the listing
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats(os.environ.get("PROFILE_SORT", "tottime"))
        stats.print_stats(int(os.environ.get("PROFILE_TOP", "30")))
        print(out.getvalue())
        return 0

    if args.page_cache:
        table = page_cache_ab(built, page_list, args.rounds, args.requests)
        if args.json:
            args.json.write_text(json.dumps({"pages": table}, indent=2))
        return 0

    results: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    counts: dict[tuple[str, str], tuple[float, float]] = {}
    for round_ in range(args.rounds):
        hello_ms = measure(built["hello"], "/", None, args.requests)
        results["hello"]["now"].append(hello_ms)
        results["hello"]["before"].append(hello_ms)
        for page, (path, cookie) in page_list.items():
            if page == "hello":
                continue
            slow = "overview" in page or "staff case" in page
            requests = max(20, args.requests // 10) if slow else args.requests
            order = ("before", "now") if round_ % 2 == 0 else ("now", "before")
            for variant in order:
                VARIANT["name"] = variant
                results[page][variant].append(measure(built[variant], path, cookie, requests))
                counts[page, variant] = counted(built[variant], path, cookie)
        VARIANT["name"] = "now"
        print(f"round {round_ + 1}/{args.rounds} done", file=sys.stderr)

    hello_ms = statistics.median(results["hello"]["now"])
    print(f"\nCPU per request (median of {args.rounds} rounds; hello-world {hello_ms:.3f} ms)")
    print(f"{'page':<20} {'before':>9} {'now':>9} {'change':>8} {'× hello':>8} "
          f"{'queries':>9} {'cache calls':>12}")
    table = {}
    for page in page_list:
        before = statistics.median(results[page]["before"])
        now = statistics.median(results[page]["now"])
        q_before, c_before = counts.get((page, "before"), (0, 0))
        q_now, c_now = counts.get((page, "now"), (0, 0))
        table[page] = {"before_ms": before, "now_ms": now, "queries": [q_before, q_now],
                       "cache_calls": [c_before, c_now], "ratio_now": now / hello_ms}
        print(f"{page:<20} {before:9.3f} {now:9.3f} {(now / before - 1) * 100:7.1f}% "
              f"{now / hello_ms:8.2f} {q_before:4.0f} → {q_now:<3.0f} {c_before:5.0f} → "
              f"{c_now:<4.0f}")
    per_call = cache_call_cost(args.redis_url, 2000, args.rounds)
    print("\nCPU per cache call (get, a hit): " + ", ".join(
        f"{name} {value:.0f} µs" for name, value in per_call.items()))
    if args.breakdown:
        print_breakdown(signed, args.requests)
    if args.json:
        args.json.write_text(json.dumps({"pages": table, "cache_call_us": per_call},
                                        indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
