"""Nothing lost, nothing doubled — with real Celery worker processes on a real Redis.

Each test starts a redis-server of its own (never the shared one) and worker processes on
the test database (PostgreSQL, or SQLite as a file). The citizen submits through the real
view; the sweeper is ``manage.py outbox sweep``.

(a) the worker is SIGKILLed while the eAkte intake runs → a new worker and the sweeper
    make exactly one case and one notice;
(b) the broker is down at submit → the citizen gets the receipt, and once the broker is
    back the case appears exactly once;
(c) the same message is delivered several times, also concurrently and past the outbox →
    exactly one case and one notice.
"""

from __future__ import annotations

import io
import time

import pytest
from django.core.management import call_command
from django.urls import reverse
from loadtest.stack import free_port

from jobcenter.antraege.models import Submission
from jobcenter.antraege.tasks import submission_received
from jobcenter.casefiles.models import Case
from jobcenter.formengine import registry
from jobcenter.formengine.services import draft_start
from jobcenter.notifications.models import Notification
from jobcenter.outbox.delivery import deliver
from jobcenter.outbox.models import OutboxMessage
from tests.antraege.test_mapping import single_no_income
from tests.integration.processes import (
    RedisServer,
    Worker,
    broker,
    database_is_shareable,
    wait_for,
)

