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


#: a random byte → the index of its character (``byte % 62``), bytes at or above
#: ``_LIMIT`` deleted (as ``_CHAR_OF_BYTE``)
_INDEX_OF_BYTE = bytes(byte % _BASE if byte < _LIMIT else 0 for byte in range(256))
#: a character of the alphabet (its byte) → its index; any other byte deleted
_INDEX_OF_CHAR = bytes(_CHARS.index(chr(byte)) if chr(byte) in _CHARS else 0
                       for byte in range(256))
_NOT_IN_ALPHABET = bytes(byte for byte in range(256) if chr(byte) not in _CHARS)
#: a sum of two indices (0–122) → the character of the sum modulo 62 (an index below 62:
#: its own character)
_CHAR_OF_SUM = bytes(ord(_CHARS[total % _BASE]) if total < 2 * _BASE else 0
                     for total in range(256))


def _random_indices() -> bytes:
    """``CSRF_SECRET_LENGTH`` indices into the alphabet, each uniform (the same draw as
    :func:`_random_chars`: the same bytes give the indices of its characters)."""
    indices = b""
    while len(indices) < CSRF_SECRET_LENGTH:
        indices += os.urandom(CSRF_SECRET_LENGTH + 8).translate(_INDEX_OF_BYTE, _DRAWN_AGAIN)
    return indices[:CSRF_SECRET_LENGTH]


def mask_secret(secret: str) -> str:
    """Django's ``_mask_cipher_secret``: the mask, then the secret shifted by it.

    Done on the indices of all 32 characters at once: each is below 62, so the sum of two
    numbers of 32 such bytes adds byte by byte without a carry (at most 122), and one
    ``bytes.translate`` takes each sum modulo 62 to its character — no Python step per
    character (≈ 2 µs instead of 6). A secret that is not 32 characters of the alphabet
    (never one the CSRF middleware keeps) takes the step per character, as before."""
    if len(secret) == CSRF_SECRET_LENGTH and secret.isascii():
        secret_indices = secret.encode("ascii").translate(_INDEX_OF_CHAR, _NOT_IN_ALPHABET)
        if len(secret_indices) == CSRF_SECRET_LENGTH:
            mask_indices = _random_indices()
            total = (int.from_bytes(secret_indices, "big") + int.from_bytes(mask_indices, "big")
                     ).to_bytes(CSRF_SECRET_LENGTH, "big")
            return (mask_indices.translate(_CHAR_OF_SUM) + total.translate(_CHAR_OF_SUM)
                    ).decode("ascii")
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
