"""django-csp's middleware with the policy string built once per process, not per response.

django-csp builds the ``Content-Security-Policy`` header on every response from the
settings (about thirty directives merged and joined, twice: the policy and the report-only
policy). Ours depends only on the settings and on what the view's decorators
(``@csp_update`` / ``@csp_replace`` / ``@csp_exempt`` …, e.g. the eAkte viewer's) put on
the response, unless a nonce was asked for. So the header is the string django-csp itself
builds for the settings in force and those adjustments, built once per process and
adjustment (the bytes are identical, ``tests/test_security_headers.py``); a response with
a nonce, or with an adjustment that cannot be a key, goes through django-csp unchanged.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.http import HttpRequest, HttpResponseBase

#: What a response can carry that changes its policy (django-csp's decorators).
_ADJUSTMENTS = ("_csp_config", "_csp_update", "_csp_replace", "_csp_exempt",
                "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro", "_csp_exempt_ro")

#: The policy and the report-only policy per adjustment (``()``: none), for the settings in
#: force.
_built: dict[tuple[Any, ...], tuple[str, str]] = {}


def _frozen(value: Any) -> Any:
    """A decorator's adjustment as a dictionary key (lists keep their order)."""
    if isinstance(value, dict):
        return tuple(sorted((key, _frozen(item)) for key, item in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(_frozen(item) for item in value)
    if isinstance(value, (set, frozenset)):
        return tuple(sorted(_frozen(item) for item in value))
    return value


def _adjustments(response: HttpResponseBase) -> tuple[Any, ...] | None:
    """What the view's decorators put on the response, as a key (None: not hashable)."""
    key = tuple((name, _frozen(getattr(response, name)))
                for name in _ADJUSTMENTS if hasattr(response, name))
    try:
        hash(key)
    except TypeError:
        return None
    return key


def _forget(*, setting: str, **kwargs: Any) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _built.clear()


setting_changed.connect(_forget, dispatch_uid="jobcenter.core.csp")


def _excluded(request: HttpRequest, setting: str) -> bool:
    prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
    return bool(prefixes) and request.path_info.startswith(tuple(prefixes))


class CSPMiddleware(DjangoCSPMiddleware):
    def _policies(self, request: HttpRequest, response: HttpResponseBase,
                  key: tuple[Any, ...]) -> tuple[str, str]:
        """The policy and the report-only policy for these adjustments (built once: without
        a nonce nothing else goes into them)."""
        if key not in _built:
            parts = self.get_policy_parts(request=request, response=response)
            parts_ro = self.get_policy_parts(request=request, response=response,
                                             report_only=True)
            _built[key] = (build_policy(**asdict(parts)),
                           build_policy(**asdict(parts_ro), report_only=True))
        return _built[key]

    def process_response(self, request: HttpRequest,
                         response: HttpResponseBase) -> HttpResponseBase:
        key = _adjustments(response)
        if settings.DEBUG or getattr(request, "_csp_nonce", None) is not None or key is None:
            return super().process_response(request, response)
        policy, report_only = self._policies(request, response, key)
        if (policy and HEADER not in response
                and getattr(response, "_csp_exempt", False) is False
                and not _excluded(request, "CONTENT_SECURITY_POLICY")):
            response[HEADER] = policy
        if (report_only and HEADER_REPORT_ONLY not in response
                and getattr(response, "_csp_exempt_ro", False) is False
                and not _excluded(request, "CONTENT_SECURITY_POLICY_REPORT_ONLY")):
            response[HEADER_REPORT_ONLY] = report_only
        # as django-csp: asking for a nonce after the header is written is an error
        request.csp_nonce = CheckableLazyObject(  # type: ignore[attr-defined]
            self._csp_nonce_post_response)
        return response
