"""``core.form_body.post``: the same ``request.POST`` as Django's parser, for any urlencoded
body (keys repeated, blank, percent- and plus-encoded, not UTF-8), with Django's limits and
refusals; other requests are left to Django."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.core.exceptions import BadRequest, RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest
from django.test import RequestFactory, override_settings
from hypothesis import given, settings
from hypothesis import strategies as st

from jobcenter.core import form_body

URLENCODED = "application/x-www-form-urlencoded"


def _request(body: bytes, content_type: str = URLENCODED, method: str = "POST"):
    return RequestFactory().generic(method, "/buergergeld-rechner/", body,
                                    content_type=content_type)


def _django(body: bytes, content_type: str = URLENCODED):
    return _request(body, content_type).POST


def _same(ours, django) -> None:
    assert type(ours) is type(django)
    assert list(ours.lists()) == list(django.lists())
    assert ours.encoding == django.encoding == "utf-8"
    assert ours._mutable is django._mutable is False


@given(st.lists(st.tuples(st.sampled_from(["a", "b", "kind1_x", "ä", "a b", "&", "="]),
                          st.text(max_size=12)), max_size=12))
@settings(max_examples=150, deadline=None)
def test_the_same_querydict_as_djangos(pairs) -> None:
    body = urlencode(pairs).encode()
    request = _request(body)
    ours = form_body.post(request)
    _same(ours, _django(body))
    assert request.POST is ours  # Django's property answers the same object from now on
    assert not request.FILES


@given(st.binary(max_size=60))
@settings(max_examples=150, deadline=None)
def test_any_bytes_read_as_django_reads_them(body) -> None:
    """Raw bytes: stray ``%``, ``+``, ``;``, invalid UTF-8 (read as ISO-8859-1)."""
    _same(form_body.post(_request(body)), _django(body))


@given(st.text(alphabet="ab=&+%2C3Afä ;", max_size=40))
@settings(max_examples=300, deadline=None)
def test_bodies_of_separators_and_escapes_read_as_django_reads_them(text) -> None:
    """Bodies made of what the parsing turns on: ``&``, ``=``, ``+``, ``%`` and hex digits
    (valid, invalid and partial escapes, empty pairs, pairs without ``=``)."""
    body = text.encode()
    _same(form_body.post(_request(body)), _django(body))


@pytest.mark.parametrize("body", [b"", b"a", b"a=", b"=1", b"a=1&a=2&b=", b"&&a=1&",
                                  b"a=%ZZ&b=%C3%A4+x", b"a=\xff\xfe", b"a=1;b=2"])
def test_edge_bodies(body) -> None:
    _same(form_body.post(_request(body)), _django(body))


def test_too_many_fields_refused_as_django_refuses_them() -> None:
    body = urlencode([("f", str(n)) for n in range(6)]).encode()
    with override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=5):
        with pytest.raises(TooManyFieldsSent):
            _django(body)
        with pytest.raises(TooManyFieldsSent):
            form_body.post(_request(body))
    with override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=6):
        _same(form_body.post(_request(body)), _django(body))


def test_too_large_a_body_refused() -> None:
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=10), pytest.raises(RequestDataTooBig):
        form_body.post(_request(b"a=" + b"x" * 20))


def test_a_charset_other_than_utf8_refused() -> None:
    request = _request(b"a=1", content_type=f"{URLENCODED}; charset=latin-1")
    with pytest.raises(BadRequest):
        form_body.post(request)


def test_other_requests_left_to_django() -> None:
    multipart = RequestFactory().post("/x/", {"a": "1"})  # multipart/form-data
    assert form_body.post(multipart) is multipart.POST
    assert form_body.post(multipart)["a"] == "1"
    get = RequestFactory().get("/x/?a=1")
    assert not form_body.post(get)  # Django's empty POST of a GET
    parsed = _request(b"a=1")
    django = parsed.POST
    assert form_body.post(parsed) is django  # already parsed: not parsed again
    bare = HttpRequest()  # not a WSGI request: its POST is an attribute of its own
    bare.method, bare.content_type = "POST", URLENCODED
    assert form_body.post(bare) is bare.POST
    streamed = _request(b"a=1")
    streamed.read()  # read as a stream, body not kept: Django's parse error
    assert not form_body.post(streamed)


def test_the_calculator_posts_through_it(client) -> None:
    """A urlencoded calculator POST and a multipart one give the same page (the view's
    answers come from ``form_body.post`` for the first)."""
    form = {"aktion": "kind_hinzufuegen", "kinder": "0", "monat": "2026-11", "kaltmiete": "4<0"}
    urlencoded = client.post("/buergergeld-rechner/", urlencode(form), content_type=URLENCODED)
    multipart = client.post("/buergergeld-rechner/", form)
    assert urlencoded.status_code == multipart.status_code == 200
    assert b'value="4&lt;0"' in urlencoded.content
    assert b'value="4&lt;0"' in multipart.content
