"""Which rows of reminders the cached pages show, and their scopes (``core.datastand``;
connected in ``config/wiring.py``)."""

from __future__ import annotations

from jobcenter.core import datastand
from jobcenter.reminders.models import ReminderDispatch, ReminderRule


def declare() -> None:
    datastand.not_shown(ReminderRule,
                        "staff configuration; a reminder reaches the citizen as a Notification")
    datastand.not_shown(ReminderDispatch,
                        "the planner's bookkeeping; the citizen sees the Notification")
