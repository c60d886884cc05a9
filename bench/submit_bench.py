"""The citizen's submit: CPU and wall time of storing an application (issue 11 item 4).

    python bench/submit_bench.py [--n 30] [--src DIR]

Stores ``--n`` Hauptanträge (a single person without income, the answers the tests use)
one after another through ``antraege.services.submission_create_from_draft`` — the whole
submit transaction: draft lock, reference, the answers shown, the engine request, the
JSON export, the outbox message — and reports the median wall and CPU time per submit.
The Eingangsbestätigung is no longer rendered there but afterwards by a worker
(``antraege.tasks.receipt_render``); the bench publishes to Celery's in-memory broker, so,
as in production, nothing of the worker's work runs in the submitting process.

Anchor, measured in the same run: zlib level 6 over 16 MiB of fixed data (median of five,
CPU time). ``--src`` runs the same measurement against another source tree, e.g. the code
before the change (``git archive <commit> src | tar -x -C /tmp/before``), where the submit
still rendered the receipt inside its transaction.

Uses its own temporary SQLite database. Target (checked for this tree only): the median
submit costs at most 0.35 anchors of CPU. Exits non-zero otherwise.
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
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_ANCHORS = 0.35


def prepare(src: Path) -> None:
    sys.path.insert(0, str(src))
    var = Path(tempfile.mkdtemp(prefix="submit-bench-"))
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "jobcenter.config.settings",
        "JOBCENTER_VAR_DIR": str(var),
        "CELERY_BROKER_URL": "memory://localhost/",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DATABASE_URL": f"sqlite:///{var / 'bench.sqlite3'}",
        "DEBUG": "false",
        "LOG_LEVEL": "WARNING",
    })
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from jobcenter import celery_app

    celery_app.conf.task_always_eager = False


def answers() -> dict:
    """A single person without income (as ``tests/antraege/test_mapping.single_no_income``)."""
    sys.path.insert(0, str(ROOT))
    from tests.antraege.test_mapping import single_no_income

    return single_no_income()


def citizen():  # noqa: ANN201 - a User
    from jobcenter.accounts.models import User
    from jobcenter.core.roles import Role
    from jobcenter.households.models import Bedarfsgemeinschaft, Membership, Person
    from jobcenter.jobcenters.models import Jobcenter, PostcodeArea

    jc = Jobcenter.objects.create(
        name="Jobcenter Bench", slug="bench", kind=Jobcenter.Kind.GEMEINSAME_EINRICHTUNG,
        street="Benchstraße 1", postcode="11111", city="Benchstadt", phone="0",
        email="jc@bench.example", opening_hours="Mo–Fr")
    PostcodeArea.objects.create(postcode="11111", jobcenter=jc)
    user = User.objects.create_user(email="alice@bench.example", password="x" * 20,
                                    role=Role.CITIZEN, jobcenter=jc, first_name="Alice",
                                    last_name="Adler", postcode="11111")
    person = Person.objects.create(jobcenter=jc, user=user, first_name="Alice",
                                   last_name="Adler", birth_date=dt.date(1990, 5, 1))
    bg = Bedarfsgemeinschaft.objects.create(jobcenter=jc)
    Membership.objects.create(person=person, bedarfsgemeinschaft=bg,
                              role=Membership.Role.ANTRAGSTELLER,
                              valid_from=dt.date(2020, 1, 1))
    return user


def timed(call) -> tuple[float, float]:  # noqa: ANN001
    wall0, cpu0 = time.perf_counter(), time.process_time()
    call()
    return time.perf_counter() - wall0, time.process_time() - cpu0


def anchor(repeat: int = 5) -> float:
    data = (b"Jobcenter Online anchor " * 699_051)[: 16 * 1024 * 1024]
    return statistics.median(timed(lambda: zlib.compress(data, 6))[1] for _ in range(repeat))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=30)
    parser.add_argument("--src", type=Path, default=ROOT / "src")
    args = parser.parse_args()
    this_tree = args.src.resolve() == (ROOT / "src").resolve()
    prepare(args.src)
    from jobcenter.antraege import services
    from jobcenter.antraege.models import Submission
    from jobcenter.formengine import registry
    from jobcenter.formengine.services import draft_start

    user = citizen()
    form = registry.get_form("hauptantrag")
    base = answers()

    def one() -> None:
        draft = draft_start(user=user, form=form)
        draft.answers = dict(base)
        draft.save(update_fields=["answers"])
        wall_cpu.append(timed(lambda: services.submission_create_from_draft(draft=draft,
                                                                           user=user)))

    wall_cpu: list[tuple[float, float]] = []
    one()  # warm-up (imports, form definition, first compiler)
    wall_cpu.clear()
    anchors = [anchor()]
    for index in range(args.n):
        one()
        if index == args.n // 2:
            anchors.append(anchor())
    anchors.append(anchor())
    cpu_anchor = statistics.median(anchors)
    wall = statistics.median(w for w, _c in wall_cpu)
    cpu = statistics.median(c for _w, c in wall_cpu)
    receipts = Submission.objects.exclude(receipt_name="").count()
    print(f"date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; machine: {platform.node()} "
          f"{platform.machine()}, Python {platform.python_version()}; load average "
          f"{os.getloadavg()[0]:.1f}; source: {args.src}")
    print(f"anchor (zlib level 6, 16 MiB): {cpu_anchor * 1000:.0f} ms CPU")
    print(f"submit, median of {args.n}: {wall * 1000:.1f} ms wall, {cpu * 1000:.1f} ms CPU "
          f"= {cpu / cpu_anchor:.3f} anchors; receipts rendered in the submitting process: "
          f"{receipts} of {Submission.objects.count()}")
    if not this_tree:
        return 0
    if cpu / cpu_anchor > TARGET_ANCHORS or receipts:
        print(f"above the target of {TARGET_ANCHORS} anchors (or a receipt was rendered)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
