"""The portal's to-do items for the overview ("Das steht an", ``core.todo``): documents the
Jobcenter asked for, registered in ``config.wiring``. (They link to the concern's page, whose
reference only ``portal.concerns`` knows.)"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from jobcenter.core.todo import DUE_SOON, OPEN, OVERDUE, ToDo
from jobcenter.portal import concerns

#: A deadline this close counts as due soon.
DUE_SOON_DAYS = 7


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def document_requests(user: Any) -> Iterator[ToDo]:
    """Every open request for documents, with its deadline; overdue ones first."""
    today = timezone.localdate()
    for concern in concerns.concerns_for_citizen(user):
        for task in concern.tasks:
            overdue = task.status == "ueberfaellig" or task.deadline < today
            if overdue:
                urgency = OVERDUE
            elif (task.deadline - today).days <= DUE_SOON_DAYS:
                urgency = DUE_SOON
            else:
                urgency = OPEN
            yield ToDo(
                kind="document_request",
                title=_("Unterlagen einreichen"),
                detail=_("Für „%(kind)s“, bis zum %(deadline)s") % {
                    "kind": concern.title,
                    "deadline": formats.date_format(task.deadline, "SHORT_DATE_FORMAT")},
                action_label=_("Unterlagen hochladen"),
                action_url=f"{concern.url}#aufgaben",
                urgency=urgency, due=_day_start(task.deadline),
                badge=_("Frist abgelaufen") if overdue else "",
                extra={"context": concern.title},
            )
