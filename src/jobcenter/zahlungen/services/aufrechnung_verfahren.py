"""The procedure of an Aufrechnung (§ 43 SGB II) up to the written Aufrechnungserklärung.

Only for Erstattungsforderungen: a loan (§ 42a SGB II, ``Claim.Basis.FIVE``) is repaid by the
Aufrechnung its own Bescheid declares (5 % of the Regelbedarf, § 42a Abs. 2 Satz 1 and 2,
``claims.claim_create_loan``) and, once benefits end, by an agreement on the rest (Abs. 4);
``aufrechnung_prepare`` refuses it.

1. ``aufrechnung_prepare``: staff choose the start month, the duration (at most up to the
   end the law allows: three years after the month that follows the Bestandskraft of the
   Erstattungsbescheid, § 43 Abs. 4 Satz 2) and write the Ermessenserwägungen; the
   percentage follows the claim's legal ground (10 % or 30 %, § 43 Abs. 2 Satz 1), the
   monthly amount the person's maßgebender Regelbedarf in the ruling Bescheid, within the
   30 % cap together with the person's Aufrechnungen already running (Abs. 2 Satz 2).
2. ``aufrechnung_hearing``: the Anhörung (§ 24 SGB X) as a letter with a deadline of at
   least two weeks after its presumed delivery.
3. ``aufrechnung_record_answer``: the person's answer (by letter, phone, in person or in
   the Postfach), with the caseworker's assessment for the Begründung.
4. ``aufrechnung_decide``: after the answer or the deadline; four eyes where the
   Jobcenter's rules for Bescheide require them (``decisions.policy``: monthly and yearly
   thresholds), then ``aufrechnung_approve`` by another person.
5. Issued: the Aufrechnungserklärung (a Verwaltungsakt with Rechtsbehelfsbelehrung) is
   made, and only now the claim's ``offset_from``/``offset_until`` are set — the payment run
   offsets from then on.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jobcenter.core.access import CHANGE, Data, may
from jobcenter.decisions import deadlines, policy
from jobcenter.decisions.models import Decision
from jobcenter.zahlungen import letters
from jobcenter.zahlungen.models import Aufrechnung, Claim, Letter, PaymentRun
from jobcenter.zahlungen.services import aufrechnung as rules
from jobcenter.zahlungen.services import due
from jobcenter.zahlungen.services.claims import ClaimError, bestandskraft
from jobcenter.zahlungen.services.runs import claim_balances
from jobcenter.zahlungen.services.schreiben import letter_create

A = Aufrechnung
ZERO = Decimal("0.00")
#: The shortest time for the answer after the presumed delivery of the Anhörung.
HEARING_DAYS = 14
#: The longest Aufrechnung (§ 43 Abs. 4 Satz 2 SGB II: three years).
MAX_MONTHS = 36


def _locked(a: Aufrechnung) -> Aufrechnung:
    return (Aufrechnung.objects.select_for_update(of=("self",))
            .select_related("claim", "claim__person", "claim__bescheid",
                            "claim__bescheid__case", "claim__bescheid__case__jobcenter",
                            "jobcenter")
            .get(pk=a.pk))


def earliest_start(jobcenter_id: int, today: dt.date | None = None) -> dt.date:
    """The first month an Aufrechnung can take effect: after the month in which the letter
    is presumed delivered, and not a month whose monthly payment run has already paid
    (benefits are paid in advance; a paid month cannot be offset any more)."""
    today = today or timezone.localdate()
    month = deadlines.add_months(deadlines.first_of_month(deadlines.presumed_delivery(today)),
                                 1)
    while PaymentRun.objects.filter(jobcenter_id=jobcenter_id, kind=PaymentRun.Kind.MONTHLY,
                                    month=month).exists():
        month = deadlines.add_months(month, 1)
    return month


def _regelbedarf(claim: Claim, month: dt.date) -> Decimal | None:
    """The debtor's maßgebender Regelbedarf in the Bescheid that rules ``month`` (or the
    latest month it covers)."""
    if claim.bedarfsgemeinschaft_id is None:
        return None
    for candidate in (month, deadlines.first_of_month(timezone.localdate())):
        ruling = due.amount_due(claim.bedarfsgemeinschaft_id, candidate)
        if ruling is None or ruling.decision_id is None:
            continue
        decision = Decision.objects.select_related("case").get(pk=ruling.decision_id)
        key = due.person_key_for(claim.person, decision)
        detail = due.month_details(decision, candidate).get(key or "")
        if detail and detail.get("regelbedarf"):
            return Decimal(str(detail["regelbedarf"]))
    return None


def _other_offsets(claim: Claim, regelbedarf: Decimal, start: dt.date) -> Decimal:
    """What the person's other declared Aufrechnungen take each month from ``start``."""
    others = (Claim.objects.filter(person_id=claim.person_id, status=Claim.Status.OPEN,
                                   offset_from__isnull=False)
              .exclude(pk=claim.pk)
              .filter(Q(offset_until__isnull=True) | Q(offset_until__gte=start)))
    total = ZERO
    balances = claim_balances([c.pk for c in others])
    for other in others:
        total += min(rules.percent_of(regelbedarf, int(other.basis)), balances[other.pk])
    return total


