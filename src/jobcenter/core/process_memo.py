"""A per-process memo that stays bounded: when it holds ``limit`` entries it starts over.

Used for what a worker process remembers to save work on later requests — a path's URL
resolution (``core.handler``), which cache keys to read along with a session
(``accounts.session_store``) or with a cached page (``core.pagecache``). Each is only a
guess or a copy of something recomputable, so forgetting everything at once is safe and
keeps the memory of a long-running worker bounded.
"""

from __future__ import annotations

from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class ProcessMemo(dict[K, V], Generic[K, V]):
    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def keep(self, key: K, value: V) -> None:
        """Remember ``value`` for ``key`` (emptied first when full)."""
        if key in self and self[key] == value:
            return
        if len(self) >= self.limit:
            self.clear()
        self[key] = value


__all__ = ["ProcessMemo"]
