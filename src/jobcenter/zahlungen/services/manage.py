"""Staff actions on a BG's payments: payment stop, direct payment (§ 22 Abs. 7 SGB II),
manual payment (four eyes), returned payment; and the one-off payment order of an issued
Bescheid that grants an amount (:func:`one_off_from_bescheid`) or a monthly amount
(:func:`standing_order_from_bescheid`, ended early by :func:`standing_order_end`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobcenter.core.access import CHANGE, Data, may
from jobcenter.decisions import deadlines
from jobcenter.decisions.models import Decision
from jobcenter.households.models import Bedarfsgemeinschaft, Person
from jobcenter.zahlungen import letters
from jobcenter.zahlungen.models import (
    DirectPayment,
    Letter,
    ManualPayment,
    Payment,
    PaymentStop,
    StandingOrder,
)
from jobcenter.zahlungen.services import due
from jobcenter.zahlungen.services.account import PayerAccountError, clean_iban
from jobcenter.zahlungen.services.claims import _bg_of
from jobcenter.zahlungen.services.schreiben import LetterError, case_for_bg, letter_create

#: R-transactions of a SEPA credit transfer (return reason codes) that staff record.
RETURN_REASONS = {
    "AC01": gettext_lazy("IBAN fehlerhaft"),
    "AC04": gettext_lazy("Konto aufgelöst"),
    "AC06": gettext_lazy("Konto gesperrt"),
    "AG01": gettext_lazy("Kontoart lässt die Gutschrift nicht zu"),
    "BE04": gettext_lazy("Name oder Anschrift des Empfängers fehlt"),
    "MD07": gettext_lazy("Kontoinhaberin oder Kontoinhaber verstorben"),
    "MS03": gettext_lazy("Sonstiger Grund der Bank"),
    "RR04": gettext_lazy("Regulatorischer Grund"),
}


class PaymentActionError(Exception):
    """The action is not possible; the message is for the staff member."""


def stop_deadline(stopped_on: dt.date) -> dt.date:
    """Two months after the stop the Bescheid must be there (§ 331 Abs. 2 SGB III)."""
    return deadlines.add_months(stopped_on, 2)


def active_stop(bg: Bedarfsgemeinschaft, on: dt.date | None = None) -> PaymentStop | None:
    on = on or timezone.localdate()
    return (PaymentStop.objects.filter(bedarfsgemeinschaft=bg, lifted_on__isnull=True,
                                       stopped_on__lte=on, deadline__gte=on).first())


@transaction.atomic
def stop_create(*, bg: Bedarfsgemeinschaft, facts: str, partial_amount: Decimal | None,
                from_person: bool, actor: Any) -> PaymentStop:
    Bedarfsgemeinschaft.objects.select_for_update().get(pk=bg.pk)
    if active_stop(bg) is not None:
        raise PaymentActionError(_("Die Zahlung ist bereits vorläufig eingestellt."))
    if not facts.strip():
        raise PaymentActionError(_("Bitte nennen Sie die Tatsachen, die zum Wegfall oder "
                                   "Ruhen des Anspruchs führen."))
    if partial_amount is not None and partial_amount <= 0:
        raise PaymentActionError(_("Der einbehaltene Betrag muss größer als 0 € sein."))
    today = timezone.localdate()
    case, person = _addressee(bg)
    stop = PaymentStop.objects.create(
        jobcenter_id=bg.jobcenter_id, bedarfsgemeinschaft=bg, facts=facts.strip(),
        partial_amount=partial_amount, from_person=from_person, stopped_on=today,
        deadline=stop_deadline(today), created_by=actor)
    # the person is told at once, with the reasons (§ 331 Abs. 1 Satz 2 SGB III)
    letter_create(kind=Letter.Kind.STOP, case=case, person=person,
                  recipient=f"{person.first_name} {person.last_name}", actor=actor, stop=stop,
                  build=lambda day, _p, _o: letters.stop_notice(stop, case=case, person=person,
                                                                letter_date=day))
    return stop


def _addressee(bg: Bedarfsgemeinschaft) -> tuple[Any, Person]:
    """The eAkte and the person a BG's payment letters go to (its Antragsteller now)."""
    month = deadlines.first_of_month(timezone.localdate())
    found = due.recipients([bg.pk], [month]).get((bg.pk, month))
    if found is None:
        raise PaymentActionError(_("Die Bedarfsgemeinschaft hat keine antragstellende Person; "
                                   "das Schreiben kann niemandem zugehen. Bitte pflegen Sie "
                                   "zuerst die Bedarfsgemeinschaft."))
    try:
        case = case_for_bg(bg)
    except LetterError as exc:
        raise PaymentActionError(str(exc)) from exc
    return case, Person.objects.get(pk=found.pk)