@transaction.atomic
def aufrechnung_prepare(*, claim: Claim, start: dt.date, months: int, reasons: str,
                        actor: Any) -> Aufrechnung:
    claim = Claim.objects.select_for_update().select_related("person", "bescheid").get(
        pk=claim.pk)
    if claim.status != Claim.Status.OPEN:
        raise ClaimError(_("Die Forderung ist nicht mehr offen."))
    if claim.basis == Claim.Basis.FIVE:
        raise ClaimError(_("Ein Darlehen wird nach § 42a Abs. 2 SGB II mit 5 Prozent des "
                           "Regelbedarfs getilgt; diese Aufrechnung erklärt der Bescheid über "
                           "das Darlehen. Das Verfahren nach § 43 SGB II gilt dafür nicht."))
    if Aufrechnung.objects.filter(claim=claim, status__in=A.OPEN).exists():
        raise ClaimError(_("Für diese Forderung läuft schon ein Aufrechnungsverfahren."))
    if claim.offset_from is not None:
        raise ClaimError(_("Die Aufrechnung dieser Forderung ist schon erklärt."))
    if not reasons.strip():
        raise ClaimError(_("Bitte schreiben Sie Ihre Ermessenserwägungen: warum Sie "
                           "aufrechnen wollen und was für die Person spricht."))
    if not 1 <= months <= MAX_MONTHS:
        raise ClaimError(_("Die Dauer muss zwischen 1 und 36 Monaten liegen."))
    final = bestandskraft(claim.bescheid)
    if final is None:
        raise ClaimError(_("Der Erstattungsbescheid ist noch nicht bekanntgegeben; die "
                           "Aufrechnung kann erst danach erklärt werden."))
    start = deadlines.first_of_month(start)
    first = earliest_start(claim.jobcenter_id)
    if start < first:
        raise ClaimError(_("Die Aufrechnung kann frühestens ab %(month)s beginnen.")
                         % {"month": letters.month_de(first)})
    limit = rules.offset_end(final)
    end = min(deadlines.add_months(start, months - 1), limit)
    if start > limit:
        raise ClaimError(_("Die Aufrechnung endet spätestens drei Jahre nach dem Monat, der "
                           "auf die Bestandskraft folgt; dieser Beginn liegt danach."))
    regelbedarf = _regelbedarf(claim, start)
    if regelbedarf is None:
        raise ClaimError(_("Für die Person gibt es keinen Bescheid mit einem Regelbedarf; "
                           "gegen ihn kann nicht aufgerechnet werden."))
    percent = int(claim.basis)
    others = _other_offsets(claim, regelbedarf, start)
    room = rules.percent_of(regelbedarf, 30) - others
    balance = claim_balances([claim.pk])[claim.pk]
    monthly = min(rules.percent_of(regelbedarf, percent), room, balance)
    if monthly <= 0:
        raise ClaimError(_("Die Grenze von 30 Prozent des Regelbedarfs ist durch andere "
                           "Aufrechnungen schon ausgeschöpft (§ 43 Abs. 2 Satz 2 SGB II)."))
    return Aufrechnung.objects.create(
        jobcenter_id=claim.jobcenter_id, claim=claim, percent=percent,
        regelbedarf=regelbedarf, other_offsets=others, monthly_amount=monthly, start=start,
        end=end, reasons=reasons.strip(), prepared_by=actor)


