"""The citizen's to-do list ("Das steht an", issue 13): one interface, many providers.

Each app that can ask something of a citizen (document requests, drafts, the Postfach,
appointments, a due Weiterbewilligung, an Anhörung, a Widerspruch …) registers a provider in
``jobcenter.config.wiring``; the overview asks every provider and shows the items ordered by
urgency. A provider never imports the overview, and the overview never imports a provider.

A provider is ``def provider(user) -> Iterable[ToDo]``: only the signed-in citizen's own
items, already checked for access (it is called for ``request.user`` only), with texts
translated (``gettext``) and no internal key, ISO date or staff note in them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

#: Urgency: lower comes first. A deadline within the next days outranks everything else.
OVERDUE = 0
DUE_SOON = 10
OPEN = 20
INFO = 30


@dataclass(frozen=True)
class ToDo:
    """One thing the citizen should do, with exactly one action."""

    kind: str  # stable machine key of the provider's kind, e.g. "document_request"
    title: str  # translated, plain language
    detail: str  # translated, plain language; dates already formatted for the reader
    action_label: str  # translated verb phrase, e.g. "Unterlagen hochladen"
    action_url: str
    urgency: int = OPEN
    due: dt.datetime | None = None  # aware; orders items of the same urgency
    badge: str = ""  # translated short state, e.g. "Frist abgelaufen"
    extra: dict[str, Any] = field(default_factory=dict, compare=False)


Provider = Callable[[Any], Iterable[ToDo]]
_providers: dict[str, Provider] = {}


def register(name: str, provider: Provider) -> None:
    """Register (or replace) the provider ``name`` (``jobcenter.config.wiring``)."""
    _providers[name] = provider


def providers() -> dict[str, Provider]:
    return dict(_providers)


def _sort_key(item: ToDo) -> tuple[int, float, str]:
    due = item.due.timestamp() if item.due is not None else float("inf")
    return (item.urgency, due, item.title)


def todos_for(user: Any) -> list[ToDo]:
    """Every provider's items for ``user``, most urgent first."""
    items: list[ToDo] = []
    for provider in _providers.values():
        items.extend(provider(user))
    return sorted(items, key=_sort_key)
