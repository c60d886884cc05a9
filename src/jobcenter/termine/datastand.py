"""Which rows of termine the cached pages show, and their scopes (``core.datastand``;
connected in ``config/wiring.py``)."""

from __future__ import annotations

from jobcenter.core import datastand
from jobcenter.termine.models import (
    Appointment,
    AppointmentOutcome,
    AvailabilityException,
    AvailabilityRule,
    CallbackRequest,
    Location,
    TimeClaim,
    Topic,
)


def declare() -> None:
    datastand.shown(Location, datastand.TENANT)
    datastand.shown(Topic, datastand.TENANT)
    datastand.not_shown(AvailabilityRule, "the staff's planning; free slots are read when booking")
    datastand.not_shown(AvailabilityException, "the staff's planning")
    datastand.shown(Appointment)
    datastand.not_shown(AppointmentOutcome, "the outcomes' history, on staff pages that are not "
                        "cached; the pages show the outcome saved on the Appointment")
    datastand.not_shown(TimeClaim, "a staff member's booked time")
    datastand.shown(CallbackRequest)
