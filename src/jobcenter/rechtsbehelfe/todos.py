"""The citizen's to-do (``core.todo``): a Widerspruch filed in the account that the
Jobcenter has not yet registered — the account's entry is no substitute for the written
form (§ 84 SGG, § 36a Abs. 2 SGB I), so the citizen is reminded to send it signed or to
declare it on record before the Widerspruchsfrist ends."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from jobcenter.core import todo
from jobcenter.rechtsbehelfe.models import Widerspruch
from jobcenter.rechtsbehelfe.selectors import widersprueche_for_citizen


def schriftform(user: Any) -> Iterable[todo.ToDo]:
    items = []
    # the item needs the Bescheid's deadline only: not the selector's ten related rows
    for w in (widersprueche_for_citizen(user)
              .filter(channel=Widerspruch.Channel.ONLINE, status=Widerspruch.Status.RECEIVED)
              .select_related(None).select_related("decision")
              .only("pk", "decision__objection_deadline")):
        deadline = w.decision.objection_deadline
        detail = _("Die Eingabe im Kundenkonto ersetzt nicht die Schriftform. Schicken Sie "
                   "Ihren Widerspruch unterschrieben per Post oder erklären Sie ihn im "
                   "Jobcenter zur Niederschrift.")
        due = None
        urgency = todo.OPEN
        if deadline is not None:
            detail += " " + _("Die Frist endet am %(date)s.") % {
                "date": formats.date_format(deadline, "SHORT_DATE_FORMAT")}
            due = timezone.make_aware(dt.datetime.combine(deadline, dt.time(23, 59)))
            if deadline <= timezone.localdate() + dt.timedelta(days=7):
                urgency = todo.DUE_SOON
        items.append(todo.ToDo(
            kind="widerspruch_schriftform", title=_("Widerspruch schriftlich bestätigen"),
            detail=detail, action_label=_("Widerspruch ansehen und ausdrucken"),
            action_url=reverse("rechtsbehelfe_citizen:detail", args=[w.pk]),
            urgency=urgency, due=due))
    return items
