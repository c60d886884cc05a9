"""Reactions of the concerns to events (connected in ``config/wiring.SUBSCRIPTIONS``)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jobcenter.anliegen import registry
from jobcenter.anliegen.letters import letter_of
from jobcenter.casefiles.models import Case
from jobcenter.decisions.models import Decision
from jobcenter.termine import services as termine
from jobcenter.termine.models import AbsenceReason, Appointment
from jobcenter.zahlungen.services import one_off_from_bescheid, standing_order_from_bescheid

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


def on_kind_erlassen(*, decision_id: int, **_kwargs: Any) -> bool:
    """A concern's Bescheid is issued: the amount it grants (an outcome with ``amount`` of
    type ``anliegen_bescheid``) becomes one released payment order in ``zahlungen``, paid
    once by the next daily run (a monthly amount, ``Outcome.pays_monthly``: a standing
    order paid by the runs in each month the letter names) — to the third party the
    letter names (name and IBAN in the letter data) or to the person's account. Refusals
    and Schreiben pay nothing; the order exists once per Bescheid (the event delivered
    twice orders nothing twice)."""
    decision = (Decision.objects.select_related("case", "case__applicant", "decision_type")
                .get(pk=decision_id))
    if decision.decision_type.key != registry.BESCHEID:
        return False
    data = dict((decision.snapshot or {}).get("letter") or {})
    concern = registry.get(str(data.get("anliegen") or ""))
    outcome = concern.outcome(str(data.get("outcome") or "")) if concern else None
    if concern is None or outcome is None or not (outcome.pays or outcome.pays_monthly):
        return False
    amount = letter_of(data).amount
    person = decision.case.applicant
    if amount is None or amount <= 0 or person is None:
        logger.warning("Bescheid %s grants no payable amount or has no person", decision.pk)
        return False
    payee = dict(data.get("payee") or {})
    with translation.override("de"):  # the transfer's text is German (the bank's)
        purpose = str(concern.title)
    if concern.payment_reference_answer:
        answers = dict(data.get("answers") or {})
        reference = " ".join(str(answers.get(concern.payment_reference_answer) or "").split())
        purpose = f"{reference[:35]} {purpose}" if reference else purpose
    if outcome.pays_monthly:  # § 26, § 27: paid by the runs in each month the letter names
        months = letter_of(data).months
        if months is None:
            logger.warning("Bescheid %s: a monthly amount without its months; not paid",
                           decision.pk)
            return False
        standing = standing_order_from_bescheid(
            decision=decision, person=person, amount=amount, purpose=purpose,
            first_month=months[0], last_month=months[1],
            payee_name=str(payee.get("name") or ""), payee_iban=str(payee.get("iban") or ""))
        if standing is None:
            logger.warning("Bescheid %s: the person is in no Bedarfsgemeinschaft; not paid",
                           decision.pk)
        return standing is not None
    advance_month = None
    if outcome.advance:  # a Vorschuss: counted against the month its letter names
        advance_month = _day(letter_of(data).extra.get("month"))
        if advance_month is None:
            logger.warning("Bescheid %s: a Vorschuss without its month; not paid", decision.pk)
            return False
    order = one_off_from_bescheid(
        decision=decision, person=person, amount=amount, purpose=purpose,
        payee_name=str(payee.get("name") or ""), payee_iban=str(payee.get("iban") or ""),
        advance_month=advance_month)
    if order is None:
        logger.warning("Bescheid %s: the person is in no Bedarfsgemeinschaft; not paid",
                       decision.pk)
    return order is not None
