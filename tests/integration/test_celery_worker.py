"""Integration: background work runs in a real Celery worker over the configured broker.

In CI (`.ci/run`) CELERY_BROKER_URL points at Redis; locally the broker-less filesystem
transport of `make run` is used. The worker runs in a thread of the test process.
"""

from __future__ import annotations

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.db import transaction

from jobcenter import celery_app
from jobcenter.notifications.models import Notification
from jobcenter.notifications.services import notify
from tests.integration.processes import wait_for

pytestmark = [pytest.mark.celery_worker, pytest.mark.xdist_group("celery")]


@pytest.fixture
def worker(transactional_db):
    # Messages left in the broker by an earlier, interrupted run refer to rows of a database
    # that no longer exists; drop them so that the worker starts with this test's tasks.
    celery_app.control.purge()
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10,
                      loglevel="WARNING"):
        # start_worker returns before the consumer is running; wait until the worker
        # answers a ping over the broker (no result backend needed), so that the test's
        # tasks are published to a worker that is listening.
        assert wait_for(lambda: bool(celery_app.control.ping(timeout=0.5)), timeout=30.0), (
            "the Celery worker did not answer a ping"
        )
        yield


def test_a_notice_is_sent_by_the_worker_after_commit(worker, citizen):
    with transaction.atomic():
        notification = notify(user=citizen, template="submission_received",
                              dedup_key="test:worker:1", link_path="/portal/antraege/")
        assert notification.status == Notification.Status.PENDING

    assert wait_for(lambda: Notification.objects.get(pk=notification.pk).status == "sent"), (
        Notification.objects.values("status", "attempts", "last_error").get(pk=notification.pk)
    )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [citizen.email]


def test_the_same_occasion_is_notified_once_even_when_retried(worker, citizen):
    first = notify(user=citizen, template="status_changed", dedup_key="test:worker:2")
    second = notify(user=citizen, template="status_changed", dedup_key="test:worker:2")
    assert first.pk == second.pk
    assert wait_for(lambda: Notification.objects.get(pk=first.pk).status == "sent")
    # Running the task again (a retry after a lost acknowledgement) sends nothing more.
    from jobcenter.notifications.tasks import send_notification

    send_notification.delay(first.pk)
    assert wait_for(lambda: Notification.objects.get(pk=first.pk).attempts >= 1)
    time.sleep(2)  # give the worker time to (not) send the repeated task
    assert len(mail.outbox) == 1
    assert Notification.objects.get(pk=first.pk).attempts == 1
