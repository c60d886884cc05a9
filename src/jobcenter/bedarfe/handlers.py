"""Event handlers of ``bedarfe`` (connected in ``config/wiring.py``)."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction

from jobcenter.anliegen.letters import letter_of
from jobcenter.bedarfe import direktzahlung, forderung
from jobcenter.decisions.models import Decision
from jobcenter.households.models import Bedarfsgemeinschaft
from jobcenter.zahlungen.models import DirectPayment
from jobcenter.zahlungen.services import (
    ClaimError,
    balance,
    claim_create_loan,
    claim_defer,
    claim_remit,
    claim_set_instalments,
    direct_payment_create,
)
from jobcenter.zahlungen.services.manage import PaymentActionError

logger = logging.getLogger(__name__)

#: concern → the legal basis of its loan (the claim's Rechtsgrundlage) and the outcomes that
#: grant it as a loan (a Zuschuss of § 22 Abs. 8 makes no claim)
LOANS = {
    "darlehen": ("§ 24 Abs. 1, § 42a SGB II", {"bewilligung"}),
    "mietkaution": ("§ 22 Abs. 6 Satz 3, § 42a SGB II", {"bewilligung", "bewilligung_anteile"}),
    "mietschulden": ("§ 22 Abs. 8 Satz 4, § 42a SGB II", {"bewilligung"}),
}


def on_kind_erlassen(*, decision_id: int, **_: Any) -> bool:
    """A concern's letter is issued: a granted loan becomes the person's repayment claim in
    ``zahlungen`` (Aufrechnung 5 % from the next month, § 42a Abs. 2 SGB II), once."""
    decision = Decision.objects.select_related("case", "case__applicant", "decision_type").get(
        pk=decision_id)
    data = dict((decision.snapshot or {}).get("letter") or {})
    if data.get("anliegen") == direktzahlung.KEY and data.get("outcome") == "einrichten":
        return _direct_payment(decision, data)
    if data.get("anliegen") == forderung.KEY and decision.decision_type.key == "anliegen_bescheid":
        return _claim(decision, data)
    loan = LOANS.get(str(data.get("anliegen") or ""))
    if loan is None or data.get("outcome") not in loan[1]:
        return False
    norm = loan[0]
    amount = letter_of(data).amount
    person = decision.case.applicant
    if amount is None or amount <= 0 or person is None:
        return False
    claim_create_loan(bescheid=decision, person=person, amount=amount, rechtsgrundlage=norm)
    return True


def _direct_payment(decision: Decision, data: dict[str, Any]) -> bool:
    """The Bescheid on a Direktzahlung (§ 22 Abs. 7 Satz 1 SGB II) is issued: the direct
    payment is set up through ``zahlungen`` (its notices to the citizen and the payee
    included), once per Bescheid: the event delivered twice sets nothing up twice."""
    person = decision.case.applicant
    answers = dict(decision.case.data or {})
    kind = direktzahlung.KINDS.get(str(answers.get("dz_kosten") or ""))
    start = direktzahlung.first_month(answers)
    amount = letter_of(data).amount
    reason = f"Antrag, Bescheid Nr. {decision.reference}"
    bg_id = direktzahlung.bg_id(decision.case)
    if person is None or kind is None or start is None or not amount or bg_id is None:
        logger.warning("Bescheid %s: Direktzahlung without its facts; not set up", decision.pk)
        return False
    with transaction.atomic():
        bg = Bedarfsgemeinschaft.objects.select_for_update().get(pk=bg_id)
        if DirectPayment.objects.filter(bedarfsgemeinschaft=bg, reason=reason).exists():
            return False
        address = direktzahlung.payee_address(answers)
        try:
            direct_payment_create(
                bg=bg, kind=kind, basis=DirectPayment.Basis.APPLICATION,
                payee_name=str(answers.get("dz_empfaenger") or ""),
                iban=direktzahlung.clean_iban(str(answers.get("dz_iban") or "")),
                monthly_amount=amount, valid_from=start, reason=reason,
                actor=decision.approved_by or decision.created_by,
                payee_street=address["street"], payee_postcode=address["postcode"],
                payee_city=address["city"])
        except (PaymentActionError, direktzahlung.PayerAccountError) as exc:
            logger.warning("Bescheid %s: Direktzahlung not set up: %s", decision.pk, exc)
            return False
    return True


def _claim(decision: Decision, data: dict[str, Any]) -> bool:
    """The Bescheid on Stundung, Ratenzahlung or Erlass (``bedarfe/forderung.py``) is
    issued: it acts on the claim it names through the services of ``zahlungen`` — the
    claim must still be the person's own in the case's Jobcenter. Once per Bescheid: a
    repeated event changes nothing twice (the Stundung and the instalments are set to the
    same values; an Erlass is booked once per Bescheid, a database constraint)."""
    letter = letter_of(data)
    outcome = str(data.get("outcome") or "")
    case = decision.case
    claim = forderung.claim_of_case(case)
    if claim is None or str(claim.pk) != letter.extra.get("claim"):
        logger.warning("Bescheid %s: the claim it names is not the person's; nothing done",
                       decision.pk)
        return False
    actor = decision.approved_by or decision.created_by
    reason = f"Bescheid Nr. {decision.reference}"
    try:
        if outcome == "stundung" and letter.day is not None:
            if claim.deferred_until == letter.day and claim.deferral_reason == reason:
                return False
            claim_defer(claim=claim, until=letter.day, reason=reason, actor=actor)
            return True
        if outcome == "raten" and letter.day is not None and letter.amount:
            if (claim.instalment_amount, claim.instalment_start) == (letter.amount, letter.day):
                return False
            # the schedule takes at most the balance left as the last instalment
            rate = min(letter.amount, balance(claim))
            claim_set_instalments(claim=claim, amount=rate, start=letter.day, actor=actor)
            return True
        if outcome == "erlass" and letter.amount:
            return claim_remit(claim=claim, amount=letter.amount, decision=decision,
                               requested_by=decision.created_by,
                               approved_by=decision.approved_by) is not None
    except ClaimError as exc:  # e.g. paid or remitted meanwhile: staff see the claim as is
        logger.warning("Bescheid %s: the claim %s was not changed: %s", decision.pk, claim.pk,
                       exc)
        return False
    return False
