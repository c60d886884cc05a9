"""Reminder sources: where the occasions of reminders come from (a registry like
``core.todo``).

A source is registered in ``jobcenter.config.wiring`` with its key, its label for the
Jobcenter admin, the notification template it sends and a function that finds the
occasions in a time window::

    find(start: datetime, end: datetime) -> Iterable[Occurrence | tuple]

``start``/``end`` are aware datetimes at midnight Europe/Berlin (half-open ``[start,
end)``, whole Berlin days — 23 or 25 hours long on the days of the DST change). A source
yields ``Occurrence`` objects, or 4-tuples ``(user, stable key, when, link path)`` — the
shape of ``termine.reminders.appointments_between`` — where ``when`` is a date or an
aware datetime (its Berlin day counts) and ``user`` a ``User``; the Jobcenter whose rules
apply is then the user's.

A source never imports this app's planner, and the planner never imports a source.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone


@dataclass(frozen=True)
class Occurrence:
    """One occasion to remind of (a deadline, the end of a period, an appointment)."""

    user_id: int
    jobcenter_id: int | None  # whose rules apply
    key: str  # stable key of the object, e.g. "request:42" (no personal data)
    on: dt.date  # the Berlin day of the occasion
    link_path: str  # where the reminder leads in the citizen's account


@dataclass(frozen=True)
class DefaultRule:
    days_before: int
    channel: str = "email"
    text_de: str = ""
    text_en: str = ""


@dataclass(frozen=True)
class Source:
    key: str
    label: Any  # translated lazily: what the admin reads ("Weiterbewilligung")
    template: str  # notifications template key
    find: Callable[[dt.datetime, dt.datetime], Iterable[Any]]
    #: after a reminder went out: e.g. the eAkte notes it in the request's history
    on_sent: Callable[[str, dt.date], None] | None = None
    defaults: tuple[DefaultRule, ...] = field(default=())
    help_text: Any = ""


_sources: dict[str, Source] = {}


def register(key: str, *, label: Any, template: str,
             find: Callable[[dt.datetime, dt.datetime], Iterable[Any]],
             on_sent: Callable[[str, dt.date], None] | None = None,
             defaults: Iterable[DefaultRule] = (), help_text: Any = "") -> None:
    """Register (or replace) the source ``key`` (``jobcenter.config.wiring``)."""
    if len(key) > 30:
        raise ValueError("a source key has at most 30 characters")
    _sources[key] = Source(key=key, label=label, template=template, find=find,
                           on_sent=on_sent, defaults=tuple(defaults), help_text=help_text)


def unregister(key: str) -> None:
    _sources.pop(key, None)


def get(key: str) -> Source | None:
    return _sources.get(key)


def all_sources() -> dict[str, Source]:
    return dict(_sources)


def day_start(day: dt.date) -> dt.datetime:
    """Midnight of ``day`` in Europe/Berlin (aware)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min),
                               timezone.get_default_timezone())


def normalise(item: Any) -> Occurrence:
    """An ``Occurrence`` from what a source yields (see the module docstring)."""
    if isinstance(item, Occurrence):
        return item
    user, key, when, link_path = item
    if isinstance(when, dt.datetime):
        day = timezone.localdate(when, timezone.get_default_timezone())
    else:
        day = when
    return Occurrence(user_id=user.pk, jobcenter_id=user.jobcenter_id, key=str(key)[:60],
                      on=day, link_path=str(link_path)[:200])