def _case(a: Aufrechnung) -> Any:
    return a.claim.bescheid.case


@transaction.atomic
def aufrechnung_hearing(*, aufrechnung: Aufrechnung, deadline: dt.date, actor: Any) -> Letter:
    """Send the Anhörung (§ 24 SGB X) with an answer deadline of at least two weeks after
    its presumed delivery."""
    a = _locked(aufrechnung)
    if a.status != A.Status.DRAFT:
        raise ClaimError(_("Die Anhörung ist schon versandt."))
    earliest = deadlines.presumed_delivery(timezone.localdate()) + dt.timedelta(
        days=HEARING_DAYS)
    if deadline < earliest:
        raise ClaimError(_("Bitte geben Sie der Person mindestens zwei Wochen nach dem "
                           "Zugang Zeit für ihre Äußerung, also bis mindestens %(date)s.")
                         % {"date": letters.date_de(earliest)})
    a.hearing_deadline, a.status = deadline, A.Status.HEARING
    a.save(update_fields=["hearing_deadline", "status"])
    balance = claim_balances([a.claim_id])[a.claim_id]
    person = a.claim.person
    return letter_create(
        kind=Letter.Kind.HEARING, case=_case(a), person=person,
        recipient=f"{person.first_name} {person.last_name}", actor=actor, aufrechnung=a,
        build=lambda day, _p, _o: letters.aufrechnung_hearing(
            a, case=_case(a), balance=balance, letter_date=day))


@transaction.atomic
def aufrechnung_record_answer(*, aufrechnung: Aufrechnung, answer: str, assessment: str,
                              actor: Any) -> Aufrechnung:
    a = _locked(aufrechnung)
    if a.status != A.Status.HEARING:
        raise ClaimError(_("Zu dieser Aufrechnung läuft keine Anhörung."))
    if not answer.strip() or not assessment.strip():
        raise ClaimError(_("Bitte erfassen Sie die Äußerung und wie Sie sie würdigen."))
    a.answer, a.answer_assessment = answer.strip(), assessment.strip()
    a.answered_at = timezone.now()
    a.save(update_fields=["answer", "answer_assessment", "answered_at"])
    return a


def four_eyes_reasons(a: Aufrechnung) -> list[str]:
    """The Jobcenter's rules for Bescheide, applied to the months of the Aufrechnung."""
    months: dict[dt.date, Decimal] = {}
    left = claim_balances([a.claim_id])[a.claim_id]
    month = a.start
    while month <= a.end and left > 0:
        months[month] = min(a.monthly_amount, left)
        left -= months[month]
        month = deadlines.add_months(month, 1)
    return policy.four_eyes_reasons(decision_type_key="aufrechnung", flagged=False,
                                    jobcenter_id=a.jobcenter_id, month_totals=months,
                                    period_from=a.start)


