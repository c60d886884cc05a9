"""Slots from weekly patterns, absences, the Land's holidays and what is booked — in Berlin
time, also on the days the clocks change."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from jobcenter.termine.models import AvailabilityException, AvailabilityRule, Channel, Topic
from jobcenter.termine.slots import free_slots, local, offered_slots, units
from tests.factories import StaffFactory
from tests.termine.conftest import BERLIN, at, weekly

pytestmark = pytest.mark.django_db


def starts(slots):
    return [s.start.astimezone(BERLIN).strftime("%a %d.%m. %H:%M") for s in slots]


def test_a_weekly_pattern_gives_back_to_back_slots_of_the_topic_length(offer):
    day = dt.date(2026, 12, 7)  # a Monday
    slots = free_slots(topic=offer["topic"], channel=Channel.ON_SITE, first_day=day,
                       last_day=day)
    assert [s.start for s in slots] == [at(2026, 12, 7, 8, m) for m in (0, 30)] + [
        at(2026, 12, 7, h, m) for h in (9, 10, 11) for m in (0, 30)]
    assert slots[-1].end == at(2026, 12, 7, 12)
    assert {s.location_id for s in slots} == {offer["location"].pk}
    # by phone there is no place
    phone = free_slots(topic=offer["topic"], channel=Channel.PHONE, first_day=day,
                       last_day=day)
    assert len(phone) == 8 and {s.location_id for s in phone} == {None}


def test_weekends_and_the_lands_holidays_offer_nothing(offer, jobcenter):
    topic = offer["topic"]
    # Fronleichnam 2026-06-04 (Thursday) is a holiday in NRW, not in Berlin
    thursday = dt.date(2026, 6, 4)
    assert free_slots(topic=topic, channel=Channel.PHONE, first_day=thursday,
                      last_day=thursday)
    jobcenter.land = "NW"
    jobcenter.save(update_fields=["land"])
    topic.refresh_from_db()
    assert free_slots(topic=topic, channel=Channel.PHONE, first_day=thursday,
                      last_day=thursday) == []
    # Internationaler Frauentag 2027-03-08 (Monday) only in Berlin; Christmas everywhere
    monday = dt.date(2027, 3, 8)
    assert free_slots(topic=topic, channel=Channel.PHONE, first_day=monday, last_day=monday)
    jobcenter.land = "BE"
    jobcenter.save(update_fields=["land"])
    topic.refresh_from_db()
    assert free_slots(topic=topic, channel=Channel.PHONE, first_day=monday,
                      last_day=monday) == []
    christmas = dt.date(2026, 12, 25)
    saturday = dt.date(2026, 12, 12)
    for day in (christmas, saturday):
        assert free_slots(topic=topic, channel=Channel.PHONE, first_day=day,
                          last_day=day) == []


def test_absences_of_the_person_and_of_the_team(offer):
    topic, staff = offer["topic"], offer["staff"]
    day = dt.date(2026, 12, 8)
    AvailabilityException.objects.create(jobcenter=staff.jobcenter, staff=staff, day=day,
                                         start_time=dt.time(9), end_time=dt.time(10))
    slots = free_slots(topic=topic, channel=Channel.PHONE, first_day=day, last_day=day)
    assert [s.start.hour for s in slots] == [8, 8, 10, 10, 11, 11]
    other_day = dt.date(2026, 12, 9)
    AvailabilityException.objects.create(jobcenter=staff.jobcenter, team=offer["team"],
                                         day=other_day)
    assert free_slots(topic=topic, channel=Channel.PHONE, first_day=other_day,
                      last_day=other_day) == []


def test_channels_topics_teams_and_validity_limit_the_offer(offer, jobcenter):
    staff, location = offer["staff"], offer["location"]
    day = dt.date(2026, 12, 7)
    video_only = Topic.objects.create(jobcenter=jobcenter, title="Nur Video", on_site=False,
                                      phone=False, video=True, duration_minutes=45)
    assert free_slots(topic=video_only, channel=Channel.PHONE, first_day=day,
                      last_day=day) == []
    assert [s.start.strftime("%H:%M") for s in free_slots(
        topic=video_only, channel=Channel.VIDEO, first_day=day, last_day=day)] == [
        "08:00", "08:45", "09:30", "10:15", "11:00"]
    other_team = StaffFactory(jobcenter=jobcenter, first_name="Olaf")
    weekly(other_team, location=location, weekdays=[0], valid_from=dt.date(2027, 1, 1))
    later = dt.date(2027, 1, 4)
    both = free_slots(topic=offer["topic"], channel=Channel.PHONE, first_day=later,
                      last_day=later)
    assert {s.staff_id for s in both} == {staff.pk, other_team.pk}
    assert {s.staff_id for s in free_slots(topic=offer["topic"], channel=Channel.PHONE,
                                           first_day=day, last_day=day)} == {staff.pk}
    offer["topic"].team = offer["team"]
    offer["topic"].save()
    assert {s.staff_id for s in free_slots(topic=offer["topic"], channel=Channel.PHONE,
                                           first_day=later, last_day=later)} == {staff.pk}
    rule = AvailabilityRule.objects.filter(staff=staff, weekday=0).get()
    rule.topics.set([video_only])
    assert free_slots(topic=offer["topic"], channel=Channel.PHONE, first_day=day,
                      last_day=day) == []


def test_offered_slots_start_after_the_lead_time_and_end_at_the_horizon(offer, settings):
    settings.TERMINE_BOOKING_LEAD_HOURS = 24
    settings.TERMINE_BOOKING_HORIZON_DAYS = 14
    with time_machine.travel(at(2026, 12, 7, 10, 15), tick=False):
        slots = offered_slots(topic=offer["topic"], channel=Channel.PHONE)
    assert slots[0].start == at(2026, 12, 8, 10, 30)
    assert slots[-1].start.date() == dt.date(2026, 12, 21)
    assert len({s.key for s in slots}) == len(slots)


def test_units_are_15_minute_steps_in_utc():
    assert units(at(2026, 12, 7, 8), at(2026, 12, 7, 9)) == [
        at(2026, 12, 7, 7 + 1, m).astimezone(dt.UTC) for m in (0, 15, 30, 45)]


# --- the change to and from summer time --------------------------------------------------


def test_spring_forward_the_missing_hour_is_never_offered(offer, jobcenter):
    """2026-03-29: 02:00 CET jumps to 03:00 CEST. A pattern over the night of the change
    offers 01:00, 01:30, 03:00, 03:30 — never the non-existent 02:xx."""
    staff = offer["staff"]
    AvailabilityRule.objects.create(jobcenter=jobcenter, staff=staff, weekday=6,
                                    start_time=dt.time(1), end_time=dt.time(4),
                                    valid_from=dt.date(2026, 1, 1), on_site=False)
    day = dt.date(2026, 3, 29)
    assert local(day, dt.time(2, 30)) is None
    slots = free_slots(topic=offer["topic"], channel=Channel.PHONE, first_day=day,
                       last_day=day)
    assert [s.start.astimezone(BERLIN).strftime("%H:%M %Z") for s in slots] == [
        "01:00 CET", "01:30 CET", "03:00 CEST", "03:30 CEST"]
    assert [s.start.astimezone(dt.UTC).strftime("%H:%M") for s in slots] == [
        "00:00", "00:30", "01:00", "01:30"]
    for slot in slots:
        # aware datetimes of one zone subtract on the wall clock: compare in UTC
        assert slot.end.astimezone(dt.UTC) - slot.start.astimezone(dt.UTC) == dt.timedelta(
            minutes=30)


def test_fall_back_offers_the_wall_clock_slots_once(offer, jobcenter):
    """2026-10-25: 03:00 CEST falls back to 02:00 CET; the 02:xx wall times are taken in
    their first occurrence, each once, and none overlaps another."""
    staff = offer["staff"]
    AvailabilityRule.objects.create(jobcenter=jobcenter, staff=staff, weekday=6,
                                    start_time=dt.time(1), end_time=dt.time(4),
                                    valid_from=dt.date(2026, 1, 1), on_site=False)
    day = dt.date(2026, 10, 25)
    slots = free_slots(topic=offer["topic"], channel=Channel.PHONE, first_day=day,
                       last_day=day)
    walls = [s.start.astimezone(BERLIN).strftime("%H:%M") for s in slots]
    assert walls == ["01:00", "01:30", "02:00", "02:30", "03:00", "03:30"]
    utc = [s.start.astimezone(dt.UTC) for s in slots]
    assert all(b - a >= dt.timedelta(minutes=30) for a, b in zip(utc, utc[1:], strict=False))


@pytest.mark.parametrize(("now", "day", "utc_hour"), [
    (at(2026, 3, 25, 12), dt.date(2026, 3, 27), 7),   # Friday before: CET, 08:00 = 07:00 UTC
    (at(2026, 3, 28, 12), dt.date(2026, 3, 30), 6),   # Monday after: CEST, 08:00 = 06:00 UTC
    (at(2026, 10, 21, 12), dt.date(2026, 10, 23), 6),  # Friday before: CEST
    (at(2026, 10, 24, 12), dt.date(2026, 10, 26), 7),  # Monday after: CET
])
def test_office_hours_stay_at_8_uhr_across_the_change(offer, now, day, utc_hour):
    with time_machine.travel(now, tick=False):
        slots = [s for s in offered_slots(topic=offer["topic"], channel=Channel.PHONE)
                 if s.start.date() == day]
    assert slots[0].start.astimezone(BERLIN).hour == 8
    assert slots[0].start.astimezone(dt.UTC).hour == utc_hour
