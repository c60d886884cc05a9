"""The absolute session lifetime, besides the inactivity timeout, and the activity that
renews the inactivity timeout without a database write on every request.

A sign-in lasts at most ``SESSION_ABSOLUTE_TIMEOUT_SECONDS`` (default 12 hours) from the
moment it completed, however active the session is: the keep-alive and every request renew
the inactivity timeout (``SESSION_COOKIE_AGE``) but never past that end. When it is reached
the user is signed out with a message and asked to sign in again.

Activity (``ActivityMiddleware``): a request of a signed-in user renews the inactivity
timeout and the "last seen" of the session list (allauth's ``UserSession``) — but at most
once per ``SESSION_ACTIVITY_REFRESH_SECONDS`` (default 60). Within that minute a request
(a GET above all) writes nothing, neither the session nor the session list. The keep-alive
always renews. The inactivity timeout is therefore exact to that minute: the page is told
the seconds left from the last renewal, not from the request.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from jobcenter.accounts.durations import duration_text

#: Session key: when the sign-in completed (seconds since the epoch).
STARTED_KEY = "jc_signed_in_at"
#: Session key: when the inactivity timeout was last renewed (seconds since the epoch).
ACTIVITY_KEY = "jc_active_at"


def _now() -> float:
    return time.time()


def session_start(request: HttpRequest) -> None:
    """Start the clock (called by the account adapter after a complete sign-in)."""
    request.session[STARTED_KEY] = _now()


def _started(request: HttpRequest) -> float | None:
    """When this sign-in completed. A session without a recorded start (signed in before
    this was deployed, or by a test's ``force_login``) counts from the user's last sign-in,
    which Django records at every login — never later than this session's own."""
    started = request.session.get(STARTED_KEY)
    if isinstance(started, (int, float)):
        return float(started)
    last_login = getattr(request.user, "last_login", None)
    return last_login.timestamp() if last_login else None


def session_seconds_left(request: HttpRequest) -> int | None:
    """Seconds until the absolute end of this sign-in (None: not signed in)."""
    if not request.user.is_authenticated:
        return None
    started = _started(request)
    if started is None:
        return settings.SESSION_ABSOLUTE_TIMEOUT_SECONDS
    return max(0, int(started + settings.SESSION_ABSOLUTE_TIMEOUT_SECONDS - _now()))


def _inactivity_left(request: HttpRequest) -> int:
    """Seconds until the inactivity timeout, counted from the session's last renewal."""
    renewed = request.session.get(ACTIVITY_KEY)
    age = settings.SESSION_COOKIE_AGE
    if not isinstance(renewed, (int, float)):
        return age
    return max(0, min(age, round(renewed + age - _now())))


def renew_activity(request: HttpRequest, *, force: bool = False) -> bool:
    """Renew the inactivity timeout and the session list's "last seen" if the last renewal
    is older than ``SESSION_ACTIVITY_REFRESH_SECONDS`` (or ``force``). Returns whether it
    did (and so whether this request writes the session)."""
    renewed = request.session.get(ACTIVITY_KEY)
    now = _now()
    if not force and isinstance(renewed, (int, float)) and (
            now - renewed < settings.SESSION_ACTIVITY_REFRESH_SECONDS):
        return False
    request.session[ACTIVITY_KEY] = now  # modified: the session middleware saves it
    if settings.USERSESSIONS_TRACK_ACTIVITY:
        UserSession.objects.create_from_request(request)
    return True


def session_timeout_info(request: HttpRequest) -> dict[str, int | bool]:
    """For the page and the keep-alive: seconds until the session ends if nothing happens,
    and whether that is the absolute end (then staying signed in is not possible)."""
    inactivity = _inactivity_left(request) if request.user.is_authenticated else (
        settings.SESSION_COOKIE_AGE)
    left = session_seconds_left(request)
    if left is None or left > inactivity:
        return {"seconds_left": inactivity, "final": False}
    return {"seconds_left": left, "final": True}


class SessionLifetimeMiddleware:
    """Signs out a session that has reached its absolute lifetime (it writes nothing into
    the session: the start is recorded once, at the sign-in)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if session_seconds_left(request) == 0:
            return self._sign_out(request)
        return self.get_response(request)

    def _sign_out(self, request: HttpRequest) -> HttpResponse:
        logout(request)
        messages.info(
            request,
            _("Sie wurden abgemeldet, weil Ihre Anmeldung die Höchstdauer von %(duration)s "
              "erreicht hat. Bitte melden Sie sich neu an; was Sie gespeichert haben, ist "
              "erhalten.") % {"duration": duration_text(settings.SESSION_ABSOLUTE_TIMEOUT_SECONDS)},
        )
        if request.path == reverse("core:keepalive") or "application/json" in request.headers.get(
                "Accept", ""):
            return JsonResponse({"ok": False, "signed_out": True}, status=401)
        login_url = redirect_to_login(request.get_full_path())
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = login_url["Location"]
            return response
        return login_url


class ActivityMiddleware:
    """Renews a signed-in session's inactivity timeout at most once a minute (instead of
    ``SESSION_SAVE_EVERY_REQUEST`` and allauth's per-request ``UserSessionsMiddleware``,
    each of which wrote to the database on every request, GETs included)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and request.session.session_key:
            renew_activity(request)
        return self.get_response(request)