@transaction.atomic
def aufrechnung_decide(*, aufrechnung: Aufrechnung, actor: Any) -> Aufrechnung:
    """After the answer or the deadline: issue, or hand to a second person."""
    a = _locked(aufrechnung)
    if a.status != A.Status.HEARING:
        raise ClaimError(_("Vor der Entscheidung ist die Person anzuhören (§ 24 SGB X)."))
    today = timezone.localdate()
    if a.answered_at is None and (a.hearing_deadline is None or a.hearing_deadline >= today):
        raise ClaimError(_("Die Frist für die Äußerung läuft noch. Entscheiden Sie nach der "
                           "Äußerung oder nach Ablauf der Frist."))
    hearing = a.letters.filter(kind=Letter.Kind.HEARING).first()
    if hearing is None or hearing.status != Letter.Status.SENT:
        raise ClaimError(_("Das Anhörungsschreiben ist noch nicht versandt."))
    a.decided_by = actor
    a.four_eyes_reasons = four_eyes_reasons(a)
    if a.four_eyes_reasons:
        a.status = A.Status.APPROVAL
        a.save(update_fields=["decided_by", "four_eyes_reasons", "status"])
        return a
    a.save(update_fields=["decided_by", "four_eyes_reasons"])
    return _issue(a, actor)


@transaction.atomic
def aufrechnung_approve(*, aufrechnung: Aufrechnung, actor: Any) -> Aufrechnung:
    a = _locked(aufrechnung)
    if a.status != A.Status.APPROVAL:
        raise ClaimError(_("Diese Aufrechnung wartet nicht auf eine Freigabe."))
    if actor.pk in {a.decided_by_id, a.prepared_by_id}:
        raise ClaimError(_("Die Aufrechnung muss eine andere Person freigeben "
                           "(Vier-Augen-Prinzip)."))
    if not may(actor, Data.LEISTUNGSAKTE, CHANGE):
        raise ClaimError(_("Sie dürfen Aufrechnungen nicht freigeben."))
    a.approved_by = actor
    return _issue(a, actor)


def _issue(a: Aufrechnung, actor: Any) -> Aufrechnung:
    """The Aufrechnungserklärung: the letter and, with it, the offset in the payment run.
    The start moves to the first month after the letter's presumed delivery if needed."""
    claim = Claim.objects.select_for_update().get(pk=a.claim_id)
    if claim.status != Claim.Status.OPEN:
        raise ClaimError(_("Die Forderung ist nicht mehr offen."))
    a.start = max(a.start, earliest_start(a.jobcenter_id))
    if a.start > a.end:
        raise ClaimError(_("Der Zeitraum der Aufrechnung ist inzwischen abgelaufen. Bitte "
                           "bereiten Sie sie neu vor."))
    a.status, a.issued_at = A.Status.ISSUED, timezone.now()
    a.save(update_fields=["start", "status", "issued_at", "approved_by"])
    claim.offset_from, claim.offset_until = a.start, a.end
    claim.save(update_fields=["offset_from", "offset_until"])
    hearing = a.letters.filter(kind=Letter.Kind.HEARING).first()
    balance = claim_balances([a.claim_id])[a.claim_id]
    final = bestandskraft(a.claim.bescheid)
    limit = rules.offset_end(final) if final else a.end
    person = a.claim.person
    letter_create(
        kind=Letter.Kind.OFFSET, case=_case(a), person=person,
        recipient=f"{person.first_name} {person.last_name}", actor=actor, aufrechnung=a,
        build=lambda day, presumed, objection: letters.aufrechnung_decision(
            a, case=_case(a), balance=balance, letter_date=day,
            hearing_date=hearing.letter_date if hearing else None,
            presumed_delivery=presumed, objection_deadline=objection, limit=limit))
    return a


@transaction.atomic
def aufrechnung_drop(*, aufrechnung: Aufrechnung, reason: str, actor: Any) -> Aufrechnung:
    """No Aufrechnung (e.g. the answer showed a hardship): the procedure ends."""
    a = _locked(aufrechnung)
    if a.status not in A.OPEN:
        raise ClaimError(_("Dieses Verfahren ist schon abgeschlossen."))
    if not reason.strip():
        raise ClaimError(_("Bitte begründen Sie, warum nicht aufgerechnet wird."))
    a.status, a.drop_reason = A.Status.DROPPED, reason.strip()[:500]
    a.save(update_fields=["status", "drop_reason"])
    return a
