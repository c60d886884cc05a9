"""Django's ``never_cache`` with the headers it writes prepared once per process (the
Rechner's POST, docs/performance.md "The Rechner POST, sixth round").

``django.utils.cache.add_never_cache_headers`` parses and rebuilds ``Cache-Control`` twice
(``patch_response_headers`` with ``max-age=0``, then ``patch_cache_control`` with
``no-cache``, ``no-store``, ``must-revalidate`` and ``private``) and formats the current
time for ``Expires`` (``http_date``): ≈ 30 µs, about 2 % of the calculator's POST. For a
response that has neither header yet — every response of the views using this decorator —
its result is the same every time but for the date: ``Expires`` (the current second) and
then the one ``Cache-Control`` text Django's function writes on a blank response, read from
Django's own function once per process (not copied). The date of a second is formatted
once (``http_date`` of that second); near the end of a second, where ``http_date``'s
rounding to microseconds could carry it into the next one, it is formatted as Django does.
A response that already has either header gets Django's function itself.
``tests/core/test_never_cache.py`` compares both.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import add_never_cache_headers as django_add_never_cache_headers
from django.utils.http import http_date
from django.views.decorators.cache import never_cache as django_never_cache

#: (the second, its ``http_date``): the last second formatted
_expires: tuple[int, str] = (-1, "")


def expires(now: float) -> str:
    """``http_date(now)``, formatted once per second."""
    global _expires
    second = int(now)
    # ``http_date`` rounds to microseconds: below .999 that never reaches the next second
    if now < 0 or now - second >= 0.999:
        return http_date(now)
    cached = _expires
    if cached[0] == second:
        return cached[1]
    text = http_date(second)
    _expires = (second, text)
    return text


@functools.cache
def cache_control() -> str:
    """The ``Cache-Control`` Django's ``add_never_cache_headers`` writes on a response
    without one (asked of Django once per process)."""
    blank = HttpResponse()
    django_add_never_cache_headers(blank)
    return str(blank.headers["Cache-Control"])


def add_never_cache_headers(response: HttpResponseBase) -> None:
    """Django's ``add_never_cache_headers``, with the prepared headers where there are none
    yet (see the module)."""
    if response.has_header("Expires") or response.has_header("Cache-Control"):
        django_add_never_cache_headers(response)
        return
    headers = response.headers
    headers["Expires"] = expires(time.time())  # Django's order: Expires, then Cache-Control
    headers["Cache-Control"] = cache_control()


ViewFunc = Callable[..., Any]


def never_cache(view: ViewFunc) -> ViewFunc:
    """``django.views.decorators.cache.never_cache`` for a synchronous view, with the
    prepared headers (:func:`add_never_cache_headers`)."""
    django_wrapped = django_never_cache(view)

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not hasattr(request, "META"):  # not a request: Django's own TypeError
            return django_wrapped(request, *args, **kwargs)
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    return wrapper


__all__ = ["add_never_cache_headers", "cache_control", "expires", "never_cache"]
