"""Reactions of the concerns to events (connected in ``config/wiring.SUBSCRIPTIONS``)."""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import timezone
from django.utils.translation import gettext as _

from jobcenter.casefiles.models import Case
from jobcenter.termine import services as termine
from jobcenter.termine.models import AbsenceReason, Appointment

logger = logging.getLogger(__name__)


def _day(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None


def on_submission_received(submission_id: int) -> None:
    """A reported Arbeitsunfähigkeit of the citizen themself is the answer "Ich kann nicht
    kommen" (reason: arbeitsunfähig) to each Meldetermin in its period that is still ahead
    and unanswered (``termine.services.meldetermin_answer``); staff decide on it there, as
    on every such answer (§ 32 SGB II: a wichtiger Grund). Runs after the eAkte filed the
    case (step 4 of the intake) and in its transaction."""
    case = (Case.objects.filter(submission_id=submission_id,
                                case_type__key="arbeitsunfaehigkeit")
            .select_related("applicant_user").first())
    if case is None or case.applicant_user is None:
        return
    answers = case.data or {}
    if (answers.get("krank_person") or "").strip():
        return  # another person of the household is ill: their appointments are theirs
    start, end = _day(answers.get("krank_seit")), _day(answers.get("krank_bis"))
    if start is None or end is None or end < start:
        return
    tz = timezone.get_current_timezone()
    first = max(timezone.now(), dt.datetime.combine(start, dt.time.min, tzinfo=tz))
    last = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    appointments = Appointment.objects.filter(
        citizen=case.applicant_user, kind=Appointment.Kind.MELDETERMIN,
        status__in=(Appointment.Status.BOOKED, Appointment.Status.CONFIRMED),
        start__gte=first, start__lt=last)
    for appointment in appointments:
        try:
            termine.meldetermin_answer(
                appointment=appointment, citizen=case.applicant_user,
                reason=AbsenceReason.ARBEITSUNFAEHIG,
                text=_("Arbeitsunfähigkeit vom %(from)s bis %(to)s gemeldet, Bescheinigung in "
                       "der eAkte (Aktenzeichen %(reference)s).")
                % {"from": start.strftime("%d.%m.%Y"), "to": end.strftime("%d.%m.%Y"),
                   "reference": case.reference},
                upload=None)
        except termine.TermineError as exc:  # e.g. cancelled meanwhile: nothing to answer
            logger.info("Meldetermin %s not answered from sick note: %s", appointment.pk, exc)
