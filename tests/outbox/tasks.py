"""Celery tasks for the outbox tests (registered when imported; never in production)."""

from __future__ import annotations

import time

from celery import shared_task
from django.contrib.sessions.models import Session
from django.utils import timezone

#: Keys of the task runs in this process, in order.
RUNS: list[str] = []


@shared_task(name="tests.outbox.touch")
def touch(key: str, fail: bool = False, pause: float = 0.0) -> str:
    """A task with a database write (a session row), optionally slow or failing."""
    Session.objects.create(session_key=key, session_data="", expire_date=timezone.now())
    RUNS.append(key)
    time.sleep(pause)
    if fail:
        raise RuntimeError("touch failed")
    return key


@shared_task(name="tests.outbox.outside", outbox_atomic=False)
def outside(key: str, fail: bool = False) -> str:
    """A task with effects outside the database: it keeps its own transactions."""
    Session.objects.create(session_key=key, session_data="", expire_date=timezone.now())
    RUNS.append(key)
    if fail:
        raise OSError("smtp down")
    return key
