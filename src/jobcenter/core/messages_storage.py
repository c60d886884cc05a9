"""Django's message storage (a cookie, then the session) with the cookie's signer made when
a message cookie is first read or written, not for every request.

``MessageMiddleware`` builds the storage on every request. Django's ``CookieStorage`` makes
its signer in ``__init__`` (``signing.get_cookie_signer``: the signing backend imported by
name, the key derived from ``SECRET_KEY``, the signer checked), although most requests carry
no message cookie and add no message: the anonymous Rechner POST spends about 1 % of its
CPU on it (docs/performance.md, "The request around the Rechner POST"). Here the signer is
made by the first ``_encode``/``_decode`` that needs it, with the same salt and keys, so the
cookie is byte for byte Django's (``tests/core/test_messages_storage.py``). Everything else
is Django's storage unchanged; ``MESSAGE_STORAGE`` selects it.
"""

from __future__ import annotations

from django.contrib.messages.storage import cookie, fallback, session
from django.core import signing
from django.utils.functional import cached_property


class CookieStorage(cookie.CookieStorage):
    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        # Django's __init__ is BaseStorage's plus the signer (pinned by the test); the
        # signer comes from the property below when it is first needed.
        super(cookie.CookieStorage, self).__init__(*args, **kwargs)

    @cached_property
    def signer(self) -> signing.Signer:
        return signing.get_cookie_signer(salt=self.key_salt)  # type: ignore[attr-defined]


class FallbackStorage(fallback.FallbackStorage):
    storage_classes = (CookieStorage, session.SessionStorage)
