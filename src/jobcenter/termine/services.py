"""Writes of the appointments: booking, rebooking and cancelling by the citizen, confirming,
moving and cancelling by staff, Meldetermine and their answers, callback requests, and the
availability staff publish. Keyword-only and atomic; every change the citizen should know
about is notified (``notifications.notify``, no personal data in the mail) and written to
the eAkte timeline of the appointment's case."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jobcenter.casefiles.models import Case, TimelineEntry
from jobcenter.casefiles.services import case_add_document, timeline_add, upload_read
from jobcenter.households.models import Person
from jobcenter.notifications.services import notify
from jobcenter.termine.models import (
    AbsenceReason,
    Appointment,
    AvailabilityException,
    AvailabilityRule,
    CallbackRequest,
    Channel,
    Location,
    Meldezweck,
    TimeClaim,
    Topic,
)
from jobcenter.termine.slots import BERLIN, free_slots, offered_slots, on_grid, parse_key, units

if TYPE_CHECKING:
    from jobcenter.accounts.models import User


class TermineError(Exception):
    """A change that cannot be made; the message is for the person who tried."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SlotTaken(TermineError):
    pass


def cutoff(appointment: Appointment) -> dt.datetime:
    """Until when the citizen may cancel or rebook online."""
    return appointment.start - dt.timedelta(hours=settings.TERMINE_CANCEL_CUTOFF_HOURS)


def citizen_may_change(appointment: Appointment, *, now: dt.datetime | None = None) -> bool:
    return (appointment.kind == Appointment.Kind.BOOKING and appointment.is_active
            and (now or timezone.now()) < cutoff(appointment))


def when_text(start: dt.datetime) -> str:
    """"Montag, 7. Dezember 2026, 9:00 Uhr" — in German, as stored texts are German."""
    with translation.override("de"):
        local = timezone.localtime(start, BERLIN)
        return _("%(day)s, %(time)s Uhr") % {
            "day": date_format(local, "l, j. F Y"), "time": local.strftime("%H:%M")}


# --- helpers --------------------------------------------------------------------------


def _jobcenter_id(user: User) -> int:
    """The Jobcenter of an account that acts here (citizen or staff)."""
    if user.jobcenter_id is None:
        raise TermineError(_("Ihrem Konto ist kein Jobcenter zugeordnet."))
    return user.jobcenter_id


def _person(user: User) -> Person | None:
    return Person.objects.filter(user=user).first()


def _latest_case(user: User) -> Case | None:
    return Case.objects.filter(applicant_user=user).order_by("-received_at", "-pk").first()


def case_of(appointment: Appointment) -> Case | None:
    """The case an appointment belongs to in the eAkte: the one recorded with it, else the
    person's (or account's) latest case of that Jobcenter — a case filed after the
    invitation still receives the answer and its proof."""
    if appointment.case_id:
        return appointment.case
    cases = Case.objects.filter(jobcenter_id=appointment.jobcenter_id)
    if appointment.person_id:
        cases = cases.filter(applicant_id=appointment.person_id)
    else:
        cases = cases.filter(applicant_user_id=appointment.citizen_id)
    return cases.order_by("-received_at", "-pk").first()


def _claim(appointment: Appointment) -> None:
    """Hold the staff person's time; SlotTaken if any unit is already held."""
    claims = [TimeClaim(appointment=appointment, staff_id=appointment.staff_id, at=at)
              for at in units(appointment.start, appointment.end)]
    try:
        with transaction.atomic():
            TimeClaim.objects.bulk_create(claims)
    except IntegrityError as exc:
        raise SlotTaken(_("Dieser Termin ist leider gerade vergeben worden. Bitte wählen "
                          "Sie einen anderen.")) from exc


def _release(appointment: Appointment) -> None:
    TimeClaim.objects.filter(appointment=appointment).delete()


def _timeline(appointment: Appointment, *, text: Callable[[], str],
              citizen_text: Callable[[], str], actor: User | None) -> None:
    """An entry in the eAkte timeline of the appointment's case; the texts are built in
    German (the eAkte stores its texts in German, shown with ``|translated``)."""
    if appointment.case_id:
        assert appointment.case is not None
        with translation.override("de"):
            timeline_add(case=appointment.case, kind=TimelineEntry.Kind.APPOINTMENT,
                         text=text(), actor=actor, citizen_text=citizen_text())


