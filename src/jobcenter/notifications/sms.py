"""SMS through a provider interface (docs/operations.md, "Notifications: e-mail and SMS").

``SMS_BACKEND`` chooses the provider:

* ``console`` (``make run``, development): the message is written to the log of the worker;
* ``http``: an HTTP SMS gateway. ``POST SMS_GATEWAY_URL`` with a JSON body
  ``{"to": "+49…", "text": "…", "sender": SMS_SENDER}`` and ``Authorization: Bearer
  SMS_GATEWAY_TOKEN``. A 2xx answer is accepted (its JSON ``id``, if any, is kept as the
  provider's reference); 400, 404, 410 and 422 mean the number is refused for good
  (*bounced*, not retried); anything else (5xx, 429, a timeout, no connection) is a
  temporary failure that the outbox retries with backoff;
* ``""`` (empty): no SMS channel — the preference page offers no SMS.

The message never contains personal data: the notice's kind, the Jobcenter's reminder text
and a link into the account (checked by ``tests/notifications``).
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings

logger = logging.getLogger(__name__)

#: Answers of the gateway that mean "this number will never work" (no retry).
PERMANENT_STATUS = frozenset({400, 404, 410, 422})


@dataclass(frozen=True)
class SmsResult:
    ok: bool
    permanent: bool = False  # a refusal for good (bounce): do not retry
    reference: str = ""  # the provider's message id
    error: str = ""


class SmsProvider(Protocol):
    name: str

    def send(self, *, to: str, text: str) -> SmsResult: ...


class ConsoleSms:
    """For ``make run``: the SMS is logged by the worker, nothing leaves the machine."""

    name = "console"

    def send(self, *, to: str, text: str) -> SmsResult:
        logger.warning("SMS to %s: %s", to, text)
        return SmsResult(ok=True, reference="console")


class HttpSmsGateway:
    """A generic HTTP SMS gateway (JSON in, JSON out, bearer token)."""

    name = "http"

    def __init__(self, *, url: str, token: str, sender: str, timeout: float = 10.0,
                 opener: urllib.request.OpenerDirector | None = None) -> None:
        if not url.startswith(("https://", "http://")):
            raise ValueError("SMS_GATEWAY_URL must be an http(s) URL")
        self.url = url
        self.token = token
        self.sender = sender
        self.timeout = timeout
        self.opener = opener or urllib.request.build_opener()

    def send(self, *, to: str, text: str) -> SmsResult:
        body = json.dumps({"to": to, "text": text, "sender": self.sender}).encode()
        request = urllib.request.Request(  # noqa: S310  # http(s) only: checked in __init__
            self.url, data=body, method="POST", headers={
            "Content-Type": "application/json", "Accept": "application/json",
            "Authorization": f"Bearer {self.token}"})
        try:
            with self.opener.open(request, timeout=self.timeout) as response:  # noqa: S310
                raw = response.read(4096)
        except urllib.error.HTTPError as exc:
            return SmsResult(ok=False, permanent=exc.code in PERMANENT_STATUS,
                             error=f"HTTP {exc.code}")
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            return SmsResult(ok=False, error=f"{type(exc).__name__}: {reason}"[:300])
        reference = ""
        with contextlib.suppress(ValueError, AttributeError):  # no JSON, or not an object
            reference = str(json.loads(raw or b"{}").get("id", ""))[:40]
        return SmsResult(ok=True, reference=reference)


def provider() -> SmsProvider | None:
    """The configured provider, or None when the platform sends no SMS."""
    backend = getattr(settings, "SMS_BACKEND", "")
    if backend == "console":
        return ConsoleSms()
    if backend == "http":
        return HttpSmsGateway(url=settings.SMS_GATEWAY_URL, token=settings.SMS_GATEWAY_TOKEN,
                              sender=settings.SMS_SENDER,
                              timeout=settings.SMS_GATEWAY_TIMEOUT_SECONDS)
    return None


def sms_available() -> bool:
    return provider() is not None


_PHONE_CHARS = re.compile(r"[\s\-/().]")


def mobile_number(phone: str) -> str:
    """The profile's phone number in international form (+49…), or "" if it cannot be an
    SMS recipient (too short, letters)."""
    number = _PHONE_CHARS.sub("", phone or "")
    if number.startswith("00"):
        number = "+" + number[2:]
    elif number.startswith("0"):
        number = "+49" + number[1:]
    if not re.fullmatch(r"\+[1-9]\d{7,14}", number):
        return ""
    return number
