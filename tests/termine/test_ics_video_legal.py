"""The .ics file, the video link's window and participants, and the Meldetermin's
Rechtsfolgenbelehrung (golden text)."""

from __future__ import annotations

import datetime as dt

import jwt
import pytest
import time_machine
from django.utils import translation
from icalendar import Calendar

from jobcenter.termine import services, video
from jobcenter.termine.ics import ics_bytes
from jobcenter.termine.legal import rechtsfolgenbelehrung
from jobcenter.termine.models import Appointment, Channel
from jobcenter.termine.slots import offered_slots
from tests.factories import PersonFactory
from tests.formengine.helpers import png_bytes
from tests.termine.conftest import at

pytestmark = pytest.mark.django_db


def booked(citizen, offer, channel, now):
    with time_machine.travel(now, tick=False):
        key = offered_slots(topic=offer["topic"], channel=channel)[0].key
        return services.appointment_book(citizen=citizen, topic=offer["topic"],
                                         channel=channel, slot_key=key)


@pytest.mark.parametrize(("now", "start_utc"), [
    (at(2026, 3, 26, 12), "20260330T060000Z"),    # Monday after spring forward: 8:00 CEST
    (at(2026, 10, 22, 12), "20261026T070000Z"),   # Monday after fall back: 8:00 CET
])
def test_ics_times_are_utc_and_right_across_dst(citizen, offer, now, start_utc):
    appointment = booked(citizen, offer, Channel.ON_SITE, now)
    raw = ics_bytes(appointment, link="https://example.org/portal/termine/1/")
    text = raw.decode()
    assert f"DTSTART:{start_utc}" in text
    cal = Calendar.from_ical(raw)
    event = next(iter(cal.walk("VEVENT")))
    assert event.decoded("dtstart") == appointment.start
    assert event.decoded("dtend") - event.decoded("dtstart") == dt.timedelta(minutes=30)
    assert "Hauptstelle, Alphaweg 1, 11111 Alphastadt" in str(event["location"])
    assert str(event["summary"]) == "Termin beim Jobcenter: Beratung zur Arbeitsuche"
    assert int(event["sequence"]) == 0
    assert "STATUS:CONFIRMED" in text
    assert "jc-" not in text  # no video room in the file


def test_ics_of_a_moved_and_a_cancelled_appointment(citizen, offer, caseworker):
    appointment = booked(citizen, offer, Channel.PHONE, at(2026, 12, 4, 10))
    with time_machine.travel(at(2026, 12, 4, 10), tick=False):
        services.appointment_move(appointment=appointment, actor=caseworker,
                                  start=at(2026, 12, 9, 10), staff=caseworker, location=None,
                                  reason="Neue Zeit")
        appointment.refresh_from_db()
        text = ics_bytes(appointment, link="x").decode()
        assert "SEQUENCE:1" in text and "DTSTART:20261209T090000Z" in text
        services.appointment_cancel_by_staff(appointment=appointment, actor=caseworker,
                                             reason="Krank")
        appointment.refresh_from_db()
        text = ics_bytes(appointment, link="x").decode()
    assert "STATUS:CANCELLED" in text and "METHOD:CANCEL" in text and "SEQUENCE:2" in text


def test_video_link_only_for_participants_and_only_in_the_window(citizen, other_citizen, offer,
                                                                   caseworker, settings):
    settings.TERMINE_VIDEO_PROVIDER = "jitsi"
    settings.TERMINE_JITSI_URL = "https://meet.example.org"
    settings.TERMINE_JITSI_APP_ID = ""
    settings.TERMINE_VIDEO_OPENS_MINUTES = 15
    appointment = booked(citizen, offer, Channel.VIDEO, at(2026, 12, 4, 10))  # Mon 8:00
    assert video.join_url(appointment, citizen, now=at(2026, 12, 7, 7, 44)) is None
    url = video.join_url(appointment, citizen, now=at(2026, 12, 7, 7, 45))
    assert url is not None and url.startswith(
        f"https://meet.example.org/{appointment.video_room}#")
    assert "config.lobby.autoKnock=true" in url and "jwt=" not in url
    assert video.join_url(appointment, caseworker, now=at(2026, 12, 7, 8, 29))
    assert video.join_url(appointment, citizen, now=at(2026, 12, 7, 8, 30)) is None
    assert video.join_url(appointment, other_citizen, now=at(2026, 12, 7, 8)) is None
    # rooms are unguessable and differ per appointment
    assert len(appointment.video_room) >= 30
    other = booked(citizen, offer, Channel.VIDEO, at(2026, 12, 4, 10))
    assert other.video_room != appointment.video_room
    # a phone appointment has no video link
    phone = booked(citizen, offer, Channel.PHONE, at(2026, 12, 4, 10))
    assert video.join_url(phone, citizen, now=phone.start) is None