pytestmark = [pytest.mark.celery_worker, pytest.mark.xdist_group("celery"),
              pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _shareable_database():
    if not database_is_shareable():
        pytest.skip("the worker processes need the test database as a file: run "
                    "`pytest -m celery_worker` on its own (as make test does)")


def submit(client, citizen) -> tuple[Submission, object, float]:
    draft = draft_start(user=citizen, form=registry.get_form("hauptantrag"))
    draft.answers = single_no_income()
    draft.save(update_fields=["answers"])
    client.force_login(citizen)
    started = time.monotonic()
    response = client.post(reverse("formengine:submit", kwargs={"draft_id": draft.public_id}),
                           {"declaration": "1"})
    elapsed = time.monotonic() - started
    return Submission.objects.get(draft_key=str(draft.public_id)), response, elapsed


def hand_over_of(submission: Submission) -> OutboxMessage:
    return OutboxMessage.objects.get(key=f"antraege.submission_received:{submission.pk}")


def render_of(submission: Submission) -> OutboxMessage:
    """The receipt's render: written with the submission; it writes the hand-over."""
    return OutboxMessage.objects.get(key=f"antraege.receipt_render:{submission.pk}")


def everything_done() -> bool:
    return not OutboxMessage.objects.exclude(status=OutboxMessage.Status.DONE).exists()


def sweep() -> str:
    out = io.StringIO()
    call_command("outbox", "sweep", stdout=out)
    return out.getvalue()


def received_notices(log: str, submission: Submission) -> int:
    """E-mails of the "application received" notice in a worker's console output (the
    notice links to the submission's page)."""
    link = reverse("antraege:detail", kwargs={"reference": submission.reference})
    return log.count(link)


def assert_exactly_once(submission: Submission, *workers: Worker) -> None:
    assert wait_for(everything_done, timeout=60), (
        list(OutboxMessage.objects.values("task", "status", "attempts", "last_error")),
        *[w.log()[-3000:] for w in workers])
    submission.refresh_from_db()
    assert submission.handed_over_at is not None
    assert Case.objects.filter(submission_id=submission.pk).count() == 1
    notices = Notification.objects.filter(dedup_key=f"submission:{submission.pk}")
    assert [(n.status, n.attempts) for n in notices] == [(Notification.Status.SENT, 1)]
    assert sum(received_notices(w.log(), submission) for w in workers) == 1


def test_a_worker_killed_during_the_intake_loses_nothing(
        client, citizen, redis, workers, settings, tmp_path):
    settings.OUTBOX_GRACE_SECONDS = 1  # the sweeper may hand over again after a second
    in_intake = tmp_path / "in-intake"
    with broker(redis.broker_url):
        submission, response, _elapsed = submit(client, citizen)
        assert response.status_code == 302
        # The worker starts after the request: on SQLite its paused transaction would hold
        # the database's write lock while the request still saves its session.
        dying = workers("dying", redis.broker_url, pause_in_intake=in_intake)
        assert wait_for(in_intake.exists, timeout=60), dying.log()
        # The case exists inside the worker's open transaction only.
        assert not Case.objects.filter(submission_id=submission.pk).exists()
        dying.kill()

        message = hand_over_of(submission)
        assert (message.status, message.attempts) == (OutboxMessage.Status.PENDING, 1)
        assert not Case.objects.exists()
        assert Submission.objects.get(pk=submission.pk).handed_over_at is None
        assert not Notification.objects.exists()

        fresh = workers("fresh", redis.broker_url)
        assert wait_for(lambda: "erneut zugestellt: 1," in sweep(), timeout=10)
        assert_exactly_once(submission, dying, fresh)
    assert hand_over_of(submission).attempts == 2
    assert received_notices(dying.log(), submission) == 0


def test_broker_down_at_submit_gives_the_receipt_and_the_case_once_the_broker_is_back(
        client, citizen, workers, tmp_path):
    redis = RedisServer(tmp_path / "redis", port=free_port())  # not started: nothing listens
    try:
        with broker(redis.broker_url):
            submission, response, elapsed = submit(client, citizen)
            assert response.status_code == 302
            assert response.url == reverse("antraege:detail",
                                           kwargs={"reference": submission.reference})
            receipt = client.get(response.url)
            assert receipt.status_code == 200
            assert submission.reference in receipt.content.decode()
            assert elapsed < 10, f"the submit took {elapsed:.1f} s with the broker down"
            message = render_of(submission)
            assert (message.status, message.attempts) == (OutboxMessage.Status.PENDING, 0)
            assert "publish failed" in message.last_error
            with pytest.raises(Exception, match="Broker nicht erreichbar"):
                sweep()
            assert not Case.objects.exists()

            redis.start()  # the broker is back
            worker = workers("after-outage", redis.broker_url)
            assert "erneut zugestellt: 1," in sweep()
            assert_exactly_once(submission, worker)
            assert sweep().startswith("erneut zugestellt: 0,")  # nothing left to do
    finally:
        redis.stop()


def test_the_same_message_delivered_again_and_again_makes_one_case_and_one_notice(
        client, citizen, redis, workers):
    # Two consumers at once (threads), so that duplicates also meet concurrently.
    worker = workers("duplicates", redis.broker_url, pool="threads", concurrency=2)
    with broker(redis.broker_url):
        submission, response, _elapsed = submit(client, citizen)
        assert response.status_code == 302
        render = render_of(submission)
        for _ in range(2):  # the receipt's render arrives again
            deliver.apply_async(args=(render.pk,))
        assert wait_for(lambda: OutboxMessage.objects.filter(
            key=f"antraege.submission_received:{submission.pk}").exists(), timeout=30)
        message = hand_over_of(submission)
        for _ in range(3):  # the broker redelivers the outbox's message …
            deliver.apply_async(args=(message.pk,))
        for _ in range(2):  # … and the task itself arrives past the outbox
            submission_received.apply_async(args=(submission.pk,))
        assert_exactly_once(submission, worker)
        # Every message has run: each outbox message once after its commit, plus the seven
        # duplicates; none of them failed.
        expected = OutboxMessage.objects.count() + 7
        assert wait_for(lambda: worker.log().count(" succeeded in ") >= expected,
                        timeout=30), worker.log()[-3000:]
        assert "raised unexpected" not in worker.log()
    assert Case.objects.count() == 1
    assert Notification.objects.filter(dedup_key=f"submission:{submission.pk}").count() == 1
    assert hand_over_of(submission).attempts == 1
