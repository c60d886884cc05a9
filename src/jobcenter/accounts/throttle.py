"""Slowing down password and code guessing without letting anyone lock the owner out.

Every failed sign-in step — a wrong password at the login, a wrong second-factor code, a
wrong password or code when re-authenticating — counts against

* **client**: this account from this client. A client is a *known device* (a browser that
  completed a sign-in to this account before: signed cookie, see below) or else the
  client's address;
* **address**: this address, all accounts (password spraying). Known devices are exempt;
* **account**: this account, all clients that are not known devices together (guessing
  from many addresses). Known devices are exempt.

After ``free`` failures in a scope, each further attempt has to wait ``base`` seconds,
doubling with every failure up to ``cap``; a scope forgets its failures ``memory``
seconds after the last one, and a complete sign-in forgets the client's. An attempt made
while a wait runs is not evaluated at all (the password is not even checked) and answered
with HTTP 429 and the remaining time. Besides, a client that is not a known device may
make at most ``attempts_per_minute`` attempts per address and minute, right or wrong.

No scope ever blocks the owner for good: on a device they signed in with before only
their own failures count; a passkey needs no password; and the password-reset link marks
the browser it is opened in as a known device. The owner is told by e-mail (once a
calendar day in Europe/Berlin) when a long delay begins. Everything lives in the cache
(Redis in production), so it holds across processes and restarts of the web servers.
The scopes are keyed by the address typed in, never by whether an account exists, so the
answers are the same for unknown addresses. Cache keys hold keyed hashes, not addresses.

Settings: ``LOGIN_THROTTLE`` (config/settings.py); threat model in docs/security.md.
"""

from __future__ import annotations

import datetime as dt
import math
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext

from jobcenter.accounts.durations import duration_text
from jobcenter.core.arbeitstage import berlin_date, day_start
from jobcenter.notifications.services import notify

PREFIX = "jc:login-throttle"
DEVICE_SALT = "jobcenter.accounts.known-device"
DEVICES_PER_BROWSER = 5

T = TypeVar("T")


def _conf() -> dict[str, Any]:
    return settings.LOGIN_THROTTLE


def _now() -> float:
    return time.time()


def normalise(identifier: str | None) -> str:
    return (identifier or "").strip().lower()


def _digest(kind: str, value: str) -> str:
    return salted_hmac(f"{PREFIX}:{kind}", value).hexdigest()[:32]


def _client_address(request: HttpRequest) -> str:
    from allauth.account.adapter import get_adapter

    try:
        return get_adapter().get_client_ip(request)
    except Exception:  # no address at all (a broken proxy): one shared bucket  # noqa: BLE001
        return "unknown"


# --- Known devices --------------------------------------------------------------------


def device_cookie_name() -> str:
    return "__Host-jc_device" if settings.SESSION_COOKIE_SECURE else "jc_device"


def _device_entries(request: HttpRequest) -> list[list[str]]:
    raw = request.COOKIES.get(device_cookie_name())
    if not raw:
        return []
    try:
        data = signing.loads(raw, salt=DEVICE_SALT,
                             max_age=_conf()["device_days"] * 86400)
    except signing.BadSignature:
        return []
    if not isinstance(data, list):
        return []
    return [entry for entry in data if isinstance(entry, list) and len(entry) == 2
            and all(isinstance(part, str) for part in entry)][:DEVICES_PER_BROWSER]


def _device_nonce(request: HttpRequest, account: str) -> str | None:
    for owner, nonce in _device_entries(request):
        if owner == account:
            return nonce
    return None


def _remember_device(request: HttpRequest, account: str) -> None:
    entries = [entry for entry in _device_entries(request) if entry[0] != account]
    nonce = _device_nonce(request, account) or secrets.token_urlsafe(16)
    request.jc_known_devices = [[account, nonce], *entries][:DEVICES_PER_BROWSER]  # type: ignore[attr-defined]  # per-request state for the middleware


