"""The citizen's notification centre: their own notices, newest first, with what they read.

Only the signed-in citizen's rows (``scope``). The title comes from the notice's kind
(``services.TITLES``), the text from a Jobcenter's reminder rule in the reader's language,
the date it is about in the reader's format — never an internal key or an ISO date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils import formats
from django.utils.translation import get_language

from jobcenter.core.access import scope
from jobcenter.core.fresh_cache import FreshCache
from jobcenter.notifications.models import Notification, NotificationQuerySet
from jobcenter.notifications.services import title_for

PER_PAGE = 20


@dataclass(frozen=True)
class Entry:
    notification: Notification
    title: str
    text: str
    due: str  # the date the notice is about, formatted ("" if none)
    created_at: dt.datetime
    unread: bool

    @property
    def pk(self) -> int:
        return self.notification.pk


def notifications_for(user: Any) -> QuerySet[Notification]:
    return scope(Notification.objects.all(), user).order_by("-created_at", "-pk")


#: The badge "3 ungelesen" on every citizen page: kept per user in the cache, served only
#: while no notice of the user was created, read or deleted since (``core.fresh_cache``).
#: For a citizen the count depends on their own rows only (``scope``: owner = the user).
_unread: FreshCache[int] = FreshCache("jc:unread", timeout=300)


def unread_count_uncached(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return notifications_for(user).filter(read_at__isnull=True).count()


def unread_count(user: Any) -> int:
    """How many of the user's notices are unread (the cached count, see ``_unread``)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    if not user.is_citizen:
        return unread_count_uncached(user)
    count = _unread.get(user.pk, lambda: unread_count_uncached(user))
    return count or 0


def forget_unread_count(user_id: Any) -> None:
    """A notice of this user was created, changed or deleted."""
    _unread.forget(user_id)


def on_notification_changed(sender: Any, instance: Notification, **kwargs: Any) -> None:
    """``post_save`` / ``post_delete`` receiver of ``Notification`` (a save that wrote
    only fields the count does not depend on — the delivery status — changes nothing)."""
    update_fields = kwargs.get("update_fields")
    if update_fields and not set(update_fields) & NotificationQuerySet.depends_on:
        return
    forget_unread_count(instance.user_id)


def _text(params: dict[str, Any]) -> str:
    english = not (get_language() or "de").startswith("de")
    text = params.get("text_en") if english else params.get("text_de")
    return str(text or params.get("text_de") or "")


def _due(params: dict[str, Any]) -> str:
    try:
        day = dt.date.fromisoformat(str(params.get("due", "")))
    except ValueError:
        return ""
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def entry(notification: Notification) -> Entry:
    params = notification.params or {}
    return Entry(notification=notification, title=str(title_for(notification.template)),
                 text=_text(params), due=_due(params), created_at=notification.created_at,
                 unread=notification.read_at is None)


def notifications_page(user: Any, page: Any) -> Page:
    result = Paginator(notifications_for(user), PER_PAGE).get_page(page)
    # the page carries the display rows (Entry) instead of the model rows
    result.object_list = cast(Any, [entry(n) for n in result.object_list])
    return result


def notification_for(user: Any, pk: int) -> Notification | None:
    return notifications_for(user).filter(pk=pk).first()
