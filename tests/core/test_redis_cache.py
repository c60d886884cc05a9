"""The Redis cache backend (core/redis_cache.py) and the generation-tagged entries
(core/fresh_cache.py) on a real Redis: the commands answer as with Django's backend, one
client object serves every call, and a generation that does not exist yet (Redis ``INCR``
through Django raises ``ValueError``) starts afresh."""

from __future__ import annotations

import uuid
from unittest import mock

import pytest
import redis

from jobcenter.core import fresh_cache
from jobcenter.core.fresh_cache import FreshCache
from tests.conftest import REDIS_URL, redis_reachable

pytestmark = pytest.mark.skipif(not redis_reachable(),
                                reason="needs Redis on 127.0.0.1:6379 (DB 7)")


@pytest.fixture
def redis_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "jobcenter.core.redis_cache.RedisCache",
                                   "LOCATION": REDIS_URL,
                                   "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}}
    from django.core.cache import cache

    return cache  # keys under a prefix of their own; they expire (DB 7 is shared)


def test_keys_are_not_walked_for_memcached_limits(redis_cache):
    import warnings

    from django.core.cache.backends.base import CacheKeyWarning

    key = "a key with spaces " + "x" * 300  # memcached would refuse it: Redis takes it
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheKeyWarning)
        redis_cache.set(key, 1, 30)
        assert redis_cache.get_many([key]) == {key: 1}


def test_the_backend_answers_as_djangos_and_builds_one_client(redis_cache):
    with mock.patch.object(redis.Redis, "__init__", side_effect=redis.Redis.__init__,
                           autospec=True) as built:
        redis_cache.set("a", {"x": 1}, 30)
        assert redis_cache.get("a") == {"x": 1}
        assert redis_cache.add("a", 2, 30) is False
        assert redis_cache.add("n", 1, 30) is True
        assert redis_cache.incr("n") == 2
        with pytest.raises(ValueError):
            redis_cache.incr("missing")
        assert redis_cache.get_many(["a", "n", "missing"]) == {"a": {"x": 1}, "n": 2}
        redis_cache.delete("a")
        assert redis_cache.get("a") is None
    assert built.call_count <= 2  # one per pool (reads and writes), not one per call


def test_fresh_entries_on_redis(redis_cache, db):
    entries: FreshCache[str] = FreshCache("jc:test", timeout=30)
    value, stamp = entries.lookup(1)
    assert value is None and stamp.generation is not None
    entries.store(1, stamp, "old")
    assert entries.lookup(1)[0] == "old"
    entries.forget(1)
    assert entries.lookup(1)[0] is None
    # a reader that took its stamp before the change cannot store what it read
    _, early = entries.lookup(2)
    entries.forget(2)
    entries.store(2, early, "read before the change")
    assert entries.lookup(2)[0] is None
    # an evicted generation: forgetting starts a new random one
    redis_cache.delete("jc:test:gen:3")
    entries.forget(3)
    assert isinstance(redis_cache.get("jc:test:gen:3"), int)
    assert not fresh_cache.cache_paused()
