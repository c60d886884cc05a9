"""The load test's users (locust), at ``LOADTEST_MULTIPLIER`` × the peak hour of
docs/performance.md ("A large Jobcenter's peak hour"). Started by ``loadtest/run.py``
(``make loadtest``), which sets the environment:

    LOADTEST_MULTIPLIER   1, 10, …
    LOADTEST_CITIZENS     citizen accounts seeded (cycled through)
    LOADTEST_STAFF        staff accounts seeded (each caseworker user owns one)
    LOADTEST_REFERENCES   file to append the reference of every submitted application to

Arrival rates (per hour at 1×) and how the users produce them: each user class repeats
its journey with ``constant_pacing``, so rate = users / pacing.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import time

from locust import HttpUser, constant_pacing, task

from loadtest.journeys import Browser, JourneyError, photo_jpeg
from loadtest.peak import (
    APPLY_PACING,
    CASES_PER_QUEUE,
    QUEUE_PER_SESSION,
    STAFF_CYCLE,
    STAFF_PACING,
    UPLOADS_PER_SUBMISSION,
    VISIT_PACING,
    users,
)
from loadtest.seed import citizen_email, staff_email

M = float(os.environ.get("LOADTEST_MULTIPLIER", "1"))
CITIZENS = int(os.environ.get("LOADTEST_CITIZENS", "600"))
STAFF = int(os.environ.get("LOADTEST_STAFF", "60"))
REFERENCES = os.environ.get("LOADTEST_REFERENCES", "")

COUNTS = users(M)


_address = itertools.count(1)
_citizen = itertools.count(0)
_staff = itertools.count(0)
_photos = [photo_jpeg(n) for n in range(UPLOADS_PER_SUBMISSION)]


def next_address() -> str:
    n = next(_address)
    return f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"


def next_citizen() -> str:
    return citizen_email(next(_citizen) % CITIZENS)


class Web(HttpUser):
    abstract = True

    def browser(self) -> Browser:
        self.client.cookies.clear()
        return Browser(self.client, self.host, self.address, locust=True)

    def on_start(self) -> None:
        self.address = next_address()


class Applicant(Web):
    """Signs in, applies for Erstausstattung with three photos, signs out."""

    fixed_count = COUNTS["Applicant"]
    wait_time = constant_pacing(APPLY_PACING)

    @task
    def apply(self) -> None:
        browser = self.browser()
        try:
            browser.citizen_login(next_citizen())
            reference = browser.apply_erstausstattung(_photos)
            if REFERENCES:
                with open(REFERENCES, "a") as out:
                    out.write(reference + "\n")
            browser.overview()
            browser.logout()
        except JourneyError:
            pass  # recorded as a failure by the browser


class Visitor(Web):
    """Signs in, looks at the overview and the applications, signs out."""

    fixed_count = COUNTS["Visitor"]
    wait_time = constant_pacing(VISIT_PACING)

    @task
    def visit(self) -> None:
        browser = self.browser()
        try:
            browser.citizen_login(next_citizen())
            browser.overview()
            browser.logout()
        except JourneyError:
            pass


class Caseworker(Web):
    """Signs in with password and authenticator code, works the queue (each view followed
    by case views), signs out."""

    fixed_count = COUNTS["Caseworker"]
    wait_time = constant_pacing(STAFF_PACING)

    def on_start(self) -> None:
        super().on_start()
        self.email = staff_email(next(_staff) % STAFF)

    @task
    def work(self) -> None:
        browser = self.browser()
        try:
            browser.staff_login(self.email)
            for cycle in range(QUEUE_PER_SESSION):
                started = time.monotonic()
                cases = browser.queue("?sortierung=-received" if cycle % 2 else "")
                for path in cases[:CASES_PER_QUEUE]:
                    browser.case(path)
                time.sleep(max(0.0, STAFF_CYCLE - (time.monotonic() - started)))
            browser.logout()
        except JourneyError:
            pass


class Anchor(Web):
    """The anchor, measured in the same run under the same load: the health check (all
    middleware and one database round trip), once a second."""

    fixed_count = COUNTS["Anchor"]
    wait_time = constant_pacing(1.0)

    @task
    def health(self) -> None:
        with contextlib.suppress(JourneyError):  # recorded as a failure by the browser
            self.browser().get("/healthz/")