def _notify(appointment: Appointment, template: str, event: str) -> None:
    if not appointment.citizen.email:
        return
    notify(user=appointment.citizen, template=template,
           dedup_key=f"termin:{appointment.pk}:{event}:{appointment.sequence}",
           link_path=reverse("portal:appointment", kwargs={"pk": appointment.pk}))


def _place(slot_location_id: int | None, channel: str) -> str:
    if channel == Channel.ON_SITE and slot_location_id:
        location = Location.objects.filter(pk=slot_location_id).first()
        return location.name if location else ""
    return str(Channel(channel).label)


# --- the citizen ------------------------------------------------------------------------


def _check_topic(topic: Topic, citizen: User, channel: str) -> None:
    if (topic.jobcenter_id != citizen.jobcenter_id or not topic.is_active
            or not topic.bookable or channel not in topic.channels()):
        raise TermineError(_("Dieses Thema oder diese Art des Gesprächs bietet Ihr Jobcenter "
                             "online nicht an."))


def _pick_slot(*, topic: Topic, channel: str, slot_key: str,
               ignore_appointment_id: int | None = None) -> list:
    parsed = parse_key(slot_key)
    if parsed is None:
        raise TermineError(_("Bitte wählen Sie einen der angebotenen Termine."))
    start, location_id = parsed
    stamp = int(start.timestamp())  # compare instants, not wall times (DST)
    offered = [s for s in offered_slots(topic=topic, channel=channel)
               if int(s.start.timestamp()) == stamp and s.location_id == location_id]
    if ignore_appointment_id:  # rebooking: the own time counts as free
        day = timezone.localdate(start)
        offered = [s for s in free_slots(topic=topic, channel=channel, first_day=day,
                                         last_day=day, ignore_appointment_id=ignore_appointment_id,
                                         not_before=timezone.now() + dt.timedelta(
                                             hours=settings.TERMINE_BOOKING_LEAD_HOURS))
                   if int(s.start.timestamp()) == stamp and s.location_id == location_id]
    if not offered:
        raise SlotTaken(_("Dieser Termin ist nicht mehr frei. Bitte wählen Sie einen anderen."))
    return offered


@transaction.atomic
def appointment_book(*, citizen: User, topic: Topic, channel: str, slot_key: str) -> Appointment:
    """Book an offered slot. A second click on the same slot returns the first booking."""
    _check_topic(topic, citizen, channel)
    parsed = parse_key(slot_key)
    if parsed is not None:
        same = Appointment.objects.filter(
            citizen=citizen, topic=topic, channel=channel, start=parsed[0],
            status__in=Appointment.ACTIVE).first()
        if same is not None:
            return same
    open_count = Appointment.objects.filter(
        citizen=citizen, kind=Appointment.Kind.BOOKING, status__in=Appointment.ACTIVE,
        start__gte=timezone.now()).count()
    if open_count >= settings.TERMINE_MAX_OPEN_BOOKINGS:
        raise TermineError(_("Sie haben schon %(count)s Termine gebucht. Bitte sagen Sie "
                             "einen ab, bevor Sie einen weiteren buchen.")
                           % {"count": open_count})
    candidates = _pick_slot(topic=topic, channel=channel, slot_key=slot_key)
    person = _person(citizen)
    case = _latest_case(citizen)
    for slot in candidates:
        appointment = Appointment(
            jobcenter_id=_jobcenter_id(citizen), kind=Appointment.Kind.BOOKING, citizen=citizen,
            person=person, case=case, staff_id=slot.staff_id, team_id=slot.team_id,
            topic=topic, channel=channel, location_id=slot.location_id, start=slot.start,
            end=slot.end, created_by=citizen,
        )
        try:
            with transaction.atomic():
                appointment.save()
                _claim(appointment)
        except (SlotTaken, IntegrityError):
            continue
        when, place_id = when_text(appointment.start), slot.location_id
        _timeline(appointment, actor=citizen,
                  text=lambda: _("Termin gebucht: %(topic)s, %(when)s, %(place)s")
                  % {"topic": topic.title, "when": when,  # noqa: B023 (called at once)
                     "place": _place(place_id, channel)},  # noqa: B023
                  citizen_text=lambda: _("Sie haben einen Termin gebucht: %(when)s")
                  % {"when": when})  # noqa: B023 (called at once)
        _notify(appointment, "appointment_booked", "gebucht")
        return appointment
    raise SlotTaken(_("Dieser Termin ist leider gerade vergeben worden. Bitte wählen Sie "
                      "einen anderen."))