@transaction.atomic
def stop_lift(*, stop: PaymentStop, reason: str, actor: Any) -> PaymentStop:
    stop = PaymentStop.objects.select_for_update().get(pk=stop.pk)
    if stop.lifted_on is not None:
        return stop
    if not reason.strip():
        raise PaymentActionError(_("Bitte geben Sie den Grund an."))
    stop.lifted_on, stop.lifted_by, stop.lift_reason = timezone.localdate(), actor, reason
    stop.save(update_fields=["lifted_on", "lifted_by", "lift_reason"])
    return stop


@transaction.atomic
def direct_payment_create(*, bg: Bedarfsgemeinschaft, kind: str, basis: str,
                          payee_name: str, iban: str, monthly_amount: Decimal,
                          valid_from: dt.date, reason: str, actor: Any,
                          payee_street: str = "", payee_postcode: str = "",
                          payee_city: str = "") -> DirectPayment:
    """Set up the direct payment and write its two letters: to the citizen (to whom, how
    much, from when, why) and to the payee (only what it needs to book the money)."""
    if monthly_amount <= 0:
        raise PaymentActionError(_("Der Betrag muss größer als 0 € sein."))
    if not (payee_street.strip() and payee_postcode.strip() and payee_city.strip()):
        raise PaymentActionError(_("Bitte geben Sie die Anschrift des Empfängers an; er "
                                   "erhält ein Schreiben über die Direktzahlung."))
    case, person = _addressee(bg)
    direct = DirectPayment.objects.create(
        jobcenter_id=bg.jobcenter_id, bedarfsgemeinschaft=bg, kind=kind, basis=basis,
        payee_name=payee_name.strip(), payee_street=payee_street.strip(),
        payee_postcode=payee_postcode.strip(), payee_city=payee_city.strip(), iban=iban,
        monthly_amount=monthly_amount, valid_from=deadlines.first_of_month(valid_from),
        reason=reason.strip(), created_by=actor)
    letter_create(kind=Letter.Kind.DIRECT, case=case, person=person,
                  recipient=f"{person.first_name} {person.last_name}", actor=actor,
                  direct_payment=direct,
                  build=lambda day, presumed, objection: letters.direct_notice(
                      direct, case=case, person=person, letter_date=day,
                      presumed_delivery=presumed, objection_deadline=objection))
    letter_create(kind=Letter.Kind.PAYEE, case=case, person=person,
                  recipient=direct.payee_name, actor=actor, direct_payment=direct,
                  channel=Letter.Channel.POST,
                  build=lambda day, _p, _o: letters.payee_notice(
                      direct, case=case, person=person, letter_date=day))
    return direct


def direct_payment_end(*, direct: DirectPayment, last_month: dt.date, actor: Any) -> DirectPayment:
    last_month = deadlines.first_of_month(last_month)
    if last_month < direct.valid_from:
        raise PaymentActionError(_("Der letzte Monat liegt vor dem ersten Monat."))
    direct.valid_to = last_month
    direct.save(update_fields=["valid_to"])
    return direct


def manual_request(*, bg: Bedarfsgemeinschaft, month: dt.date, amount: Decimal, reason: str,
                   actor: Any) -> ManualPayment:
    if amount <= 0:
        raise PaymentActionError(_("Der Betrag muss größer als 0 € sein."))
    if not reason.strip():
        raise PaymentActionError(_("Bitte begründen Sie die Zahlung."))
    return ManualPayment.objects.create(
        jobcenter_id=bg.jobcenter_id, bedarfsgemeinschaft=bg, month=deadlines.first_of_month(month),
        amount=amount, reason=reason.strip(), requested_by=actor)


