"""Booking, cancelling and rebooking by the citizen; confirming, moving and cancelling by
staff."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobcenter.termine.models import (
    Appointment,
    Channel,
    Location,
    Topic,
)
from jobcenter.termine.slots import BERLIN, on_grid, parse_key

if TYPE_CHECKING:
    from jobcenter.accounts.models import User
from jobcenter.termine.services.common import (
    SlotTaken,
    TermineError,
    _check_topic,
    _claim,
    _jobcenter_id,
    _latest_case,
    _locked,
    _notify,
    _person,
    _pick_slot,
    _place,
    _release,
    _staff_check,
    _timeline,
    citizen_may_change,
    when_text,
)


@transaction.atomic
def appointment_book(*, citizen: User, topic: Topic, channel: str, slot_key: str) -> Appointment:
    """Book an offered slot. A second click on the same slot returns the first booking."""
    _check_topic(topic, citizen, channel)
    parsed = parse_key(slot_key)
    if parsed is not None:
        same = Appointment.objects.filter(
            citizen=citizen, topic=topic, channel=channel, start=parsed[0],
            status__in=Appointment.ACTIVE).first()
        if same is not None:
            return same
    open_count = Appointment.objects.filter(
        citizen=citizen, kind=Appointment.Kind.BOOKING, status__in=Appointment.ACTIVE,
        start__gte=timezone.now()).count()
    if open_count >= settings.TERMINE_MAX_OPEN_BOOKINGS:
        raise TermineError(_("Sie haben schon %(count)s Termine gebucht. Bitte sagen Sie "
                             "einen ab, bevor Sie einen weiteren buchen.")
                           % {"count": open_count})
    candidates = _pick_slot(topic=topic, channel=channel, slot_key=slot_key)
    person = _person(citizen)
    case = _latest_case(citizen)
    for slot in candidates:
        appointment = Appointment(
            jobcenter_id=_jobcenter_id(citizen), kind=Appointment.Kind.BOOKING, citizen=citizen,
            person=person, case=case, staff_id=slot.staff_id, team_id=slot.team_id,
            topic=topic, channel=channel, location_id=slot.location_id, start=slot.start,
            end=slot.end, created_by=citizen,
        )
        try:
            with transaction.atomic():
                appointment.save()
                _claim(appointment)
        except (SlotTaken, IntegrityError):
            continue
        when, place_id = when_text(appointment.start), slot.location_id
        _timeline(appointment, actor=citizen,
                  text=lambda: _("Termin gebucht: %(topic)s, %(when)s, %(place)s")
                  % {"topic": topic.title, "when": when,  # noqa: B023 (called at once)
                     "place": _place(place_id, channel)},  # noqa: B023
                  citizen_text=lambda: _("Sie haben einen Termin gebucht: %(when)s")
                  % {"when": when})  # noqa: B023 (called at once)
        _notify(appointment, "appointment_booked", "gebucht")
        return appointment
    raise SlotTaken(_("Dieser Termin ist leider gerade vergeben worden. Bitte wählen Sie "
                      "einen anderen."))


@transaction.atomic
def appointment_cancel_by_citizen(*, appointment: Appointment, citizen: User) -> Appointment:
    appointment = _locked(appointment)
    if appointment.citizen_id != citizen.pk:
        raise TermineError(_("Dieser Termin gehört nicht zu Ihrem Konto."))
    if appointment.status == Appointment.Status.CANCELLED:
        return appointment  # a second click
    if not citizen_may_change(appointment):
        raise TermineError(_("Diesen Termin können Sie online nicht mehr absagen. Bitte rufen "
                             "Sie Ihr Jobcenter an."))
    _release(appointment)
    appointment.status = Appointment.Status.CANCELLED
    appointment.cancelled_by = citizen
    appointment.cancelled_at = timezone.now()
    appointment.sequence += 1
    appointment.save()
    when = when_text(appointment.start)
    _timeline(appointment, actor=citizen,
              text=lambda: _("Termin von der Kundin oder dem Kunden abgesagt: %(when)s")
              % {"when": when},
              citizen_text=lambda: _("Sie haben Ihren Termin abgesagt: %(when)s") % {"when": when})
    _notify(appointment, "appointment_cancelled", "abgesagt")
    return appointment


@transaction.atomic
def appointment_rebook(*, appointment: Appointment, citizen: User,
                       slot_key: str) -> Appointment:
    """Move the own booking to another offered slot (until the cutoff)."""
    appointment = _locked(appointment)
    if appointment.citizen_id != citizen.pk:
        raise TermineError(_("Dieser Termin gehört nicht zu Ihrem Konto."))
    if not citizen_may_change(appointment):
        raise TermineError(_("Diesen Termin können Sie online nicht mehr verschieben. Bitte "
                             "rufen Sie Ihr Jobcenter an."))
    candidates = _pick_slot(topic=appointment.topic, channel=appointment.channel,
                            slot_key=slot_key, ignore_appointment_id=appointment.pk)
    before = when_text(appointment.start)
    for slot in candidates:
        try:
            with transaction.atomic():
                _release(appointment)
                appointment.staff_id = slot.staff_id
                appointment.team_id = slot.team_id
                appointment.location_id = slot.location_id
                appointment.start, appointment.end = slot.start, slot.end
                appointment.status = Appointment.Status.BOOKED
                appointment.confirmed_at = None
                appointment.sequence += 1
                appointment.save()
                _claim(appointment)
        except (SlotTaken, IntegrityError):
            appointment = _locked(appointment)
            continue
        after = when_text(appointment.start)
        _timeline(appointment, actor=citizen,
                  text=lambda: _("Termin umgebucht von %(before)s auf %(after)s")
                  % {"before": before, "after": after},  # noqa: B023 (called at once)
                  citizen_text=lambda: _("Sie haben Ihren Termin verschoben auf %(when)s")
                  % {"when": after})  # noqa: B023 (called at once)
        _notify(appointment, "appointment_moved", "umgebucht")
        return appointment
    raise SlotTaken(_("Dieser Termin ist leider gerade vergeben worden. Bitte wählen Sie "
                      "einen anderen."))


# --- staff --------------------------------------------------------------------------------


@transaction.atomic
def appointment_confirm(*, appointment: Appointment, actor: User) -> Appointment:
    appointment = _locked(appointment)
    _staff_check(appointment, actor)
    if appointment.status == Appointment.Status.CONFIRMED:
        return appointment
    if appointment.status != Appointment.Status.BOOKED:
        raise TermineError(_("Nur ein gebuchter Termin kann bestätigt werden."))
    appointment.status = Appointment.Status.CONFIRMED
    appointment.confirmed_at = timezone.now()
    appointment.save()
    when = when_text(appointment.start)
    _timeline(appointment, actor=actor,
              text=lambda: _("Termin bestätigt: %(when)s") % {"when": when},
              citizen_text=lambda: _("Ihr Jobcenter hat Ihren Termin bestätigt: %(when)s")
              % {"when": when})
    _notify(appointment, "appointment_confirmed", "bestaetigt")
    return appointment


@transaction.atomic
def appointment_move(*, appointment: Appointment, actor: User, start: dt.datetime,
                     staff: User, location: Location | None, reason: str) -> Appointment:
    """Staff move an appointment to another time (and person); the reason is shown to the
    citizen. The new time must be free for that person (no double booking)."""
    appointment = _locked(appointment)
    _staff_check(appointment, actor)
    if not appointment.is_active:
        raise TermineError(_("Ein abgesagter Termin kann nicht verschoben werden."))
    if appointment.outcome:
        raise TermineError(_("Das Ergebnis dieses Termins ist erfasst; er kann nicht mehr "
                             "verschoben oder abgesagt werden."))
    if staff.jobcenter_id != actor.jobcenter_id:
        raise TermineError(_("Bitte wählen Sie eine Person Ihres Jobcenters."))
    if not on_grid(start):
        raise TermineError(_("Bitte wählen Sie eine Uhrzeit im Viertelstundentakt, zum "
                             "Beispiel 9:00, 9:15 oder 9:30 Uhr."))
    if start <= timezone.now():
        raise TermineError(_("Bitte wählen Sie einen Zeitpunkt in der Zukunft."))
    if appointment.channel == Channel.ON_SITE and location is None:
        raise TermineError(_("Bitte wählen Sie einen Standort für den Termin vor Ort."))
    before = when_text(appointment.start)
    length = appointment.end - appointment.start
    _release(appointment)
    appointment.start = start
    appointment.end = (start.astimezone(dt.UTC) + length).astimezone(BERLIN)
    appointment.staff = staff
    appointment.team_id = staff.team_id
    appointment.location = location if appointment.channel == Channel.ON_SITE else None
    appointment.staff_message = reason[:300]
    appointment.sequence += 1
    if appointment.kind == Appointment.Kind.BOOKING:
        appointment.status = Appointment.Status.CONFIRMED
        appointment.confirmed_at = timezone.now()
    try:
        with transaction.atomic():
            appointment.save()
            _claim(appointment)
    except IntegrityError as exc:
        raise SlotTaken(_("Zu dieser Zeit hat die gewählte Person schon einen Termin. Bitte "
                          "wählen Sie eine andere Zeit.")) from exc
    after = when_text(appointment.start)
    _timeline(appointment, actor=actor,
              text=lambda: _("Termin verschoben von %(before)s auf %(after)s. "
                             "Begründung: %(reason)s")
              % {"before": before, "after": after, "reason": reason},
              citizen_text=lambda: _("Ihr Jobcenter hat Ihren Termin verschoben auf %(when)s")
              % {"when": after})
    _notify(appointment, "appointment_moved", "verschoben")
    return appointment


@transaction.atomic
def appointment_cancel_by_staff(*, appointment: Appointment, actor: User,
                                reason: str) -> Appointment:
    appointment = _locked(appointment)
    _staff_check(appointment, actor)
    if appointment.status == Appointment.Status.CANCELLED:
        return appointment
    if appointment.outcome:
        raise TermineError(_("Das Ergebnis dieses Termins ist erfasst; er kann nicht mehr "
                             "verschoben oder abgesagt werden."))
    _release(appointment)
    appointment.status = Appointment.Status.CANCELLED
    appointment.cancel_reason = reason[:300]
    appointment.cancelled_by = actor
    appointment.cancelled_at = timezone.now()
    appointment.sequence += 1
    appointment.save()
    when = when_text(appointment.start)
    _timeline(appointment, actor=actor,
              text=lambda: _("Termin abgesagt: %(when)s. Begründung: %(reason)s")
              % {"when": when, "reason": reason},
              citizen_text=lambda: _("Ihr Jobcenter hat Ihren Termin abgesagt: %(when)s")
              % {"when": when})
    _notify(appointment, "appointment_cancelled", "abgesagt")
    return appointment


# --- Meldetermin (§ 59 SGB II with § 309 SGB III) ------------------------------------------
