"""Web bench (issue 18 items 1–2): the product's hot pages on the production stack, each as a
ratio to a Django hello-world on the same gunicorn settings, measured in the same run.

    python bench/web_bench.py [--duration 5] [--connections 8] [--rounds 1]

What it starts (all private, removed at the end; nothing of the machine's shared services
is used): a PostgreSQL cluster and a redis-server of its own (``loadtest.stack``), the
product under gunicorn with production settings (``JOBCENTER_ENV=production``, DEBUG off,
PostgreSQL, Redis cache, WhiteNoise with the collected, compressed static files, 2 sync
workers) and the hello-world (``bench/web_hello.py``) under the same gunicorn options. It
migrates, loads the demo data (``seed_demo``: Max Mustermann has a case and a Bescheid,
the Leistung caseworker of Musterstadt a TOTP authenticator) and signs both in through the
real sign-in pages (password, then the TOTP code for the caseworker).

Each page is driven by ``wrk`` (bounded: ``--connections`` connections, one thread per
core, ``--duration`` seconds after a warm-up) right after a hello-world run of the same
length, so that both see the same load on the shared machine; the page's ratio is its rps
over that hello-world's rps. CPU per request is the gunicorn workers' user + system time
(``/proc/<pid>/stat``) before and after the run, divided by the requests served; the "CPU
ratio" (hello-world's CPU per request over the page's) is printed beside the rps ratio: on a
shared machine the rps of two runs a few seconds apart can differ by a factor of four, the
CPU per request much less. The
workers' resident memory (``VmRSS``) is read after the run.

Targets (exit status 1 if one is missed): the Rechner and every signed-in citizen page
≥ 25 % of hello-world rps, the staff work queue and case page ≥ 15 %, p99 < 50 ms.
Every page must answer 200 (a redirect would mean the sign-in was lost: checked before and
after each run; wrk's non-2xx count must be 0).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from loadtest.stack import Postgres, Process, Redis, cpu_seconds, free_port, tree_pids  # noqa: E402

CITIZEN = "max.mustermann@demo.jobcenter-online.example"
CASEWORKER = "leistung@musterstadt.demo.jobcenter-online.example"
#: The work queue's text when it lists no case (the bench stops: an empty queue would be
#: measured without its access-log entry).
EMPTY_QUEUE = "Für diese Auswahl gibt es keine Fälle".encode()
CITIZEN_TARGET = 0.25
STAFF_TARGET = 0.15
P99_TARGET_MS = 50.0

# The Rechner POST: households as a browser posts them (dates in three boxes), cycled by
# wrk, each request with an earned income of its own (``rechner_body``), so that no two
# requests in a row ask the same question. Until 2026-12-04 the bench posted one form
# without "monat": every POST was the page with the error "Bitte wählen Sie einen Monat aus".
RECHNER_HOUSEHOLDS: list[dict[str, str]] = [
    # the couple with two children and a job (tests/rechner/conftest.py)
    {"as_geburtsdatum-tag": "14", "as_geburtsdatum-monat": "2", "as_geburtsdatum-jahr": "1988",
     "partner": "ja", "pa_geburtsdatum-tag": "3", "pa_geburtsdatum-monat": "9",
     "pa_geburtsdatum-jahr": "1990", "kinder": "2",
     "kind1_geburtsdatum-tag": "21", "kind1_geburtsdatum-monat": "5",
     "kind1_geburtsdatum-jahr": "2016", "kind2_geburtsdatum-tag": "7",
     "kind2_geburtsdatum-monat": "1", "kind2_geburtsdatum-jahr": "2019",
     "kaltmiete": "480", "nebenkosten": "170,00", "heizkosten": "150"},
    # a single person in a shared flat
    {"as_geburtsdatum-tag": "2", "as_geburtsdatum-monat": "11", "as_geburtsdatum-jahr": "1979",
     "partner": "nein", "kinder": "0", "kaltmiete": "390", "nebenkosten": "95",
     "heizkosten": "60", "warmwasser": "dezentral", "weitere_personen": "1"},
    # a single parent with one child, maintenance and Unterhaltsvorschuss
    {"as_geburtsdatum-tag": "30", "as_geburtsdatum-monat": "6", "as_geburtsdatum-jahr": "1995",
     "partner": "nein", "kinder": "1", "kind1_geburtsdatum-tag": "12",
     "kind1_geburtsdatum-monat": "3", "kind1_geburtsdatum-jahr": "2021",
     "kind1_unterhaltsvorschuss": "227", "kaltmiete": "520", "nebenkosten": "140",
     "heizkosten": "85,50", "as_sonstiges": "120"},
    # a couple, no children, with savings and the partner pregnant
    {"as_geburtsdatum-tag": "8", "as_geburtsdatum-monat": "8", "as_geburtsdatum-jahr": "1992",
     "partner": "ja", "pa_geburtsdatum-tag": "19", "pa_geburtsdatum-monat": "4",
     "pa_geburtsdatum-jahr": "1994", "pa_ssw": "20", "as_vermoegen": "3.500", "kinder": "0",
     "kaltmiete": "610", "nebenkosten": "160", "heizkosten": "110"},
    # a couple with three children
    {"as_geburtsdatum-tag": "1", "as_geburtsdatum-monat": "1", "as_geburtsdatum-jahr": "1985",
     "partner": "ja", "pa_geburtsdatum-tag": "15", "pa_geburtsdatum-monat": "10",
     "pa_geburtsdatum-jahr": "1987", "kinder": "3",
     "kind1_geburtsdatum-tag": "3", "kind1_geburtsdatum-monat": "3",
     "kind1_geburtsdatum-jahr": "2010", "kind2_geburtsdatum-tag": "4",
     "kind2_geburtsdatum-monat": "4", "kind2_geburtsdatum-jahr": "2014",
     "kind3_geburtsdatum-tag": "5", "kind3_geburtsdatum-monat": "5",
     "kind3_geburtsdatum-jahr": "2020", "kaltmiete": "790", "nebenkosten": "230",
     "heizkosten": "170"},
]
#: Stands in the body for the applicant's gross (and, three quarters of it, net) earnings.
BRUTTO, NETTO = "XBRUTTOX", "XNETTOX"


def rechner_body(household: dict[str, str], month: str) -> str:
    """The urlencoded POST of one household for ``month`` ("JJJJ-MM"), with the two
    income placeholders that wrk fills per request."""
    from urllib.parse import urlencode

    form = {"aktion": "berechnen", "monat": month, "warmwasser": "zentral",
            "as_brutto": BRUTTO, "as_netto": NETTO, **household}
    return urlencode(form)


def rechner_month() -> str:
    """The month the form offers first: today's in Berlin (the choices are around it)."""
    from zoneinfo import ZoneInfo

    return dt.datetime.now(ZoneInfo("Europe/Berlin")).strftime("%Y-%m")