def _locked(appointment: Appointment) -> Appointment:
    return Appointment.objects.select_for_update(of=("self",)).select_related(
        "citizen", "case", "topic", "jobcenter").get(pk=appointment.pk)


@transaction.atomic
def appointment_cancel_by_citizen(*, appointment: Appointment, citizen: User) -> Appointment:
    appointment = _locked(appointment)
    if appointment.citizen_id != citizen.pk:
        raise TermineError(_("Dieser Termin gehört nicht zu Ihrem Konto."))
    if appointment.status == Appointment.Status.CANCELLED:
        return appointment  # a second click
    if not citizen_may_change(appointment):
        raise TermineError(_("Diesen Termin können Sie online nicht mehr absagen. Bitte rufen "
                             "Sie Ihr Jobcenter an."))
    _release(appointment)
    appointment.status = Appointment.Status.CANCELLED
    appointment.cancelled_by = citizen
    appointment.cancelled_at = timezone.now()
    appointment.sequence += 1
    appointment.save()
    when = when_text(appointment.start)
    _timeline(appointment, actor=citizen,
              text=lambda: _("Termin von der Kundin oder dem Kunden abgesagt: %(when)s")
              % {"when": when},
              citizen_text=lambda: _("Sie haben Ihren Termin abgesagt: %(when)s") % {"when": when})
    _notify(appointment, "appointment_cancelled", "abgesagt")
    return appointment


@transaction.atomic
def appointment_rebook(*, appointment: Appointment, citizen: User,
                       slot_key: str) -> Appointment:
    """Move the own booking to another offered slot (until the cutoff)."""
    appointment = _locked(appointment)
    if appointment.citizen_id != citizen.pk:
        raise TermineError(_("Dieser Termin gehört nicht zu Ihrem Konto."))
    if not citizen_may_change(appointment):
        raise TermineError(_("Diesen Termin können Sie online nicht mehr verschieben. Bitte "
                             "rufen Sie Ihr Jobcenter an."))
    candidates = _pick_slot(topic=appointment.topic, channel=appointment.channel,
                            slot_key=slot_key, ignore_appointment_id=appointment.pk)
    before = when_text(appointment.start)
    for slot in candidates:
        try:
            with transaction.atomic():
                _release(appointment)
                appointment.staff_id = slot.staff_id
                appointment.team_id = slot.team_id
                appointment.location_id = slot.location_id
                appointment.start, appointment.end = slot.start, slot.end
                appointment.status = Appointment.Status.BOOKED
                appointment.confirmed_at = None
                appointment.sequence += 1
                appointment.save()
                _claim(appointment)
        except (SlotTaken, IntegrityError):
            appointment = _locked(appointment)
            continue
        after = when_text(appointment.start)
        _timeline(appointment, actor=citizen,
                  text=lambda: _("Termin umgebucht von %(before)s auf %(after)s")
                  % {"before": before, "after": after},  # noqa: B023 (called at once)
                  citizen_text=lambda: _("Sie haben Ihren Termin verschoben auf %(when)s")
                  % {"when": after})  # noqa: B023 (called at once)
        _notify(appointment, "appointment_moved", "umgebucht")
        return appointment
    raise SlotTaken(_("Dieser Termin ist leider gerade vergeben worden. Bitte wählen Sie "
                      "einen anderen."))


# --- staff --------------------------------------------------------------------------------


def _staff_check(appointment: Appointment, actor: User) -> None:
    if appointment.jobcenter_id != actor.jobcenter_id:
        raise TermineError(_("Dieser Termin gehört nicht zu Ihrem Jobcenter."))


@transaction.atomic
def appointment_confirm(*, appointment: Appointment, actor: User) -> Appointment:
    appointment = _locked(appointment)
    _staff_check(appointment, actor)
    if appointment.status == Appointment.Status.CONFIRMED:
        return appointment
    if appointment.status != Appointment.Status.BOOKED:
        raise TermineError(_("Nur ein gebuchter Termin kann bestätigt werden."))
    appointment.status = Appointment.Status.CONFIRMED
    appointment.confirmed_at = timezone.now()
    appointment.save()
    when = when_text(appointment.start)
    _timeline(appointment, actor=actor,
              text=lambda: _("Termin bestätigt: %(when)s") % {"when": when},
              citizen_text=lambda: _("Ihr Jobcenter hat Ihren Termin bestätigt: %(when)s")
              % {"when": when})
    _notify(appointment, "appointment_confirmed", "bestaetigt")
    return appointment


