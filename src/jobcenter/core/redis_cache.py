"""Django's Redis cache backend without building a Redis client object per cache call.

Django's ``RedisCacheClient.get_client`` makes a new ``redis.Redis`` for every command (its
connection pool is kept). With redis-py 8 that constructor copies the ~170 response
callbacks into a case-insensitive dict: measured 0.17 ms of CPU per cache call, more than
the command itself (docs/performance.md, "Fixed cost of a request"). A ``redis.Redis``
over a pool is safe to share between threads and across a fork (the pool checks the
process id), so this backend keeps one per pool. Everything else — serialisation, pools,
timeouts, the commands — is Django's.

Keys are not checked for memcached's limits (Django's ``validate_key`` walks every
character of every key in Python, eight keys per signed-in page: a few per cent of a
cached page's CPU). Redis takes any key; the tests' in-memory cache still warns about
keys memcached would refuse.
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        index = self._get_connection_pool_index(write)  # type: ignore[attr-defined]
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(  # type: ignore[attr-defined]
                connection_pool=self._get_connection_pool(write))  # type: ignore[attr-defined]
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server: Any, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

    def validate_key(self, key: str) -> None:
        """Redis accepts every key (see the module's doc)."""
