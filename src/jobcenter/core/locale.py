"""Django's ``LocaleMiddleware`` without the language-in-the-path lookups the portal does
not need.

Django's middleware looks for a language prefix in the path twice per request (once in
``process_request``, once in ``process_response``; each a regular expression and, for a
path such as ``/portal/``, a failed language lookup that raises and catches
``LookupError``), although the result only matters when the URL configuration uses
``i18n_patterns``. The portal's does not: the language comes from the language cookie,
``Accept-Language`` and the user's choice, never from the path. Where a URL configuration
does use ``i18n_patterns`` (Django's own check, cached per configuration), this middleware
is Django's unchanged. Otherwise it does exactly what Django's does with that
configuration: the language from the request (without the path), ``request.LANGUAGE_CODE``,
``Vary: Accept-Language`` and ``Content-Language`` on the response
(``tests/core/test_locale.py`` compares both).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.http import HttpRequest, HttpResponseBase
from django.middleware import locale
from django.utils import translation
from django.utils.cache import patch_vary_headers


def _prefixed(request: HttpRequest) -> bool:
    return bool(is_language_prefix_patterns_used(
        getattr(request, "urlconf", settings.ROOT_URLCONF))[0])


class LocaleMiddleware(locale.LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> Any:
        if _prefixed(request):
            return super().process_request(request)
        translation.activate(translation.get_language_from_request(request, check_path=False))
        request.LANGUAGE_CODE = translation.get_language()
        return None

    def process_response(self, request: HttpRequest,
                         response: HttpResponseBase) -> HttpResponseBase:
        if _prefixed(request):
            return super().process_response(request, response)
        patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
