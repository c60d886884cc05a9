"""Where a form may send its user back to: the one check of every "return to" parameter.

A "return to" value (``zurueck`` on staff forms) comes from the browser and is attacker
controlled. :func:`safe_return_url` accepts it only as a relative URL on an allowed path and
rebuilds it from its parsed parts, so that what reaches the ``Location`` header is always a
plain, percent-encoded local URL — never another host, a scheme, a control character or a
header break. Anything else yields the caller's default. Views call it *before* they change
anything, so an odd value can never turn a completed action into an error.

``next`` on the sign-in, sign-out and language forms is checked by allauth and Django
(``url_has_allowed_host_and_scheme`` and IRI encoding); ``tests/core/test_redirects.py``
covers those too.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection
from urllib.parse import urlsplit

from django.http import QueryDict
from django.utils.http import url_has_allowed_host_and_scheme


def safe_return_url(value: object, *, default: str, paths: Collection[str]) -> str:
    """``value`` as a local URL on one of ``paths`` (query re-encoded), else ``default``."""
    if not isinstance(value, str) or not value.startswith("/"):
        return default
    if any(unicodedata.category(ch)[0] in "CZ" for ch in value):
        return default  # control characters, line breaks, spaces: not a URL we made
    if not url_has_allowed_host_and_scheme(value, allowed_hosts=set()):
        return default  # "//host", "/\\host" and the like
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or parts.path not in paths:
        return default
    query = QueryDict(parts.query).urlencode()
    return parts.path + (f"?{query}" if query else "")