@transaction.atomic
def appointment_move(*, appointment: Appointment, actor: User, start: dt.datetime,
                     staff: User, location: Location | None, reason: str) -> Appointment:
    """Staff move an appointment to another time (and person); the reason is shown to the
    citizen. The new time must be free for that person (no double booking)."""
    appointment = _locked(appointment)
    _staff_check(appointment, actor)
    if not appointment.is_active:
        raise TermineError(_("Ein abgesagter Termin kann nicht verschoben werden."))
    if staff.jobcenter_id != actor.jobcenter_id:
        raise TermineError(_("Bitte wählen Sie eine Person Ihres Jobcenters."))
    if not on_grid(start):
        raise TermineError(_("Bitte wählen Sie eine Uhrzeit im Viertelstundentakt, zum "
                             "Beispiel 9:00, 9:15 oder 9:30 Uhr."))
    if start <= timezone.now():
        raise TermineError(_("Bitte wählen Sie einen Zeitpunkt in der Zukunft."))
    if appointment.channel == Channel.ON_SITE and location is None:
        raise TermineError(_("Bitte wählen Sie einen Standort für den Termin vor Ort."))
    before = when_text(appointment.start)
    length = appointment.end - appointment.start
    _release(appointment)
    appointment.start = start
    appointment.end = (start.astimezone(dt.UTC) + length).astimezone(BERLIN)
    appointment.staff = staff
    appointment.team_id = staff.team_id
    appointment.location = location if appointment.channel == Channel.ON_SITE else None
    appointment.staff_message = reason[:300]
    appointment.sequence += 1
    if appointment.kind == Appointment.Kind.BOOKING:
        appointment.status = Appointment.Status.CONFIRMED
        appointment.confirmed_at = timezone.now()
    try:
        with transaction.atomic():
            appointment.save()
            _claim(appointment)
    except IntegrityError as exc:
        raise SlotTaken(_("Zu dieser Zeit hat die gewählte Person schon einen Termin. Bitte "
                          "wählen Sie eine andere Zeit.")) from exc
    after = when_text(appointment.start)
    _timeline(appointment, actor=actor,
              text=lambda: _("Termin verschoben von %(before)s auf %(after)s. "
                             "Begründung: %(reason)s")
              % {"before": before, "after": after, "reason": reason},
              citizen_text=lambda: _("Ihr Jobcenter hat Ihren Termin verschoben auf %(when)s")
              % {"when": after})
    _notify(appointment, "appointment_moved", "verschoben")
    return appointment


@transaction.atomic
def appointment_cancel_by_staff(*, appointment: Appointment, actor: User,
                                reason: str) -> Appointment:
    appointment = _locked(appointment)
    _staff_check(appointment, actor)
    if appointment.status == Appointment.Status.CANCELLED:
        return appointment
    _release(appointment)
    appointment.status = Appointment.Status.CANCELLED
    appointment.cancel_reason = reason[:300]
    appointment.cancelled_by = actor
    appointment.cancelled_at = timezone.now()
    appointment.sequence += 1
    appointment.save()
    when = when_text(appointment.start)
    _timeline(appointment, actor=actor,
              text=lambda: _("Termin abgesagt: %(when)s. Begründung: %(reason)s")
              % {"when": when, "reason": reason},
              citizen_text=lambda: _("Ihr Jobcenter hat Ihren Termin abgesagt: %(when)s")
              % {"when": when})
    _notify(appointment, "appointment_cancelled", "abgesagt")
    return appointment


# --- Meldetermin (§ 59 SGB II with § 309 SGB III) ------------------------------------------


