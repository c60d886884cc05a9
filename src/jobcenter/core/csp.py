"""django-csp's middleware with the policy string built once per process, not per response.

django-csp builds the ``Content-Security-Policy`` header on every response from the
settings (about thirty directives merged and joined, twice: the policy and the report-only
policy). Ours is the same for every response that no view adjusted: no ``@csp_update`` /
``@csp_replace`` / ``@csp_exempt`` on the view and no nonce asked for. For those responses
the header is the string django-csp itself built once for the settings in force (so the
bytes are identical, ``tests/test_security_headers.py``); every other response — the eAkte
viewer's ``@csp_replace``, a nonce — goes through django-csp unchanged.
"""

from __future__ import annotations

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

_built: dict[str, tuple[str, str]] = {}


def _policies() -> tuple[str, str]:
    """The policy and the report-only policy for the settings in force (built once)."""
    if "policies" not in _built:
        _built["policies"] = (build_policy(), build_policy(report_only=True))
    return _built["policies"]


def _forget(*, setting: str, **kwargs: Any) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _built.clear()


setting_changed.connect(_forget, dispatch_uid="jobcenter.core.csp")


def _excluded(request: HttpRequest, setting: str) -> bool:
    prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
    return bool(prefixes) and request.path_info.startswith(tuple(prefixes))


class CSPMiddleware(DjangoCSPMiddleware):
    def process_response(self, request: HttpRequest,
                         response: HttpResponseBase) -> HttpResponseBase:
        if (settings.DEBUG or getattr(request, "_csp_nonce", None) is not None
                or any(hasattr(response, name) for name in _ADJUSTMENTS)):
            return super().process_response(request, response)
        policy, report_only = _policies()
        if (policy and HEADER not in response
                and not _excluded(request, "CONTENT_SECURITY_POLICY")):
            response[HEADER] = policy
        if (report_only and HEADER_REPORT_ONLY not in response
                and not _excluded(request, "CONTENT_SECURITY_POLICY_REPORT_ONLY")):
            response[HEADER_REPORT_ONLY] = report_only
        # as django-csp: asking for a nonce after the header is written is an error
        request.csp_nonce = CheckableLazyObject(  # type: ignore[attr-defined]
            self._csp_nonce_post_response)
        return response
