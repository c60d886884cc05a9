"""Background polls (htmx ``hx-trigger="every …"``) are no activity of the person.

The session ends after ``SESSION_COOKIE_AGE`` without activity, and every request renews
it (``SESSION_SAVE_EVERY_REQUEST``). A page that asks the server for news every few seconds
(the Postfach's open conversation) would keep an abandoned session alive for good. A poll
view therefore calls :func:`without_session_renewal` once its response is rendered: the
session leaves the request, so ``SessionMiddleware`` neither saves it nor sends its cookie
again, and the inactivity timeout runs on from the last real request.
"""

from __future__ import annotations

from django.http import HttpRequest


def without_session_renewal(request: HttpRequest) -> None:
    """Let this request leave the session's expiry untouched (see the module docstring).
    Call it after the response is rendered (the page shell's context reads the session),
    just before returning it."""
    if hasattr(request, "session"):
        del request.session
