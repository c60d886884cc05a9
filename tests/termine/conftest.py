"""Fixtures of the appointment tests: Jobcenter Alpha (Berlin) offers a topic on site, by
phone and by video; its caseworker Carla has Monday to Friday 8–12 Uhr."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from jobcenter.jobcenters.models import Team
from jobcenter.termine.models import AvailabilityRule, Location, Topic

BERLIN = ZoneInfo("Europe/Berlin")


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=BERLIN)


def weekly(staff, *, location, weekdays=range(5), start=dt.time(8), end=dt.time(12),
           valid_from=dt.date(2026, 1, 1), **channels) -> list[AvailabilityRule]:
    rules = []
    for weekday in weekdays:
        rules.append(AvailabilityRule.objects.create(
            jobcenter_id=staff.jobcenter_id, staff=staff, weekday=weekday, start_time=start,
            end_time=end, valid_from=valid_from, location=location,
            on_site=channels.get("on_site", True), phone=channels.get("phone", True),
            video=channels.get("video", True)))
    return rules


@pytest.fixture
def team(jobcenter):
    return Team.objects.create(jobcenter=jobcenter, name="Team Vermittlung 1")


@pytest.fixture
def offer(jobcenter, caseworker, team):
    """Berlin; Carla (team 1) Mon–Fri 8–12 at the Hauptstelle; a 30-minute topic."""
    jobcenter.land = "BE"
    jobcenter.save(update_fields=["land"])
    caseworker.team = team
    caseworker.first_name, caseworker.last_name = "Carla", "Clausen"
    caseworker.save(update_fields=["team", "first_name", "last_name"])
    location = Location.objects.create(jobcenter=jobcenter, name="Hauptstelle",
                                       street="Alphaweg 1", postcode="11111", city="Alphastadt")
    topic = Topic.objects.create(jobcenter=jobcenter, title="Beratung zur Arbeitsuche",
                                 duration_minutes=30)
    weekly(caseworker, location=location)
    return {"topic": topic, "location": location, "staff": caseworker, "team": team}