def _check_bescheid_amount(decision: Decision, amount: Decimal) -> None:
    """A Bescheid's amount is paid only if positive and once the Bescheid is issued."""
    if amount <= 0:
        raise PaymentActionError(_("Der Betrag muss größer als 0 € sein."))
    if decision.status not in due.ISSUED:
        raise PaymentActionError(_("Gezahlt wird erst, wenn der Bescheid erlassen ist."))


def _clean_payee(payee_name: str, payee_iban: str) -> str:
    """The third party's IBAN a Bescheid names, cleaned ("" for none); it needs a name."""
    if not payee_iban:
        return payee_iban
    try:
        payee_iban = clean_iban(payee_iban)
    except PayerAccountError as exc:
        raise PaymentActionError(str(exc)) from exc
    if not payee_name.strip():
        raise PaymentActionError(_("Bitte nennen Sie den Empfänger der Zahlung."))
    return payee_iban


def one_off_from_bescheid(*, decision: Decision, person: Person, amount: Decimal,
                          purpose: str, payee_name: str = "", payee_iban: str = "",
                          advance_month: dt.date | None = None) -> ManualPayment | None:
    """The payment order of a one-off amount that ``decision`` (an issued Bescheid) grants
    ``person``: released at once — the Bescheid went through the Jobcenter's four-eyes rules
    when it was issued — and paid once by the next daily run, to ``payee_iban`` (a third
    party the Bescheid names: provider, landlord, supplier) or else to the person's account
    (``due.bank_accounts``). Idempotent per Bescheid (a unique constraint: the event
    delivered twice orders nothing twice). None when the person belongs to no
    Bedarfsgemeinschaft of the Jobcenter (the run pays per BG).

    ``advance_month``: the Bescheid grants a Vorschuss (§ 42 Abs. 2 SGB II) on that month's
    benefit — paid early to the person and counted against the month (``advance``), so
    the month's payment is that much lower."""
    _check_bescheid_amount(decision, amount)
    payee_iban = _clean_payee(payee_name, payee_iban)
    existing = ManualPayment.objects.filter(decision=decision).first()
    if existing is not None:
        return existing
    letter_day = decision.letter_date or timezone.localdate()
    bg_id = _bg_of(person, letter_day)
    if bg_id is None:
        return None
    try:
        with transaction.atomic():
            return ManualPayment.objects.create(
                jobcenter_id=decision.case.jobcenter_id, bedarfsgemeinschaft_id=bg_id,
                month=deadlines.first_of_month(advance_month or letter_day), amount=amount,
                advance=advance_month is not None,
                reason=_("Bescheid %(reference)s") % {"reference": decision.reference},
                purpose=purpose.strip()[:200], status=ManualPayment.Status.APPROVED,
                requested_by_id=decision.created_by_id or decision.approved_by_id,
                decided_at=timezone.now(),
                decision=decision, payee_name=payee_name.strip()[:70] if payee_iban else "",
                payee_iban=payee_iban if advance_month is None else "")
    except IntegrityError:
        return ManualPayment.objects.get(decision=decision)


@transaction.atomic
def manual_decide(*, manual: ManualPayment, approve: bool, actor: Any) -> ManualPayment:
    """Four eyes: another person with the right to change the Leistungsakte releases it."""
    manual = ManualPayment.objects.select_for_update().get(pk=manual.pk)
    if manual.status != ManualPayment.Status.REQUESTED:
        return manual
    if manual.requested_by_id == actor.pk:
        raise PaymentActionError(_("Eine manuelle Zahlung muss eine andere Person freigeben "
                                   "(Vier-Augen-Prinzip)."))
    if not may(actor, Data.LEISTUNGSAKTE, CHANGE):
        raise PaymentActionError(_("Sie dürfen manuelle Zahlungen nicht freigeben."))
    manual.status = (ManualPayment.Status.APPROVED if approve
                     else ManualPayment.Status.REJECTED)
    manual.decided_by, manual.decided_at = actor, timezone.now()
    manual.save(update_fields=["status", "decided_by", "decided_at"])
    return manual


