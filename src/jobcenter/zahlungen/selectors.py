"""Reads of ``zahlungen`` for staff (through ``transparency.reads``) and citizens."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from jobcenter.core.access import Data, scope
from jobcenter.decisions import deadlines
from jobcenter.households.models import Bedarfsgemeinschaft, Person
from jobcenter.transparency.models import AccessLogEntry
from jobcenter.transparency.reads import Reading, Seen, staff_read_one, staff_read_page
from jobcenter.zahlungen import claim_texts
from jobcenter.zahlungen.models import (
    BankStatementEntry,
    Claim,
    ClaimEntry,
    Letter,
    Payment,
    PaymentRun,
    RunHold,
    StandingOrder,
)
from jobcenter.zahlungen.services import balance, due, instalment_schedule, zuschuss
from jobcenter.zahlungen.services.runs import last_run_month

What = AccessLogEntry.What


def _members(bg: Bedarfsgemeinschaft) -> list[Person]:
    return [m.person for m in bg.memberships.select_related("person")]


# The ``detail`` of an access-log entry is what the citizen reads on "Wer hat meine Daten
# gesehen?" and in the data copy: plain words and the numbers they know from their letters
# (BG-Nummer, Bescheid-Nr., a date), never a database key.


def _bg_detail(bg: Bedarfsgemeinschaft) -> str:
    if bg.number:
        return _("Bedarfsgemeinschaft %(number)s") % {"number": bg.number}
    return _("Ihre Bedarfsgemeinschaft")


def _claim_detail(claim: Claim) -> str:
    return _("Forderung aus dem Bescheid Nr. %(reference)s") % {
        "reference": claim.bescheid.reference}


def _letter_detail(letter: Letter) -> str:
    return _("%(kind)s vom %(date)s") % {
        "kind": letter.get_kind_display(),
        "date": date_format(timezone.localdate(letter.created_at), "SHORT_DATE_FORMAT")}


#: A BG's payments and claims (staff): every member's data is seen.
PAYMENTS = Reading(data=Data.LEISTUNGSAKTE, what=What.PAYMENTS, seen=lambda bg: [
    Seen(person, bg, _bg_detail(bg)) for person in _members(bg)])
#: A run's report: the members of each BG whose payment was held.
HOLDS = Reading(data=Data.LEISTUNGSAKTE, what=What.PAYMENTS, seen=lambda hold: [
    Seen(person, hold.bedarfsgemeinschaft, _bg_detail(hold.bedarfsgemeinschaft))
    for person in _members(hold.bedarfsgemeinschaft)])
CLAIM = Reading(data=Data.LEISTUNGSAKTE, what=What.PAYMENTS, seen=lambda claim: [
    Seen(claim.person, claim, _claim_detail(claim))])

#: The print list: each letter's person (the payee letter is about the citizen, too).
LETTERS = Reading(data=Data.LEISTUNGSAKTE, what=What.PAYMENTS, seen=lambda letter: [
    Seen(letter.person, letter, _letter_detail(letter))] if letter.person else [])


def bg_for_staff(user: Any, pk: int) -> Bedarfsgemeinschaft:
    return staff_read_one(user=user, queryset=Bedarfsgemeinschaft.objects.all(),
                          reading=PAYMENTS, purpose=AccessLogEntry.Purpose.PAYMENTS, pk=pk)


def claim_for_staff(user: Any, pk: int) -> Claim:
    return staff_read_one(user=user, queryset=Claim.objects.select_related(
        "person", "bescheid", "write_off_requested_by"), reading=CLAIM,
        purpose=AccessLogEntry.Purpose.PAYMENTS, pk=pk)


def letters_to_print(user: Any, page: Any) -> Any:
    """The letters waiting to be printed and posted (oldest first)."""
    return staff_read_page(
        user=user, queryset=Letter.objects.filter(status=Letter.Status.PRINT)
        .select_related("person", "case", "document_version").order_by("created_at", "pk"),
        reading=LETTERS, purpose=AccessLogEntry.Purpose.PAYMENTS, page=page, per_page=50)


#: A statement's bookings: the person of the matched payment or claim (open bookings name
#: only the bank's counterparty, who is not yet known as a person of the Jobcenter).
ENTRIES = Reading(data=Data.LEISTUNGSAKTE, what=What.PAYMENTS, seen=lambda entry: [
    Seen(person, entry, _("Zahlungseingang vom %(date)s") % {
        "date": date_format(entry.booked_on, "SHORT_DATE_FORMAT")})
    for person in ([entry.claim.person] if entry.claim else [])
    + ([entry.payment.person] if entry.payment and entry.payment.person else [])])


def statement_entries(user: Any, page: Any, *, status: str) -> Any:
    return staff_read_page(
        user=user, queryset=BankStatementEntry.objects.filter(status=status).select_related(
            "claim", "claim__person", "payment", "payment__person", "statement")
        .order_by("-booked_on", "-pk"),
        reading=ENTRIES, purpose=AccessLogEntry.Purpose.PAYMENTS, page=page, per_page=50)


def runs_for_staff(user: Any) -> QuerySet[PaymentRun]:
    return scope(PaymentRun.objects.all(), user)


@dataclass
class ClaimView:
    claim: Claim
    balance: Decimal
    entries: list[ClaimEntry]
    schedule: list[tuple[Any, Decimal]]
    #: the state, the Stundung and the Aufrechnung as of today (``claim_texts``)
    state: str
    deferral: str
    offset_label: str
    offset: str


def claim_view(claim: Claim) -> ClaimView:
    """The claim with its balance, bookings, coming instalments and its texts as of today's
    Europe/Berlin date, computed when the page is rendered."""
    left, today = balance(claim), timezone.localdate()
    return ClaimView(claim=claim, balance=left, entries=list(claim.entries.all()),
                     schedule=instalment_schedule(claim, left)
                     if claim.status == Claim.Status.OPEN else [],
                     state=claim_texts.state(claim, today),
                     deferral=claim_texts.deferral(claim, today),
                     offset_label=claim_texts.offset_label(claim),
                     offset=claim_texts.offset(claim))


def payments_for_citizen(user: Any) -> QuerySet[Payment]:
    return scope(Payment.objects.all(), user).distinct().order_by("-month", "-created_at")


def standing_orders_for_citizen(user: Any) -> QuerySet[StandingOrder]:
    """The monthly amounts Bescheide grant the citizen's Bedarfsgemeinschaft (§ 26, § 27)."""
    return (scope(StandingOrder.objects.all(), user).distinct().select_related("decision")
            .order_by("-valid_from", "-pk"))


