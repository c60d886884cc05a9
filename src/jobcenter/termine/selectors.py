"""Reads of the appointments: the citizen's own (scoped), and for staff only through
``transparency.reads`` with the readings below (every person shown is logged)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from jobcenter.core.access import Data, get_scoped_or_404, scope
from jobcenter.termine.models import (
    Appointment,
    AppointmentOutcome,
    CallbackRequest,
    Outcome,
    Topic,
)
from jobcenter.termine.slots import BERLIN
from jobcenter.transparency.models import AccessLogEntry
from jobcenter.transparency.reads import Reading, Seen, staff_read_many, staff_read_one

if TYPE_CHECKING:
    from jobcenter.accounts.models import User

What = AccessLogEntry.What


def _appointment_seen(appointment: Appointment) -> list[Seen]:
    if not appointment.person_id:
        return []
    local = timezone.localtime(appointment.start, BERLIN)
    return [Seen(appointment.person, appointment,  # type: ignore[arg-type]  # checked above
                 f"{appointment.topic.title}, {local:%d.%m.%Y %H:%M}")]


def _callback_seen(callback: CallbackRequest) -> list[Seen]:
    if not callback.person_id:
        return []
    return [Seen(callback.person, callback, callback.topic.title)]  # type: ignore[arg-type]


APPOINTMENT = Reading(data=Data.TERMINE, what=What.APPOINTMENT, seen=_appointment_seen)
CALLBACK = Reading(data=Data.TERMINE, what=What.APPOINTMENT, seen=_callback_seen)

_RELATED = ("citizen", "person", "topic", "location", "staff", "team", "case", "jobcenter")


# --- citizen ----------------------------------------------------------------------------


def appointments_for_citizen(user: User) -> QuerySet[Appointment]:
    return scope(Appointment.objects.select_related(*_RELATED), user)


def _upcoming(user: User, now: dt.datetime) -> QuerySet[Appointment]:
    return scope(Appointment.objects.all(), user).filter(
        status__in=Appointment.ACTIVE, end__gt=now).order_by("start")


def upcoming_for_citizen(user: User, *, now: dt.datetime | None = None) -> list[Appointment]:
    return list(_upcoming(user, now or timezone.now()).select_related(*_RELATED))


def upcoming_items_for_citizen(user: User, *, now: dt.datetime) -> list[Appointment]:
    """:func:`upcoming_for_citizen` with only what a to-do item shows (kind, status, start,
    topic): on the overview the related rows' columns cost more than the item."""
    return list(_upcoming(user, now).select_related("topic")
                .only("pk", "kind", "status", "start", "topic__title"))


def past_or_cancelled_for_citizen(user: User, *, now: dt.datetime | None = None,
                                  limit: int = 20) -> list[Appointment]:
    now = now or timezone.now()
    qs = appointments_for_citizen(user)
    active_future = qs.filter(status__in=Appointment.ACTIVE, end__gt=now).values("pk")
    return list(qs.exclude(pk__in=active_future).order_by("-start")[:limit])


def appointment_for_citizen(user: User, pk: int) -> Appointment:
    return get_scoped_or_404(Appointment.objects.select_related(*_RELATED), user, pk=pk)


def open_callbacks_for_citizen(user: User) -> list[CallbackRequest]:
    return list(scope(CallbackRequest.objects.select_related("topic"), user).filter(
        status=CallbackRequest.Status.OPEN))


def callback_for_citizen(user: User, pk: int) -> CallbackRequest:
    return get_scoped_or_404(CallbackRequest.objects.all(), user, pk=pk)


def bookable_topics(jobcenter_id: int | None) -> QuerySet[Topic]:
    if jobcenter_id is None:
        return Topic.objects.none()
    return Topic.objects.filter(jobcenter_id=jobcenter_id, is_active=True, bookable=True)


# --- staff ------------------------------------------------------------------------------


def appointment_for_staff(*, user: User, pk: int, purpose: str) -> Appointment:
    return staff_read_one(user=user, queryset=Appointment.objects.select_related(*_RELATED),
                          reading=APPOINTMENT, purpose=purpose, pk=pk)


def calendar_for_staff(*, user: User, start: dt.datetime, end: dt.datetime,
                       staff_id: int | None = None, team_id: int | None = None,
                       include_cancelled: bool = False) -> list[Appointment]:
    """Appointments of one person or one team between two instants (the calendar)."""
    qs = Appointment.objects.select_related(*_RELATED).filter(
        start__lt=end, end__gt=start).order_by("start", "pk")
    if staff_id is not None:
        qs = qs.filter(staff_id=staff_id)
    if team_id is not None:
        qs = qs.filter(team_id=team_id)
    if not include_cancelled:
        qs = qs.filter(status__in=Appointment.ACTIVE)
    return staff_read_many(user=user, queryset=qs, reading=APPOINTMENT,
                           purpose=AccessLogEntry.Purpose.APPOINTMENTS)


def open_callbacks_for_staff(*, user: User, team_id: int | None = None) -> list[CallbackRequest]:
    qs = CallbackRequest.objects.select_related("person", "topic", "citizen").filter(
        status=CallbackRequest.Status.OPEN)
    if team_id is not None:  # the team's topics and those without a responsible team
        qs = qs.filter(Q(topic__team_id=team_id) | Q(topic__team__isnull=True))
    return staff_read_many(user=user, queryset=qs, reading=CALLBACK,
                           purpose=AccessLogEntry.Purpose.APPOINTMENTS)


def callback_for_staff(*, user: User, pk: int, purpose: str) -> CallbackRequest:
    return staff_read_one(user=user, queryset=CallbackRequest.objects.select_related(
        "person", "topic"), reading=CALLBACK, purpose=purpose, pk=pk)


def outcome_history(appointment: Appointment) -> list[AppointmentOutcome]:
    """Every recording of the outcome, oldest first, for the staff page of an appointment
    already read through :func:`appointment_for_staff` (which logged the person)."""
    return list(AppointmentOutcome.objects.filter(appointment=appointment)
                .select_related("recorded_by").order_by("recorded_at", "pk"))


def without_outcome_for_staff(*, user: User, staff_id: int | None = None,
                              now: dt.datetime | None = None,
                              limit: int = 200) -> list[Appointment]:
    """"Termine ohne Ergebnis": appointments of the own Jobcenter that have started, were
    not cancelled and have no outcome yet, oldest first (optionally of one staff person)."""
    qs = Appointment.objects.select_related(*_RELATED).filter(
        start__lte=now or timezone.now(), status__in=Appointment.ACTIVE,
        outcome="").order_by("start", "pk")
    if staff_id is not None:
        qs = qs.filter(staff_id=staff_id)
    return staff_read_many(user=user, queryset=qs, reading=APPOINTMENT,
                           purpose=AccessLogEntry.Purpose.APPOINTMENTS, limit=limit)


def late_reasons_for_staff(*, user: User, staff_id: int | None = None,
                           limit: int = 200) -> list[Appointment]:
    """Meldetermine recorded as "nicht erschienen" for which the citizen gave a reason
    afterwards: the outcome is to be checked again."""
    qs = Appointment.objects.select_related(*_RELATED).filter(
        kind=Appointment.Kind.MELDETERMIN, outcome=Outcome.NO_SHOW,
        answered_at__gt=F("outcome_at")).order_by("answered_at", "pk")
    if staff_id is not None:
        qs = qs.filter(staff_id=staff_id)
    return staff_read_many(user=user, queryset=qs, reading=APPOINTMENT,
                           purpose=AccessLogEntry.Purpose.APPOINTMENTS, limit=limit)
