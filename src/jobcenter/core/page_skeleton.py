"""A page rendered once per process with holes, filled per request.

A form page answered to a POST differs between two people mostly in the values they typed
(and in a result computed from them); the labels, hints, choices, the shell around it and
the markup of every field are the same for everyone who filled the same fields. Such a
page is rendered once per *shape* (what decides its markup: the language, which fields
carry a value, which errors are shown, …) with a :func:`hole` in place of every value
that differs per request, split at the holes into a :class:`Skeleton`, and kept in the
process (:class:`ProcessCache`, least recently used first out). Each request then costs
the shape's key and one ``join`` of the static parts with its own values — escaped by the
caller exactly as the template would have escaped them.

Nothing of a request is kept but in the values it fills: the skeleton holds only the
values that make up its key (the caller decides which), never a typed amount or date
that is a hole. A hole is ``"\\x00name\\x00"``: a character HTML text cannot contain, so a
page's own text never looks like one; a skeleton whose holes are not exactly the ones
expected (e.g. a value in the key that contains such a character) is not used
(:func:`split` answers None) and the page is rendered as usual.

The cache lives in the process (a deploy starts new processes; templates do not change
while one runs with ``DEBUG`` off, and callers bypass it under ``DEBUG``); a changed
setting empties every cache (tests).
"""

from __future__ import annotations

import functools
import re
import threading
from collections import OrderedDict
from collections.abc import Collection, Hashable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.signals import setting_changed
from django.utils.safestring import SafeString

_HOLE = re.compile("\x00([A-Za-z0-9_-]+)\x00")


def hole(name: str) -> SafeString:
    """What a template renders in place of the per-request value ``name``."""
    # mark_safe of a str, without its wrapper for lazy strings (many holes per request)
    return SafeString(f"\x00{name}\x00")


@dataclass(frozen=True)
class Skeleton:
    """Static text and hole names, alternating: ``text, name, text, …, text``."""

    parts: tuple[str, ...]

    def fill(self, values: Mapping[str, str]) -> str:
        filled = list(self.parts)
        for index in range(1, len(filled), 2):
            filled[index] = values[filled[index]]
        return "".join(filled)

    @functools.cached_property
    def _utf8(self) -> tuple[bytes | str, ...]:
        """The parts with the static text in UTF-8 (made on the first ``fill_bytes``)."""
        return tuple(part.encode() if index % 2 == 0 else part
                     for index, part in enumerate(self.parts))

    def fill_bytes(self, values: Mapping[str, str | bytes]) -> bytes:
        """``fill(values).encode()`` (UTF-8; a value may be given encoded already) without
        joining and encoding the whole page: a page of 20–45 kB with non-ASCII text (an
        "ü", a "€") is first joined into a text of two bytes a character and then encoded
        character by character — several times the cost of joining its parts' bytes
        (UTF-8 encodes each character by itself, so both give the same bytes)."""
        filled: list[Any] = list(self._utf8)
        for index in range(1, len(filled), 2):
            value = values[filled[index]]
            filled[index] = value if type(value) is bytes else value.encode()  # type: ignore[union-attr]
        return b"".join(filled)


def split(html: str, expected: Collection[str], *, partial: bool = False) -> Skeleton | None:
    """The skeleton of a page rendered with holes, or None unless every expected hole is
    in it exactly once and there is no other. ``partial``: a hole may also be missing (a
    value the template does not show in this shape) or repeated (a value shown twice)."""
    parts = _HOLE.split(html)
    found = parts[1::2]
    if partial:
        return Skeleton(tuple(parts)) if set(found) <= set(expected) else None
    if len(found) != len(expected) or set(found) != set(expected):
        return None
    return Skeleton(tuple(parts))


V = TypeVar("V")
_caches: list[ProcessCache[Any]] = []


class ProcessCache(Generic[V]):
    """Values kept in the process by key, at most ``size`` (least recently used out), all
    forgotten when a setting changes: e.g. a page's skeletons by shape."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()
        _caches.append(self)

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key: Hashable, value: V) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


def _forget(**kwargs: Any) -> None:
    for cache in _caches:
        cache.clear()


setting_changed.connect(_forget, dispatch_uid="jobcenter.core.page_skeleton")
