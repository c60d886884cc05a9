"""What the reminder planner (issue 13, item 4) needs of the appointments: every live
appointment starting in a period, with the citizen, a stable key and the link."""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jobcenter.reminders.sources import DefaultRule
from jobcenter.termine.models import Appointment

#: The reminder source of appointments (registered in ``config.wiring``): by default the
#: day before (data migration reminders/0003 for the existing Jobcenters).
SOURCE = "termin"
LABEL = _("Termin (vor Ort, Telefon oder Video)")
HELP = _("Erinnert an gebuchte und bestätigte Termine und an Meldetermine, so viele Tage "
         "vorher. Ein verschobener Termin wird für seinen neuen Zeitpunkt erinnert.")
DEFAULTS = (DefaultRule(days_before=1),)


class AppointmentReminder(NamedTuple):
    """The shape of a reminder source's occasion (``reminders.sources``): a 4-tuple."""

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
