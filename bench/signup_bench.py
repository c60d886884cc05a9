"""Timing oracle benchmark: sign-up, password reset and login, new vs existing addresses
(issue 10 item 2).

    python bench/signup_bench.py [--n 20] [--src DIR]

For each path it sends the same request through the whole Django stack (test client,
middleware, sessions in the database, the production password hasher PBKDF2) for
addresses without an account and for addresses with one, interleaved, each from its own
client address, and reports wall and CPU time per request. Anchor, measured in the same
run: one ``make_password`` with the production hasher (the costliest single step of a
sign-up). Figures are medians, as ratios to the anchor too, and the AUC: the probability
that an existing-address request is faster than a new-address one (0.5 = the timing tells
nothing; 0 or 1 = it tells everything).

Uses its own temporary SQLite database (or, with ``--pg-database NAME``, that database on
the server of ``DATABASE_URL``, dropped and recreated) and Celery's in-memory broker: a
queued task is published, not run, as in production where the worker runs it after the
answer. ``--src`` runs the same measurement against another source tree (e.g. an export
of the code before the change: ``git archive <commit> src | tar -x -C /tmp/before``).

Target (checked for this tree only): on the sign-up and password-reset paths the medians
of new and existing addresses differ by less than 15 % of the anchor and the AUC lies
between 0.25 and 0.75. Exits non-zero otherwise.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Bench-Passwort-2026-lang"
NEW_PASSWORD = "Gute-Laune-Passwort-2026"


def prepare(src: Path, pg_database: str | None) -> str:
    sys.path.insert(0, str(src))
    var = Path(tempfile.mkdtemp(prefix="signup-bench-"))
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "jobcenter.config.settings",
        "JOBCENTER_VAR_DIR": str(var),
        "CELERY_BROKER_URL": "memory://localhost/",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DEBUG": "false",
        "LOG_LEVEL": "WARNING",
    })
    os.environ.pop("REDIS_URL", None)
    url = os.environ.get("DATABASE_URL", "")
    if pg_database and url.startswith("postgres"):
        import psycopg
        from psycopg import sql

        with psycopg.connect(url, autocommit=True) as conn:
            name = sql.Identifier(pg_database)
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
            conn.execute(sql.SQL("CREATE DATABASE {}").format(name))
        os.environ["DATABASE_URL"] = urlunparse(urlparse(url)._replace(path=f"/{pg_database}"))
        database = "PostgreSQL"
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{var / 'bench.sqlite3'}"
        database = "SQLite"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    call_command("migrate", verbosity=0)
    from jobcenter import celery_app

    celery_app.conf.task_always_eager = False
    return database


def actors() -> dict[str, str]:
    from allauth.account.models import EmailAddress
    from allauth.mfa.totp.internal.auth import TOTP

    from jobcenter.accounts.models import User
    from jobcenter.core.roles import Role
    from jobcenter.jobcenters.models import Jobcenter, PostcodeArea

    jc = Jobcenter.objects.create(
        name="Jobcenter Bench", slug="bench", kind=Jobcenter.Kind.GEMEINSAME_EINRICHTUNG,
        street="Benchstraße 1", postcode="11111", city="Benchstadt", phone="0",
        email="jc@bench.example", opening_hours="Mo–Fr")
    PostcodeArea.objects.create(postcode="11111", jobcenter=jc)
    accounts = {}
    for kind, role in [("citizen", Role.CITIZEN), ("staff", Role.LEISTUNG)]:
        user = User.objects.create_user(email=f"{kind}@bench.example", password=PASSWORD,
                                        role=role, jobcenter=jc, first_name="Bench",
                                        last_name=kind.title())
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        if role != Role.CITIZEN:
            TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
        accounts[kind] = user.email
    return accounts


def timed(call) -> tuple[float, float]:
    wall0, cpu0 = time.perf_counter(), time.process_time()
    call()
    return time.perf_counter() - wall0, time.process_time() - cpu0


def anchor(repeat: int = 7) -> tuple[float, float]:
    from django.contrib.auth.hashers import make_password

    runs = [timed(lambda: make_password(NEW_PASSWORD)) for _ in range(repeat)]
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def auc(existing: list[float], new: list[float]) -> float:
    """P(an existing-address request is faster than a new-address one)."""
    wins = sum(1.0 if e < n else 0.5 if e == n else 0.0 for e in existing for n in new)
    return wins / (len(existing) * len(new))


def measure(n: int, accounts: dict[str, str]) -> dict[str, dict[str, list[tuple[float, float]]]]:
    from django.core.cache import cache
    from django.test import Client

    counter = iter(range(10**6))

    def client_address() -> str:
        i = next(counter)
        return f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}"

    # Each request starts with an empty cache: no rate limit or throttle from earlier rounds
    # (the same address is used again and again); what is timed is the path itself.
    def signup(email: str):
        cache.clear()
        data = {"first_name": "Dana", "last_name": "Dorn", "postcode": "11111",
                "email": email, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
        response = Client().post("/konto/signup/", data, REMOTE_ADDR=client_address())
        assert response.status_code == 302, response.status_code

    def reset(email: str):
        cache.clear()
        response = Client().post("/konto/password/reset/", {"email": email},
                                 REMOTE_ADDR=client_address())
        assert response.status_code == 302, response.status_code

    def login(email: str):
        cache.clear()
        response = Client().post("/konto/login/", {"login": email, "password": "falsch-falsch"},
                                 REMOTE_ADDR=client_address())
        assert response.status_code == 200, response.status_code

    existing = [accounts["citizen"], accounts["staff"]]
    paths = {"sign-up": signup, "password reset": reset, "login, wrong password": login}
    results: dict[str, dict[str, list[tuple[float, float]]]] = {
        name: {"new": [], "existing": []} for name in paths}
    for name, call in paths.items():
        call(f"warmup-{name[:4]}@bench.example")
        call(existing[0])
        for i in range(n):
            order = [("new", f"neu-{name[:4]}-{i}@bench.example"),
                     ("existing", existing[i % len(existing)])]
            if i % 2:
                order.reverse()
            for kind, email in order:
                results[name][kind].append(timed(lambda c=call, e=email: c(e)))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20, help="requests per path and kind")
    parser.add_argument("--src", type=Path, default=ROOT / "src",
                        help="source tree to measure (default: this checkout)")
    parser.add_argument("--pg-database", default=None,
                        help="use this PostgreSQL database on the server of DATABASE_URL")
    args = parser.parse_args()
    this_tree = args.src.resolve() == (ROOT / "src").resolve()
    database = prepare(args.src, args.pg_database)
    from django.conf import settings

    accounts = actors()
    anchor_wall, anchor_cpu = anchor()
    results = measure(args.n, accounts)

    print(f"# signup_bench — {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, "
          f"{platform.node()}, {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} CPUs, Python {platform.python_version()}, {database}, "
          f"source {'this tree' if this_tree else args.src}, n = {args.n} per kind")
    print(f"anchor: one make_password ({settings.PASSWORD_HASHERS[0].rsplit('.', 1)[-1]}) "
          f"= {anchor_wall * 1000:.0f} ms wall, {anchor_cpu * 1000:.0f} ms CPU")
    print("| path | new address: median wall / CPU | existing address: median wall / CPU "
          "| difference of the CPU medians (× anchor) | AUC (wall) |")
    print("|---|---|---|---|---|")
    failed = []
    for name, kinds in results.items():
        new_wall = [w for w, _ in kinds["new"]]
        new_cpu = [c for _, c in kinds["new"]]
        old_wall = [w for w, _ in kinds["existing"]]
        old_cpu = [c for _, c in kinds["existing"]]
        diff = (statistics.median(old_cpu) - statistics.median(new_cpu)) / anchor_cpu
        area = auc(old_wall, new_wall)
        print(f"| {name} | {statistics.median(new_wall) * 1000:.0f} / "
              f"{statistics.median(new_cpu) * 1000:.0f} ms | "
              f"{statistics.median(old_wall) * 1000:.0f} / "
              f"{statistics.median(old_cpu) * 1000:.0f} ms | {diff:+.2f} | {area:.2f} |")
        if this_tree and name != "login, wrong password" and (
                abs(diff) >= 0.15 or not 0.25 <= area <= 0.75):
            failed.append(name)
    if failed:
        print("below target (timing tells new from existing addresses):", ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
