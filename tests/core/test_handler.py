"""The product's WSGI handler (core/handler.py): the URL resolution kept per process gives
what Django's gives, a copy per request, and nothing for a path that does not resolve."""

from __future__ import annotations

import io

import pytest
from django.test import RequestFactory
from django.urls import Resolver404, resolve, reverse

from jobcenter.core import handler as module
from jobcenter.core.handler import JobcenterWSGIHandler

PATHS = ["/", "/healthz/", "/portal/", "/portal/anliegen/", "/portal/anliegen/JC-2026-000001/",
         "/arbeitsbereich/akte/", "/arbeitsbereich/akte/17/", "/buergergeld-rechner/",
         "/konto/login/"]


@pytest.fixture
def wsgi():
    module._resolved.clear()
    return JobcenterWSGIHandler()


def test_a_kept_resolution_is_djangos(wsgi):
    for path in PATHS * 2:  # the second round from the kept outcomes
        ours = wsgi.resolve_request(RequestFactory().get(path))
        theirs = resolve(path)
        assert (ours.func, ours.args, ours.kwargs, ours.url_name, ours.route,
                ours.namespaces) == (theirs.func, theirs.args, theirs.kwargs,
                                     theirs.url_name, theirs.route, theirs.namespaces)
    assert len(module._resolved) == len(PATHS)


def test_every_request_gets_its_own_copy(wsgi):
    path = reverse("casefiles:case", args=[17])
    first = wsgi.resolve_request(request := RequestFactory().get(path))
    assert request.resolver_match is first
    first.kwargs["pk"] = 99  # a view changing its kwargs
    again = wsgi.resolve_request(RequestFactory().get(path))
    assert again.kwargs == {"pk": 17} and again is not first


def test_a_path_that_does_not_resolve_is_not_kept(wsgi):
    with pytest.raises(Resolver404):
        wsgi.resolve_request(RequestFactory().get("/gibt-es-nicht/"))
    assert module._resolved == {}


@pytest.mark.django_db(transaction=True)  # as in production: request_started closes a
def test_requests_through_the_handler(wsgi):  # connection left in a transaction
    statuses: list[str] = []

    def start_response(status, headers, exc_info=None):
        statuses.append(status)

    for _ in range(2):
        environ = RequestFactory().get("/impressum/").environ
        environ["wsgi.input"] = io.BytesIO(b"")
        body = wsgi(environ, start_response)
        b"".join(body)
        body.close()
    assert statuses == ["200 OK", "200 OK"]


def test_a_changed_urlconf_is_not_answered_from_the_kept_outcomes(wsgi, settings):
    wsgi.resolve_request(RequestFactory().get("/healthz/"))
    settings.ROOT_URLCONF = "tests.core.urls_empty"
    with pytest.raises(Resolver404):
        wsgi.resolve_request(RequestFactory().get("/healthz/"))
