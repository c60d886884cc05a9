"""A Celery worker process for the fault tests (test code only; never shipped).

    python -m tests.integration.outbox_worker [celery worker options]

With ``JC_TEST_PAUSE_IN_INTAKE=<file>`` the eAkte intake writes ``<file>`` once it has
created the case (inside the hand-over's open transaction) and then waits, so that the test
can kill the process at exactly that point. With ``JC_TEST_SLOW_BULK_SECONDS=<s>`` it knows
the bulk run kind ``tests.slow_bulk``, whose every chunk takes that long.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import django


def pause_in_intake(marker: Path) -> None:
    from jobcenter.casefiles import services

    intake = services.case_intake

    def intake_then_wait(**kwargs):  # noqa: ANN202
        case = intake(**kwargs)
        marker.write_text(str(case.pk))
        time.sleep(300)  # until the test kills the process
        return case

    services.case_intake = intake_then_wait


SLOW_BULK = "tests.slow_bulk"


def slow_bulk_kind(seconds: float):  # noqa: ANN201 - outbox.bulk.Kind
    """A bulk run whose every chunk takes ``seconds`` (one key per chunk, one row each):
    keeps the workers of the ``bulk`` queue busy for as long as a test needs."""
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from jobcenter.outbox import bulk

    def chunk(partition, size):  # noqa: ANN001, ANN202
        time.sleep(seconds)
        key = partition.cursor + 1
        Session.objects.create(session_key=f"slow-bulk-{key}", session_data="",
                               expire_date=timezone.now())
        return bulk.ChunkResult(processed=1, cursor=key, done=key >= partition.hi)

    return bulk.Kind(chunk=chunk, finish=lambda run: {}, chunk_size=1)


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobcenter.config.settings")
    django.setup()
    if marker := os.environ.get("JC_TEST_PAUSE_IN_INTAKE"):
        pause_in_intake(Path(marker))
    if seconds := os.environ.get("JC_TEST_SLOW_BULK_SECONDS"):
        from jobcenter.outbox import bulk

        bulk.register(SLOW_BULK, slow_bulk_kind(float(seconds)))
    from jobcenter import celery_app

    celery_app.worker_main(["worker", "--loglevel=INFO", "--without-mingle", "--without-gossip",
                            "--without-heartbeat", *argv])


if __name__ == "__main__":
    main(sys.argv[1:])
