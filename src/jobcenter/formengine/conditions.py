"""Conditions and cross-field rules: JSON Logic (``panzi-json-logic``) plus a few extras.

Expressions are data in the form definition. ``evaluate`` runs one against the answers;
``references`` lists the question ids an expression reads (for the static checks).
Every operator the engine accepts is in :data:`OPERATIONS`; anything else is rejected when
the form is loaded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone
from json_logic.apply import apply as _apply
from json_logic.builtins import BUILTINS


def _parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def op_today(data: Any = None, *_ignored: Any) -> str:
    """Today's date (local time of the installation) as ``YYYY-MM-DD``."""
    return timezone.localdate().isoformat()


def op_age(data: Any = None, birth: Any = None, on: Any = None, *_ignored: Any) -> int | None:
    """Full years between ``birth`` and ``on`` (default: today); None if not a date."""
    born = _parse_date(birth)
    day = _parse_date(on) if on is not None else timezone.localdate()
    if born is None or day is None:
        return None
    years = day.year - born.year - ((day.month, day.day) < (born.month, born.day))
    return years


def op_num(data: Any = None, value: Any = None, *_ignored: Any) -> float | None:
    """A stored number or money string ("1234.56") as a number; None if it is none."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return value
    try:
        return float(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return None


def op_count(data: Any = None, value: Any = None, *_ignored: Any) -> int:
    """Number of entries of a repeating group or of a multiple choice answer."""
    return len(value) if isinstance(value, list) else 0


def op_answered(data: Any = None, value: Any = None, *_ignored: Any) -> bool:
    """True when a value was given (not None, not "", not an empty list/dict)."""
    return value not in (None, "", [], {})


EXTRA_OPERATIONS = {
    "today": op_today,
    "age": op_age,
    "num": op_num,
    "count": op_count,
    "answered": op_answered,
}
#: JSON Logic's control operators are handled inside ``apply`` itself.
CONTROL_OPERATIONS = {"if", "?:", "and", "or", "filter", "map", "reduce", "all", "none", "some"}
OPERATIONS = {**BUILTINS, **EXTRA_OPERATIONS}
SUPPORTED_OPERATORS = frozenset(OPERATIONS) | CONTROL_OPERATIONS
#: Operators whose arguments are evaluated against a list item, not the answers.
_ITEM_SCOPED = {"filter", "map", "all", "none", "some", "reduce"}


class ExpressionError(ValueError):
    pass


def evaluate(expression: Any, data: dict) -> Any:
    """Evaluate ``expression`` against ``data``; errors count as "false" (never a 500)."""
    if expression is None:
        return True
    try:
        return _apply(expression, data, OPERATIONS)
    except (
        TypeError,
        ValueError,
        ZeroDivisionError,
        ArithmeticError,
        KeyError,
        IndexError,
        AttributeError,
        RecursionError,
    ):
        return None


def is_true(expression: Any, data: dict) -> bool:
    from json_logic.builtins import to_bool

    if expression is None:
        return True
    return bool(to_bool(evaluate(expression, data)))


def operators(expression: Any) -> Iterator[str]:
    """Every operator name used in ``expression``."""
    if isinstance(expression, list):
        for item in expression:
            yield from operators(item)
    elif isinstance(expression, dict):
        if len(expression) != 1:
            raise ExpressionError("an operation object must have exactly one key")
        op, args = next(iter(expression.items()))
        yield op
        yield from operators(args)


def references(expression: Any) -> Iterator[str]:
    """Dotted paths read by ``var``/``missing``/``missing_some`` (top-level scope only).

    Raises :class:`ExpressionError` for variable names that are computed at run time,
    which the static checks cannot follow.
    """
    if isinstance(expression, list):
        for item in expression:
            yield from references(item)
        return
    if not isinstance(expression, dict) or len(expression) != 1:
        return
    op, args = next(iter(expression.items()))
    if op == "var":
        name = args[0] if isinstance(args, list) and args else args
        if isinstance(name, (int, float)) or name in ("", None, []):
            return
        if not isinstance(name, str):
            raise ExpressionError("var names must be literal strings")
        yield name
        if isinstance(args, list) and len(args) > 1:
            yield from references(args[1])
        return
    if op in ("missing", "missing_some"):
        names = (
            args
            if op == "missing"
            else (args[1] if isinstance(args, list) and len(args) > 1 else [])
        )
        if isinstance(names, list) and names and isinstance(names[0], list):
            names = names[0]
        for name in names if isinstance(names, list) else [names]:
            if not isinstance(name, str):
                raise ExpressionError("missing() names must be literal strings")
            yield name
        return
    if op in _ITEM_SCOPED:
        # The first argument reads the answers; the rest reads each list item.
        first = args[0] if isinstance(args, list) and args else args
        yield from references(first)
        return
    yield from references(args)


def literal_comparisons(expression: Any) -> Iterator[tuple[str, Any]]:
    """(variable, literal) pairs from ``==``/``===``/``!=``/``!==``/``in`` (for choice checks)."""
    if isinstance(expression, list):
        for item in expression:
            yield from literal_comparisons(item)
        return
    if not isinstance(expression, dict) or len(expression) != 1:
        return
    op, args = next(iter(expression.items()))
    if op in ("==", "===", "!=", "!==") and isinstance(args, list) and len(args) == 2:
        for a, b in (args, args[::-1]):
            if (
                isinstance(a, dict)
                and "var" in a
                and isinstance(a["var"], str)
                and isinstance(b, (str, bool, int))
            ):
                yield a["var"], b
    if op == "in" and isinstance(args, list) and len(args) == 2:
        needle, haystack = args
        if (
            isinstance(haystack, dict)
            and isinstance(haystack.get("var"), str)
            and isinstance(needle, str)
        ):
            yield haystack["var"], needle
        if (
            isinstance(needle, dict)
            and isinstance(needle.get("var"), str)
            and isinstance(haystack, list)
        ):
            for item in haystack:
                if isinstance(item, (str, bool, int)):
                    yield needle["var"], item
    if op not in _ITEM_SCOPED:
        yield from literal_comparisons(args)