def test_jitsi_jwt_when_the_deployment_has_an_app_secret(citizen, offer, caseworker, settings):
    settings.TERMINE_VIDEO_PROVIDER = "jitsi"
    settings.TERMINE_JITSI_URL = "https://meet.example.org"
    settings.TERMINE_JITSI_APP_ID = "jobcenter"
    settings.TERMINE_JITSI_APP_SECRET = "s3cret-s3cret-s3cret-s3cret-s3cret"
    appointment = booked(citizen, offer, Channel.VIDEO, at(2026, 12, 4, 10))
    now = appointment.start
    with time_machine.travel(now, tick=False):
        staff_url = video.join_url(appointment, caseworker, now=now)
        citizen_url = video.join_url(appointment, citizen, now=now)
        staff_claims = jwt.decode(staff_url.split("jwt=")[1].split("#")[0],
                                  "s3cret-s3cret-s3cret-s3cret-s3cret", algorithms=["HS256"],
                                  audience="jitsi")
        citizen_claims = jwt.decode(citizen_url.split("jwt=")[1].split("#")[0],
                                    "s3cret-s3cret-s3cret-s3cret-s3cret",
                                    algorithms=["HS256"], audience="jitsi")
    assert staff_claims["room"] == appointment.video_room == citizen_claims["room"]
    assert staff_claims["iss"] == "jobcenter" and staff_claims["sub"] == "meet.example.org"
    assert staff_claims["context"]["user"]["moderator"] is True
    assert staff_claims["context"]["user"]["lobby_bypass"] is True
    assert citizen_claims["context"]["user"]["moderator"] is False
    assert citizen_claims["context"]["user"]["lobby_bypass"] is False
    assert citizen_claims["nbf"] == int((appointment.start - dt.timedelta(minutes=15)).timestamp())
    assert citizen_claims["exp"] == int(appointment.end.timestamp())


def test_link_fallback_and_no_provider(citizen, offer, settings):
    appointment = booked(citizen, offer, Channel.VIDEO, at(2026, 12, 4, 10))
    settings.TERMINE_VIDEO_PROVIDER = "link"
    settings.TERMINE_VIDEO_LINK_TEMPLATE = "https://video.jobcenter.example/r/{room}"
    assert video.join_url(appointment, citizen, now=appointment.start) == (
        f"https://video.jobcenter.example/r/{appointment.video_room}")
    settings.TERMINE_VIDEO_PROVIDER = ""
    assert video.join_url(appointment, citizen, now=appointment.start) is None
    assert not video.video_available()


GOLDEN_DE = [
    "Sie sind verpflichtet, zu diesem Termin zu kommen (Meldepflicht nach § 59 SGB II in "
    "Verbindung mit § 309 SGB III). Zweck des Termins: Vermittlung in Ausbildung oder Arbeit.",
    "Wenn Sie ohne wichtigen Grund nicht kommen, wird Ihr Grundsicherungsgeld (früher "
    "Bürgergeld) für einen Monat um 10 Prozent des für Sie maßgebenden Regelbedarfs gemindert "
    "(§ 32 SGB II). Ihre Kosten für Unterkunft und Heizung werden nicht gemindert.",
    "Die Minderung tritt nicht ein, wenn Sie einen wichtigen Grund haben und ihn nachweisen, "
    "zum Beispiel mit einer Arbeitsunfähigkeitsbescheinigung Ihrer Ärztin oder Ihres Arztes. "
    "Bitte teilen Sie uns den Grund vor dem Termin mit: auf dieser Seite mit „Ich kann nicht "
    "kommen“.",
    "Wenn Sie sich zu einer anderen Uhrzeit am selben Tag melden, haben Sie Ihre Meldepflicht "
    "erfüllt, sofern der Zweck des Termins noch erreicht werden kann (§ 309 Abs. 3 SGB III).",
    "Notwendige Fahrtkosten zum Termin können Ihnen auf Antrag erstattet werden (§ 309 Abs. 4 "
    "SGB III). Bitte bringen Sie Ihre Fahrkarte mit.",
    "Bevor wir über eine Minderung entscheiden, können Sie sich dazu äußern.",
]