def mark_known_device(request: HttpRequest, *, identifier: str) -> None:
    """Make this browser a known device of the account (after the password-reset link)."""
    _remember_device(request, _digest("account", normalise(identifier)))


# --- Scopes ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    rule: str  # "client", "address" or "account"
    key: str


def _scopes(request: HttpRequest, identifier: str) -> tuple[list[Scope], str | None]:
    """The scopes an attempt counts against, and the client's address (None for a known
    device, which is only counted as itself)."""
    account = _digest("account", normalise(identifier))
    nonce = _device_nonce(request, account)
    if nonce:
        return [Scope("client", f"{PREFIX}:device:{account}:{nonce}")], None
    address = _digest("address", _client_address(request))
    return [
        Scope("client", f"{PREFIX}:client:{account}:{address}"),
        Scope("address", f"{PREFIX}:address:{address}"),
        Scope("account", f"{PREFIX}:account:{account}"),
    ], address


def _increment(key: str, timeout: int) -> int:
    cache.add(key, 0, timeout=timeout)
    try:
        value = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=timeout)
        value = 1
    cache.touch(key, timeout)
    return int(value)


def delay_after(failures: int, rule: dict[str, int]) -> int:
    """Seconds to wait after ``failures`` failures in a scope with this rule."""
    if failures < rule["free"]:
        return 0
    return int(min(rule["base"] * 2 ** min(failures - rule["free"], 30), rule["cap"]))


# --- The three calls of the sign-in paths ---------------------------------------------