def letters_for_citizen(user: Any) -> QuerySet[Letter]:
    """The letters to the citizen about their payments and claims (never the letter to the
    landlord or supplier; the citizen's own notice tells what it says)."""
    return (scope(Letter.objects.all(), user).exclude(kind=Letter.Kind.PAYEE)
            .select_related("document_version").order_by("-letter_date", "-pk"))


def claims_for_citizen(user: Any) -> list[ClaimView]:
    return [claim_view(c) for c in scope(Claim.objects.all(), user).select_related(
        "bescheid", "offset_end_decision").distinct().order_by("due_date", "pk")]


def standing_order_paid_months(order: StandingOrder, months: Iterable[dt.date]
                               ) -> list[dt.date]:
    """The months among ``months`` for which a run paid the order (returned ones not)."""
    return sorted(set(Payment.objects.filter(standing_order=order, month__in=list(months),
                                             status=Payment.Status.SENT)
                      .values_list("month", flat=True)))


@dataclass
class Withheld:
    """The months the runs do not pay a § 26 Zuschuss although the order covers them."""

    #: an issued Bescheid grants the BG 0 € (an Aufhebung included): paused
    paused: list[dt.date]
    #: no issued Bescheid rules the month (yet): held, paid once a Bescheid grants it
    unruled: list[dt.date]


def standing_orders_withheld(orders: list[StandingOrder],
                             today: dt.date | None = None) -> dict[int, Withheld]:
    """Order → the months the runs do not pay it (``zuschuss.withheld_reason``, the rule
    of ``runs.chunk``): every month of 0 €, and the months no Bescheid rules among those
    the runs have reached by ``today`` (Europe/Berlin; up to ``runs.last_run_month``) and
    not paid."""
    wanted = {o.pk: _months(o.valid_from, o.valid_to)
              for o in orders if o.while_receiving}
    months = sorted({m for ms in wanted.values() for m in ms})
    bgs = sorted({o.bedarfsgemeinschaft_id for o in orders if o.pk in wanted})
    if not months or not bgs:
        return {}
    dues = due.amounts_due(bgs, months)
    today = today or timezone.localdate()
    reached = {jc: last_run_month(jc, today) for jc in {o.jobcenter_id for o in orders}}
    paid = set(Payment.objects.filter(standing_order__in=list(wanted), month__in=months,
                                      status=Payment.Status.SENT)
               .values_list("standing_order_id", "month"))
    withheld: dict[int, Withheld] = {}
    for order in orders:
        found = Withheld(paused=[], unruled=[])
        for month in wanted.get(order.pk, []):
            reason = zuschuss.withheld_reason(
                order, dues.get((order.bedarfsgemeinschaft_id, month)))
            if reason == RunHold.Reason.NOT_RECEIVING:
                found.paused.append(month)
            elif (reason == RunHold.Reason.NO_DECISION and (order.pk, month) not in paid
                  and month <= reached[order.jobcenter_id]):
                found.unruled.append(month)
        if found.paused or found.unruled:
            withheld[order.pk] = found
    return withheld


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    months: list[dt.date] = []
    month = deadlines.first_of_month(first)
    while month <= last and len(months) < 120:
        months.append(month)
        month = deadlines.add_months(month, 1)
    return months
