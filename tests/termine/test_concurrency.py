"""No double booking under concurrency: two citizens book the same slot at the same moment
(real concurrent transactions — run on PostgreSQL: DATABASE_URL=postgres://…)."""

from __future__ import annotations

import pytest
import time_machine
from django.db import connection

from jobcenter.termine import services
from jobcenter.termine.models import Appointment, Channel, TimeClaim, Topic
from jobcenter.termine.slots import offered_slots
from tests.concurrency import run_at_once
from tests.factories import CitizenFactory
from tests.termine.conftest import at


@pytest.mark.django_db(transaction=True)
def test_two_citizens_book_the_same_slot_at_once_one_wins(jobcenter, offer):
    if connection.vendor != "postgresql":
        pytest.skip("needs real concurrent transactions (PostgreSQL)")
    citizens = [CitizenFactory(jobcenter=jobcenter) for _ in range(2)]
    with time_machine.travel(at(2026, 12, 4, 10), tick=True):
        key = offered_slots(topic=offer["topic"], channel=Channel.ON_SITE)[0].key
        pending = list(citizens)

        def attempt():
            citizen = pending.pop()
            return services.appointment_book(citizen=citizen, topic=offer["topic"],
                                             channel=Channel.ON_SITE, slot_key=key)

        results, errors = run_at_once(attempt, threads=2)
    assert len(results) == 1, (results, errors)
    assert len(errors) == 1 and isinstance(errors[0], services.SlotTaken), errors
    assert Appointment.objects.count() == 1
    assert TimeClaim.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_overlapping_bookings_of_different_lengths_race_one_wins(jobcenter, offer):
    """A 30-minute slot at 8:30 and a 60-minute slot at 8:00 of the same person overlap;
    only the 15-minute time claims (unique per person and unit) can stop both."""
    if connection.vendor != "postgresql":
        pytest.skip("needs real concurrent transactions (PostgreSQL)")
    long = Topic.objects.create(jobcenter=jobcenter, title="Lang", duration_minutes=60)
    a, b = CitizenFactory(jobcenter=jobcenter), CitizenFactory(jobcenter=jobcenter)
    with time_machine.travel(at(2026, 12, 4, 10), tick=True):
        short_key = offered_slots(topic=offer["topic"], channel=Channel.PHONE)[1].key  # 8:30
        long_key = offered_slots(topic=long, channel=Channel.PHONE)[0].key  # 8:00–9:00
        jobs = [(a, offer["topic"], short_key), (b, long, long_key)]

        def attempt():
            citizen, topic, key = jobs.pop()
            return services.appointment_book(citizen=citizen, topic=topic,
                                             channel=Channel.PHONE, slot_key=key)

        results, errors = run_at_once(attempt, threads=2)
    assert len(results) == 1, (results, errors)
    assert isinstance(errors[0], services.SlotTaken)
    starts = list(TimeClaim.objects.values_list("at", flat=True))
    assert len(starts) == len(set(starts))
