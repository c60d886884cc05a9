"""The pages: the citizen books, cancels, rebooks, downloads the .ics and answers a
Meldetermin; staff see the calendar, confirm, move, cancel, decide and edit availability.
Three actors: the citizen, another citizen, another Jobcenter's caseworker."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jobcenter.core.roles import Role
from jobcenter.households.models import Person
from jobcenter.termine import services
from jobcenter.termine.models import (
    Appointment,
    AvailabilityException,
    AvailabilityRule,
    CallbackRequest,
    Channel,
)
from jobcenter.termine.slots import offered_slots
from jobcenter.transparency.models import AccessLogEntry
from tests.conftest import login
from tests.factories import StaffFactory
from tests.formengine.helpers import png_bytes
from tests.termine.conftest import at

pytestmark = pytest.mark.django_db
NOW = at(2026, 12, 4, 10)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=True):
        yield


def test_old_link_shows_the_appointments_page(client, citizen, offer):
    login(client, citizen)
    response = client.get("/portal/termine/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Termin buchen" in html and "im Aufbau" not in html


def test_citizen_books_through_the_pages_without_javascript(client, citizen, offer):
    login(client, citizen)
    url = reverse("termine_citizen:book")
    step1 = client.get(url)
    assert step1.status_code == 200 and "Beratung zur Arbeitsuche" in step1.content.decode()
    step2 = client.get(url, {"thema": offer["topic"].pk, "art": "vor_ort"})
    html = step2.content.decode()
    assert "Montag, 7. Dezember 2026" in html and "08:00 bis 08:30 Uhr" in html
    key = offered_slots(topic=offer["topic"], channel=Channel.ON_SITE)[0].key
    response = client.post(url, {"thema": offer["topic"].pk, "art": "vor_ort", "termin": key})
    appointment = Appointment.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("portal:appointment", args=[appointment.pk])
    detail = client.get(response.url).content.decode()
    assert "Hauptstelle" in detail and "Carla Clausen" in detail
    assert "Termin verschieben" in detail and "Termin absagen" in detail
    ics = client.get(reverse("termine_citizen:ics", args=[appointment.pk]))
    assert ics["Content-Type"].startswith("text/calendar")
    assert b"DTSTART:20261207T070000Z" in ics.content
    assert 'filename="termin-2026-12-07.ics"' in ics["Content-Disposition"]


def test_booking_errors_are_explained(client, citizen, offer):
    login(client, citizen)
    url = reverse("termine_citizen:book")
    response = client.post(url, {"thema": offer["topic"].pk, "art": "vor_ort"})
    assert response.status_code == 400
    assert "Bitte wählen Sie einen Termin." in response.content.decode()
    response = client.post(url, {"thema": offer["topic"].pk, "art": "vor_ort",
                                 "termin": "123-0"})
    assert response.status_code == 400
    assert "nicht mehr frei" in response.content.decode()
    response = client.get(url, {"thema": "999", "art": "vor_ort"})
    assert response.status_code == 400


def test_english_page_shows_english_dates(client, citizen, offer):
    login(client, citizen)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("termine_citizen:book"),
                      {"thema": offer["topic"].pk, "art": "telefon"},
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Monday, 7 December 2026" in html, html[html.find("<main"):][:3000]
    assert "08:00 to 08:30" in html


def test_cancel_and_rebook_through_the_pages(client, citizen, offer):
    login(client, citizen)
    keys = [s.key for s in offered_slots(topic=offer["topic"], channel=Channel.PHONE)]
    appointment = services.appointment_book(citizen=citizen, topic=offer["topic"],
                                            channel=Channel.PHONE, slot_key=keys[0])
    rebook = reverse("termine_citizen:rebook", args=[appointment.pk])
    assert client.get(rebook).status_code == 200
    assert client.post(rebook, {"termin": keys[2]}).status_code == 302
    appointment.refresh_from_db()
    assert appointment.start == at(2026, 12, 7, 9)
    cancel = reverse("termine_citizen:cancel", args=[appointment.pk])
    assert "Termin absagen?" in client.get(cancel).content.decode()
    assert client.post(cancel).status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED
    html = client.get(reverse("portal:appointment", args=[appointment.pk])).content.decode()
    assert "Dieser Termin findet nicht statt." in html


def test_three_actors_on_the_citizen_pages(client, citizen, other_citizen, offer,
                                           other_caseworker):
    key = offered_slots(topic=offer["topic"], channel=Channel.PHONE)[0].key
    appointment = services.appointment_book(citizen=citizen, topic=offer["topic"],
                                            channel=Channel.PHONE, slot_key=key)
    pages = [reverse("portal:appointment", args=[appointment.pk]),
             reverse("termine_citizen:ics", args=[appointment.pk]),
             reverse("termine_citizen:cancel", args=[appointment.pk]),
             reverse("termine_citizen:rebook", args=[appointment.pk]),
             reverse("termine_citizen:answer", args=[appointment.pk])]
    login(client, other_citizen)
    for url in pages:
        assert client.get(url).status_code == 404, url
    assert client.post(pages[2]).status_code == 404
    login(client, other_caseworker)
    for url in pages:
        assert client.get(url).status_code == 403, url
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.BOOKED


def test_staff_of_another_jobcenter_and_roles_without_the_right(client, citizen, offer,
                                                                 other_caseworker, jobcenter):
    key = offered_slots(topic=offer["topic"], channel=Channel.PHONE)[0].key
    appointment = services.appointment_book(citizen=citizen, topic=offer["topic"],
                                            channel=Channel.PHONE, slot_key=key)
    login(client, other_caseworker)
    assert client.get(reverse("termine_staff:detail", args=[appointment.pk])).status_code == 404
    assert client.post(reverse("termine_staff:confirm", args=[appointment.pk])
                       ).status_code == 404
    html = client.get(reverse("termine_staff:calendar"), {"datum": "2026-12-07"}
                      ).content.decode()
    assert "Alice" not in html
    admin = StaffFactory(jobcenter=jobcenter, role=Role.JOBCENTER_ADMIN)
    login(client, admin)
    assert client.get(reverse("termine_staff:calendar")).status_code == 403
    privacy = StaffFactory(jobcenter=jobcenter, role=Role.DATENSCHUTZ)
    login(client, privacy)
    assert client.get(reverse("termine_staff:detail", args=[appointment.pk])).status_code == 403
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.BOOKED


def test_staff_calendar_confirm_move_cancel(client, citizen, offer, caseworker):
    key = offered_slots(topic=offer["topic"], channel=Channel.ON_SITE)[0].key
    appointment = services.appointment_book(citizen=citizen, topic=offer["topic"],
                                            channel=Channel.ON_SITE, slot_key=key)
    login(client, caseworker)
    week = client.get(reverse("termine_staff:calendar"), {"datum": "2026-12-07"})
    html = week.content.decode()
    assert week.status_code == 200 and "Alice" in html and "08:00–08:30" in html
    assert AccessLogEntry.objects.filter(purpose="termine").exists()
    day = client.get(reverse("termine_staff:calendar"),
                     {"datum": "2026-12-07", "ansicht": "tag", "team": offer["team"].pk})
    assert "Alice" in day.content.decode()
    assert client.post(reverse("termine_staff:confirm", args=[appointment.pk])
                       ).status_code == 302
    move = reverse("termine_staff:move", args=[appointment.pk])
    bad = client.post(move, {"datum-tag": "8", "datum-monat": "12", "datum-jahr": "2026",
                             "uhrzeit": "10:00", "person": caseworker.pk,
                             "standort": offer["location"].pk})
    assert bad.status_code == 400 and "Bitte geben Sie eine Begründung an." in (
        bad.content.decode())
    ok = client.post(move, {"datum-tag": "8", "datum-monat": "12", "datum-jahr": "2026",
                            "uhrzeit": "10:00", "person": caseworker.pk,
                            "standort": offer["location"].pk,
                            "begruendung": "Bitte kommen Sie eine Stunde später."})
    assert ok.status_code == 302
    appointment.refresh_from_db()
    assert appointment.start == at(2026, 12, 8, 10)
    login(client, citizen)
    html = client.get(reverse("portal:appointment", args=[appointment.pk])).content.decode()
    assert "Dienstag, 8. Dezember 2026" in html
    assert "Bitte kommen Sie eine Stunde später." in html
    login(client, caseworker)
    cancel = reverse("termine_staff:cancel", args=[appointment.pk])
    assert client.post(cancel, {}).status_code == 400
    assert client.post(cancel, {"begruendung": "Krankheit"}).status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED


def _case_for(citizen):
    from jobcenter.casefiles.services import case_intake
    from tests.casefiles.conftest import make_submission

    case = case_intake(submission=make_submission(user=citizen))
    person = Person.objects.get(user=citizen)
    case.applicant = person
    case.save(update_fields=["applicant"])
    return case, person


def test_meldetermin_invitation_and_answer_through_the_pages(client, citizen, offer, caseworker):
    case, person = _case_for(citizen)
    login(client, caseworker)
    url = reverse("termine_staff:meldetermin", args=[person.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {
        "datum-tag": "10", "datum-monat": "12", "datum-jahr": "2026", "uhrzeit": "09:00",
        "person": caseworker.pk, "standort": offer["location"].pk,
        "thema": offer["topic"].pk, "dauer": "30", "art": "vor_ort", "zweck": "vermittlung",
        "nachricht": "Bitte bringen Sie Ihren Lebenslauf mit."})
    assert response.status_code == 302, response.content.decode()[:2000]
    appointment = Appointment.objects.get(kind="meldetermin")
    login(client, citizen)
    page = client.get(reverse("portal:appointment", args=[appointment.pk])).content.decode()
    assert "Rechtsfolgenbelehrung" in page and "10 Prozent" in page
    assert "Ich kann nicht kommen" in page
    assert "Termin absagen" not in page  # a Meldetermin is answered, not cancelled
    answer = reverse("termine_citizen:answer", args=[appointment.pk])
    assert client.post(answer, {}).status_code == 400
    response = client.post(answer, {
        "grund": "arbeitsunfaehig", "erlaeuterung": "Ich habe Fieber.",
        "nachweis": SimpleUploadedFile("au.png", png_bytes(), content_type="image/png")})
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == "verhindert" and appointment.absence_document is not None
    login(client, caseworker)
    detail = client.get(reverse("termine_staff:detail", args=[appointment.pk])).content.decode()
    assert "Ich habe Fieber." in detail and "Nachweis zur Absage" in detail
    decide = reverse("termine_staff:decide", args=[appointment.pk])
    assert client.post(decide, {"entscheidung": "anerkannt"}).status_code == 400
    assert client.post(decide, {"entscheidung": "anerkannt",
                                "begruendung": "Gute Besserung."}).status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == "abgesagt"


def test_a_bad_upload_keeps_the_answer_and_explains(client, citizen, offer, caseworker):
    _case, person = _case_for(citizen)
    appointment = services.meldetermin_invite(
        person=person, actor=caseworker, staff=caseworker, topic=offer["topic"],
        start=at(2026, 12, 10, 9), duration_minutes=30, channel=Channel.PHONE, location=None,
        meldezweck="vermittlung")
    login(client, citizen)
    response = client.post(reverse("termine_citizen:answer", args=[appointment.pk]), {
        "grund": "arbeitsunfaehig",
        "nachweis": SimpleUploadedFile("au.exe", b"MZ\x90\x00binary", content_type="image/png")})
    assert response.status_code == 400
    appointment.refresh_from_db()
    assert appointment.status == "bestaetigt"  # nothing stored half


def test_callback_through_the_pages(client, citizen, offer, caseworker):
    login(client, citizen)
    url = reverse("termine_citizen:callback")
    bad = client.post(url, {"thema": offer["topic"].pk, "telefon": "abc", "zeit": "egal"})
    assert bad.status_code == 400 and "nur mit Ziffern" in bad.content.decode()
    for _ in range(2):  # a double click asks once
        assert client.post(url, {"thema": offer["topic"].pk, "telefon": "030 1234567",
                                 "zeit": "vormittags"}).status_code == 302
    callback = CallbackRequest.objects.get()
    login(client, caseworker)
    html = client.get(reverse("termine_staff:calendar")).content.decode()
    assert "030 1234567" in html
    assert client.post(reverse("termine_staff:callback_done", args=[callback.pk])
                       ).status_code == 302
    callback.refresh_from_db()
    assert callback.status == "erledigt"


def test_availability_editing(client, offer, caseworker):
    login(client, caseworker)
    page = client.get(reverse("termine_staff:availability"))
    assert page.status_code == 200 and "Montag" in page.content.decode()
    before = AvailabilityRule.objects.count()
    bad = client.post(reverse("termine_staff:rule_add"), {
        "person": caseworker.pk, "wochentag": "5", "von": "14:00", "bis": "12:00",
        "gueltig_ab-tag": "1", "gueltig_ab-monat": "1", "gueltig_ab-jahr": "2027", "telefon": "on"})
    assert bad.status_code == 400 and "Das Ende muss nach dem Beginn liegen." in (
        bad.content.decode())
    ok = client.post(reverse("termine_staff:rule_add"), {
        "person": caseworker.pk, "wochentag": "5", "von": "09:00", "bis": "11:00",
        "gueltig_ab-tag": "1", "gueltig_ab-monat": "1", "gueltig_ab-jahr": "2027", "telefon": "on"})
    assert ok.status_code == 302
    assert AvailabilityRule.objects.count() == before + 1
    rule = AvailabilityRule.objects.get(weekday=5)
    assert rule.channels() == ["telefon"]
    assert client.post(reverse("termine_staff:exception_add"), {
        "wer": f"t{offer['team'].pk}", "tag-tag": "24", "tag-monat": "12", "tag-jahr": "2026",
        "grund": "Teamtag"}).status_code == 302
    exception = AvailabilityException.objects.get()
    assert exception.team == offer["team"] and exception.start_time is None
    assert client.post(reverse("termine_staff:exception_delete", args=[exception.pk])
                       ).status_code == 302
    assert client.post(reverse("termine_staff:rule_delete", args=[rule.pk])).status_code == 302
    assert not AvailabilityRule.objects.filter(pk=rule.pk).exists()


def test_video_link_appears_on_the_page_only_in_the_window(client, citizen, offer, settings):
    settings.TERMINE_VIDEO_PROVIDER = "jitsi"
    key = offered_slots(topic=offer["topic"], channel=Channel.VIDEO)[0].key
    appointment = services.appointment_book(citizen=citizen, topic=offer["topic"],
                                            channel=Channel.VIDEO, slot_key=key)
    login(client, citizen)
    url = reverse("portal:appointment", args=[appointment.pk])
    html = client.get(url).content.decode()
    assert appointment.video_room not in html and "15 Minuten vor Beginn" in html
    with time_machine.travel(appointment.start - dt.timedelta(minutes=10), tick=False):
        login(client, citizen)  # days later: a new session
        html = client.get(url).content.decode()
    assert appointment.video_room in html and "Videogespräch beitreten" in html


def test_topics_and_locations_are_edited_in_the_work_area(client, offer, caseworker):
    login(client, caseworker)
    bad = client.post(reverse("termine_staff:topic_add"), {
        "thema-title": "Beratung zur Arbeitsuche", "thema-duration_minutes": "30",
        "thema-phone": "on"})
    assert bad.status_code == 400 and "gibt es schon" in bad.content.decode()
    ok = client.post(reverse("termine_staff:topic_add"), {
        "thema-title": "Kinderzuschlag und Wohngeld", "thema-duration_minutes": "45",
        "thema-phone": "on", "thema-video": "on", "thema-bookable": "on"})
    assert ok.status_code == 302
    from jobcenter.termine.models import Location, Topic

    topic = Topic.objects.get(title="Kinderzuschlag und Wohngeld")
    assert topic.jobcenter == caseworker.jobcenter and topic.channels() == ["telefon", "video"]
    assert client.post(reverse("termine_staff:topic_toggle", args=[topic.pk])).status_code == 302
    topic.refresh_from_db()
    assert not topic.is_active
    assert client.post(reverse("termine_staff:location_add"), {
        "standort-name": "Außenstelle Nord", "standort-street": "Nordweg 2",
        "standort-postcode": "11112", "standort-city": "Alphastadt"}).status_code == 302
    assert Location.objects.filter(name="Außenstelle Nord", jobcenter=caseworker.jobcenter
                                   ).exists()