def login_throttle_check(request: HttpRequest, *, identifier: str,
                         step: str = "password") -> None:
    """Before a password (``step="password"``) or code (``"code"``) is checked: raise a
    ``ValidationError`` with the remaining wait (and mark the response as HTTP 429) if
    this attempt has to wait."""
    scopes, address = _scopes(request, identifier)
    now = _now()
    waits = [until - now for until in cache.get_many([f"{s.key}:wait" for s in scopes]).values()]
    if address is not None:
        minute = int(now // 60)
        attempts = _increment(f"{PREFIX}:attempts:{address}:{minute}", 120)
        if attempts > _conf()["attempts_per_minute"]:
            waits.append(60 - now % 60)
    wait = max([0.0, *waits])
    if wait > 0:
        raise throttled_error(request, wait, step=step)


def login_throttle_failure(request: HttpRequest, *, identifier: str) -> int:
    """After a wrong password or code: count it; return the wait that now begins for this
    client (0: none). Starts the owner's e-mail when a long delay begins."""
    conf = _conf()
    scopes, _address = _scopes(request, identifier)
    now = _now()
    longest, notify = 0, False
    for scope in scopes:
        rule = conf[scope.rule]
        failures = _increment(f"{scope.key}:failures", rule["memory"])
        delay = delay_after(failures, rule)
        if not delay:
            continue
        cache.set(f"{scope.key}:wait", now + delay, timeout=delay)
        longest = max(longest, delay)
        if scope.rule != "address" and (
            delay >= conf["notify_from_delay"]
            or (scope.rule == "account" and failures == rule["free"])
        ):
            notify = True
    if notify:
        _queue_owner_notice(normalise(identifier), now)
    request.jc_wait_started = longest  # type: ignore[attr-defined]  # per-request state for the middleware
    return longest


def login_throttle_success(request: HttpRequest, *, identifier: str) -> None:
    """After a complete sign-in: forget this client's failures and remember the browser as
    a known device of the account. The address and account scopes are not reset (an
    attacker could otherwise interleave their own successful sign-ins)."""
    scopes, _address = _scopes(request, identifier)
    cache.delete_many([f"{s.key}:{part}" for s in scopes if s.rule == "client"
                       for part in ("failures", "wait")])
    _remember_device(request, _digest("account", normalise(identifier)))


def guarded(request: HttpRequest, identifier: str, check: Callable[[], T],
            failed_message: str) -> T:
    """Run ``check`` (which raises ``ValidationError`` on a wrong code) inside the throttle:
    refuse while a wait runs, count a failure, say when a wait begins."""
    login_throttle_check(request, identifier=identifier, step="code")
    try:
        return check()
    except ValidationError:
        wait = login_throttle_failure(request, identifier=identifier)
        if wait:
            raise ValidationError(f"{failed_message} {wait_note(wait)}",
                                  code="wait_started") from None
        raise


# --- Messages and the HTTP answer -----------------------------------------------------


def wait_note(seconds: float) -> str:
    return gettext("Zu Ihrem Schutz ist der nächste Versuch erst in %(wait)s möglich.") % {
        "wait": duration_text(seconds)}


def throttled_error(request: HttpRequest, seconds: float, *,
                    step: str = "password") -> ValidationError:
    request.jc_retry_after = max(1, int(seconds + 0.999))  # type: ignore[attr-defined]  # per-request state for the middleware
    message = gettext(
        "Zu viele fehlgeschlagene Anmeldeversuche. Zu Ihrem Schutz ist der nächste "
        "Versuch erst in %(wait)s möglich; bis dahin prüfen wir keine Eingabe. Ihr "
        "Konto ist nicht gesperrt."
    ) % {"wait": duration_text(seconds)}
    if step == "password":
        message += " " + gettext("Haben Sie Ihr Passwort vergessen, können Sie es "
                                 "zurücksetzen.")
    return ValidationError(message, code="too_many_login_attempts")


class LoginThrottleMiddleware:
    """Turns a sign-in form that was refused because of a running wait into HTTP 429 with
    ``Retry-After``, and sets the known-device cookie after a complete sign-in."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        retry_after = getattr(request, "jc_retry_after", None)
        if retry_after and response.status_code == 200:
            response.status_code = 429
            response["Retry-After"] = str(retry_after)
        devices = getattr(request, "jc_known_devices", None)
        if devices is not None:
            response.set_cookie(
                device_cookie_name(),
                signing.dumps(devices, salt=DEVICE_SALT, compress=True),
                max_age=_conf()["device_days"] * 86400,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response


# --- The owner's e-mail ---------------------------------------------------------------


def notice_day(now: float) -> tuple[str, int]:
    """The owner's day of the moment ``now`` (a Unix time): its Europe/Berlin calendar date
    (ISO, the notice's window) and the seconds from ``now`` to the end of that day — 23 or 25
    hours on the days the clocks change, not a fixed 86400."""
    day = berlin_date(dt.datetime.fromtimestamp(now, dt.UTC))
    end = day_start(day + dt.timedelta(days=1)).timestamp()
    return day.isoformat(), max(1, math.ceil(end - now))


def _queue_owner_notice(identifier: str, now: float) -> None:
    """Queue the e-mail to the account's owner once a day — a Berlin calendar day, the day
    the owner reads (the same for addresses without an account: the task finds none, so
    the answer's timing does not tell)."""
    from jobcenter.accounts.background import enqueue
    from jobcenter.accounts.tasks import notify_login_throttled

    window, until_midnight = notice_day(now)
    if cache.add(f"{PREFIX}:notified:{_digest('account', identifier)}:{window}", 1,
                 timeout=until_midnight):
        enqueue(notify_login_throttled, identifier, window)


def owner_notify(*, identifier: str, window: str) -> str:
    """The e-mail "someone keeps trying to sign in to your account" (no details: neither
    addresses nor times), through the notification service, once per account and Berlin
    day (``window``: the day's ISO date, from :func:`notice_day`)."""
    from django.urls import reverse

    from jobcenter.accounts.models import User

    user = User.objects.filter(email__iexact=identifier, is_active=True).first()
    if user is None:
        return "no account"
    notify(user=user, template="login_throttled",
           dedup_key=f"login-throttled:{user.pk}:{window}",
           link_path=reverse("accounts:security"))
    return "notified"
