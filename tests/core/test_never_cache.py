"""``core.never_cache``: the headers of Django's ``never_cache``, prepared once per process —
compared with Django's own functions at the same instant."""

from __future__ import annotations

import time

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils.cache import add_never_cache_headers as django_add
from django.utils.http import http_date
from django.views.decorators.cache import never_cache as django_never_cache
from hypothesis import given, settings
from hypothesis import strategies as st

from jobcenter.core import never_cache as ours

#: instants around second boundaries (where ``http_date`` rounds to microseconds) and others
INSTANTS = [0.0, 0.5, 1.0, 1764937230.0, 1764937230.25, 1764937230.9989, 1764937230.999,
            1764937230.9999994, 1764937230.9999996, 1764937231.0000004, 4102444799.9999999,
            1e9 + 0.4999995, 2**31 - 0.0000004]


def _headers(response: HttpResponse) -> list[tuple[str, str]]:
    return list(response.items())


@pytest.mark.parametrize("now", INSTANTS)
def test_the_headers_of_a_blank_response_are_djangos(monkeypatch, now):
    monkeypatch.setattr(time, "time", lambda: now)
    django_response, response = HttpResponse(b"x"), HttpResponse(b"x")
    django_add(django_response)
    ours.add_never_cache_headers(response)
    assert _headers(response) == _headers(django_response)
    ours.add_never_cache_headers(second := HttpResponse(b"x"))  # the cached second
    assert _headers(second) == _headers(django_response)


@pytest.mark.parametrize("headers", [
    {"Cache-Control": "max-age=60, public"}, {"Cache-Control": "no-cache=Set-Cookie"},
    {"Expires": "Thu, 01 Jan 1970 00:00:00 GMT"}, {"Cache-Control": ""},
    {"Expires": "x", "Cache-Control": "private, max-age=0"},
])
def test_a_response_with_either_header_is_djangos_too(monkeypatch, headers):
    monkeypatch.setattr(time, "time", lambda: 1764937230.5)
    django_response, response = HttpResponse(headers=headers), HttpResponse(headers=headers)
    django_add(django_response)
    ours.add_never_cache_headers(response)
    assert _headers(response) == _headers(django_response)


@settings(max_examples=500, deadline=None)
@given(st.floats(min_value=0, max_value=2**33, allow_nan=False)
       | st.integers(1, 2**33).map(lambda s: s - st_fraction(s)))
def test_expires_is_http_date(now):
    assert ours.expires(now) == http_date(now)
    assert ours.expires(now) == http_date(now)  # again, from the cached second


def st_fraction(second: int) -> float:
    """An instant just below a whole second (the carry of rounding to microseconds)."""
    return (1, 1e-7, 4e-7, 5e-7, 6e-7, 1e-6, 1e-3, 1.1e-3)[second % 8]


def test_the_cache_control_is_read_from_django():
    blank = HttpResponse()
    django_add(blank)
    assert ours.cache_control() == blank["Cache-Control"]
    assert ours.cache_control() == "max-age=0, no-cache, no-store, must-revalidate, private"


def test_the_decorated_view_answers_as_djangos(monkeypatch):
    monkeypatch.setattr(time, "time", lambda: 1764937230.75)

    def view(request, word):
        return HttpResponse(word)

    request = RequestFactory().get("/")
    theirs = django_never_cache(view)(request, "hallo")
    mine = ours.never_cache(view)(request, "hallo")
    assert _headers(mine) == _headers(theirs) and mine.content == theirs.content
    assert ours.never_cache(view).__name__ == "view"
    with pytest.raises(TypeError, match="never_cache didn't receive an HttpRequest"):
        ours.never_cache(view)(object(), "hallo")
