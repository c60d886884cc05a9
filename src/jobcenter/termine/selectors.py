"""Reads of the appointments: the citizen's own (scoped), and for staff only through
``transparency.reads`` with the readings below (every person shown is logged)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from jobcenter.core.access import Data, get_scoped_or_404, scope
from jobcenter.core.roles import Role
from jobcenter.termine.models import (
    Appointment,
    AppointmentOutcome,
    CallbackRequest,
    Outcome,
    Topic,
)
from jobcenter.termine.slots import BERLIN
from jobcenter.transparency.models import AccessLogEntry
from jobcenter.transparency.reads import (
    Reading,
    Seen,
    staff_read_many,
    staff_read_one,
    staff_statistics,
)

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


# --- "Termine ohne Ergebnis" -------------------------------------------------------------

#: Whose appointments "Termine ohne Ergebnis" shows (``?wer=``): the viewer's own, those of
#: the viewer's team, those of the whole own Jobcenter.
OWN, TEAM, JOBCENTER = "meine", "team", "alle"


def without_outcome_choices(user: User) -> tuple[str, ...]:
    """The choices ``user`` has: the team's only for a member of a team. The whole
    Jobcenter's for everyone who may read appointments at all (``Data.TERMINE``, checked
    by the view and again by every read): they see its calendar too."""
    return (OWN, TEAM, JOBCENTER) if user.team_id else (OWN, JOBCENTER)


def without_outcome_choice(user: User, asked: str | None) -> str:
    """The choice asked for if ``user`` has it; else the default: a Teamleitung's team
    (their own if they lead no team), everyone else's own appointments."""
    if asked is not None and asked in without_outcome_choices(user):
        return asked
    return TEAM if user.role == Role.TEAMLEITUNG and user.team_id else OWN


def _whose(user: User, who: str) -> Q:
    """The appointments of one choice. The team's: booked with the team, or with a
    person who belongs to the team now (a newcomer's appointments, not a leaver's)."""
    if who == OWN:
        return Q(staff_id=user.pk)
    if who == TEAM:
        return Q(team_id=user.team_id) | Q(staff__team_id=user.team_id)
    return Q()


def _without_outcome(now: dt.datetime | None) -> QuerySet[Appointment]:
    return Appointment.objects.filter(start__lte=now or timezone.now(),
                                      status__in=Appointment.ACTIVE, outcome="")


def without_outcome_for_staff(*, user: User, who: str, now: dt.datetime | None = None,
                              limit: int = 200) -> list[Appointment]:
    """"Termine ohne Ergebnis": appointments of the own Jobcenter that have started, were
    not cancelled and have no outcome yet, oldest first, of ``who`` (``OWN``, ``TEAM``,
    ``JOBCENTER``; see :func:`without_outcome_choice`)."""
    qs = _without_outcome(now).select_related(*_RELATED).filter(
        _whose(user, who)).order_by("start", "pk")
    return staff_read_many(user=user, queryset=qs, reading=APPOINTMENT,
                           purpose=AccessLogEntry.Purpose.APPOINTMENTS, limit=limit)


def without_outcome_counts(*, user: User, now: dt.datetime | None = None) -> dict[str, int]:
    """How many appointments without an outcome each of ``user``'s choices has, in one
    query (numbers name nobody: no entry in the access log)."""
    choices = without_outcome_choices(user)

    def compute() -> dict[str, int]:
        return scope(_without_outcome(now), user).aggregate(**{
            who: Count("pk", filter=_whose(user, who) or None) for who in choices})

    return staff_statistics(user=user, data=Data.TERMINE, compute=compute)


def late_reasons_for_staff(*, user: User, who: str, limit: int = 200) -> list[Appointment]:
    """Meldetermine recorded as "nicht erschienen" for which the citizen gave a reason
    afterwards: the outcome is to be checked again (of ``who``, as above)."""
    qs = Appointment.objects.select_related(*_RELATED).filter(
        _whose(user, who), kind=Appointment.Kind.MELDETERMIN, outcome=Outcome.NO_SHOW,
        answered_at__gt=F("outcome_at")).order_by("answered_at", "pk")
    return staff_read_many(user=user, queryset=qs, reading=APPOINTMENT,
                           purpose=AccessLogEntry.Purpose.APPOINTMENTS, limit=limit)