@transaction.atomic
def payment_mark_returned(*, payment: Payment, reason: str, returned_on: dt.date,
                          actor: Any) -> Payment:
    """The bank returned the credit transfer (R-transaction): the amount counts as not
    paid again; the next daily run pays it once the bank details changed."""
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.status == Payment.Status.RETURNED:
        return payment
    if reason not in RETURN_REASONS:
        raise PaymentActionError(_("Bitte wählen Sie den Rückgabegrund."))
    payment.status = Payment.Status.RETURNED
    payment.returned_on, payment.return_reason, payment.returned_by = (
        returned_on, reason, actor)
    payment.save(update_fields=["status", "returned_on", "return_reason", "returned_by"])
    return payment


@transaction.atomic
def one_off_reissue(*, payment: Payment, payee_name: str, iban: str, reason: str,
                    actor: Any) -> ManualPayment:
    """A returned one-off payment (R-transaction) ordered again to the corrected account:
    a new order for the same month, amount and purpose that waits until another person
    with the right to change the Leistungsakte releases it (four eyes, ``manual_decide``;
    the database refuses the same person). The order names the returned payment
    (``reissue_of``), who asked, why and to which account — the trail; once per returned
    payment unless the second person refused it."""
    payment = Payment.objects.select_for_update(of=("self",)).select_related("manual_payment").get(
        pk=payment.pk)
    if payment.kind != Payment.Kind.ONE_OFF or payment.status != Payment.Status.RETURNED:
        raise PaymentActionError(_("Erneut anweisen lässt sich nur eine einmalige Leistung, "
                                   "deren Überweisung zurückgekommen ist."))
    if ManualPayment.objects.filter(reissue_of=payment).exclude(
            status=ManualPayment.Status.REJECTED).exists():
        raise PaymentActionError(_("Diese Zahlung ist bereits erneut angewiesen."))
    name = " ".join((payee_name or "").split())
    if not name:
        raise PaymentActionError(_("Bitte geben Sie den Namen der Kontoinhaberin oder des "
                                   "Kontoinhabers an."))
    if len(name) > 70:
        raise PaymentActionError(_("Der Name darf höchstens 70 Zeichen haben (so viel nimmt "
                                   "die Überweisung auf)."))
    try:
        iban = clean_iban(iban)
    except PayerAccountError as exc:
        raise PaymentActionError(str(exc)) from exc
    if iban == payment.iban and name == payment.recipient_name:
        raise PaymentActionError(_("An diese Bankverbindung hat die Bank die Zahlung "
                                   "zurückgeschickt. Bitte geben Sie die berichtigte "
                                   "Bankverbindung an."))
    if not (reason or "").strip():
        raise PaymentActionError(_("Bitte geben Sie an, woher die berichtigte Bankverbindung "
                                   "stammt."))
    original = payment.manual_payment
    return ManualPayment.objects.create(
        jobcenter_id=payment.jobcenter_id, bedarfsgemeinschaft_id=payment.bedarfsgemeinschaft_id,
        month=payment.month, amount=payment.amount, reason=reason.strip()[:500],
        purpose=original.purpose if original is not None else "", requested_by=actor,
        reissue_of=payment, payee_name=name, payee_iban=iban)


def standing_order_from_bescheid(*, decision: Decision, person: Person, amount: Decimal,
                                 purpose: str, first_month: dt.date, last_month: dt.date,
                                 payee_name: str = "",
                                 payee_iban: str = "",
                                 while_receiving: bool = False) -> StandingOrder | None:
    """The standing order of a monthly amount that ``decision`` (an issued Bescheid) grants
    ``person`` for the months ``first_month`` to ``last_month`` (the months its letter
    names): released with the Bescheid — which went through the Jobcenter's four-eyes rules
    when it was issued — and paid by every payment run for each of those months, to
    ``payee_iban`` (the insurer of § 26 Abs. 5 SGB II) or else to the person's account.
    Idempotent per Bescheid (a unique constraint). None when the person belongs to no
    Bedarfsgemeinschaft of the Jobcenter (the run pays per BG). ``while_receiving``: paid
    only in months for which the BG is granted Bürgergeld/Grundsicherungsgeld (§ 26 SGB II;
    the runs pause it in a month of 0 €)."""
    _check_bescheid_amount(decision, amount)
    first, last = deadlines.first_of_month(first_month), deadlines.first_of_month(last_month)
    if last < first:
        raise PaymentActionError(_("Der letzte Monat liegt vor dem ersten Monat."))
    payee_iban = _clean_payee(payee_name, payee_iban)
    existing = StandingOrder.objects.filter(decision=decision).first()
    if existing is not None:
        return existing
    bg_id = _bg_of(person, decision.letter_date or timezone.localdate())
    if bg_id is None:
        return None
    try:
        with transaction.atomic():
            return StandingOrder.objects.create(
                jobcenter_id=decision.case.jobcenter_id, bedarfsgemeinschaft_id=bg_id,
                decision=decision, person=person, purpose=purpose.strip()[:200],
                monthly_amount=amount, valid_from=first, valid_to=last,
                payee_name=payee_name.strip()[:70] if payee_iban else "",
                payee_iban=payee_iban, while_receiving=while_receiving)
    except IntegrityError:
        return StandingOrder.objects.get(decision=decision)


