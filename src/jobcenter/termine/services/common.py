"""The shared parts of the appointment services: errors, time claims, the case and person
of an appointment, the timeline entry and the notice, the checks every write makes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from jobcenter.casefiles.models import Case, TimelineEntry
from jobcenter.casefiles.services import timeline_add
from jobcenter.households.models import Person
from jobcenter.notifications.services import notify
from jobcenter.termine.models import (
    Appointment,
    Channel,
    Location,
    TimeClaim,
    Topic,
)
from jobcenter.termine.slots import BERLIN, free_slots, offered_slots, parse_key, units

if TYPE_CHECKING:
    from jobcenter.accounts.models import User


class TermineError(Exception):
    """A change that cannot be made; the message is for the person who tried."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SlotTaken(TermineError):
    pass


def cutoff(appointment: Appointment) -> dt.datetime:
    """Until when the citizen may cancel or rebook online."""
    return appointment.start - dt.timedelta(hours=settings.TERMINE_CANCEL_CUTOFF_HOURS)


def citizen_may_change(appointment: Appointment, *, now: dt.datetime | None = None) -> bool:
    return (appointment.kind == Appointment.Kind.BOOKING and appointment.is_active
            and (now or timezone.now()) < cutoff(appointment))


def when_text(start: dt.datetime) -> str:
    """"Montag, 7. Dezember 2026, 9:00 Uhr" — in German, as stored texts are German."""
    with translation.override("de"):
        local = timezone.localtime(start, BERLIN)
        return _("%(day)s, %(time)s Uhr") % {
            "day": date_format(local, "l, j. F Y"), "time": local.strftime("%H:%M")}


# --- helpers --------------------------------------------------------------------------


def _jobcenter_id(user: User) -> int:
    """The Jobcenter of an account that acts here (citizen or staff)."""
    if user.jobcenter_id is None:
        raise TermineError(_("Ihrem Konto ist kein Jobcenter zugeordnet."))
    return user.jobcenter_id


def _person(user: User) -> Person | None:
    return Person.objects.filter(user=user).first()


def _latest_case(user: User) -> Case | None:
    return Case.objects.filter(applicant_user=user).order_by("-received_at", "-pk").first()


def case_of(appointment: Appointment) -> Case | None:
    """The case an appointment belongs to in the eAkte: the one recorded with it, else the
    person's (or account's) latest case of that Jobcenter — a case filed after the
    invitation still receives the answer and its proof."""
    if appointment.case_id:
        return appointment.case
    cases = Case.objects.filter(jobcenter_id=appointment.jobcenter_id)
    if appointment.person_id:
        cases = cases.filter(applicant_id=appointment.person_id)
    else:
        cases = cases.filter(applicant_user_id=appointment.citizen_id)
    return cases.order_by("-received_at", "-pk").first()


def _claim(appointment: Appointment) -> None:
    """Hold the staff person's time; SlotTaken if any unit is already held."""
    claims = [TimeClaim(appointment=appointment, staff_id=appointment.staff_id, at=at)
              for at in units(appointment.start, appointment.end)]
    try:
        with transaction.atomic():
            TimeClaim.objects.bulk_create(claims)
    except IntegrityError as exc:
        raise SlotTaken(_("Dieser Termin ist leider gerade vergeben worden. Bitte wählen "
                          "Sie einen anderen.")) from exc


def _release(appointment: Appointment) -> None:
    TimeClaim.objects.filter(appointment=appointment).delete()


def _timeline(appointment: Appointment, *, text: Callable[[], str],
              citizen_text: Callable[[], str], actor: User | None) -> None:
    """An entry in the eAkte timeline of the appointment's case; the texts are built in
    German (the eAkte stores its texts in German, shown with ``|translated``)."""
    if appointment.case_id:
        assert appointment.case is not None
        with translation.override("de"):
            timeline_add(case=appointment.case, kind=TimelineEntry.Kind.APPOINTMENT,
                         text=text(), actor=actor, citizen_text=citizen_text())


def _notify(appointment: Appointment, template: str, event: str) -> None:
    if not appointment.citizen.email:
        return
    notify(user=appointment.citizen, template=template,
           dedup_key=f"termin:{appointment.pk}:{event}:{appointment.sequence}",
           link_path=reverse("portal:appointment", kwargs={"pk": appointment.pk}))


def _place(slot_location_id: int | None, channel: str) -> str:
    if channel == Channel.ON_SITE and slot_location_id:
        location = Location.objects.filter(pk=slot_location_id).first()
        return location.name if location else ""
    return str(Channel(channel).label)


# --- the citizen ------------------------------------------------------------------------


def _check_topic(topic: Topic, citizen: User, channel: str) -> None:
    if (topic.jobcenter_id != citizen.jobcenter_id or not topic.is_active
            or not topic.bookable or channel not in topic.channels()):
        raise TermineError(_("Dieses Thema oder diese Art des Gesprächs bietet Ihr Jobcenter "
                             "online nicht an."))


def _pick_slot(*, topic: Topic, channel: str, slot_key: str,
               ignore_appointment_id: int | None = None) -> list:
    parsed = parse_key(slot_key)
    if parsed is None:
        raise TermineError(_("Bitte wählen Sie einen der angebotenen Termine."))
    start, location_id = parsed
    stamp = int(start.timestamp())  # compare instants, not wall times (DST)
    offered = [s for s in offered_slots(topic=topic, channel=channel)
               if int(s.start.timestamp()) == stamp and s.location_id == location_id]
    if ignore_appointment_id:  # rebooking: the own time counts as free
        day = timezone.localdate(start)
        offered = [s for s in free_slots(topic=topic, channel=channel, first_day=day,
                                         last_day=day, ignore_appointment_id=ignore_appointment_id,
                                         not_before=timezone.now() + dt.timedelta(
                                             hours=settings.TERMINE_BOOKING_LEAD_HOURS))
                   if int(s.start.timestamp()) == stamp and s.location_id == location_id]
    if not offered:
        raise SlotTaken(_("Dieser Termin ist nicht mehr frei. Bitte wählen Sie einen anderen."))
    return offered


def _locked(appointment: Appointment) -> Appointment:
    return Appointment.objects.select_for_update(of=("self",)).select_related(
        "citizen", "case", "topic", "jobcenter").get(pk=appointment.pk)


def _staff_check(appointment: Appointment, actor: User) -> None:
    if appointment.jobcenter_id != actor.jobcenter_id:
        raise TermineError(_("Dieser Termin gehört nicht zu Ihrem Jobcenter."))
