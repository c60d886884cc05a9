"""The citizen's to-do (``core.todo``): an Anhörung about a possible Leistungsminderung
that awaits their answer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from jobcenter.core import todo
from jobcenter.minderungen.models import Minderung
from jobcenter.minderungen.selectors import minderungen_for_citizen


def anhoerung(user: Any) -> Iterable[todo.ToDo]:
    items = []
    today = timezone.localdate()
    # the item needs the answer's due date only: not the selector's related rows
    for m in (minderungen_for_citizen(user).filter(status=Minderung.Status.HEARING)
              .select_related(None).only("pk", "answer_due")):
        due = m.answer_due
        urgency = todo.OPEN
        badge = ""
        if due is not None and due < today:
            urgency, badge = todo.OVERDUE, _("Frist abgelaufen")
        elif due is not None and due <= today + dt.timedelta(days=3):
            urgency = todo.DUE_SOON
        items.append(todo.ToDo(
            kind="minderung_anhoerung", title=_("Anhörung: Ihre Sicht ist gefragt"),
            detail=_("Es geht um eine mögliche Minderung Ihres Geldes. Bitte antworten Sie bis "
                     "zum %(date)s.") % {"date": formats.date_format(due, "SHORT_DATE_FORMAT")}
            if due else "",
            action_label=_("Anhörung ansehen und antworten"),
            action_url=reverse("minderungen_citizen:detail", args=[m.pk]), urgency=urgency,
            due=timezone.make_aware(dt.datetime.combine(due, dt.time(23, 59))) if due else None,
            badge=badge))
    return items
