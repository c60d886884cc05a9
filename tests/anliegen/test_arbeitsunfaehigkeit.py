"""A reported Arbeitsunfähigkeit answers the Meldetermine in its period (the hook into
``termine``): "Ich kann nicht kommen – arbeitsunfähig", for staff to decide."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from jobcenter.households.models import Person
from jobcenter.termine import services as termine
from jobcenter.termine.models import Appointment, Channel
from tests.termine.conftest import at

pytestmark = pytest.mark.django_db


def _invite(person, caseworker, offer, start):
    return termine.meldetermin_invite(
        person=person, actor=caseworker, staff=caseworker, topic=offer["topic"], start=start,
        duration_minutes=30, channel=Channel.ON_SITE, location=offer["location"],
        meldezweck="vermittlung")


def test_a_sick_note_answers_the_meldetermine_in_its_period(citizen, caseworker, offer,
                                                            submit):
    person = Person.objects.get(user=citizen)
    with time_machine.travel(at(2026, 12, 4, 10), tick=False):
        inside = _invite(person, caseworker, offer, at(2026, 12, 8, 9))
        after = _invite(person, caseworker, offer, at(2026, 12, 15, 9))
        _s, case = submit(citizen, "arbeitsunfaehigkeit", {
            "krank_seit": "2026-12-03", "krank_bis": "2026-12-11",
            "folgebescheinigung": False, "au_bescheinigung": []})
    inside.refresh_from_db()
    after.refresh_from_db()
    assert inside.status == Appointment.Status.CANT_COME
    assert inside.absence_reason == "arbeitsunfaehig"
    assert case.reference in inside.absence_text
    assert after.status == Appointment.Status.CONFIRMED  # outside the period: untouched


def test_a_household_members_sick_note_leaves_the_appointments(citizen, caseworker,
                                                               offer, submit):
    person = Person.objects.get(user=citizen)
    with time_machine.travel(at(2026, 12, 4, 10), tick=False):
        inside = _invite(person, caseworker, offer, at(2026, 12, 8, 9))
        submit(citizen, "arbeitsunfaehigkeit", {
            "krank_person": "Ben", "krank_seit": "2026-12-03", "krank_bis": "2026-12-11",
            "folgebescheinigung": False, "au_bescheinigung": []})
    inside.refresh_from_db()
    assert inside.status == Appointment.Status.CONFIRMED
    assert dt.date(2026, 12, 8) == inside.start.date()
