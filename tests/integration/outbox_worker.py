"""A Celery worker process for the fault tests (test code only; never shipped).

    python -m tests.integration.outbox_worker [celery worker options]

With ``JC_TEST_PAUSE_IN_INTAKE=<file>`` the eAkte intake writes ``<file>`` once it has
created the case (inside the hand-over's open transaction) and then waits, so that the test
can kill the process at exactly that point.
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


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobcenter.config.settings")
    django.setup()
    if marker := os.environ.get("JC_TEST_PAUSE_IN_INTAKE"):
        pause_in_intake(Path(marker))
    from jobcenter import celery_app

    celery_app.worker_main(["worker", "--loglevel=INFO", "--without-mingle", "--without-gossip",
                            "--without-heartbeat", *argv])


if __name__ == "__main__":
    main(sys.argv[1:])
