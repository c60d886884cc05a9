"""Sample arguments of the appointments' staff URLs for the tenancy registry
(``tests/test_tenancy.py`` SAMPLE_KWARGS): objects of Jobcenter A's citizen."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from jobcenter.termine.models import (
    Appointment,
    AvailabilityException,
    AvailabilityRule,
    CallbackRequest,
    Channel,
    Location,
    Topic,
)


def _topic(w: Any) -> Topic:
    return Topic.objects.get_or_create(jobcenter=w.jobcenter, title="Beratung",
                                       defaults={"duration_minutes": 30})[0]


def _location(w: Any) -> Location:
    return Location.objects.get_or_create(
        jobcenter=w.jobcenter, name="Hauptstelle",
        defaults={"street": "Geheimweg 1", "postcode": "11111", "city": "Alphastadt"})[0]


def sample_appointment(w: Any) -> Appointment:
    existing = Appointment.objects.filter(citizen=w.citizen).first()
    if existing is not None:
        return existing
    start = (timezone.now() + dt.timedelta(days=3)).replace(minute=0, second=0,
                                                            microsecond=0)
    return Appointment.objects.create(
        jobcenter=w.jobcenter, kind=Appointment.Kind.MELDETERMIN,
        status=Appointment.Status.CANT_COME, citizen=w.citizen, person=w.person,
        staff=w.staff, topic=_topic(w), channel=Channel.ON_SITE, location=_location(w),
        start=start, end=start + dt.timedelta(minutes=30), meldezweck="vermittlung",
        absence_reason="arbeitsunfaehig")


def _appointment(w: Any) -> dict[str, int]:
    return {"pk": sample_appointment(w).pk}


def _callback(w: Any) -> dict[str, int]:
    callback = CallbackRequest.objects.get_or_create(
        jobcenter=w.jobcenter, citizen=w.citizen, topic=_topic(w),
        defaults={"person": w.person, "phone": "030 999999"})[0]
    return {"pk": callback.pk}


def _rule(w: Any) -> dict[str, int]:
    rule = AvailabilityRule.objects.get_or_create(
        jobcenter=w.jobcenter, staff=w.staff, weekday=0, start_time=dt.time(8),
        end_time=dt.time(12), defaults={"location": _location(w)})[0]
    return {"pk": rule.pk}


def _exception(w: Any) -> dict[str, int]:
    exception = AvailabilityException.objects.get_or_create(
        jobcenter=w.jobcenter, staff=w.staff, day=dt.date(2030, 1, 2))[0]
    return {"pk": exception.pk}


TERMINE_SAMPLE_KWARGS = {
    "termine_staff:detail": _appointment,
    "termine_staff:confirm": _appointment,
    "termine_staff:move": _appointment,
    "termine_staff:cancel": _appointment,
    "termine_staff:decide": _appointment,
    "termine_staff:outcome": _appointment,
    "termine_staff:meldetermin": lambda w: {"person_pk": w.person.pk},
    "termine_staff:callback_done": _callback,
    "termine_staff:rule_delete": _rule,
    "termine_staff:exception_delete": _exception,
    "termine_staff:topic_toggle": lambda w: {"pk": _topic(w).pk},
}
