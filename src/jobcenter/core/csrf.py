"""The CSRF token put into a page that was rendered once and is served again (the cached
citizen pages, ``core.pagecache``; the anonymous home page, ``site.anonymous_pages``).

:func:`page_token` does what Django's ``get_token`` does — the request's CSRF secret, marked
to be sent again as a cookie, masked with a fresh random mask — with the mask drawn from
one ``os.urandom`` call (turned into characters by one ``bytes.translate``) instead of 32
calls of ``secrets.choice`` (each a system call and
several Python calls: together about a tenth of a cached page's CPU,
docs/performance.md "Fixed cost of a request"). The mask is uniform over Django's 62
token characters (bytes at or above 248 = 4 × 62 are drawn again, so no character is more
likely than another), and the token is exactly what Django's own masking would give for
that mask: ``CsrfViewMiddleware`` accepts it unchanged.

A request without a CSRF cookie yet (a first visit: the anonymous pages) gets a new
secret drawn the same way, stored as Django's ``get_token`` stores it (``CSRF_COOKIE``, to
be set as the cookie by ``CsrfViewMiddleware``).
"""

from __future__ import annotations

import os

from django.http import HttpRequest
from django.middleware.csrf import (
    CSRF_ALLOWED_CHARS,
    CSRF_SECRET_LENGTH,
)

_CHARS = CSRF_ALLOWED_CHARS
_BASE = len(_CHARS)
#: Bytes below this are used (``byte % 62`` is then uniform); the others are drawn again.
_LIMIT = 256 - 256 % _BASE
#: a random byte → its character (``byte % 62``), with the bytes at or above ``_LIMIT``
#: deleted (``bytes.translate``): one call instead of a Python step per byte
_CHAR_OF_BYTE = bytes(ord(_CHARS[byte % _BASE]) if byte < _LIMIT else 0
                      for byte in range(256))
_DRAWN_AGAIN = bytes(range(_LIMIT, 256))
#: (a secret's character, the mask's character) → the cipher's: Django's
#: ``(index(s) + index(m)) % 62``
_SHIFTED = {(s, m): _CHARS[(i + j) % _BASE]
            for i, s in enumerate(_CHARS) for j, m in enumerate(_CHARS)}


def _random_chars() -> str:
    """``CSRF_SECRET_LENGTH`` characters, each uniform over the alphabet."""
    chars = b""
    while len(chars) < CSRF_SECRET_LENGTH:
        chars += os.urandom(CSRF_SECRET_LENGTH + 8).translate(_CHAR_OF_BYTE, _DRAWN_AGAIN)
    return chars[:CSRF_SECRET_LENGTH].decode("ascii")


def new_secret() -> str:
    """A new CSRF secret: 32 characters, uniform over the alphabet (as Django's)."""
    return _random_chars()


def mask_secret(secret: str) -> str:
    """Django's ``_mask_cipher_secret``: the mask, then the secret shifted by it."""
    mask = _random_chars()
    return mask + "".join(map(_SHIFTED.__getitem__, zip(secret, mask, strict=True)))


def page_token(request: HttpRequest) -> str:
    """The CSRF token for a form on this response (``get_token`` with a cheaper mask)."""
    secret = request.META.get("CSRF_COOKIE")  # set by CsrfViewMiddleware only when valid
    if not secret:  # no cookie yet: a new secret (Django's _add_new_csrf_cookie)
        secret = request.META["CSRF_COOKIE"] = new_secret()
    # send the cookie in process_response (a new one, or renew the lifetime of the old)
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    return mask_secret(secret)


__all__ = ["mask_secret", "new_secret", "page_token"]
