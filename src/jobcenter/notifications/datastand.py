"""Which rows of notifications the cached pages show, and their scopes (``core.datastand``;
connected in ``config/wiring.py``)."""

from __future__ import annotations

from jobcenter.core import datastand
from jobcenter.notifications.models import DeliveryAttempt, Notification, NotificationSettings


def declare() -> None:
    datastand.shown(Notification)
    datastand.not_shown(DeliveryAttempt, "delivery bookkeeping of e-mails and SMS")
    datastand.shown(NotificationSettings)
