"""What the reminder planner (issue 13, item 4) needs of the appointments: every live
appointment starting in a period, with the citizen, a stable key and the link."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from jobcenter.termine.models import Appointment


@dataclass(frozen=True)
class AppointmentReminder:
    user: Any  # the citizen's account (accounts.User)
    key: str  # stable per appointment and start: a moved appointment is reminded again
    start: dt.datetime  # aware
    link_path: str


def appointments_between(start: dt.datetime, end: dt.datetime) -> list[AppointmentReminder]:
    """Booked, confirmed and Meldetermin appointments (also those the citizen said they
    cannot attend while staff have not decided) starting in [start, end)."""
    rows = (Appointment.objects.filter(status__in=Appointment.ACTIVE, start__gte=start,
                                       start__lt=end, citizen__is_active=True)
            .select_related("citizen").order_by("start", "pk"))
    return [AppointmentReminder(
        user=a.citizen, key=f"termin:{a.pk}:{a.start.astimezone(dt.UTC).isoformat()}",
        start=a.start, link_path=reverse("portal:appointment", kwargs={"pk": a.pk}))
        for a in rows]
