"""The .ics file of an appointment (RFC 5545): times in UTC (``DTSTART:…Z``), so every
calendar shows them at the right Berlin time, also across the change to and from summer
time; ``SEQUENCE`` grows with every change, so a calendar replaces the old entry; a
cancelled appointment is sent with ``STATUS:CANCELLED``. No video link in the file (the
link opens shortly before the start on the appointment's page)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from jobcenter.termine.models import Appointment, Channel


def uid(appointment: Appointment) -> str:
    return f"termin-{appointment.pk}-{appointment.video_room[-8:]}@jobcenter-online"


def ics_bytes(appointment: Appointment, *, link: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Jobcenter Online//Termine//DE")
    cal.add("version", "2.0")
    cal.add("method", "CANCEL" if not appointment.is_active else "PUBLISH")
    event = Event()
    event.add("uid", uid(appointment))
    event.add("dtstamp", timezone.now().astimezone(dt.UTC))
    event.add("dtstart", appointment.start.astimezone(dt.UTC))
    event.add("dtend", appointment.end.astimezone(dt.UTC))
    event.add("sequence", appointment.sequence)
    title = (_("Meldetermin beim Jobcenter") if appointment.kind == Appointment.Kind.MELDETERMIN
             else _("Termin beim Jobcenter: %(topic)s") % {"topic": _(appointment.topic.title)})
    event.add("summary", title)
    if appointment.channel == Channel.ON_SITE and appointment.location_id:
        loc = appointment.location
        assert loc is not None
        event.add("location", f"{appointment.jobcenter.name}, {_(loc.name)}, {loc.address}")
    elif appointment.channel == Channel.PHONE:
        event.add("location", _("Telefon: Ihr Jobcenter ruft Sie an"))
    else:
        event.add("location", _("Video: Der Link erscheint %(minutes)s Minuten vor Beginn in "
                                "Ihrem Konto") % {"minutes": settings.TERMINE_VIDEO_OPENS_MINUTES})
    event.add("description", _("Einzelheiten und Änderungen: %(link)s") % {"link": link})
    event.add("url", link)
    event.add("status", "CONFIRMED" if appointment.is_active else "CANCELLED")
    cal.add_component(event)
    return cal.to_ical()