def standing_order_end(*, order: StandingOrder, last_month: dt.date, reason: str,
                       actor: Any, cause: Any = None) -> StandingOrder:
    """End a Bescheid's monthly payment early (an Aufhebung or Änderung of the concern's
    Bescheid, an Abmeldung): ``last_month`` is the last month paid. Months already paid
    stay paid (a refund is the Aufhebung's and Erstattung's matter); the trail is who,
    when and why."""
    if not may(actor, Data.LEISTUNGSAKTE, CHANGE) or actor.jobcenter_id != order.jobcenter_id:
        raise PaymentActionError(_("Sie dürfen die Leistungsakte nicht ändern."))
    reason = " ".join(reason.split())
    if not reason:
        raise PaymentActionError(_("Bitte geben Sie den Grund an, zum Beispiel den "
                                   "Aufhebungsbescheid oder die Abmeldung."))
    with transaction.atomic():
        locked = StandingOrder.objects.select_for_update().get(pk=order.pk)
        if locked.ended_at is not None:
            raise PaymentActionError(_("Diese laufende Zahlung ist bereits beendet."))
        last = deadlines.first_of_month(last_month)
        if last > locked.valid_to:
            raise PaymentActionError(_(
                "Der Bescheid bewilligt die Zahlung nur bis %(month)s. Ein späteres Ende "
                "braucht einen neuen Bescheid.") % {"month": formats.date_format(
                    locked.valid_to, "YEAR_MONTH_FORMAT")})
        if last < locked.valid_from:  # ended before its first month: nothing is paid
            last = deadlines.add_months(locked.valid_from, -1)
        paid = (Payment.objects.filter(standing_order=locked, month__gt=last,
                                       status=Payment.Status.SENT)
                .order_by("-month").values_list("month", flat=True).first())
        if paid is not None:
            raise PaymentActionError(_(
                "%(month)s ist schon gezahlt. Wählen Sie als letzten Monat mindestens "
                "%(month)s; eine Überzahlung fordern Sie mit Aufhebung und Erstattung "
                "zurück.") % {"month": formats.date_format(paid, "YEAR_MONTH_FORMAT")})
        locked.valid_to = last
        locked.ended_at = timezone.now()
        locked.ended_by = actor
        locked.end_reason = reason[:500]
        locked.end_decision = cause
        locked.save(update_fields=["valid_to", "ended_at", "ended_by", "end_reason",
                                   "end_decision"])
        return locked


def standing_order_end_from(*, order: StandingOrder, first_month: dt.date, reason: str,
                            actor: Any, cause: Any = None) -> tuple[bool, list[dt.date]]:
    """End a Bescheid's monthly payment so that nothing is paid from ``first_month`` on
    (an Aufhebung of the benefit it depends on, or an Änderung to 0 €: ``cause``, kept as
    ``end_decision``), through :func:`standing_order_end` (the
    same rights and trail). Months from ``first_month`` already paid stay paid — the order
    then ends after the last of them — and are returned for the Aufhebung and Erstattung.
    Returns (whether this call ended it, the months already paid from ``first_month``)."""
    first = deadlines.first_of_month(first_month)
    paid = sorted(set(Payment.objects.filter(standing_order=order, month__gte=first,
                                             status=Payment.Status.SENT)
                      .values_list("month", flat=True)))
    last = max([deadlines.add_months(first, -1), *paid])
    if order.ended_at is not None or last >= order.valid_to:
        return False, paid  # ended before, or no month left to stop
    standing_order_end(order=order, last_month=last, reason=reason, actor=actor, cause=cause)
    return True, paid
