"""Cached responses of the hot citizen pages, valid exactly as long as their data are.

``@cached_page`` (under the view's access decorator, which still runs on every request)
stores a signed-in citizen's rendered page in the cache and serves it again while nothing
it shows has changed (an anonymous visitor's — the Rechner form — is shared by all
anonymous visitors and depends on ``platform`` only). The entry is found by

- the deploy (``PAGE_CACHE_RELEASE``, or a digest of the installed code: a deploy empties
  the cache), the user, the language, the path with its query, the Berlin date and hour
  (to-dos say "in 2 Tagen", appointments drop off the list when they have passed) and
  whether the session is in its last stretch (the dialog's text);

and it is *valid* only while the generations of the user's scopes (``core.datastand``:
``user:``, each ``household:`` of the user's Bedarfsgemeinschaften, the ``jobcenter:`` and
``platform``) are those read before the page was rendered. Any committed change of a row
the page shows moves one of them on; a change made while the page rendered moves it after
the commit, so a page with old data is never stored under the new generation.

What differs per request is put in on every hit: a fresh CSRF token (the page is stored
with a placeholder where the request's token stood, found by unmasking every token-shaped
word, so every form of the page works) and the session countdown
(``data-session-timeout``). The page sets no CSP nonce.

Not cached: anything but a 200 ``text/html`` GET without ``HX-Request``, a response that
sets a cookie, a page rendered while there were messages (``django.contrib.messages``) to
show — and nothing at all while messages wait. If the cache is down, the view renders as
if there were no cache. Entries live ``PAGE_CACHE_SECONDS`` (default 10 minutes) at most:
the safety net for a change whose bump was lost while the cache was unreachable.
``PAGE_CACHE = False`` turns it off.

``cached_view`` is the same machinery for pages with other scopes (the staff pages,
``transparency.reads.cached_staff_page``): the scopes known without a query (read on
every hit), the scopes read before the render, something wrapped around the render whose
result is stored with the entry, and what to do with it on every hit (the access log). A
view can bound its entry's lifetime (``valid_until``: a case turns "überfällig" at its due
time) or keep its response out of the cache (``not_stored``: a form with errors).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import re
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import (  # type: ignore[attr-defined]  # not in the stubs
    _unmask_cipher_token,
)
from django.utils import timezone, translation

from jobcenter.core import datastand
from jobcenter.core.csrf import page_token
from jobcenter.core.process_memo import ProcessMemo

ViewFunc = Callable[..., Any]

_PREFIX = "page:"
#: Placeholders stored in place of the per-request parts (never in a rendered page: the
#: page's own text is escaped, and "\x00" is not a character HTML may contain).
CSRF_PLACEHOLDER = "\x00csrf\x00"
TIMEOUT_PLACEHOLDER = "\x00timeout\x00"
_TOKEN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
_TIMEOUT = re.compile(r'data-session-timeout="\d+"')

_release: str | None = None
_session_timeout: list[Callable[[HttpRequest], dict[str, Any]]] = []


def register_session_timeout(function: Callable[[HttpRequest], dict[str, Any]]) -> None:
    """Connect the session's countdown (``accounts.sessions.session_timeout_info``: the
    seconds left and whether that is the final end); without it nothing is cached."""
    _session_timeout[:] = [function]


def session_timeout_info(request: HttpRequest) -> dict[str, Any]:
    return _session_timeout[0](request)


def release() -> str:
    """The deploy's identifier: ``PAGE_CACHE_RELEASE`` if set, else a digest of the names,
    sizes and modification times of the installed code, templates and translations."""
    global _release
    if _release is None:
        configured = getattr(settings, "PAGE_CACHE_RELEASE", "")
        if configured:
            _release = str(configured)
        else:
            digest = hashlib.blake2b(digest_size=8)
            root = Path(__file__).resolve().parent.parent.parent  # src/
            for folder, dirs, files in os.walk(root):
                dirs.sort()
                for name in sorted(files):
                    if name.endswith((".py", ".html", ".mo", ".txt", ".typ")):
                        stat = (Path(folder) / name).stat()
                        digest.update(f"{folder}/{name}:{stat.st_size}:{stat.st_mtime_ns}"
                                      .encode())
            _release = digest.hexdigest()
    return _release


def _entry_key(request: HttpRequest, final: bool) -> str:
    now = timezone.localtime()
    user = request.user
    parts = (release(), str(user.pk) if user.is_authenticated else "anonymous",
             translation.get_language() or "",
             now.strftime("%Y%m%d%H"), "f" if final else "i", request.get_full_path())
    raw = "|".join(parts)
    return _PREFIX + hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()


def _cacheable_request(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return (getattr(settings, "PAGE_CACHE", True) and bool(_session_timeout)
            and request.method == "GET"
            and user is not None
            and "HX-Request" not in request.headers
            and not len(get_messages(request)))


def _strip(request: HttpRequest, html: str) -> str | None:
    """The page with placeholders in place of the per-request parts (None: not storable)."""
    secret = request.META.get("CSRF_COOKIE")

    def token(match: re.Match[str]) -> str:
        word = match.group(0)
        return CSRF_PLACEHOLDER if secret and _unmask_cipher_token(word) == secret else word

    html = _TOKEN.sub(token, html)
    html, found = _TIMEOUT.subn(f'data-session-timeout="{TIMEOUT_PLACEHOLDER}"', html)
    if found > 1:
        return None
    return html


def _fill(request: HttpRequest, html: str) -> str:
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, page_token(request))
    if TIMEOUT_PLACEHOLDER in html:
        seconds = session_timeout_info(request)["seconds_left"]
        html = html.replace(TIMEOUT_PLACEHOLDER, str(seconds))
    return html


def valid_until(request: HttpRequest, moment: dt.datetime) -> None:
    """The page being rendered shows something that changes at ``moment`` without a write
    (a case's service state): its entry is not served from then on."""
    earlier = getattr(request, "_page_cache_until", None)
    if earlier is None or moment < earlier:
        request._page_cache_until = moment  # type: ignore[attr-defined]


def not_stored(request: HttpRequest) -> None:
    """Keep the page being rendered out of the cache (e.g. a form with errors)."""
    request._page_cache_skip = True  # type: ignore[attr-defined]


def _own_scopes(request: HttpRequest) -> list[str]:
    """The scopes known without a query: the user's, their Jobcenter's, the catalogue."""
    user = request.user
    if not user.is_authenticated:
        return [datastand.scope(datastand.PLATFORM)]
    own = [datastand.scope(datastand.USER, user.pk), datastand.scope(datastand.PLATFORM)]
    jobcenter_id = getattr(user, "jobcenter_id", None)
    if jobcenter_id is not None:
        own.append(datastand.scope(datastand.JOBCENTER, jobcenter_id))
    return own


#: Per process: the further scopes (a Bedarfsgemeinschaft's ``household:``) of the page a
#: user was last served or stored, read along with the entry on the next request, so that a
#: hit costs one round trip to the cache. Only a guess of what to read: a scope the entry
#: names and the guess lacks is read in a second round trip. Bounded (emptied when full).
_ALONG_LIMIT = 20_000
_along: ProcessMemo[str, tuple[str, ...]] = ProcessMemo(_ALONG_LIMIT)


def _who(request: HttpRequest) -> str:
    user = request.user
    return str(user.pk) if user.is_authenticated else "anonymous"


def _remember_along(request: HttpRequest, scopes: Any, own: list[str]) -> None:
    _along.keep(_who(request), tuple(s for s in scopes if s not in own))


#: Per process: the keys the last hit check of a session's page read (by a per-process hash
#: of the session key, the path with its query and the language), handed to the session
#: store by :class:`ReadAheadMiddleware` before the session is loaded, so that the session,
#: the user and the page's entry with its generations come in one round trip. A guess
#: only: keys it lacks are read by :func:`datastand.peek` itself. Bounded like ``_along``.
_ahead: ProcessMemo[tuple[int, str, str], tuple[str, ...]] = ProcessMemo(_ALONG_LIMIT)


def _ahead_slot(request: HttpRequest) -> tuple[int, str, str] | None:
    session_key = getattr(getattr(request, "session", None), "session_key", None)
    if not session_key:
        return None
    return hash(session_key), request.get_full_path(), translation.get_language() or ""


class ReadAheadMiddleware:
    """Put after ``LocaleMiddleware`` and before anything that loads the session: tells the
    session store which cached-page keys to read along with the session (see ``_ahead``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "GET":
            slot = _ahead_slot(request)
            keys = _ahead.get(slot) if slot is not None else None
            if keys:
                request.session.also = keys  # type: ignore[attr-defined]
        return self.get_response(request)


def _remember_ahead(request: HttpRequest, keys: tuple[str, ...]) -> None:
    slot = _ahead_slot(request)
    if slot is not None:
        _ahead.keep(slot, keys)


def _hit(request: HttpRequest, key: str, own: list[str],
         served: Callable[[HttpRequest, Any], None] | None) -> HttpResponse | None:
    scopes = [*own, *_along.get(_who(request), ())]
    read = datastand.peek(scopes, along=[key],
                          ahead=getattr(request.session, "read_ahead", None))
    if read is None:
        return None
    _remember_ahead(request, datastand.peek_keys(scopes, along=[key]))
    values, current = read
    entry = values.get(key)
    if not isinstance(entry, dict):
        return None
    stored: dict[str, int] = entry["generations"]
    # the user's own scopes first (a changed membership moves user:), then the households
    # the page was rendered with
    needed = [*own, *(s for s in stored if s not in own)]
    unread = [s for s in needed if s not in current]
    if unread:
        more = datastand.peek(unread)
        if more is None:
            return None
        current.update(more[1])
        _remember_along(request, stored, own)
    if {s: current[s] for s in needed} != stored:
        return None
    until = entry.get("until")
    if until is not None and timezone.now().timestamp() >= until:
        return None
    if served is not None:
        served(request, entry.get("extra"))
    response = HttpResponse(_fill(request, entry["html"]), status=200)
    for name, value in entry["headers"]:
        response[name] = value
    response["X-Page-Cache"] = "hit"
    return response


def _store(request: HttpRequest, key: str, generations: dict[str, int],
           response: HttpResponse, own: list[str], extra: Any = None) -> None:
    if (response.status_code != 200 or response.streaming or response.cookies
            or not response.get("Content-Type", "").startswith("text/html")
            or getattr(request, "_page_cache_skip", False)):
        return
    storage = get_messages(request)
    if getattr(storage, "used", False) or len(storage):
        return
    html = _strip(request, response.content.decode(response.charset))
    if html is None:
        return
    _remember_along(request, generations, own)
    until: dt.datetime | None = getattr(request, "_page_cache_until", None)
    try:
        cache.set(key, {"generations": generations, "html": html,
                        "headers": list(response.items()), "extra": extra,
                        "until": until.timestamp() if until is not None else None},
                  settings.PAGE_CACHE_SECONDS)
    except Exception:
        datastand.unavailable()


Scopes = Callable[..., list[str]]


def cached_view(*, own: Scopes, before: Scopes | None = None,
                around: Callable[[], AbstractContextManager[Any]] | None = None,
                served: Callable[[HttpRequest, Any], None] | None = None
                ) -> Callable[[ViewFunc], ViewFunc]:
    """Serve a page from the cache while the generations of its scopes are unchanged (put
    below the access decorator: the access check runs on every request).

    ``own(request, *args, **kwargs)``: the scopes known without a query, read on every
    hit; ``before(...)``: every scope of the page, read before the render (default:
    ``own``; further ones are stored with the entry and read on a hit too);
    ``around()``: a context manager around the render whose value is stored with the
    entry; ``served(request, value)``: called with it on every hit, before the page is
    returned."""

    def decorator(view: ViewFunc) -> ViewFunc:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if not _cacheable_request(request):
                return view(request, *args, **kwargs)
            final = bool(session_timeout_info(request)["final"])
            key = _entry_key(request, final)
            mine = own(request, *args, **kwargs)
            response = _hit(request, key, mine, served)
            if response is not None:
                return response
            # the generations before the page reads its data: a change from now on moves
            # them
            generations = datastand.generations(
                (before or own)(request, *args, **kwargs))
            with (around() if around is not None else nullcontext()) as extra:
                response = view(request, *args, **kwargs)
                if generations is not None and hasattr(response, "render") and not getattr(
                        response, "is_rendered", True):
                    response.render()
            if generations is not None:
                _store(request, key, generations, response, mine, extra)
            return response

        return wrapper

    return decorator


def _citizen_scopes(request: HttpRequest, *args: Any, **kwargs: Any) -> list[str]:
    return _own_scopes(request)


def _citizen_scopes_before(request: HttpRequest, *args: Any, **kwargs: Any) -> list[str]:
    return (datastand.scopes_of_user(request.user) if request.user.is_authenticated
            else _own_scopes(request))


#: The hot citizen pages and the Rechner form: a signed-in user's entries are their own;
#: an anonymous visitor's page (the Rechner) depends on the catalogue only.
cached_page = cached_view(own=_citizen_scopes, before=_citizen_scopes_before)
