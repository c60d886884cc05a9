"""Offered slots, computed from the weekly patterns of staff, their absences, the Land's
public holidays and the time already booked.

All arithmetic is done on the wall clock of Europe/Berlin: a pattern "Montag 8–12 Uhr" means
8 to 12 Uhr local time in summer and in winter alike. A local time that does not exist (the
hour skipped on the last Sunday of March) is never offered; an ambiguous one (the hour
repeated in October) is taken as its first occurrence.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from jobcenter.core.arbeitstage import public_holidays
from jobcenter.termine.models import (
    GRID_MINUTES,
    AvailabilityException,
    AvailabilityRule,
    Channel,
    TimeClaim,
    Topic,
)

BERLIN = ZoneInfo("Europe/Berlin")
#: channel → the flag of a pattern that offers it
CHANNEL_FIELDS: dict[str, str] = {Channel.ON_SITE.value: "on_site",
                                  Channel.PHONE.value: "phone", Channel.VIDEO.value: "video"}
GRID = dt.timedelta(minutes=GRID_MINUTES)


def is_holiday(day: dt.date, jobcenter: object) -> bool:
    land = getattr(jobcenter, "land", "") or ""
    catholic = bool(getattr(jobcenter, "catholic_local_holidays", False))
    return day in public_holidays(day.year, land, catholic)


def local(day: dt.date, time: dt.time) -> dt.datetime | None:
    """The aware instant of ``time`` on ``day`` in Berlin, or None if that wall time does
    not exist (spring forward)."""
    candidate = dt.datetime.combine(day, time, tzinfo=BERLIN)
    round_trip = candidate.astimezone(dt.UTC).astimezone(BERLIN)
    if round_trip.replace(tzinfo=None) != candidate.replace(tzinfo=None):
        return None
    return candidate


def units(start: dt.datetime, end: dt.datetime) -> list[dt.datetime]:
    """The 15-minute units (UTC) an appointment from ``start`` to ``end`` occupies."""
    start = start.astimezone(dt.UTC)
    end = end.astimezone(dt.UTC)
    out = []
    at = start
    while at < end:
        out.append(at)
        at += GRID
    return out


def on_grid(moment: dt.datetime) -> bool:
    return moment.second == 0 and moment.microsecond == 0 and moment.minute % GRID_MINUTES == 0


@dataclass(frozen=True)
class Slot:
    staff_id: int
    team_id: int | None
    start: dt.datetime  # aware, Europe/Berlin
    end: dt.datetime
    channel: str
    location_id: int | None

    @property
    def key(self) -> str:
        """What a form posts for this slot: the start and the place, no internal person."""
        return f"{int(self.start.timestamp())}-{self.location_id or 0}"


def parse_key(key: str) -> tuple[dt.datetime, int | None] | None:
    try:
        stamp, location = key.split("-", 1)
        start = dt.datetime.fromtimestamp(int(stamp), tz=dt.UTC).astimezone(BERLIN)
        location_id = int(location) or None
    except (ValueError, OverflowError, OSError):
        return None
    return start, location_id


def _absent(exceptions: Iterable[AvailabilityException], start: dt.datetime,
            end: dt.datetime) -> bool:
    for exc in exceptions:
        if exc.start_time is None or exc.end_time is None:
            return True
        absent_from = local(exc.day, exc.start_time) or dt.datetime.combine(
            exc.day, exc.start_time, tzinfo=BERLIN)
        absent_to = local(exc.day, exc.end_time) or dt.datetime.combine(
            exc.day, exc.end_time, tzinfo=BERLIN)
        if start < absent_to and absent_from < end:
            return True
    return False


def free_slots(*, topic: Topic, channel: str, first_day: dt.date, last_day: dt.date,
               not_before: dt.datetime | None = None, staff_ids: Iterable[int] | None = None,
               ignore_appointment_id: int | None = None) -> list[Slot]:
    """Every free slot for ``topic`` in ``channel`` between the two days (inclusive), one
    per staff person and start, ordered by start. ``ignore_appointment_id``: the time of
    that appointment counts as free (rebooking it)."""
    jobcenter = topic.jobcenter
    if channel not in topic.channels():
        return []
    rules = (AvailabilityRule.objects
             .filter(jobcenter=jobcenter, staff__is_active=True, staff__jobcenter=jobcenter,
                     valid_from__lte=last_day)
             .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=first_day))
             .filter(Q(topics__isnull=True) | Q(topics=topic))
             .select_related("staff").distinct())
    rules = rules.filter(**{CHANNEL_FIELDS[channel]: True})
    if topic.team_id:
        rules = rules.filter(staff__team_id=topic.team_id)
    if staff_ids is not None:
        rules = rules.filter(staff_id__in=list(staff_ids))
    matching = list(rules)
    if not matching:
        return []
    staff_team = {rule.staff_id: rule.staff.team_id for rule in matching}
    exceptions: dict[tuple[int, dt.date], list[AvailabilityException]] = defaultdict(list)
    for exc in AvailabilityException.objects.filter(
        Q(staff_id__in=staff_team) | Q(team_id__in={t for t in staff_team.values() if t}),
        jobcenter=jobcenter, day__gte=first_day, day__lte=last_day,
    ):
        for staff_id, team_id in staff_team.items():
            if exc.staff_id == staff_id or (exc.team_id and exc.team_id == team_id):
                exceptions[(staff_id, exc.day)].append(exc)
    window_start = dt.datetime.combine(first_day, dt.time.min, tzinfo=BERLIN)
    window_end = dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time.min,
                                     tzinfo=BERLIN)
    claims = TimeClaim.objects.filter(staff_id__in=staff_team, at__gte=window_start,
                                      at__lt=window_end)
    if ignore_appointment_id:
        claims = claims.exclude(appointment_id=ignore_appointment_id)
    taken = set(claims.values_list("staff_id", "at"))
    length = dt.timedelta(minutes=topic.duration_minutes)
    found: dict[tuple[int, dt.datetime], Slot] = {}
    day = first_day
    while day <= last_day:
        if not is_holiday(day, jobcenter):
            for rule in matching:
                if rule.weekday != day.weekday() or rule.valid_from > day or (
                        rule.valid_until and rule.valid_until < day):
                    continue
                location_id = rule.location_id if channel == Channel.ON_SITE else None
                if channel == Channel.ON_SITE and location_id is None:
                    continue
                wall = dt.datetime.combine(day, rule.start_time)
                wall_limit = dt.datetime.combine(day, rule.end_time)
                while wall + length <= wall_limit:
                    start = local(day, wall.time())
                    wall += length
                    if start is None or (not_before is not None and start < not_before):
                        continue
                    end = (start.astimezone(dt.UTC) + length).astimezone(BERLIN)
                    key = (rule.staff_id, start)
                    if (key not in found
                            and not any((rule.staff_id, u) in taken for u in units(start, end))
                            and not _absent(exceptions.get((rule.staff_id, day), ()),
                                            start, end)):
                        found[key] = Slot(rule.staff_id, staff_team[rule.staff_id], start,
                                          end, channel, location_id)
        day += dt.timedelta(days=1)
    return sorted(found.values(), key=lambda s: (s.start, s.staff_id))


def offered_slots(*, topic: Topic, channel: str, now: dt.datetime | None = None) -> list[Slot]:
    """The slots a citizen may book: from the lead time to the horizon, one per start and
    place (whoever of the staff is free; the booking picks one)."""
    now = now or timezone.now()
    not_before = now + dt.timedelta(hours=settings.TERMINE_BOOKING_LEAD_HOURS)
    first_day = timezone.localdate(not_before)
    last_day = timezone.localdate(now) + dt.timedelta(days=settings.TERMINE_BOOKING_HORIZON_DAYS)
    seen: set[str] = set()
    offered = []
    for slot in free_slots(topic=topic, channel=channel, first_day=first_day,
                           last_day=last_day, not_before=not_before):
        if slot.key not in seen:
            seen.add(slot.key)
            offered.append(slot)
    return offered
