"""Meldetermine (§ 32 SGB II): the invitation with its Rechtsfolgenbelehrung, the
citizen's answer "Ich kann nicht kommen" and the decision on it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jobcenter.casefiles.models import Case
from jobcenter.casefiles.services import case_add_document, upload_read
from jobcenter.households.models import Person
from jobcenter.termine.legal import rechtsfolgenbelehrung
from jobcenter.termine.models import (
    AbsenceReason,
    Appointment,
    Channel,
    Location,
    Meldezweck,
    Outcome,
    Topic,
)
from jobcenter.termine.slots import BERLIN, on_grid

if TYPE_CHECKING:
    from jobcenter.accounts.models import User
from jobcenter.termine.services.common import (
    SlotTaken,
    TermineError,
    _claim,
    _jobcenter_id,
    _locked,
    _notify,
    _release,
    _staff_check,
    _timeline,
    case_of,
    when_text,
)


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
    with translation.override("de"):  # the wording given with the invitation, kept as proof
        appointment.belehrung_text = "\n\n".join(rechtsfolgenbelehrung(appointment))
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
    Arbeitsunfähigkeitsbescheinigung) through the upload pipeline into the eAkte. After a
    Meldetermin recorded as "nicht erschienen" the same form gives the reason afterwards:
    the appointment's state stays, staff check the reason and correct the outcome."""
    appointment = _locked(appointment)
    if appointment.citizen_id != citizen.pk or appointment.kind != Appointment.Kind.MELDETERMIN:
        raise TermineError(_("Diese Einladung gehört nicht zu Ihrem Konto."))
    if not appointment.is_active:
        raise TermineError(_("Dieser Termin ist abgesagt; Sie müssen nichts mehr tun."))
    afterwards = appointment.outcome == Outcome.NO_SHOW
    if timezone.now() >= appointment.end and not afterwards:
        raise TermineError(_("Der Termin ist vorbei. Bitte rufen Sie Ihr Jobcenter an und "
                             "nennen Sie den Grund."))
    if reason not in AbsenceReason.values:
        raise TermineError(_("Bitte wählen Sie einen Grund."))
    if (afterwards and appointment.answered_at is not None and appointment.outcome_at
            and appointment.answered_at > appointment.outcome_at
            and appointment.absence_reason == reason and appointment.absence_text == text[:1000]
            and upload is None):
        return appointment  # a double submit of the same reason
    appointment.absence_reason = reason
    appointment.absence_text = text[:1000]
    appointment.answered_at = timezone.now()
    if not afterwards:
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
    if afterwards:
        _timeline(appointment, actor=citizen,
                  text=lambda: _("Grund für das Nichterscheinen zum Meldetermin am %(when)s "
                                 "nachgereicht: %(reason)s")
                  % {"when": when_text(appointment.start),
                     "reason": AbsenceReason(reason).label},
                  citizen_text=lambda: _("Sie haben uns den Grund genannt, warum Sie nicht "
                                         "kommen konnten."))
        return appointment
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
    if appointment.outcome:
        raise TermineError(_("Das Ergebnis des Termins ist schon erfasst. Bitte korrigieren "
                             "Sie es dort, wenn der Grund anerkannt wird."))
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
