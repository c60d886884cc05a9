"""The one-off payment orders (``ManualPayment``) a daily run pays first."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from jobcenter.zahlungen.models import (
    ManualPayment,
    Payment,
    PaymentRun,
    RunHold,
)
from jobcenter.zahlungen.services.runs.chunk import _Chunk, _Target


def one_off_purpose(manual: ManualPayment) -> str:
    """The transfer's Verwendungszweck of a Bescheid's one-off amount: what it is for, the
    Bescheid-Nr. and the person (a provider or landlord books it by these); "" for staff's
    manual payments (the run's usual text)."""
    if manual.decision is None:
        return ""
    person = manual.decision.case.applicant
    name = f"{person.first_name} {person.last_name}" if person is not None else ""
    subject = manual.purpose or "Einmalige Leistung SGB II"
    return f"{subject} Bescheid-Nr. {manual.decision.reference} {name}".strip()[:140]


def _manual_payments(run: PaymentRun, today: dt.date) -> None:
    """Released one-off payment orders not yet paid (daily runs only), in one transaction:
    staff's manual payments (an advance on the month's benefit, to the person) and the
    amounts of concerns' Bescheide (on top of the benefit, under their own recipient key
    ``E<pk>``, to the person or the third party the Bescheid names). Without a recipient
    or an account the order is held and tried again by the next daily run."""
    with transaction.atomic():
        run = PaymentRun.objects.select_for_update().get(pk=run.pk)
        if run.manual_done:
            return
        manuals = list(ManualPayment.objects.filter(
            jobcenter_id=run.jobcenter_id, status=ManualPayment.Status.APPROVED,
            payment__isnull=True).select_related("decision__case__applicant").order_by("pk"))
        for manual in manuals:
            chunk = _Chunk(run, [manual.bedarfsgemeinschaft_id], [manual.month], today)
            bg_id = manual.bedarfsgemeinschaft_id
            person = chunk.recipients.get((bg_id, manual.month))
            if manual.payee_iban:
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
                      decision_id=manual.decision_id, manual=manual,
                      purpose=one_off_purpose(manual))
            chunk.write()
        run.manual_done = True
        run.save(update_fields=["manual_done"])
