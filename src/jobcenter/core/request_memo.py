"""Reads that one page needs several times, done once while the page renders.

A page such as the citizen's overview asks several providers (the to-do list, the open
concerns, the current Bewilligung) for data that come from the same reads
(``portal.concerns.concerns_for_citizen``, ``decisions.selectors.current_bewilligung``).
Inside ``with remembering():`` a function decorated with ``@remembered`` computes its result
once per set of arguments (users by primary key); outside, it runs every time, as before.
The memo lives as long as the ``with`` block (one page render, which only reads), so a later
write is never hidden behind an old result.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

_memo: ContextVar[dict[tuple[Any, ...], Any] | None] = ContextVar("request_memo", default=None)


@contextmanager
def remembering() -> Iterator[None]:
    """Remember the results of ``@remembered`` functions until the block ends (nested blocks
    share the outer memo)."""
    if _memo.get() is not None:
        yield
        return
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def _key_part(value: Any) -> Any:
    pk = getattr(value, "pk", None)
    if pk is not None and hasattr(value, "_meta"):
        return (value._meta.label, pk)
    return value


def remembered(function: Callable[P, R]) -> Callable[P, R]:
    """Within ``remembering()``, compute ``function`` once per arguments."""
    name = f"{function.__module__}.{function.__qualname__}"

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        memo = _memo.get()
        if memo is None:
            return function(*args, **kwargs)
        key = (name, *map(_key_part, args), *sorted(
            (k, _key_part(v)) for k, v in kwargs.items()))
        try:
            return memo[key]  # type: ignore[no-any-return]
        except KeyError:
            result = memo[key] = function(*args, **kwargs)
            return result
        except TypeError:  # an unhashable argument: no memo
            return function(*args, **kwargs)

    return wrapper