@dataclass
class Page:
    name: str
    path: str
    who: str  # "anonymous", "citizen" or "staff"
    target: float
    method: str = "GET"


@dataclass
class Result:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    cpu_ms: float
    errors: int
    services_cpu_ms: float = 0.0  # the PostgreSQL cluster's and redis-server's CPU


# --- the stack ------------------------------------------------------------------------


def product_env(pg: Postgres, redis: Redis, var: Path) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items()
            if not k.startswith(("DATABASE_", "REDIS_", "CELERY_", "DJANGO_"))}
    return {
        **keep,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
        "DJANGO_SETTINGS_MODULE": "jobcenter.config.settings",
        "JOBCENTER_ENV": "production",
        "DEBUG": "false",
        "DATABASE_URL": pg.url(),
        "REDIS_URL": redis.url(1),
        "CELERY_BROKER_URL": redis.url(2),
        "JOBCENTER_VAR_DIR": str(var),
        "PRIVATE_STORAGE_ROOT": str(var / "private"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "SECRET_KEY": "web-bench-secret-key-0123456789abcdefghijklmnopqrstuvwxyz-ABCDEFGH",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "PUBLIC_BASE_URL": "https://127.0.0.1",
        # the bench talks plain HTTP to gunicorn, as a TLS-terminating proxy would
        "SECURE_SSL_REDIRECT": "false",
        "ALLOW_NO_VIRUS_SCAN": "true",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=1800, check=False)
    if result.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def gunicorn(name: str, app: str, env: dict[str, str], port: int, log: Path,
             workers: int, threads: int = 1) -> Process:
    worker_class = ["--worker-class", "sync"] if threads == 1 else [
        "--worker-class", "gthread", "--threads", str(threads)]
    argv = [sys.executable, "-m", "gunicorn", app, "--bind", f"127.0.0.1:{port}",
            "--workers", str(workers), *worker_class, "--timeout", "60",
            "--graceful-timeout", "10"]

    def ready(_: Process) -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2):
                return True
        except urllib.error.HTTPError:
            return True
        except OSError:
            return False

    return Process(name, argv, env, log, ready, timeout=120)