GOLDEN_EN = [
    "You are obliged to come to this appointment (duty to report under § 59 SGB II in "
    "conjunction with § 309 SGB III). Purpose of the appointment: Placement in training or "
    "work.",
    "If you fail to come without good cause, your Grundsicherungsgeld (formerly Bürgergeld) "
    "will be reduced for one month by 10 percent of the standard needs (Regelbedarf) that "
    "apply to you (§ 32 SGB II). Your costs of accommodation and heating are not reduced.",
    "There is no reduction if you have good cause and prove it, for example with a "
    "certificate of incapacity for work from your doctor. Please tell us the reason before "
    "the appointment: on this page with “I cannot come”.",
    "If you report at another time on the same day, you have fulfilled your duty to report, "
    "provided the purpose of the appointment can still be achieved (§ 309 (3) SGB III).",
    "Necessary travel costs to the appointment can be reimbursed on request (§ 309 (4) "
    "SGB III). Please bring your ticket.",
    "Before we decide on a reduction, you can comment on it.",
]


def test_rechtsfolgenbelehrung_golden_text():
    appointment = Appointment(kind=Appointment.Kind.MELDETERMIN, meldezweck="vermittlung")
    assert rechtsfolgenbelehrung(appointment) == GOLDEN_DE
    with translation.override("en"):  # "wichtiger Grund" is "good cause" (docs/glossary.md)
        assert rechtsfolgenbelehrung(appointment) == GOLDEN_EN


def test_meldetermin_invitation_answer_and_decision(citizen, offer, caseworker):
    from jobcenter.casefiles.models import Document
    from jobcenter.casefiles.services import case_intake
    from jobcenter.households.models import Person
    from jobcenter.notifications.models import Notification
    from tests.casefiles.conftest import make_submission

    case = case_intake(submission=make_submission(user=citizen))
    person = Person.objects.get(user=citizen)
    if case.applicant_id != person.pk:
        case.applicant = person
        case.save(update_fields=["applicant"])
    with time_machine.travel(at(2026, 12, 4, 10), tick=False):
        appointment = services.meldetermin_invite(
            person=person, actor=caseworker, staff=caseworker, topic=offer["topic"],
            start=at(2026, 12, 10, 9), duration_minutes=30, channel=Channel.ON_SITE,
            location=offer["location"], meldezweck="vermittlung",
            message="Bitte bringen Sie Ihren Lebenslauf mit.")
        assert appointment.kind == "meldetermin" and appointment.status == "bestaetigt"
        again = services.meldetermin_invite(  # a double click invites once
            person=person, actor=caseworker, staff=caseworker, topic=offer["topic"],
            start=at(2026, 12, 10, 9), duration_minutes=30, channel=Channel.ON_SITE,
            location=offer["location"], meldezweck="vermittlung")
        assert again.pk == appointment.pk
        assert appointment.case == case
        from django.core.files.uploadedfile import SimpleUploadedFile

        photo = SimpleUploadedFile("au.png", png_bytes(), content_type="image/png")
        services.meldetermin_answer(appointment=appointment, citizen=citizen,
                                    reason="arbeitsunfaehig", text="Grippe", upload=photo)
        appointment.refresh_from_db()
        assert appointment.absence_document.title.startswith(
            "Nachweis zur Absage des Meldetermins am 10.12.2026")
        assert appointment.status == "verhindert" and appointment.answered_at
        services.meldetermin_decide(appointment=appointment, actor=caseworker, accept=True,
                                    message="AU liegt vor.")
    appointment.refresh_from_db()
    assert appointment.status == "abgesagt" and appointment.cancel_reason == "AU liegt vor."
    assert [n.template for n in Notification.objects.order_by("pk")] == [
        "meldetermin_invitation", "meldetermin_decision"]
    texts = list(case.timeline.filter(kind="appointment").values_list("text", flat=True))
    assert texts[0].startswith("Einladung zum Meldetermin (§ 59 SGB II, § 309 SGB III)")
    assert Document.objects.filter(case=case).exists()


def test_meldetermin_needs_an_account(offer, caseworker, jobcenter):
    person = PersonFactory(jobcenter=jobcenter, user=None)
    with pytest.raises(services.TermineError, match="kein Konto"):
        services.meldetermin_invite(
            person=person, actor=caseworker, staff=caseworker, topic=offer["topic"],
            start=at(2027, 1, 5, 9), duration_minutes=30, channel=Channel.PHONE, location=None,
            meldezweck="vermittlung")
