"""allauth's mails outside a request: in Celery tasks, links are built from PUBLIC_BASE_URL.

allauth renders its mails (confirmation link, password link, "you already have an
account") with the current request: it builds absolute links from the request's host and
reads the site name from it. A background task has no request, so it enters a stand-in
for the portal's public address and the language of the page the person used.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.http import HttpRequest
from django.utils import translation

logger = logging.getLogger(__name__)


class BackgroundRequest(HttpRequest):
    """A request "to" PUBLIC_BASE_URL, made by nobody (no session, anonymous)."""

    def __init__(self) -> None:
        super().__init__()
        base = urlsplit(settings.PUBLIC_BASE_URL)
        self._public_scheme = base.scheme or "https"
        self._public_host = base.netloc
        self.method = "POST"  # allauth counts its per-address rate limits on non-GET only
        self.path = self.path_info = "/"
        self.META = {"REMOTE_ADDR": "127.0.0.1", "SERVER_NAME": base.hostname or "",
                     "SERVER_PORT": str(base.port or (443 if base.scheme == "https" else 80))}
        self.user = AnonymousUser()

    def get_host(self) -> str:
        return self._public_host

    def _get_scheme(self) -> str:
        return self._public_scheme


@contextmanager
def background_request(language: str | None) -> Iterator[HttpRequest]:
    """Enter allauth's request context with a stand-in request and the given language."""
    from allauth.core.context import request_context

    request = BackgroundRequest()
    lang = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    with translation.override(lang), request_context(request):
        request.LANGUAGE_CODE = lang
        yield request


def enqueue(task: Any, *args: Any, **kwargs: Any) -> bool:
    """Hand a task to the broker; if the broker is unreachable, log it instead of failing
    the person's request (the callers either keep a row a sweeper re-dispatches, or the
    person can simply ask again)."""
    from kombu.exceptions import OperationalError

    try:
        task.delay(*args, **kwargs)
    except (OperationalError, OSError) as exc:
        logger.warning("could not queue %s: %s", task.name, type(exc).__name__)
        return False
    return True


def enqueue_after_commit(task: Any, *args: Any) -> None:
    """Publish ``task`` after the current transaction commits, best effort.

    Only for mails whose argument is an e-mail address (the password link, also for new
    staff): they do not go through the database outbox, which would keep the address for
    its retention period. If the broker is down the mail is lost and the person asks for
    a new link ("Passwort vergessen"); nothing else depends on it (docs/operations.md).
    """
    transaction.on_commit(lambda: enqueue(task, *args))
