"""The one-off payment orders (``ManualPayment``) a daily run pays first."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from jobcenter.decisions import deadlines
from jobcenter.zahlungen.models import (
    ManualPayment,
    Payment,
    PaymentRun,
    RunHold,
)
from jobcenter.zahlungen.services.runs.chunk import _Chunk, _Target


def one_off_purpose(manual: ManualPayment) -> str:
    """The transfer's Verwendungszweck of a Bescheid's one-off amount or Vorschuss: what it
    is for, the Bescheid-Nr. and the person (a provider or landlord books it by these); a
    re-issued order keeps the text of the returned payment; "" for staff's manual payments
    (the run's usual text)."""
    if manual.reissue_of is not None:
        return manual.reissue_of.purpose
    if manual.decision is None:
        return ""
    person = manual.decision.case.applicant
    name = f"{person.first_name} {person.last_name}" if person is not None else ""
    subject = manual.purpose or "Einmalige Leistung SGB II"
    return f"{subject} Bescheid-Nr. {manual.decision.reference} {name}".strip()[:140]


def _advance_month(manual: ManualPayment, run: PaymentRun, today: dt.date) -> _Chunk:
    """The chunk of a Vorschuss's month. Where that month was already paid (its monthly
    run came first), the payment of the month after is reduced instead (§ 42 Abs. 2
    Satz 4 SGB II): the order moves on by one month, once."""
    chunk = _Chunk(run, [manual.bedarfsgemeinschaft_id], [manual.month], today)
    if (manual.bedarfsgemeinschaft_id, manual.month, "citizen") in chunk.regular:
        manual.month = deadlines.add_months(manual.month, 1)
        manual.save(update_fields=["month"])
        chunk = _Chunk(run, [manual.bedarfsgemeinschaft_id], [manual.month], today)
    return chunk


def _manual_payments(run: PaymentRun, today: dt.date) -> None:
    """Released payment orders not yet paid (daily runs only), in one transaction:
    staff's manual payments (an advance on the month's benefit, to the person), a
    Vorschuss granted by its Bescheid (§ 42 Abs. 2 SGB II: counted against its month, so
    that month's payment is lower), the amounts of concerns' Bescheide (on top of the
    benefit, under their own recipient key ``E<pk>``, to the person or the third party the
    Bescheid names) and the new orders of returned one-off payments (to the corrected
    account). While a payment stop of the BG runs, every order is held with the stop's
    reason; without a recipient or an account it is held too — each is tried again by the
    next daily run."""
    with transaction.atomic():
        run = PaymentRun.objects.select_for_update().get(pk=run.pk)
        if run.manual_done:
            return
        manuals = list(ManualPayment.objects.filter(
            jobcenter_id=run.jobcenter_id, status=ManualPayment.Status.APPROVED,
            payment__isnull=True).select_related("decision__case__applicant", "reissue_of")
            .order_by("pk"))
        for manual in manuals:
            if manual.advance:
                chunk = _advance_month(manual, run, today)
            else:
                chunk = _Chunk(run, [manual.bedarfsgemeinschaft_id], [manual.month], today)
            bg_id = manual.bedarfsgemeinschaft_id
            if chunk._active_stop(bg_id) is not None:
                # § 331 SGB III: nothing leaves while the stop runs; released with it
                chunk.hold(bg_id, manual.month, RunHold.Reason.STOPPED, manual.amount)
                chunk.write()
                continue
            person = chunk.recipients.get((bg_id, manual.month))
            original = manual.reissue_of
            decision_id = manual.decision_id
            if original is not None:
                target = _Target(key=f"E{manual.pk}", kind=original.recipient_kind,
                                 amount=manual.amount)
                name, iban = manual.payee_name, manual.payee_iban
                decision_id = original.decision_id
            elif manual.payee_iban:
                target = _Target(key=f"E{manual.pk}", kind=Payment.RecipientKind.THIRD,
                                 amount=manual.amount)
                name, iban = manual.payee_name, manual.payee_iban
            else:
                key = f"E{manual.pk}" if manual.one_off else "citizen"
                target = _Target(key=key, kind=Payment.RecipientKind.CITIZEN,
                                 amount=manual.amount, person=person)
                name = str(person) if person else ""
                iban = chunk.accounts.get(person.pk, "") if person else ""
                if person is None or not iban:
                    reason = (RunHold.Reason.NO_RECIPIENT if person is None
                              else RunHold.Reason.NO_ACCOUNT)
                    chunk.hold(bg_id, manual.month, reason, manual.amount)
                    chunk.write()
                    continue
            chunk.pay(bg_id, manual.month, target, manual.amount, iban, name=name,
                      decision_id=decision_id, manual=manual,
                      purpose=one_off_purpose(manual))
            chunk.write()
        run.manual_done = True
        run.save(update_fields=["manual_done"])