def workers_of(process: Process) -> list[int]:
    return [pid for pid in tree_pids(process.pid) if pid != process.pid]


def workers_cpu(process: Process) -> float:
    return sum(cpu_seconds(pid) for pid in workers_of(process))


def workers_rss_mb(process: Process) -> list[float]:
    sizes = []
    for pid in workers_of(process):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
        if match:
            sizes.append(int(match.group(1)) / 1024)
    return sizes


# --- signing in (runs inside a Django process on the bench database) -------------------


def sign_in() -> None:
    """Print the session cookies of the citizen and the caseworker (after the TOTP step),
    and the pages that need an id, as JSON. Runs with the product's environment."""
    import django

    django.setup()
    print(json.dumps(signed_in()))


def signed_in() -> dict[str, object]:
    """Sign the citizen and the caseworker in through the real pages (in a set-up Django
    process on the bench database): their session cookies, the cookie's name and the case
    the pages need (also used by ``bench/request_cost.py``)."""
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
    from django.conf import settings
    from django.test import Client

    from jobcenter.accounts.models import User
    from jobcenter.casefiles.models import Case
    from jobcenter.site.management.commands.seed_demo import DEMO_PASSWORD, DEMO_TOTP_SECRET

    def totp() -> str:
        # wait for a period with enough time left (the server accepts only the current one)
        while 30 - time.time() % 30 < 5:
            time.sleep(0.5)
        return format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(time.time() // 30)))

    cookie = settings.SESSION_COOKIE_NAME
    out: dict[str, object] = {"cookie_name": cookie}
    citizen = Client()
    answer = citizen.post("/konto/login/", {"login": CITIZEN, "password": DEMO_PASSWORD})
    assert answer.status_code == 302, answer.content[:2000]
    out["citizen"] = citizen.cookies[cookie].value
    staff = Client()
    answer = staff.post("/konto/login/", {"login": CASEWORKER, "password": DEMO_PASSWORD})
    assert answer.status_code == 302 and "/2fa/" in answer["Location"], answer
    answer = staff.post("/konto/2fa/authenticate/", {"code": totp()})
    assert answer.status_code == 302, answer.content[:2000]
    out["staff"] = staff.cookies[cookie].value
    # What a browser sends from its second request on: the session and the CSRF cookie
    # (set by the first page with a form). Without the CSRF cookie every request would
    # make a new CSRF secret and set the cookie again, which no browser causes.
    csrf = settings.CSRF_COOKIE_NAME
    out["cookie_header"] = {}
    for who, client, page in (("citizen", citizen, "/portal/"),
                              ("staff", staff, "/arbeitsbereich/")):
        assert client.get(page, follow=True).status_code == 200, who
        out["cookie_header"][who] = (f"{cookie}={client.cookies[cookie].value}; "
                                     f"{csrf}={client.cookies[csrf].value}")
    user = User.objects.get(email=CITIZEN)
    case = Case.objects.filter(applicant_user=user).order_by("pk").first()
    assert case is not None, "seed_demo gave Max Mustermann no case"
    out["case"] = case.pk
    out["reference"] = case.reference
    return out


# --- load ----------------------------------------------------------------------------------


def wrk_script(directory: Path, page: Page, cookie: str | None) -> Path:
    lines = [f'wrk.method = "{page.method}"', 'wrk.headers["Accept-Language"] = "de"']
    if cookie:
        lines.append(f'wrk.headers["Cookie"] = "{cookie}"')
    if page.method == "POST":
        # the households in turn, each request with its own earnings (100 € steps from
        # 0 to 2,900 €; net three quarters of gross): a memo of results keyed by the input
        # would not help
        month = rechner_month()
        bodies = ", ".join(f'"{rechner_body(h, month)}"' for h in RECHNER_HOUSEHOLDS)
        lines += [
            'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"',
            f"local bodies = {{{bodies}}}",
            "local n = 0",
            "request = function()",
            "  n = n + 1",
            "  local brutto = (n * 7919) % 30 * 100",
            "  local body = bodies[n % #bodies + 1]",
            f'  body = body:gsub("{BRUTTO}", tostring(brutto))',
            f'  body = body:gsub("{NETTO}", tostring(brutto * 3 / 4))',
            "  return wrk.format(nil, nil, nil, body)",
            "end",
        ]
    script = directory / f"{page.name.replace(' ', '_')}.lua"
    script.write_text("\n".join(lines) + "\n")
    return script


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def services_cpu(services: list[int]) -> float:
    """CPU seconds of the PostgreSQL cluster (the postmaster and its backends) and the
    redis-server, given their top processes' pids."""
    return sum(cpu_seconds(pid) for top in services for pid in tree_pids(top))


def run_wrk(url: str, script: Path, *, duration: float, connections: int,
            process: Process, services: list[int] | None = None) -> Result:
    threads = min(connections, os.cpu_count() or 1)
    argv = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{duration:g}s",
            "--latency", "--timeout", "10s", "-s", str(script), url]
    before, services_before = workers_cpu(process), services_cpu(services or [])
    out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    cpu = workers_cpu(process) - before
    services_used = services_cpu(services or []) - services_before
    requests = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    percentiles = dict(re.findall(r"^\s*(\d+)%\s+([\d.]+(?:us|ms|s))\s*$", out, re.M))
    if "50" not in percentiles or "99" not in percentiles:
        sys.exit(f"wrk gave no latency distribution:\n{out}")
    errors = 0
    match = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if match:
        errors += int(match.group(1))
    match = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                      out)
    if match:
        errors += sum(int(x) for x in match.groups())
    return Result(rps=float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
                  p50_ms=_ms(percentiles["50"]), p99_ms=_ms(percentiles["99"]),
                  requests=requests, cpu_ms=cpu * 1000 / max(requests, 1), errors=errors,
                  services_cpu_ms=services_used * 1000 / max(requests, 1))


