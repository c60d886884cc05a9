"""The fault suite: the whole product as real processes — a private PostgreSQL cluster, a
private redis-server (cache and broker), gunicorn, a Celery worker — and citizens submitting
applications through the real pages while a part fails:

* PostgreSQL restarted (immediate shutdown, like a crash) during submissions;
* Redis (cache and broker, without persistence: queued messages are lost) restarted during
  submissions;
* the Celery worker killed (SIGKILL, the whole process group) in the middle of the chain
  submission → case → automation → notice;
* every message delivered again (the outbox's and the task itself).

Each ends with nothing lost (every receipt the citizen got is exactly one submission, one
case and one notice) and nothing doubled. The sweeper is ``manage.py outbox sweep`` (beat
runs it every minute in production). Nothing of the machine's shared services is used
(``loadtest/stack.py``); the suite runs in ``make test`` (CI) and ``make loadtest``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
import requests
from loadtest.journeys import Browser, JourneyError, photo_jpeg
from loadtest.run import check_database, outbox_drained
from loadtest.seed import citizen_email
from loadtest.stack import Stack, wait_for

pytestmark = [pytest.mark.celery_worker, pytest.mark.faults, pytest.mark.xdist_group("faults")]

CITIZENS = 40
PHOTO = photo_jpeg(7, size=(800, 600))
_next_citizen = iter(range(CITIZENS))


@pytest.fixture(scope="module")
def stack(tmp_path_factory) -> Iterator[Stack]:
    # A hand-over not done within 2 s counts as lost (production: 5 minutes), so that the
    # sweeper takes over within the test; anything it hands over twice must stay single.
    stack = Stack(tmp_path_factory.mktemp("faults"), web_workers=2, worker_concurrency=2,
                  extra_env={"OUTBOX_GRACE_SECONDS": "2"})
    try:
        stack.start_services()
        stack.prepare("--citizens", str(CITIZENS), "--staff", "2")
        stack.start_web()
        stack.start_worker("worker-1")
        yield stack
    finally:
        stack.stop()


def sweep(stack: Stack) -> str:
    """The sweeper, as beat runs it every minute."""
    return stack.manage("outbox", "sweep", timeout=120)


def settle(stack: Stack, timeout: float = 120) -> None:
    """Run the sweeper until every hand-over is done."""

    def done() -> bool:
        if outbox_drained(stack):
            return True
        sweep(stack)
        return outbox_drained(stack)

    assert wait_for(done, timeout=timeout, step=2), (
        stack.query("SELECT task, status, attempts, last_error FROM outbox_outboxmessage "
                    "WHERE status <> 'done'"), stack.workers[-1].log()[-3000:])


def assert_exactly_once(stack: Stack, references: list[str]) -> None:
    checks = check_database(stack, references)
    assert checks["references_found"] == len(references) == len(set(references)), checks
    assert checks["submissions_without_exactly_one_case"] == [], checks
    assert checks["submissions_without_exactly_one_notice"] == [], checks
    assert checks["not_handed_over"] == 0, checks
    assert checks["outbox_not_done"] == [], checks
    # one "received" e-mail per notice: the notices are sent (status) exactly once
    unsent = stack.query("SELECT count(*) FROM notifications_notification "
                         "WHERE status <> 'sent' OR attempts <> 1")[0][0]
    assert unsent == 0


class Citizens:
    """``n`` citizens submitting an application each, in parallel threads, retrying a 503
    or a refused connection like a person told "bitte gleich noch einmal"."""

    def __init__(self, stack: Stack, n: int, *, retry: float = 60.0,
                 pause_before_submit: float = 0.0):
        self.references: list[str] = []
        self.errors: list[str] = []
        self.unavailable = 0
        self.submitting = threading.Event()
        self._threads = [threading.Thread(target=self._one, args=(stack, retry,
                                                                  pause_before_submit))
                         for _ in range(n)]
        self._lock = threading.Lock()
        for thread in self._threads:
            thread.start()

    def _one(self, stack: Stack, retry: float, pause: float) -> None:
        number = next(_next_citizen)
        browser = Browser(requests.Session(), stack.base_url, f"10.77.0.{number + 1}",
                          retry_unavailable=retry)

        def before_submit() -> None:
            self.submitting.set()
            time.sleep(pause)

        try:
            browser.citizen_login(citizen_email(number))
            reference = browser.apply_erstausstattung([PHOTO], before_submit=before_submit)
            browser.overview()
            with self._lock:
                self.references.append(reference)
        except JourneyError as error:
            with self._lock:
                self.errors.append(str(error))
        finally:
            with self._lock:
                self.unavailable += browser.unavailable

    def join(self, timeout: float = 240) -> None:
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(0.1, deadline - time.monotonic()))
        assert not any(t.is_alive() for t in self._threads), "a citizen's journey hangs"


def test_postgresql_restarted_during_submissions_loses_and_doubles_nothing(stack):
    citizens = Citizens(stack, 6, pause_before_submit=1.0)
    assert citizens.submitting.wait(120)
    time.sleep(0.5)
    stack.postgres.restart("immediate", down_seconds=3)  # a crash: every connection cut
    citizens.join()
    assert citizens.errors == []
    assert citizens.unavailable > 0  # they met the outage (503 "bitte gleich noch einmal")
    assert len(citizens.references) == 6
    settle(stack)
    assert_exactly_once(stack, citizens.references)
    assert stack.web is not None and stack.web.alive()


def test_redis_restarted_during_submissions_loses_and_doubles_nothing(stack):
    """Redis is the cache (sign-in throttle, upload limits) and the broker; without
    persistence a restart loses every queued message — the outbox hands them over again."""
    citizens = Citizens(stack, 6, pause_before_submit=1.0)
    assert citizens.submitting.wait(120)
    time.sleep(0.5)
    stack.redis.restart(down_seconds=3)
    citizens.join()
    assert citizens.errors == []
    assert len(citizens.references) == 6
    settle(stack)
    assert_exactly_once(stack, citizens.references)
    assert all(worker.alive() for worker in stack.workers[-1:])


def test_worker_killed_mid_chain_loses_and_doubles_nothing(stack):
    """SIGKILL to the worker's process group while it works through submissions and their
    follow-ups (automation, notices); a new worker and the sweeper finish the chain."""
    worker = stack.workers[-1]
    citizens = Citizens(stack, 8)
    # Kill as soon as the first case of this test exists: the others are in flight.
    before = stack.query("SELECT count(*) FROM casefiles_case")[0][0]
    assert wait_for(lambda: stack.query("SELECT count(*) FROM casefiles_case")[0][0] > before,
                    timeout=120, step=0.05)
    worker.kill()
    unfinished = stack.query("SELECT count(*) FROM outbox_outboxmessage WHERE status <> 'done'")
    assert unfinished[0][0] > 0  # the chain was cut in the middle
    citizens.join()
    assert citizens.errors == []  # the citizens do not notice: they get their receipts
    assert len(citizens.references) == 8
    stack.start_worker(f"worker-{len(stack.workers) + 1}")
    settle(stack)
    assert_exactly_once(stack, citizens.references)


def test_every_message_delivered_again_changes_nothing(stack):
    """The broker redelivers: every outbox message once more, and the hand-over task itself
    past the outbox, twice — no second case, notice or e-mail."""
    citizens = Citizens(stack, 3)
    citizens.join()
    assert citizens.errors == []
    settle(stack)
    counts = stack.query("SELECT (SELECT count(*) FROM casefiles_case), "
                         "(SELECT count(*) FROM notifications_notification), "
                         "(SELECT count(*) FROM outbox_outboxmessage)")[0]
    log_before = len(stack.workers[-1].log())
    stack.manage("shell", "-c", (
        "from jobcenter.outbox.delivery import deliver\n"
        "from jobcenter.outbox.models import OutboxMessage\n"
        "from jobcenter.antraege.models import Submission\n"
        "from jobcenter.antraege.tasks import submission_received\n"
        "for pk in OutboxMessage.objects.values_list('pk', flat=True):\n"
        "    deliver.apply_async(args=(pk,))\n"
        "for pk in Submission.objects.values_list('pk', flat=True):\n"
        "    submission_received.apply_async(args=(pk,))\n"
        "    submission_received.apply_async(args=(pk,))\n"))
    messages = counts[2]
    submissions = stack.query("SELECT count(*) FROM antraege_submission")[0][0]
    expected = messages + 2 * submissions
    assert wait_for(lambda: stack.workers[-1].log()[log_before:].count(" succeeded in ")
                    >= expected, timeout=120, step=0.5), stack.workers[-1].log()[-3000:]
    assert "raised unexpected" not in stack.workers[-1].log()[log_before:]
    after = stack.query("SELECT (SELECT count(*) FROM casefiles_case), "
                        "(SELECT count(*) FROM notifications_notification), "
                        "(SELECT count(*) FROM outbox_outboxmessage)")[0]
    assert after == counts
    all_references = [r[0] for r in stack.query("SELECT reference FROM antraege_submission")]
    assert_exactly_once(stack, all_references)


def test_redis_down_a_sign_in_gets_the_503_page_and_works_again_afterwards(stack):
    """The sign-in throttle counts in Redis: with Redis down, the sign-in answers the
    friendly 503 ("bitte gleich noch einmal") at once, not a server error or a hang — and
    it is not waved through uncounted either."""
    browser = Browser(requests.Session(), stack.base_url, "10.78.0.1")
    browser.get("/konto/login/")
    token = browser.csrf()
    stack.redis.stop()
    try:
        started = time.monotonic()
        answer = browser.http.post(
            stack.base_url + "/konto/login/", allow_redirects=False, timeout=30,
            headers={"X-Forwarded-For": "10.78.0.1", "Referer": browser.url},
            data={"csrfmiddlewaretoken": token, "login": citizen_email(CITIZENS - 1),
                  "password": "Last-Test-Passwort-2026"})
        elapsed = time.monotonic() - started
    finally:
        stack.redis.start()
    assert answer.status_code == 503, answer.text[:500]
    assert "gleich noch einmal" in answer.text
    assert answer.headers["Retry-After"] == "30"
    assert elapsed < 5
    browser.citizen_login(citizen_email(CITIZENS - 1))  # Redis is back: the sign-in works