@transaction.atomic
def meldetermin_invite(*, person: Person, actor: User, staff: User, topic: Topic,
                       start: dt.datetime, duration_minutes: int, channel: str,
                       location: Location | None, meldezweck: str,
                       message: str = "") -> Appointment:
    """Invite ``person`` to a Meldetermin (a Meldeaufforderung, § 59 SGB II with § 309
    SGB III; the Rechtsfolgenbelehrung is shown on the invitation's page, ``legal.py``).
    The appointment belongs to the person's latest case (its eAkte timeline and
    documents)."""
    if staff.jobcenter_id != actor.jobcenter_id or topic.jobcenter_id != actor.jobcenter_id:
        raise TermineError(_("Bitte wählen Sie eine Person und ein Thema Ihres Jobcenters."))
    citizen = person.user
    if citizen is None or not citizen.is_active:
        raise TermineError(_("Diese Person hat kein Konto bei Jobcenter Online. Bitte laden "
                             "Sie schriftlich per Post ein."))
    if meldezweck not in Meldezweck.values:
        raise TermineError(_("Bitte wählen Sie den Zweck der Meldung."))
    case = (Case.objects.filter(jobcenter_id=actor.jobcenter_id, applicant=person)
            .order_by("-received_at", "-pk").first())
    if not on_grid(start) or duration_minutes % 15 or not 15 <= duration_minutes <= 180:
        raise TermineError(_("Bitte wählen Sie eine Uhrzeit und eine Dauer im "
                             "Viertelstundentakt."))
    if start <= timezone.now():
        raise TermineError(_("Bitte wählen Sie einen Zeitpunkt in der Zukunft."))
    if channel == Channel.ON_SITE and location is None:
        raise TermineError(_("Bitte wählen Sie einen Standort für den Termin vor Ort."))
    same = Appointment.objects.filter(
        kind=Appointment.Kind.MELDETERMIN, person=person, staff=staff, start=start,
        status__in=Appointment.ACTIVE).first()
    if same is not None:  # a second click sends one invitation
        return same
    appointment = Appointment(
        jobcenter_id=_jobcenter_id(actor), kind=Appointment.Kind.MELDETERMIN,
        status=Appointment.Status.CONFIRMED, citizen=citizen, person=person,
        case=case, staff=staff, team_id=staff.team_id, topic=topic, channel=channel,
        location=location if channel == Channel.ON_SITE else None, start=start,
        end=(start.astimezone(dt.UTC) + dt.timedelta(minutes=duration_minutes)).astimezone(
            BERLIN),
        meldezweck=meldezweck, staff_message=message[:300], created_by=actor,
        confirmed_at=timezone.now(),
    )
    try:
        with transaction.atomic():
            appointment.save()
            _claim(appointment)
    except IntegrityError as exc:
        raise SlotTaken(_("Zu dieser Zeit hat die gewählte Person schon einen Termin. Bitte "
                          "wählen Sie eine andere Zeit.")) from exc
    when = when_text(start)
    _timeline(appointment, actor=actor,
              text=lambda: _("Einladung zum Meldetermin (§ 59 SGB II, § 309 SGB III): %(when)s")
              % {"when": when},
              citizen_text=lambda: _("Einladung zu einem Meldetermin: %(when)s") % {"when": when})
    _notify(appointment, "meldetermin_invitation", "einladung")
    return appointment


@transaction.atomic
def meldetermin_answer(*, appointment: Appointment, citizen: User, reason: str, text: str,
                       upload: object | None) -> Appointment:
    """"Ich kann nicht kommen": the citizen gives a wichtiger Grund, with a proof (e.g. an
    Arbeitsunfähigkeitsbescheinigung) through the upload pipeline into the eAkte."""
    appointment = _locked(appointment)
    if appointment.citizen_id != citizen.pk or appointment.kind != Appointment.Kind.MELDETERMIN:
        raise TermineError(_("Diese Einladung gehört nicht zu Ihrem Konto."))
    if not appointment.is_active:
        raise TermineError(_("Dieser Termin ist abgesagt; Sie müssen nichts mehr tun."))
    if timezone.now() >= appointment.end:
        raise TermineError(_("Der Termin ist vorbei. Bitte rufen Sie Ihr Jobcenter an und "
                             "nennen Sie den Grund."))
    if reason not in AbsenceReason.values:
        raise TermineError(_("Bitte wählen Sie einen Grund."))
    appointment.absence_reason = reason
    appointment.absence_text = text[:1000]
    appointment.answered_at = timezone.now()
    appointment.status = Appointment.Status.CANT_COME
    case = case_of(appointment)
    if case is not None and not appointment.case_id:
        appointment.case = case
    if upload is not None and case is not None:
        content, content_type = upload_read(upload, user=citizen)
        version = case_add_document(
            case=case, title=_("Nachweis zur Absage des Meldetermins am %(day)s")
            % {"day": timezone.localtime(appointment.start).strftime("%d.%m.%Y")},
            document_type_key="mitwirkung_nachweis", content=content,
            content_type=content_type, actor=citizen,
            citizen_text=_("Ihr Nachweis zur Absage des Meldetermins ist angekommen."),
        )
        appointment.absence_document = version.document
    appointment.save()
    _timeline(appointment, actor=citizen,
              text=lambda: _("Absage zum Meldetermin am %(when)s: %(reason)s")
              % {"when": when_text(appointment.start),
                 "reason": AbsenceReason(reason).label},
              citizen_text=lambda: _("Sie haben mitgeteilt, dass Sie nicht kommen können."))
    return appointment


