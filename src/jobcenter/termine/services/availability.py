"""What staff publish: consultation hours, absences, topics and locations."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from jobcenter.termine.models import (
    Appointment,
    AvailabilityException,
    AvailabilityRule,
    Location,
    Topic,
)

if TYPE_CHECKING:
    from jobcenter.accounts.models import User
from jobcenter.termine.services.common import (
    TermineError,
    _jobcenter_id,
)


def rule_create(*, actor: User, staff: User, weekday: int, start_time: dt.time,
                end_time: dt.time, valid_from: dt.date, valid_until: dt.date | None,
                location: Location | None, on_site: bool, phone: bool, video: bool,
                topics: list[Topic]) -> AvailabilityRule:
    if staff.jobcenter_id != actor.jobcenter_id:
        raise TermineError(_("Bitte wählen Sie eine Person Ihres Jobcenters."))
    for t in (start_time, end_time):
        if t.minute % 15 or t.second:
            raise TermineError(_("Bitte geben Sie Uhrzeiten im Viertelstundentakt an, zum "
                                 "Beispiel 8:00 oder 12:30 Uhr."))
    if end_time <= start_time:
        raise TermineError(_("Das Ende muss nach dem Beginn liegen."))
    if not (on_site or phone or video):
        raise TermineError(_("Bitte wählen Sie mindestens eine Art des Gesprächs."))
    if on_site and location is None:
        raise TermineError(_("Für Termine vor Ort wählen Sie bitte einen Standort."))
    if valid_until and valid_until < valid_from:
        raise TermineError(_("„Gültig bis“ darf nicht vor „gültig ab“ liegen."))
    with transaction.atomic():
        rule = AvailabilityRule.objects.create(
            jobcenter_id=_jobcenter_id(actor), staff=staff, weekday=weekday,
            start_time=start_time, end_time=end_time, valid_from=valid_from,
            valid_until=valid_until, location=location, on_site=on_site, phone=phone,
            video=video)
        rule.topics.set(topics)
    return rule


def rule_delete(*, rule: AvailabilityRule, actor: User) -> None:
    """Booked appointments stay; only future offers end."""
    if rule.jobcenter_id != actor.jobcenter_id:
        raise TermineError(_("Diese Sprechzeit gehört nicht zu Ihrem Jobcenter."))
    rule.delete()


def exception_create(*, actor: User, staff: User | None, team_id: int | None, day: dt.date,
                     start_time: dt.time | None, end_time: dt.time | None,
                     reason: str) -> AvailabilityException:
    if staff is None and team_id is None:
        raise TermineError(_("Bitte wählen Sie eine Person oder ein Team."))
    if staff is not None and staff.jobcenter_id != actor.jobcenter_id:
        raise TermineError(_("Bitte wählen Sie eine Person Ihres Jobcenters."))
    if (start_time is None) != (end_time is None):
        raise TermineError(_("Bitte geben Sie Beginn und Ende an, oder keines von beiden "
                             "für den ganzen Tag."))
    if start_time and end_time and end_time <= start_time:
        raise TermineError(_("Das Ende muss nach dem Beginn liegen."))
    return AvailabilityException.objects.create(
        jobcenter_id=_jobcenter_id(actor), staff=staff, team_id=team_id, day=day,
        start_time=start_time, end_time=end_time, reason=reason[:120])


def exception_delete(*, exception: AvailabilityException, actor: User) -> None:
    if exception.jobcenter_id != actor.jobcenter_id:
        raise TermineError(_("Diese Abwesenheit gehört nicht zu Ihrem Jobcenter."))
    exception.delete()


def appointments_in_absence(exception: AvailabilityException) -> int:
    """How many live appointments fall into a new absence (staff should move them)."""
    qs = Appointment.objects.filter(jobcenter_id=exception.jobcenter_id,
                                    status__in=Appointment.ACTIVE,
                                    start__date=exception.day)
    if exception.staff_id:
        qs = qs.filter(staff_id=exception.staff_id)
    elif exception.team_id is not None:
        qs = qs.filter(team_id=exception.team_id)
    return qs.count()


def topic_save(*, actor: User, form: object) -> Topic:
    """Save a new topic (a ``TopicForm``) for the actor's Jobcenter."""
    topic: Topic = form.save(commit=False)  # type: ignore[attr-defined]
    topic.jobcenter_id = _jobcenter_id(actor)
    try:
        with transaction.atomic():
            topic.save()
    except IntegrityError as exc:
        raise TermineError(_("Ein Thema mit diesem Namen gibt es schon.")) from exc
    return topic


def location_save(*, actor: User, form: object) -> Location:
    location: Location = form.save(commit=False)  # type: ignore[attr-defined]
    location.jobcenter_id = _jobcenter_id(actor)
    location.save()
    return location


def topic_set_active(*, topic: Topic, actor: User, active: bool) -> Topic:
    if topic.jobcenter_id != actor.jobcenter_id:
        raise TermineError(_("Dieses Thema gehört nicht zu Ihrem Jobcenter."))
    topic.is_active = active
    topic.save(update_fields=["is_active"])
    return topic
