"""Sessions read from the cache, written through to the database (``SESSION_ENGINE``).

Django's ``cached_db`` engine with three changes, each for a security property
(docs/security.md, "Sessions and the cached user"):

* **An ended session stays ended.** Deleting a session (sign-out, "sign out everywhere", a
  session ended from the session list, a deactivated account, the new key after sign-in or
  a password change) leaves a *tombstone* in the cache instead of an empty place. A request
  that read the session from the database just before it was deleted fills the cache with
  ``add``, which a tombstone refuses: it cannot bring the ended session back (with Django's
  ``set`` it could, until the entry expires).
* **A session saved twice keeps the newer data**: a save overwrites the cache (``set``), a
  read from the database only fills an empty place (``add``).
* **The cache is a copy for at most ``SESSION_CACHE_SECONDS``** (default 300): the database
  is the record. When the cache is down or flushed, sessions are read from the database
  (nobody is signed out, no request fails; after a failure the process reads without the
  cache for ``core.fresh_cache.PAUSE_SECONDS``); when it does not answer, storing the copy
  and writing the tombstone are logged as errors and skipped (always tried, pause or
  not) — a copy left behind then expires within that time.

A request reads the session with one cache round trip and no query; a GET writes nothing
(the activity renewal at most once a minute, ``accounts.sessions``, saves through to the
database as before). The signed-in user's cached copy (``accounts.user_cache``) is read in
that same round trip: the process remembers which cache keys the user lookup of a session
needed last time (:func:`read_along`; keyed by a per-process hash of the session key, at
most ``ALONG_LIMIT`` sessions) and reads them with the session (``core.fresh_cache.ReadAhead``).
A wrong or missing guess costs only the user lookup's own round trip; what is read along
is checked exactly as if it had been read on its own. A cached page's entry and
generations come along the same way (``also``, set by ``core.pagecache``), so a signed-in
page served from the cache costs one round trip in all.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DBStore
from django.core.cache import caches

from jobcenter.core.fresh_cache import ReadAhead, cache_failed, cache_paused
from jobcenter.core.process_memo import ProcessMemo

logger = logging.getLogger(__name__)

KEY_PREFIX = "jc:session:"
#: What an ended session leaves in the cache (a dict is a session; this is not).
TOMBSTONE = "ended"


#: Sessions whose read-along keys a process remembers (then it starts over).
ALONG_LIMIT = 20_000
_along: ProcessMemo[int, tuple[str, ...]] = ProcessMemo(ALONG_LIMIT)


def read_along(session_key: str | None, keys: tuple[str, ...]) -> None:
    """Read ``keys`` together with this session from its next request on (in this
    process). The session key itself is not kept, only its per-process hash."""
    if not session_key:
        return
    _along.keep(hash(session_key), keys)


def _copy_seconds() -> int:
    return int(getattr(settings, "SESSION_CACHE_SECONDS", 300))


class SessionStore(DBStore):
    cache_key_prefix = KEY_PREFIX

    def __init__(self, session_key: str | None = None) -> None:
        self._cache = caches[settings.SESSION_CACHE_ALIAS]
        super().__init__(session_key)

    @property
    def cache_key(self) -> str:
        return self.cache_key_prefix + self._get_or_create_session_key()  # type: ignore[attr-defined]

    #: What was read along with the session (``read_along``), for the user lookup.
    read_ahead: ReadAhead | None = None
    #: Further keys to read with the session in this request (set before it is loaded:
    #: ``core.pagecache.ReadAheadMiddleware`` — a cached page's entry and generations).
    also: tuple[str, ...] = ()

    def _cache_get(self, key: str, along: tuple[str, ...] = ()) -> Any:
        if cache_paused():  # it failed a moment ago in this process: the database answers
            return None
        try:
            if not along:
                return self._cache.get(key)
            found = self._cache.get_many([key, *along])
        except Exception:  # noqa: BLE001 - cache down: the database answers
            cache_failed()
            logger.warning("session cache unavailable: reading the database", exc_info=True)
            return None
        self.read_ahead = ReadAhead(along, found)
        return found.get(key)

    def load(self) -> dict[str, Any]:
        if not self.session_key:
            return {}
        key = self.cache_key_prefix + self.session_key
        data = self._cache_get(key, (*_along.get(hash(self.session_key), ()), *self.also))
        if isinstance(data, dict):
            return data
        if data == TOMBSTONE:
            self._session_key = None
            return {}
        stored = self._get_session_from_db()  # type: ignore[attr-defined]
        if not stored:
            return {}
        data = self.decode(stored.session_data)
        timeout = min(self.get_expiry_age(expiry=stored.expire_date), _copy_seconds())
        if timeout > 0 and not cache_paused():
            try:
                self._cache.add(key, data, timeout)
            except Exception:  # noqa: BLE001
                cache_failed()
                logger.warning("session cache unavailable: copy not kept", exc_info=True)
        return data

    def exists(self, session_key: str | None) -> bool:
        if not session_key:
            return False
        data = self._cache_get(self.cache_key_prefix + session_key)
        if isinstance(data, dict):
            return True
        if data == TOMBSTONE:
            return False
        return bool(super().exists(session_key))

    def save(self, must_create: bool = False) -> None:
        super().save(must_create)  # a session deleted meanwhile: UpdateError, nothing cached
        key = self.cache_key
        try:
            self._cache.set(key, self._session,  # type: ignore[attr-defined]
                            min(self.get_expiry_age(), _copy_seconds()))
            # Deleted between the database write and the copy (sign-out everywhere in that
            # instant)? Then the tombstone was written before our copy: write it again.
            # One query per save, and a session is saved at most once a minute.
            if not super().exists(self.session_key):
                self._cache.set(key, TOMBSTONE, _copy_seconds())
        except Exception:  # noqa: BLE001
            cache_failed()
            logger.error("session cache unavailable: the copy of a saved session could not "
                         "be replaced; it expires within %s s", _copy_seconds(), exc_info=True)

    def delete(self, session_key: str | None = None) -> None:
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        super().delete(session_key)
        try:
            self._cache.set(self.cache_key_prefix + session_key, TOMBSTONE, _copy_seconds())
        except Exception:  # noqa: BLE001
            cache_failed()
            logger.error("session cache unavailable: an ended session's copy could not be "
                         "removed; it expires within %s s", _copy_seconds(), exc_info=True)

    def flush(self) -> None:
        self.clear()
        self.delete(self.session_key)
        self._session_key = None

    # No async views use the session; the async variants would bypass the rules above.
    async def aload(self) -> dict[str, Any]:  # pragma: no cover - guard
        raise NotImplementedError("jobcenter sessions are synchronous")

    async def aexists(self, session_key: str | None) -> bool:  # pragma: no cover - guard
        raise NotImplementedError("jobcenter sessions are synchronous")

    async def asave(self, must_create: bool = False) -> None:  # pragma: no cover - guard
        raise NotImplementedError("jobcenter sessions are synchronous")

    async def adelete(self, session_key: str | None = None) -> None:  # pragma: no cover
        raise NotImplementedError("jobcenter sessions are synchronous")


__all__ = ["SessionStore", "TOMBSTONE", "read_along"]
