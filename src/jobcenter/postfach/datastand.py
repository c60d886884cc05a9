"""Which rows of postfach the cached pages show, and their scopes (``core.datastand``;
connected in ``config/wiring.py``)."""

from __future__ import annotations

from jobcenter.core import datastand
from jobcenter.postfach.models import Attachment, Message, ReplyTemplate, Thread, Topic


def declare() -> None:
    datastand.shown(Topic, datastand.TENANT)
    datastand.not_shown(ReplyTemplate, "the staff's text templates")
    datastand.shown(Thread)
    datastand.shown(Message)
    datastand.shown(Attachment)
