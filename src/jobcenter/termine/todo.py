"""The appointments' items for the citizen's to-do list (``core.todo``): each upcoming
appointment, and first a Meldetermin that awaits the citizen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from jobcenter.core.todo import DUE_SOON, INFO, OPEN, ToDo
from jobcenter.termine.models import Appointment
from jobcenter.termine.selectors import upcoming_items_for_citizen


def _when(start: dt.datetime) -> str:
    local = timezone.localtime(start)
    return _("%(day)s um %(time)s Uhr") % {"day": date_format(local, "DATE_FORMAT"),
                                            "time": date_format(local, "TIME_FORMAT")}


def provider(user: Any) -> Iterable[ToDo]:
    now = timezone.now()
    for appointment in upcoming_items_for_citizen(user, now=now):
        url = reverse("portal:appointment", kwargs={"pk": appointment.pk})
        soon = appointment.start - now < dt.timedelta(days=2)
        if appointment.kind == Appointment.Kind.MELDETERMIN:
            if appointment.status == Appointment.Status.CANT_COME:
                yield ToDo(kind="meldetermin", title=_("Meldetermin: Ihre Absage wird geprüft"),
                           detail=_when(appointment.start), action_label=_("Ansehen"),
                           action_url=url, urgency=INFO, due=appointment.start)
                continue
            yield ToDo(kind="meldetermin", title=_("Einladung zu einem Meldetermin"),
                       detail=_when(appointment.start),
                       action_label=_("Einladung lesen"), action_url=url,
                       urgency=DUE_SOON if soon else OPEN, due=appointment.start,
                       badge=_("Pflichttermin"))
            continue
        yield ToDo(kind="appointment",
                   title=_("Termin: %(topic)s") % {"topic": _(appointment.topic.title)},
                   detail=_when(appointment.start), action_label=_("Termin ansehen"),
                   action_url=url, urgency=DUE_SOON if soon else INFO, due=appointment.start)
