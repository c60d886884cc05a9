"""Bulk runs never delay interactive work — with real Celery worker processes on Redis.

One worker serves the ``bulk`` queue, one the ``interactive`` queue (as in production and
``make run``, docs/operations.md "Queues and workers"). A bulk run of 40 partitions, each
taking a second, is handed over first; then a citizen submits an application. The
application reaches the eAkte and the citizen's notice is sent within
``INTERACTIVE_WITHIN`` seconds, while the bulk run is still going — behind one shared queue
it would wait for the whole bulk run.
"""

from __future__ import annotations

import time

import pytest
from django.db import transaction

from jobcenter.casefiles.models import Case
from jobcenter.notifications.models import Notification
from jobcenter.outbox import bulk
from jobcenter.outbox.models import BulkPartition, BulkRun
from tests.integration.outbox_worker import SLOW_BULK, slow_bulk_kind
from tests.integration.processes import broker, database_is_shareable, wait_for
from tests.integration.test_outbox_worker import submit

pytestmark = [pytest.mark.celery_worker, pytest.mark.xdist_group("celery"),
              pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _shareable_database():
    if not database_is_shareable():
        pytest.skip("the worker processes need the test database as a file: run "
                    "`pytest -m celery_worker` on its own (as make test does)")

#: Seconds from "Absenden" until the case is in the eAkte and the notice is sent.
INTERACTIVE_WITHIN = 20.0
PARTITIONS = 40
CHUNK_SECONDS = 1.0


def test_a_submission_reaches_the_eakte_and_its_notice_during_a_bulk_run(
        client, citizen, jobcenter, redis, workers):
    bulk.register(SLOW_BULK, slow_bulk_kind(CHUNK_SECONDS))
    workers("bulk", redis.broker_url, queues="bulk", slow_bulk_seconds=CHUNK_SECONDS)
    workers("interactive", redis.broker_url, queues="interactive")
    with broker(redis.broker_url):
        run = bulk.bulk_run_start(kind=SLOW_BULK, ref="busy", partitions=lambda: list(
            bulk.ranges([(jobcenter.pk, key) for key in range(1, PARTITIONS + 1)], size=1)))
        with transaction.atomic():
            assert bulk.bulk_run_dispatch(run=run) == PARTITIONS
        assert wait_for(lambda: BulkPartition.objects.filter(
            run=run, status=BulkPartition.Status.DONE).exists(), timeout=30), (
            "the bulk worker did not start the bulk run")

        submission, response, _elapsed = submit(client, citizen)
        started = time.monotonic()
        assert response.status_code == 302, response

        def arrived() -> bool:
            return (Case.objects.filter(submission_id=submission.pk).exists()
                    and Notification.objects.filter(dedup_key=f"submission:{submission.pk}",
                                                    status="sent").exists())

        assert wait_for(arrived, timeout=INTERACTIVE_WITHIN), (
            "the application did not reach the eAkte with its notice in "
            f"{INTERACTIVE_WITHIN:.0f} s during the bulk run")
        took = time.monotonic() - started
        # it really was during the bulk run: most partitions are still waiting
        left = BulkPartition.objects.filter(run=run).exclude(
            status=BulkPartition.Status.DONE).count()
        assert left > PARTITIONS // 4, (took, left)
        assert BulkRun.objects.get(pk=run.pk).status == BulkRun.Status.RUNNING
        print(f"eAkte and notice after {took:.1f} s; {left} of {PARTITIONS} bulk partitions "
              "still waiting")
