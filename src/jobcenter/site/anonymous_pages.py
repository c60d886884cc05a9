"""Pages that are the same for every anonymous visitor, rendered once per process.

The home page shows a signed-out visitor nothing of their own but the CSRF token of the
language switch: the rest depends only on the language and the URL. Rendering it costs
about 0.9 ms of CPU (templates, twenty translations, ten URLs), the request around it
a third of that (docs/performance.md, "Fixed cost of a request"). So the page is rendered
once per process, language and path with a placeholder in place of the token, and each
request gets that HTML with its own token put in (``core.csrf.page_token``: Django's
``get_token`` with a cheaper mask; the CSRF cookie is set exactly as by
``{% csrf_token %}``).

A request with anything else of its own is rendered as usual: a query string (the
language switch sends the visitor back to the full path), a message to show (e.g. after
signing out), a signed-in user (the view redirects them before), ``DEBUG`` (templates
change while the server runs). Nothing is kept in a shared cache: the copy lives in the
process and goes with it (a deploy starts new processes), and a changed setting empties
it (tests). ``tests/site/test_anonymous_pages.py`` compares the copy with a fresh render.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language

from jobcenter.core.csrf import page_token

#: Stands in for the CSRF token in the kept copy; random per process, so no page text can
#: contain it by chance.
TOKEN_PLACEHOLDER = f"csrf-{secrets.token_hex(16)}"

_pages: dict[tuple[str, str, str], str] = {}


def _forget(**kwargs: Any) -> None:
    _pages.clear()


setting_changed.connect(_forget, dispatch_uid="jobcenter.site.anonymous_pages")


def _has_messages(request: HttpRequest) -> bool:
    """Whether messages wait to be shown (counting them does not mark them shown)."""
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0


def render_anonymous(request: HttpRequest, template_name: str) -> HttpResponse:
    """``render(request, template_name)`` for an anonymous visitor, from the kept copy
    where nothing of the request but its CSRF token shows on the page."""
    if (settings.DEBUG or request.GET or request.user.is_authenticated
            or _has_messages(request)):
        return render(request, template_name)
    key = (template_name, get_language() or settings.LANGUAGE_CODE, request.path)
    html = _pages.get(key)
    if html is None:
        html = render_to_string(template_name, {"csrf_token": TOKEN_PLACEHOLDER},
                                request=request)
        _pages[key] = html
    return HttpResponse(html.replace(TOKEN_PLACEHOLDER, page_token(request)))
