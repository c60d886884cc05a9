"""Booking, cancelling and rebooking by the citizen; confirming, moving and cancelling by
staff; the notices and the eAkte timeline each change leaves."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from jobcenter.casefiles.models import TimelineEntry
from jobcenter.notifications.models import Notification
from jobcenter.termine import services
from jobcenter.termine.models import Appointment, Channel, TimeClaim, Topic
from jobcenter.termine.slots import offered_slots
from tests.termine.conftest import at

pytestmark = pytest.mark.django_db

NOW = at(2026, 12, 4, 10)  # Friday; the first slot offered is Monday 7 Dec


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def first_key(topic, channel=Channel.ON_SITE, index=0):
    return offered_slots(topic=topic, channel=channel)[index].key


def book(citizen, offer, channel=Channel.ON_SITE, index=0):
    return services.appointment_book(citizen=citizen, topic=offer["topic"], channel=channel,
                                     slot_key=first_key(offer["topic"], channel, index))


def test_booking_holds_the_time_and_tells_the_citizen(citizen, offer):
    appointment = book(citizen, offer)
    assert appointment.status == Appointment.Status.BOOKED
    assert appointment.start == at(2026, 12, 7, 8)
    assert appointment.staff == offer["staff"] and appointment.team == offer["team"]
    assert appointment.location == offer["location"]
    assert appointment.person.first_name == "Alice"
    assert TimeClaim.objects.filter(appointment=appointment).count() == 2
    notice = Notification.objects.get(user=citizen)
    assert notice.template == "appointment_booked"
    assert notice.link_path == f"/portal/termine/{appointment.pk}/"
    # the slot is gone for everyone else
    assert offered_slots(topic=offer["topic"], channel=Channel.ON_SITE)[0].start == at(
        2026, 12, 7, 8, 30)


def test_a_double_click_books_once(citizen, offer):
    key = first_key(offer["topic"])
    a = services.appointment_book(citizen=citizen, topic=offer["topic"],
                                  channel=Channel.ON_SITE, slot_key=key)
    b = services.appointment_book(citizen=citizen, topic=offer["topic"],
                                  channel=Channel.ON_SITE, slot_key=key)
    assert a.pk == b.pk
    assert Appointment.objects.count() == 1
    assert Notification.objects.filter(user=citizen).count() == 1


def test_a_taken_slot_cannot_be_booked_by_another(citizen, other_citizen, offer):
    key = first_key(offer["topic"])
    services.appointment_book(citizen=citizen, topic=offer["topic"], channel=Channel.ON_SITE,
                              slot_key=key)
    with pytest.raises(services.SlotTaken):
        services.appointment_book(citizen=other_citizen, topic=offer["topic"],
                                  channel=Channel.ON_SITE, slot_key=key)
    # an overlapping slot of a longer topic is not offered either
    long = Topic.objects.create(jobcenter=offer["topic"].jobcenter, title="Lang",
                                duration_minutes=60)
    assert offered_slots(topic=long, channel=Channel.PHONE)[0].start == at(2026, 12, 7, 9)


def test_bad_keys_and_channels_are_refused(citizen, offer):
    with pytest.raises(services.TermineError):
        services.appointment_book(citizen=citizen, topic=offer["topic"],
                                  channel=Channel.ON_SITE, slot_key="unsinn")
    with pytest.raises(services.SlotTaken):  # a Saturday: never offered
        services.appointment_book(citizen=citizen, topic=offer["topic"],
                                  channel=Channel.ON_SITE,
                                  slot_key=f"{int(at(2026, 12, 12, 8).timestamp())}-0")
    key = first_key(offer["topic"], Channel.VIDEO)
    offer["topic"].video = False
    offer["topic"].save()
    with pytest.raises(services.TermineError, match="nicht an"):
        services.appointment_book(citizen=citizen, topic=offer["topic"],
                                  channel=Channel.VIDEO, slot_key=key)


def test_at_most_three_open_bookings(citizen, offer, settings):
    settings.TERMINE_MAX_OPEN_BOOKINGS = 3
    for index in range(3):
        book(citizen, offer, index=index)
    with pytest.raises(services.TermineError, match="3 Termine"):
        book(citizen, offer, index=3)


def test_cancel_until_the_cutoff_frees_the_slot(citizen, offer, settings):
    settings.TERMINE_CANCEL_CUTOFF_HOURS = 24
    appointment = book(citizen, offer)  # Monday 8:00
    with time_machine.travel(at(2026, 12, 6, 7, 59), tick=False):
        assert services.citizen_may_change(appointment)
    with time_machine.travel(at(2026, 12, 6, 8, 0), tick=False):
        assert not services.citizen_may_change(appointment)
        with pytest.raises(services.TermineError, match="nicht mehr absagen"):
            services.appointment_cancel_by_citizen(appointment=appointment, citizen=citizen)
    services.appointment_cancel_by_citizen(appointment=appointment, citizen=citizen)
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED
    assert appointment.sequence == 1
    assert not TimeClaim.objects.exists()
    assert Notification.objects.filter(template="appointment_cancelled").count() == 1
    # a second click changes nothing
    services.appointment_cancel_by_citizen(appointment=appointment, citizen=citizen)
    assert Notification.objects.filter(template="appointment_cancelled").count() == 1


def test_another_citizen_cannot_cancel_or_rebook(citizen, other_citizen, offer):
    appointment = book(citizen, offer)
    with pytest.raises(services.TermineError):
        services.appointment_cancel_by_citizen(appointment=appointment, citizen=other_citizen)
    with pytest.raises(services.TermineError):
        services.appointment_rebook(appointment=appointment, citizen=other_citizen,
                                    slot_key=first_key(offer["topic"]))


def test_rebook_moves_the_claims(citizen, offer):
    appointment = book(citizen, offer)
    later = first_key(offer["topic"], index=2)  # 8:30, 9:00, 9:30 are left
    services.appointment_rebook(appointment=appointment, citizen=citizen, slot_key=later)
    appointment.refresh_from_db()
    assert appointment.start == at(2026, 12, 7, 9, 30)
    assert appointment.sequence == 1
    assert sorted(TimeClaim.objects.values_list("at", flat=True)) == [
        at(2026, 12, 7, 9, 30), at(2026, 12, 7, 9, 45)]
    assert Notification.objects.filter(template="appointment_moved").count() == 1
    # the old time is free again
    assert offered_slots(topic=offer["topic"], channel=Channel.ON_SITE)[0].start == at(
        2026, 12, 7, 8)


def test_staff_confirm_move_and_cancel_with_a_reason(citizen, offer, caseworker):
    appointment = book(citizen, offer)
    services.appointment_confirm(appointment=appointment, actor=caseworker)
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CONFIRMED
    new_start = at(2026, 12, 8, 14)
    services.appointment_move(appointment=appointment, actor=caseworker, start=new_start,
                              staff=caseworker, location=offer["location"],
                              reason="Die Kollegin ist krank.")
    appointment.refresh_from_db()
    assert appointment.start == new_start and appointment.end == at(2026, 12, 8, 14, 30)
    assert appointment.staff_message == "Die Kollegin ist krank."
    with pytest.raises(services.TermineError, match="Viertelstundentakt"):
        services.appointment_move(appointment=appointment, actor=caseworker,
                                  start=at(2026, 12, 8, 14, 10), staff=caseworker,
                                  location=offer["location"], reason="x")
    services.appointment_cancel_by_staff(appointment=appointment, actor=caseworker,
                                         reason="Bitte buchen Sie neu.")
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED
    assert [n.template for n in Notification.objects.order_by("pk")] == [
        "appointment_booked", "appointment_confirmed", "appointment_moved",
        "appointment_cancelled"]


def test_staff_cannot_move_onto_a_taken_time(citizen, other_citizen, offer, caseworker):
    a = book(citizen, offer)
    b = book(other_citizen, offer)  # 8:30, the next free one
    with pytest.raises(services.SlotTaken):
        services.appointment_move(appointment=a, actor=caseworker, start=at(2026, 12, 7, 8, 15),
                                  staff=caseworker, location=offer["location"], reason="x")
    a.refresh_from_db()
    assert a.start == at(2026, 12, 7, 8)  # nothing changed
    assert TimeClaim.objects.filter(appointment=a).count() == 2
    assert TimeClaim.objects.filter(appointment=b).count() == 2


def test_staff_of_another_jobcenter_change_nothing(citizen, offer, other_caseworker):
    appointment = book(citizen, offer)
    for call in (lambda: services.appointment_confirm(appointment=appointment,
                                                      actor=other_caseworker),
                 lambda: services.appointment_cancel_by_staff(
                     appointment=appointment, actor=other_caseworker, reason="x")):
        with pytest.raises(services.TermineError):
            call()


def test_every_change_lands_in_the_eakte_timeline(citizen, offer, caseworker):
    from jobcenter.casefiles.services import case_intake
    from tests.casefiles.conftest import make_submission

    case = case_intake(submission=make_submission(user=citizen))
    appointment = book(citizen, offer)
    assert appointment.case == case
    services.appointment_confirm(appointment=appointment, actor=caseworker)
    entries = list(TimelineEntry.objects.filter(case=case, kind="appointment").order_by("pk"))
    assert [e.text.split(":")[0] for e in entries] == ["Termin gebucht", "Termin bestätigt"]
    assert entries[0].citizen_text == ("Sie haben einen Termin gebucht: Montag, "
                                       "7. Dezember 2026, 08:00 Uhr")


def test_callback_request_once_per_topic(citizen, offer, caseworker):
    first = services.callback_request(citizen=citizen, topic=offer["topic"],
                                      phone="030 1234567", window="vormittags")
    again = services.callback_request(citizen=citizen, topic=offer["topic"],
                                      phone="030 1234567", window="vormittags")
    assert first.pk == again.pk
    services.callback_done(callback=first, actor=caseworker)
    first.refresh_from_db()
    assert first.status == "erledigt" and first.done_by == caseworker


def test_reminders_interface(citizen, offer):
    from jobcenter.termine.reminders import appointments_between

    appointment = book(citizen, offer)
    found = appointments_between(at(2026, 12, 7), at(2026, 12, 8))
    assert [(r.user, r.start, r.link_path) for r in found] == [
        (citizen, appointment.start, f"/portal/termine/{appointment.pk}/")]
    assert found[0].key == f"termin:{appointment.pk}:2026-12-07T07:00:00+00:00"
    assert appointments_between(at(2026, 12, 8), at(2026, 12, 9)) == []
    services.appointment_cancel_by_citizen(appointment=appointment, citizen=citizen)
    assert appointments_between(at(2026, 12, 7), at(2026, 12, 8)) == []


def test_todo_provider(citizen, offer):
    from jobcenter.core.todo import todos_for

    book(citizen, offer)
    items = [t for t in todos_for(citizen) if t.kind in ("appointment", "meldetermin")]
    assert len(items) == 1
    assert items[0].title == "Termin: Beratung zur Arbeitsuche"
    assert items[0].action_url.startswith("/portal/termine/")
    assert "2026" in items[0].detail and "T" not in items[0].detail.split("2026")[0][-3:]
    assert dt.timedelta(0) < items[0].due - NOW


def test_the_reminder_planner_reminds_of_an_appointment_the_day_before(citizen, offer):
    """The appointments source is wired into the reminders (config.wiring): every Jobcenter
    has the rule "1 day before", and the planner plans exactly one reminder."""
    from jobcenter.reminders.models import ReminderDispatch, ReminderRule
    from jobcenter.reminders.services import reminders_plan

    appointment = book(citizen, offer)
    assert ReminderRule.objects.filter(jobcenter=citizen.jobcenter, source="termin",
                                       days_before=1).exists()
    reminders_plan(today=dt.date(2026, 12, 5))
    assert not ReminderDispatch.objects.filter(source="termin").exists()  # two days before
    reminders_plan(today=dt.date(2026, 12, 6))
    reminders_plan(today=dt.date(2026, 12, 6))  # again: nothing twice
    dispatch = ReminderDispatch.objects.get(source="termin")
    assert dispatch.user == citizen and dispatch.occasion == dt.date(2026, 12, 7)
    assert dispatch.link_path == f"/portal/termine/{appointment.pk}/"