@transaction.atomic
def meldetermin_decide(*, appointment: Appointment, actor: User, accept: bool,
                       message: str) -> Appointment:
    """Staff decide on the citizen's reason: accepted → the appointment is cancelled (a
    new invitation follows separately); not accepted → it stays, the citizen is told why."""
    appointment = _locked(appointment)
    _staff_check(appointment, actor)
    if appointment.status != Appointment.Status.CANT_COME:
        raise TermineError(_("Zu diesem Termin liegt keine Absage vor."))
    if accept:
        _release(appointment)
        appointment.status = Appointment.Status.CANCELLED
        appointment.cancel_reason = message[:300]
        appointment.cancelled_by = actor
        appointment.cancelled_at = timezone.now()
        text_msg = gettext_noop("Grund anerkannt, Meldetermin aufgehoben: %(message)s")
        citizen_msg = gettext_noop("Ihr Jobcenter hat Ihren Grund anerkannt. Der "
                                   "Meldetermin findet nicht statt.")
    else:
        appointment.status = Appointment.Status.CONFIRMED
        appointment.staff_message = message[:300]
        text_msg = gettext_noop("Grund nicht anerkannt, Meldetermin bleibt: %(message)s")
        citizen_msg = gettext_noop("Ihr Jobcenter hat Ihren Grund nicht anerkannt. Der Meldetermin "
                         "bleibt bestehen.")
    appointment.sequence += 1
    appointment.save()
    _timeline(appointment, actor=actor, text=lambda: _(text_msg) % {"message": message},
              citizen_text=lambda: _(citizen_msg))
    _notify(appointment, "meldetermin_decision", "entscheidung")
    return appointment


# --- callback --------------------------------------------------------------------------


def callback_request(*, citizen: User, topic: Topic, phone: str, window: str) -> CallbackRequest:
    """Ask for a call back; a second request for the same topic while one is open returns
    the open one."""
    if topic.jobcenter_id != citizen.jobcenter_id or not topic.is_active or not topic.bookable:
        raise TermineError(_("Zu diesem Thema bietet Ihr Jobcenter online keinen Rückruf an."))
    existing = CallbackRequest.objects.filter(citizen=citizen, topic=topic,
                                              status=CallbackRequest.Status.OPEN).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return CallbackRequest.objects.create(
                jobcenter_id=_jobcenter_id(citizen), citizen=citizen, person=_person(citizen),
                topic=topic, phone=phone.strip()[:40], window=window)
    except IntegrityError:
        return CallbackRequest.objects.get(citizen=citizen, topic=topic,
                                           status=CallbackRequest.Status.OPEN)


@transaction.atomic
def callback_withdraw(*, callback: CallbackRequest, citizen: User) -> CallbackRequest:
    if callback.citizen_id != citizen.pk:
        raise TermineError(_("Diese Rückrufbitte gehört nicht zu Ihrem Konto."))
    if callback.status == CallbackRequest.Status.OPEN:
        callback.status = CallbackRequest.Status.WITHDRAWN
        callback.save(update_fields=["status"])
    return callback


@transaction.atomic
def callback_done(*, callback: CallbackRequest, actor: User) -> CallbackRequest:
    if callback.jobcenter_id != actor.jobcenter_id:
        raise TermineError(_("Diese Rückrufbitte gehört nicht zu Ihrem Jobcenter."))
    if callback.status == CallbackRequest.Status.OPEN:
        callback.status = CallbackRequest.Status.DONE
        callback.done_at = timezone.now()
        callback.done_by = actor
        callback.save(update_fields=["status", "done_at", "done_by"])
    return callback


# --- availability -------------------------------------------------------------------------


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
