"""Field paths into an sgb2 request, in the engine's own notation (``personen[0].vermoegen``).

The calculation form names its inputs with these paths, so a message of the engine
(``Eingabefehler.fehler``) lands at the field it is about.
"""

from __future__ import annotations

import copy
import re
from typing import Any

_TOKEN = re.compile(r"([a-z_]+)|\[(\d+)\]")


class PathError(ValueError):
    pass


def parse(path: str) -> list[str | int]:
    parts: list[str | int] = []
    pos = 0
    for match in _TOKEN.finditer(path):
        if match.start() != pos and path[pos] != ".":
            raise PathError(path)
        name, index = match.groups()
        parts.append(name if name is not None else int(index))
        pos = match.end()
        if pos < len(path) and path[pos] == ".":
            pos += 1
    if pos != len(path) or not parts:
        raise PathError(path)
    return parts


_MISSING = object()


def get(data: Any, path: str, default: Any = None) -> Any:
    node = data
    for part in parse(path):
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return default
    return node


def apply(data: dict[str, Any], op: str, path: str, value: Any = None) -> dict[str, Any]:
    """A changed deep copy: ``set`` (``None`` removes an optional key), ``append`` to a
    list (created if missing), ``remove`` a list element."""
    result = copy.deepcopy(data)
    parts = parse(path)
    node: Any = result
    for part in parts[:-1]:
        if isinstance(part, int):
            if not isinstance(node, list) or part >= len(node):
                raise PathError(path)
            node = node[part]
        else:
            if not isinstance(node, dict):
                raise PathError(path)
            node = node.setdefault(part, {})
    last = parts[-1]
    if op == "set":
        if isinstance(last, int):
            if not isinstance(node, list) or last >= len(node):
                raise PathError(path)
            node[last] = value
        elif value is None:
            node.pop(last, None)
        else:
            node[last] = value
    elif op == "append":
        if isinstance(last, int) or not isinstance(node, dict):
            raise PathError(path)
        target = node.setdefault(last, [])
        if not isinstance(target, list):
            raise PathError(path)
        target.append(value)
    elif op == "remove":
        if not isinstance(last, int) or not isinstance(node, list) or last >= len(node):
            raise PathError(path)
        node.pop(last)
    else:
        raise PathError(op)
    return result