def status_of(url: str, method: str, cookie: str | None) -> int:
    """The page's status; a POST is the Rechner's, and every household of the bench must
    get a result (not the form with an error) or the bench stops; so does an empty work
    queue."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            return None

    bodies: list[bytes | None] = [None]
    if method == "POST":
        month = rechner_month()
        bodies = [rechner_body(household, month).replace(BRUTTO, brutto)
                  .replace(NETTO, netto).encode()
                  for household in RECHNER_HOUSEHOLDS
                  for brutto, netto in (("0", "0"), ("2000", "1500"))]
    status = 0
    for data in bodies:
        request = urllib.request.Request(url, data=data, method=method)
        if cookie:
            request.add_header("Cookie", cookie)
        try:
            with urllib.request.build_opener(NoRedirect).open(request, timeout=30) as answer:
                status = int(answer.status)
                page = answer.read()
        except urllib.error.HTTPError as error:
            return int(error.code)
        if data is not None and b'id="ergebnis-titel"' not in page:
            sys.exit(f"the Rechner answered the bench's POST without a result: {data!r}")
        if "/arbeitsbereich/akte/?" in url and EMPTY_QUEUE in page:
            sys.exit("the staff work queue of the bench shows no case")
    return status


def machine() -> str:
    model = ""
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    return (f"{model or platform.processor()}, {os.cpu_count()} CPUs, Python "
            f"{platform.python_version()}, load average "
            + " ".join(f"{x:.2f}" for x in os.getloadavg()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=1,
                        help="threads per worker (more than 1: gunicorn's gthread workers)")
    parser.add_argument("--rounds", type=int, default=1, help="repeat the page sequence")
    parser.add_argument("--only", default="", help="comma-separated page names (debugging)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--sign-in", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.sign_in:
        sign_in()
        return 0
    if not shutil.which("wrk"):
        sys.exit("web_bench needs wrk (Debian: apt-get install wrk)")

    started = dt.datetime.now(dt.UTC)
    print(f"# web bench {started:%Y-%m-%d %H:%M} UTC — {machine()}", flush=True)
    directory = Path(tempfile.mkdtemp(prefix="jc-web-bench-"))
    pg = Postgres(directory / "pg")
    redis = Redis(directory / "redis")
    processes: list[Process] = []
    try:
        pg.init().start()
        pg.create_database("jobcenter")
        redis.start()
        (directory / "var" / "private").mkdir(parents=True)
        env = product_env(pg, redis, directory / "var")
        t0 = time.monotonic()
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        manage(env, "seed_demo")
        print(f"# migrated, collected and seeded in {time.monotonic() - t0:.0f} s", flush=True)

        port, hello_port = free_port(), free_port()
        app = gunicorn("web", "jobcenter.config.wsgi", env, port, directory / "web.log",
                       args.workers, args.threads)
        processes.append(app)
        hello_env = {**env, "DJANGO_SETTINGS_MODULE": "bench.web_hello"}
        hello = gunicorn("hello", "bench.web_hello:application", hello_env, hello_port,
                         directory / "hello.log", args.workers, args.threads)
        processes.append(hello)

        signed = subprocess.run([sys.executable, __file__, "--sign-in"], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=300, check=False)
        if signed.returncode:
            sys.exit(f"signing in failed:\n{signed.stderr[-3000:]}")
        ids = json.loads(signed.stdout.strip().splitlines()[-1])
        services = [pid for pid in (pg.server_pid(), redis.process and redis.process.pid)
                    if pid]
        cookies = {"anonymous": None, **ids["cookie_header"]}
        pages = [
            Page("home", "/", "anonymous", CITIZEN_TARGET),
            Page("Rechner GET", "/buergergeld-rechner/", "anonymous", CITIZEN_TARGET),
            Page("Rechner POST", "/buergergeld-rechner/", "anonymous", CITIZEN_TARGET, "POST"),
            Page("citizen overview", "/portal/", "citizen", CITIZEN_TARGET),
            Page("Meine Anliegen", "/portal/anliegen/", "citizen", CITIZEN_TARGET),
            Page("citizen case page", f"/portal/anliegen/{ids['reference']}/", "citizen",
                 CITIZEN_TARGET),
            Page("staff case page", f"/arbeitsbereich/akte/{ids['case']}/", "staff",
                 STAFF_TARGET),
            # every case of the Jobcenter: the demo's default queue (open cases) is empty,
            # and an empty queue writes no access-log entry — a queue with rows does
            Page("staff work queue", "/arbeitsbereich/akte/?status=alle", "staff",
                 STAFF_TARGET),
        ]
        if args.only:
            wanted = {name.strip() for name in args.only.split(",")}
            pages = [page for page in pages if page.name in wanted]
        hello_page = Page("hello-world", "/", "anonymous", 1.0)
        hello_script = wrk_script(directory, hello_page, None)
        hello_url = f"http://127.0.0.1:{hello_port}/"

        warm = min(2.0, args.duration)
        rows: list[tuple[Page, Result, Result]] = []
        for _round in range(args.rounds):
            for page in pages:
                url = f"http://127.0.0.1:{port}{page.path}"
                cookie = cookies[page.who]
                status = status_of(url, page.method, cookie)
                if status != 200:
                    sys.exit(f"{page.name}: {page.method} {page.path} answered {status}")
                script = wrk_script(directory, page, cookie)
                run_wrk(hello_url, hello_script, duration=warm, connections=args.connections,
                        process=hello)
                base = run_wrk(hello_url, hello_script, duration=args.duration,
                               connections=args.connections, process=hello)
                run_wrk(url, script, duration=warm, connections=args.connections,
                        process=app)
                result = run_wrk(url, script, duration=args.duration,
                                 connections=args.connections, process=app,
                                 services=services)
                status = status_of(url, page.method, cookie)
                if status != 200:
                    sys.exit(f"{page.name}: after the run {page.path} answered {status}")
                rows.append((page, result, base))
                ratio = result.rps / base.rps
                print(f"{page.name:20} {result.rps:8.1f} rps  p50 {result.p50_ms:6.1f} ms  "
                      f"p99 {result.p99_ms:6.1f} ms  CPU {result.cpu_ms:6.2f} ms/req "
                      f"(+ PG/Redis {result.services_cpu_ms:4.2f}) | "
                      f"hello {base.rps:7.1f} rps CPU {base.cpu_ms:5.2f} ms/req | "
                      f"ratio {ratio:6.1%} (target {page.target:.0%}), CPU ratio "
                      f"{base.cpu_ms / result.cpu_ms:6.1%}", flush=True)

        app_rss, hello_rss = workers_rss_mb(app), workers_rss_mb(hello)
        print("worker RSS after the run: product "
              + ", ".join(f"{mb:.0f} MB" for mb in app_rss)
              + "; hello-world " + ", ".join(f"{mb:.0f} MB" for mb in hello_rss))
        print(f"# finished {dt.datetime.now(dt.UTC):%H:%M} UTC, load average "
              + " ".join(f"{x:.2f}" for x in os.getloadavg()))

        failures = []
        for page, result, base in rows:
            ratio = result.rps / base.rps
            if result.errors:
                failures.append(f"{page.name}: {result.errors} errors or non-2xx answers")
            if ratio < page.target:
                failures.append(f"{page.name}: {ratio:.1%} of hello-world < {page.target:.0%}")
            if result.p99_ms >= P99_TARGET_MS:
                failures.append(f"{page.name}: p99 {result.p99_ms:.1f} ms ≥ {P99_TARGET_MS:.0f}")
        if args.json:
            args.json.write_text(json.dumps({
                "started": started.isoformat(), "machine": machine(),
                "pages": [{"page": p.name, "path": p.path, "method": p.method,
                           "rps": r.rps, "p50_ms": r.p50_ms, "p99_ms": r.p99_ms,
                           "cpu_ms": r.cpu_ms, "services_cpu_ms": r.services_cpu_ms,
                           "requests": r.requests,
                           "hello_rps": b.rps, "hello_cpu_ms": b.cpu_ms,
                           "ratio": r.rps / b.rps, "cpu_ratio": b.cpu_ms / r.cpu_ms,
                           "target": p.target}
                          for p, r, b in rows],
                "rss_mb": {"product": app_rss, "hello": hello_rss}}, indent=2))
        for failure in failures:
            print("MISSED:", failure)
        return 1 if failures else 0
    finally:
        for process in processes:
            process.stop()
        redis.stop()
        pg.stop("fast")
        pg.remove()
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
