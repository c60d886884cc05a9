"""``core.locale.LocaleMiddleware``: what Django's ``LocaleMiddleware`` does, without the
path lookups when the URL configuration has no ``i18n_patterns`` — and Django's own where it
has them."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.http import HttpResponse, HttpResponseNotFound
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.test import RequestFactory
from django.utils import translation

from jobcenter.core.locale import LocaleMiddleware

REQUESTS = [
    # (path, cookie language, Accept-Language)
    ("/portal/", None, None),
    ("/portal/", "en", None),
    ("/portal/", None, "en-GB,en;q=0.9"),
    ("/portal/", None, "fr-FR, de;q=0.5"),
    ("/portal/", "xx", "en"),
    ("/en/portal/", None, None),  # a path that looks prefixed: not a language here
    ("/de/", "en", None),
    ("/", None, "*"),
]


def _answer(middleware_class, path, cookie, accept, *, status=200, urlconf=None):
    request = RequestFactory().get(path)
    if cookie:
        request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = cookie
    if accept:
        request.META["HTTP_ACCEPT_LANGUAGE"] = accept
    if urlconf:
        request.urlconf = urlconf
    response = HttpResponse("x") if status == 200 else HttpResponseNotFound("x")
    try:
        answer = middleware_class(lambda _request: response)(request)
        return (request.LANGUAGE_CODE, answer.status_code, answer.get("Location"),
                answer.get("Vary"), answer.get("Content-Language"))
    finally:
        translation.deactivate()


@pytest.mark.parametrize(("path", "cookie", "accept"), REQUESTS)
@pytest.mark.parametrize("status", [200, 404])
def test_the_same_as_djangos_without_i18n_patterns(path, cookie, accept, status):
    ours = _answer(LocaleMiddleware, path, cookie, accept, status=status)
    assert ours == _answer(DjangoLocaleMiddleware, path, cookie, accept, status=status)
    assert ours[3] == "Accept-Language" and ours[4] == ours[0]


def test_the_language_from_the_cookie_and_the_header():
    assert _answer(LocaleMiddleware, "/portal/", "en", None)[0] == "en"
    assert _answer(LocaleMiddleware, "/portal/", None, "en-GB,en;q=0.9")[0] == "en"
    assert _answer(LocaleMiddleware, "/en/portal/", None, None)[0] == "de"


@pytest.mark.parametrize(("path", "cookie", "accept"),
                         [("/en/seite/", None, None), ("/seite/", None, "en"),
                          ("/de/seite/", "en", None)])
@pytest.mark.parametrize("status", [200, 404])
def test_djangos_own_with_i18n_patterns(path, cookie, accept, status):
    urlconf = "tests.core.urls_i18n"
    ours = _answer(LocaleMiddleware, path, cookie, accept, status=status, urlconf=urlconf)
    assert ours == _answer(DjangoLocaleMiddleware, path, cookie, accept, status=status,
                           urlconf=urlconf)
    if path.startswith("/en/"):
        assert ours[0] == "en"  # the path decides there


def test_with_i18n_patterns_a_path_without_its_language_is_redirected():
    answer = _answer(LocaleMiddleware, "/seite/", None, "en", status=404,
                     urlconf="tests.core.urls_i18n")
    assert answer[1:3] == (302, "/en/seite/")
