"""The form engine's to-do items for the overview ("Das steht an", ``core.todo``): drafts to
finish, registered in ``config.wiring``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from jobcenter.core.todo import DUE_SOON, OPEN, ToDo
from jobcenter.formengine.selectors import draft_rows


def _day(moment: dt.datetime) -> str:
    return formats.date_format(timezone.localdate(moment), "SHORT_DATE_FORMAT")


def drafts(user: Any) -> Iterator[ToDo]:
    """A draft the citizen started and has not sent (one that can still be continued)."""
    for row in draft_rows(user):
        if not row.available:
            continue
        yield ToDo(
            kind="draft",
            title=_("Angefangen: %(title)s") % {"title": row.title},
            detail=_("Zuletzt geändert am %(changed)s. Der Entwurf wird am %(expires)s gelöscht, "
                     "wenn Sie ihn nicht absenden.") % {
                "changed": _day(row.updated_at), "expires": _day(row.expires_at)},
            action_label=_("Fortsetzen"),
            action_url=reverse("formengine:resume", args=[row.draft.public_id]),
            urgency=DUE_SOON if row.expires_soon else OPEN,
            due=row.expires_at,
            badge=_("Wird bald gelöscht") if row.expires_soon else "",
        )
