"""Small per-request reads kept in the cache and never served stale: the signed-in user, the
Jobcenter of the page's branding, the unread notifications' count (docs/performance.md,
"Fixed cost of a request"; docs/security.md, "Sessions and the cached user").

Every entry has a *generation*: a counter in the cache next to it (``<kind>:gen:<key>``).
An entry is stored together with the generation read **before** its value was read from the
database, and it is served only while that generation is still the current one. A change
moves the generation on (:meth:`FreshCache.forget`) at once and again when its transaction
commits, so

* a reader that read the old row before the change committed stores it under the old
  generation, which no longer matches: nobody is served it (the race of a plain
  "delete on save" cache, where such a reader puts the old value back, is closed);
* a rolled-back change only costs one more database read.

Reading the entry and its generation is one round trip (``get_many``) — or none, when the
session store read them along with the session (:class:`ReadAhead`). The cache failing
never fails a request: a read then goes to the database, a failed store is skipped, and
for ``PAUSE_SECONDS`` this process reads from the database without asking the cache again
(:func:`cache_paused`: a Redis that does not answer costs one socket timeout per process and
pause, not one per read). Moving a generation on is always tried, pause or not. A change
whose generation cannot be moved (cache unreachable) is logged as an error; should the
cache come back with the old entry still in it, that entry lives at most ``timeout``
seconds (the reason the entries are short-lived).
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from django.core.cache import cache
from django.db import models, transaction

logger = logging.getLogger(__name__)

T = TypeVar("T")
M = TypeVar("M", bound=models.Model)

#: After a failed cache call, reads skip the cache in this process for this many seconds.
PAUSE_SECONDS = 30.0
_paused_until = 0.0


def cache_paused() -> bool:
    """Whether reads should go to the database without asking the cache (it failed
    within the last ``PAUSE_SECONDS`` in this process)."""
    return _paused_until > time.monotonic()


def cache_failed() -> None:
    """A cache call failed: pause the reads (see :func:`cache_paused`)."""
    global _paused_until
    _paused_until = time.monotonic() + PAUSE_SECONDS


def cache_resume() -> None:
    """End a pause (tests)."""
    global _paused_until
    _paused_until = 0.0

#: Whether the cache answered (a miss is not an error).
_MISSING = object()
#: A generation lives at most a day (then a new random one starts: one more
#: database read), so that the cache does not keep one key per user who ever signed in.
GENERATION_SECONDS = 24 * 3600


class Stamp:
    """The generation seen before a database read; ``None`` when the cache did not answer
    (then nothing is stored)."""

    __slots__ = ("generation",)

    def __init__(self, generation: int | None) -> None:
        self.generation = generation


class ReadAhead:
    """Cache keys read in one round trip together with another read of the same request
    (the session's: ``accounts.session_store``), and what the cache held for them — a key
    absent from ``found`` was absent from the cache."""

    __slots__ = ("found", "keys")

    def __init__(self, keys: tuple[str, ...], found: dict[str, Any]) -> None:
        self.keys = frozenset(keys)
        self.found = found

    def covers(self, keys: tuple[str, ...]) -> bool:
        return self.keys.issuperset(keys)


class FreshCache(Generic[T]):
    """Entries of one kind (``jc:user``, ``jc:jobcenter``, ...), keyed by an id."""

    def __init__(self, prefix: str, *, timeout: int) -> None:
        self.prefix = prefix
        self.timeout = timeout

    def _keys(self, key: object) -> tuple[str, str]:
        return f"{self.prefix}:gen:{key}", f"{self.prefix}:{key}"

    def keys(self, key: object) -> tuple[str, str]:
        """The cache keys :meth:`lookup` reads for ``key`` (to read them ahead along with
        something else: :class:`ReadAhead`)."""
        return self._keys(key)

    def lookup(self, key: object, *, ahead: ReadAhead | None = None
               ) -> tuple[T | None, Stamp]:
        """The cached value (None on a miss) and the stamp to store a fresh one with.
        ``ahead``: keys read earlier in this request in the same round trip as something
        else; if they are this entry's, the cache is not asked again."""
        if cache_paused():
            return None, Stamp(None)
        gen_key, value_key = self._keys(key)
        if ahead is not None and ahead.covers((gen_key, value_key)):
            found = ahead.found
        else:
            try:
                found = cache.get_many([gen_key, value_key])
            except Exception:  # noqa: BLE001 - the cache down or slow: read the database
                cache_failed()
                logger.warning("cache unavailable: reading %s from the database",
                               self.prefix, exc_info=True)
                return None, Stamp(None)
        generation = found.get(gen_key, _MISSING)
        if generation is _MISSING:
            generation = self._start(gen_key)
        entry = found.get(value_key)
        if (isinstance(entry, tuple) and len(entry) == 2 and generation is not None
                and entry[0] == generation):
            return entry[1], Stamp(generation)
        return None, Stamp(generation if isinstance(generation, int) else None)

    def store(self, key: object, stamp: Stamp, value: T) -> None:
        """Keep ``value`` (read from the database after ``stamp`` was taken)."""
        if stamp.generation is None:
            return
        try:
            cache.set(self._keys(key)[1], (stamp.generation, value), self.timeout)
        except Exception:  # noqa: BLE001 - not kept: the next request reads the database
            cache_failed()
            logger.warning("cache unavailable: %s not stored", self.prefix, exc_info=True)

    def get(self, key: object, load: Callable[[], T | None]) -> T | None:
        """The cached value, or ``load()`` (a database read; None: nothing to keep) kept
        for the next request."""
        value, stamp = self.lookup(key)
        if value is not None:
            return value
        value = load()
        if value is not None:
            self.store(key, stamp, value)
        return value

    def forget(self, key: object) -> None:
        """Move the generation of ``key`` on now and after the current transaction commits:
        what was cached for it is no longer served."""
        self._bump(key)
        transaction.on_commit(lambda: self._bump(key))

    def _bump(self, key: object) -> None:
        gen_key = self._keys(key)[0]
        try:
            try:
                cache.incr(gen_key)
            except ValueError:  # no generation yet (or evicted): start a new, random one
                cache.set(gen_key, _random_generation(), GENERATION_SECONDS)
        except Exception:  # noqa: BLE001
            cache_failed()
            logger.error("cache unavailable: %s %s could not be invalidated; a copy the "
                         "cache may still hold expires within %s s", self.prefix, key,
                         self.timeout, exc_info=True)

    def _start(self, gen_key: str) -> int | None:
        """A first generation for ``gen_key`` (random, so that an entry stored under an
        evicted generation is never taken for a new one)."""
        try:
            cache.add(gen_key, _random_generation(), GENERATION_SECONDS)
            generation = cache.get(gen_key)
        except Exception:  # noqa: BLE001
            cache_failed()
            return None
        return generation if isinstance(generation, int) else None


def _random_generation() -> int:
    return secrets.randbits(62)


class ForgetfulQuerySet(models.QuerySet[M]):
    """A QuerySet whose writes that send no signal (``update``, ``bulk_update``,
    ``bulk_create``) still make the cached copies stale: :meth:`forget` gets the
    ``forget_field`` values of the rows written (``post_save``/``post_delete`` receivers
    cover ``save()`` and ``delete()``)."""

    #: The field whose values key the cached copies (``pk``, or e.g. ``user_id``).
    forget_field = "pk"
    #: The fields the cached copies depend on (None: all); an update of others forgets
    #: nothing (and costs no query to find the rows).
    depends_on: frozenset[str] | None = None

    def _matters(self, fields: Any) -> bool:
        return self.depends_on is None or bool(set(fields) & self.depends_on)

    def forget(self, keys: set[Any]) -> None:
        raise NotImplementedError

    def update(self, **kwargs: Any) -> int:
        if not self._matters(kwargs):
            return super().update(**kwargs)
        keys = set(self.values_list(self.forget_field, flat=True))
        count = super().update(**kwargs)
        self.forget(keys)
        return count

    def bulk_update(self, objs: Any, fields: Any, batch_size: int | None = None) -> int:
        objs = list(objs)
        count = super().bulk_update(objs, fields, batch_size=batch_size)
        if self._matters(fields):
            self.forget({getattr(obj, self.forget_field) for obj in objs})
        return count

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list[M]:
        created = super().bulk_create(objs, *args, **kwargs)
        self.forget({getattr(obj, self.forget_field) for obj in created})
        return created
