"""The product's WSGI handler: Django's, with the URL resolution of a path kept per process.

Django resolves every request's path against the whole URL configuration anew: a walk over
the nested ``include()``\\s with a regular expression per pattern (about a tenth of the CPU
of a page served from the cache, docs/performance.md). The outcome depends only on the
URL configuration and the path (this project has no language prefix in its URLs; the
active language is part of the key all the same), so each process keeps the last
``RESOLVED_LIMIT`` outcomes and gives every request its own copy (views may change
``kwargs``). A path that does not resolve (404) is not kept; a request with its own
``urlconf`` and a changed ``ROOT_URLCONF`` (tests) are resolved as by Django.
"""

from __future__ import annotations

from typing import Any

from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import setting_changed
from django.http import HttpRequest
from django.urls import ResolverMatch, get_resolver
from django.utils import translation

from jobcenter.core.process_memo import ProcessMemo

#: Paths resolved per process (then it starts over).
RESOLVED_LIMIT = 4096

_resolved: ProcessMemo[tuple[Any, ...], ResolverMatch] = ProcessMemo(RESOLVED_LIMIT)


def _forget(*, setting: str, **kwargs: Any) -> None:
    if setting == "ROOT_URLCONF":
        _resolved.clear()


setting_changed.connect(_forget, dispatch_uid="jobcenter.core.handler")


def _own_copy(match: ResolverMatch) -> ResolverMatch:
    mine = object.__new__(ResolverMatch)  # copy.copy: ResolverMatch refuses to be pickled
    mine.__dict__.update(match.__dict__)
    mine.args = tuple(match.args)
    mine.kwargs = dict(match.kwargs)
    for name in ("captured_kwargs", "extra_kwargs"):  # Django 4.1+, not in the stubs
        setattr(mine, name, dict(getattr(match, name, None) or {}))
    return mine


class JobcenterWSGIHandler(WSGIHandler):
    def resolve_request(self, request: HttpRequest) -> ResolverMatch:
        if hasattr(request, "urlconf"):
            return super().resolve_request(request)
        resolver = get_resolver()
        key = (resolver, request.path_info, translation.get_language())
        match = _resolved.get(key)
        if match is None:
            match = resolver.resolve(request.path_info)  # Resolver404 propagates
            _resolved.keep(key, match)
        mine = _own_copy(match)
        request.resolver_match = mine
        return mine


__all__ = ["JobcenterWSGIHandler"]
