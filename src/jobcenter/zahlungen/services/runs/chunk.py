"""One chunk of Bedarfsgemeinschaften: what is due, paid, held and offset, per BG and month."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum

from jobcenter.core import datastand
from jobcenter.decisions.models import Decision
from jobcenter.households.models import Person
from jobcenter.outbox.services import outbox_enqueue
from jobcenter.zahlungen import tasks as zahlungen_tasks
from jobcenter.zahlungen.models import (
    Claim,
    ClaimEntry,
    DirectPayment,
    ManualPayment,
    Payment,
    PaymentRun,
    PaymentStop,
    RunHold,
    StandingOrder,
)
from jobcenter.zahlungen.services import aufrechnung, due, zuschuss
from jobcenter.zahlungen.services.runs.ledger import (
    ZERO,
    _insert_payments,
    claim_balances,
    close_paid_claims,
)

CHUNK = 2000


@dataclass
class _Target:
    key: str
    kind: str  # Payment.RecipientKind
    amount: Decimal
    person: due.Recipient | None = None
    direct: DirectPayment | None = None
    standing: StandingOrder | None = None


def _purpose(bg_id: int, month: dt.date, kind: str) -> str:
    labels: dict[str, str] = {Payment.Kind.REGULAR: "", Payment.Kind.BACK: " Nachzahlung",
                              Payment.Kind.MANUAL: " Vorschuss",
                              Payment.Kind.ONE_OFF: " Einmalige Leistung",
                              Payment.Kind.ADVANCE: " Vorschuss"}
    label = labels[kind]
    return f"Leistungen SGB II {month:%m/%Y} BG {bg_id}{label}"[:140]


def standing_purpose(order: StandingOrder, month: dt.date) -> str:
    """The transfer's text of a Bescheid's monthly amount: what, which month, the
    Bescheid-Nr. and the person (the insurer books it by these)."""
    name = f"{order.person.first_name} {order.person.last_name}".strip()
    return (f"{order.purpose} {month:%m/%Y} Bescheid-Nr. {order.decision.reference} "
            f"{name}").strip()[:140]


class _Chunk:
    """The state of one chunk of BGs, read in one go, and the entries it writes."""

    def __init__(self, run: PaymentRun, bg_ids: list[int], months: list[dt.date],
                 today: dt.date) -> None:
        self.run = run
        self.today = today
        self.months = months
        self.dues = due.amounts_due(bg_ids, months)
        wanted = set(bg_ids)
        paid: dict[tuple[int, dt.date, str], Decimal] = defaultdict(lambda: ZERO)
        self.counts: dict[tuple[int, dt.date, str], int] = defaultdict(int)
        self.regular: set[tuple[int, dt.date, str]] = set()
        self.returned_ibans: dict[tuple[int, dt.date, str], set[str]] = defaultdict(set)
        self.sent_ibans: dict[tuple[int, dt.date, str], set[str]] = defaultdict(set)
        for bg_id, month, key, kind, status, amount, iban in (
                Payment.objects.filter(due._within("bedarfsgemeinschaft_id", bg_ids),
                                       month__in=months)
                .values_list("bedarfsgemeinschaft_id", "month", "recipient_key", "kind",
                             "status", "amount", "iban")):
            if bg_id not in wanted:  # another Jobcenter's BG inside the id range
                continue
            slot = (bg_id, month, key)
            self.counts[slot] += 1
            if kind == Payment.Kind.REGULAR:
                self.regular.add(slot)
            if status == Payment.Status.SENT:
                paid[slot] += amount
                self.sent_ibans[slot].add(iban)
            else:
                self.returned_ibans[slot].add(iban)
        for bg_id, month, total in (
                ClaimEntry.objects.filter(due._within("bedarfsgemeinschaft_id", bg_ids),
                                          kind=ClaimEntry.Kind.OFFSET, month__in=months)
                .values_list("bedarfsgemeinschaft_id", "month").annotate(total=Sum("amount"))):
            if bg_id in wanted:
                paid[(bg_id, month, "citizen")] += total
        self.paid = paid
        #: (BG, month) → the recipients with ledger entries (also without anything due now)
        self.keys: dict[tuple[int, dt.date], set[str]] = defaultdict(set)
        for bg_id, month, key in paid:
            self.keys[(bg_id, month)].add(key)
        self.recipients = due.recipients(bg_ids, months)
        self.stops: dict[int, list[PaymentStop]] = defaultdict(list)
        for stop in PaymentStop.objects.filter(due._within("bedarfsgemeinschaft_id", bg_ids),
                                               lifted_on__isnull=True):
            self.stops[stop.bedarfsgemeinschaft_id].append(stop)
        self.directs: dict[int, list[DirectPayment]] = defaultdict(list)
        for direct in DirectPayment.objects.filter(
                due._within("bedarfsgemeinschaft_id", bg_ids),
                valid_from__lte=months[-1]).filter(
                Q(valid_to__isnull=True) | Q(valid_to__gte=months[0])):
            self.directs[direct.bedarfsgemeinschaft_id].append(direct)
        #: the monthly amounts of concerns' Bescheide (§ 26, § 27 SGB II) in these months
        self.standing: dict[int, list[StandingOrder]] = defaultdict(list)
        for order in (StandingOrder.objects.filter(
                due._within("bedarfsgemeinschaft_id", bg_ids),
                valid_from__lte=months[-1], valid_to__gte=months[0])
                .select_related("decision", "person")):
            if order.bedarfsgemeinschaft_id in wanted:
                self.standing[order.bedarfsgemeinschaft_id].append(order)
        #: (BG, month) a run's report already names as held for want of a Bescheid (§ 26):
        #: the first run that holds it names it and tells the caseworker, no later one
        self.unruled_named: set[tuple[int, dt.date]] = set()
        if any(o.while_receiving for orders in self.standing.values() for o in orders):
            self.unruled_named = set(RunHold.objects.filter(
                due._within("bedarfsgemeinschaft_id", bg_ids), month__in=months,
                reason=RunHold.Reason.NO_DECISION).values_list("bedarfsgemeinschaft_id",
                                                               "month"))
        self.unruled: list[tuple[StandingOrder, dt.date]] = []
        persons: dict[int, Person | due.Recipient] = {
            p.pk: p for p in self.recipients.values()}
        persons.update({o.person_id: o.person for orders in self.standing.values()
                        for o in orders if not o.payee_iban})
        self.accounts = due.bank_accounts(persons.values())
        self.claims: dict[int, list[Claim]] = defaultdict(list)
        for claim in Claim.objects.filter(
                due._within("bedarfsgemeinschaft_id", bg_ids), status=Claim.Status.OPEN,
                offset_from__isnull=False).order_by("offset_from", "pk"):
            if claim.bedarfsgemeinschaft_id is not None:
                self.claims[claim.bedarfsgemeinschaft_id].append(claim)
        #: Bescheide whose overpayment is already a claim (no "check Aufhebung" hint)
        self.claimed = set(Claim.objects.filter(due._within("bedarfsgemeinschaft_id", bg_ids))
                           .values_list("bescheid_id", flat=True))
        self._decisions: dict[int, Decision] = {}
        self.payments: list[Payment] = []
        self.offsets: list[ClaimEntry] = []
        self.holds: list[RunHold] = []
        self.touched_claims: set[int] = set()

    def standing_months(self) -> set[tuple[int, dt.date]]:
        """(BG, month) of this run that a Bescheid's monthly amount covers (also a BG
        with no benefit due in that month: § 27 SGB II is paid to excluded trainees)."""
        return {(bg_id, month) for bg_id, orders in self.standing.items()
                for order in orders for month in self.months
                if order.valid_from <= month <= order.valid_to}

    # -- the ruling Bescheid's details, only for BGs that need them -------------------
    def decision(self, decision_id: int) -> Decision:
        if decision_id not in self._decisions:
            self._decisions[decision_id] = Decision.objects.select_related("case").get(
                pk=decision_id)
        return self._decisions[decision_id]

    def hold(self, bg_id: int, month: dt.date, reason: str, amount: Decimal) -> None:
        self.holds.append(RunHold(run=self.run, bedarfsgemeinschaft_id=bg_id, month=month,
                                  reason=reason, amount=max(amount, ZERO)))

    def pay(self, bg_id: int, month: dt.date, target: _Target, amount: Decimal, iban: str,
            *, name: str, decision_id: int | None, manual: ManualPayment | None = None,
            purpose: str = "") -> None:
        slot = (bg_id, month, target.key)
        if manual is not None and manual.one_off:
            kind = Payment.Kind.ONE_OFF
        elif manual is not None and manual.advance:
            kind = Payment.Kind.ADVANCE
        elif manual is not None:
            kind = Payment.Kind.MANUAL
        elif slot in self.regular:
            kind = Payment.Kind.BACK
        else:
            kind = Payment.Kind.REGULAR
            self.regular.add(slot)
        seq = self.counts[slot]
        self.counts[slot] += 1
        self.paid[slot] += amount
        self.payments.append(Payment(
            run=self.run, jobcenter_id=self.run.jobcenter_id, bedarfsgemeinschaft_id=bg_id,
            month=month, kind=kind, recipient_kind=target.kind, recipient_key=target.key,
            seq=seq, person_id=target.person.pk if target.person else None,
            direct_payment=target.direct, standing_order=target.standing,
            manual_payment=manual, decision_id=decision_id,
            recipient_name=name[:70],
            iban=iban, amount=amount, purpose=purpose or _purpose(bg_id, month, kind),
            end_to_end_id=f"{bg_id}-{month:%Y%m}-{target.key}-{seq}"[:35],
        ))

    # -- one BG and month -------------------------------------------------------------
    def settle(self, bg_id: int, month: dt.date) -> None:
        ruling = self.dues.get((bg_id, month))
        total = ruling.total if ruling else ZERO
        stop = self._active_stop(bg_id)
        targets: list[_Target] = []
        remaining = total
        directs = [d for d in self.directs.get(bg_id, ())
                   if d.valid_from <= month and (d.valid_to is None or d.valid_to >= month)]
        if directs and ruling is not None and ruling.decision_id is not None and total > 0:
            kdu_left = sum((Decimal(str(p.get("davon_kdu") or 0)) for p in due.month_details(
                self.decision(ruling.decision_id), month).values()), ZERO)
            citizen_paid = (bg_id, month, "citizen") in self.regular
            for direct in directs:
                if citizen_paid and (bg_id, month, f"D{direct.pk}") not in self.regular:
                    continue  # the month went to the citizen already: no second payment
                amount = min(direct.monthly_amount, kdu_left, remaining)
                kdu_left -= amount
                remaining -= amount
                kind = (Payment.RecipientKind.RENT if direct.kind == DirectPayment.Kind.RENT
                        else Payment.RecipientKind.ENERGY)
                targets.append(_Target(key=f"D{direct.pk}", kind=kind, amount=amount,
                                       direct=direct))
        # payments already made to a direct payment no longer in force still count
        for key in sorted(self.keys.get((bg_id, month), ())):
            if key.startswith("D") and not any(t.key == key for t in targets):
                targets.append(_Target(key=key, kind=Payment.RecipientKind.RENT,
                                       amount=ZERO))
        person = self.recipients.get((bg_id, month))
        targets.append(_Target(key="citizen", kind=Payment.RecipientKind.CITIZEN,
                               amount=remaining, person=person))
        for order in self.standing.get(bg_id, ()):
            if not order.valid_from <= month <= order.valid_to:
                continue
            reason = zuschuss.withheld_reason(order, ruling)
            if reason is not None:
                # § 26 SGB II: "für die Dauer des Leistungsbezugs" — not paid in a month
                # no Bescheid rules (held until one grants it) or that it grants 0 €
                left = order.monthly_amount - self.paid[(bg_id, month, f"M{order.pk}")]
                if left > 0:
                    self._withhold(bg_id, month, order, reason, left)
                continue
            targets.append(_Target(
                key=f"M{order.pk}", amount=order.monthly_amount, standing=order,
                kind=(Payment.RecipientKind.THIRD if order.payee_iban
                      else Payment.RecipientKind.CITIZEN)))
        for target in targets:
            self._settle_target(bg_id, month, target, ruling, stop)

    def _withhold(self, bg_id: int, month: dt.date, order: StandingOrder, reason: str,
                  left: Decimal) -> None:
        """A § 26 Zuschuss not paid for ``month``. A month of 0 €: paused, named by the
        monthly run's report. A month no Bescheid rules: named by the first run that holds
        it, which also hands the caseworker's Wiedervorlage to the outbox (once per order
        and month); a later run pays it once a Bescheid grants the month."""
        if reason == RunHold.Reason.NOT_RECEIVING:
            if self.run.kind == PaymentRun.Kind.MONTHLY:
                self.hold(bg_id, month, reason, left)
        elif (bg_id, month) not in self.unruled_named:
            self.hold(bg_id, month, reason, left)
            self.unruled.append((order, month))

    def _active_stop(self, bg_id: int) -> PaymentStop | None:
        for stop in self.stops.get(bg_id, ()):
            if stop.stopped_on <= self.today <= stop.deadline:
                return stop
        return None

    def _settle_target(self, bg_id: int, month: dt.date, target: _Target,
                       ruling: due.Due | None, stop: PaymentStop | None) -> None:
        slot = (bg_id, month, target.key)
        owed = target.amount
        if stop is not None:
            if stop.partial_amount is None or target.standing is not None:
                withheld = owed  # a Bescheid's monthly amount is held whole, as every order
            elif target.kind == Payment.RecipientKind.CITIZEN:
                withheld = min(owed, stop.partial_amount)  # a partial stop: own amount
            else:
                withheld = ZERO
            held = min(withheld, max(owed - self.paid[slot], ZERO))
            if held > 0:
                self.hold(bg_id, month, RunHold.Reason.STOPPED, held)
            owed -= withheld
        difference = owed - self.paid[slot]
        if difference < 0:
            if stop is None and not (ruling and ruling.decision_id in self.claimed):
                self.hold(bg_id, month, RunHold.Reason.OVERPAID, -difference)
            return
        if difference == 0:
            return
        decision_id = ruling.decision_id if ruling else None
        if target.standing is not None:
            self._pay_standing(bg_id, month, target, difference)
            return
        if target.kind == Payment.RecipientKind.CITIZEN and slot not in self.regular:
            difference -= self._offset(bg_id, month, ruling, target.person, difference)
            if difference <= 0:
                return
        if target.direct is not None:
            name, iban = target.direct.payee_name, target.direct.iban
        else:
            if target.person is None:
                self.hold(bg_id, month, RunHold.Reason.NO_RECIPIENT, difference)
                return
            name, iban = str(target.person), self.accounts.get(target.person.pk, "")
            if not iban:
                self.hold(bg_id, month, RunHold.Reason.NO_ACCOUNT, difference)
                return
        if iban in self.returned_ibans.get(slot, set()):
            self.hold(bg_id, month, RunHold.Reason.RETURNED, difference)
            return
        self.pay(bg_id, month, target, difference, iban, name=name, decision_id=decision_id)

    def _pay_standing(self, bg_id: int, month: dt.date, target: _Target,
                      amount: Decimal) -> None:
        """A Bescheid's monthly amount: to the payee it names or the person's account; no
        Aufrechnung (it is not the month's benefit), its own purpose text."""
        order = target.standing
        assert order is not None
        if order.payee_iban:
            name, iban = order.payee_name, order.payee_iban
        else:
            name = f"{order.person.first_name} {order.person.last_name}".strip()
            iban = self.accounts.get(order.person_id, "")
            if not iban:
                self.hold(bg_id, month, RunHold.Reason.NO_ACCOUNT, amount)
                return
        if iban in self.returned_ibans.get((bg_id, month, target.key), set()):
            self.hold(bg_id, month, RunHold.Reason.RETURNED, amount)
            return
        self.pay(bg_id, month, target, amount, iban, name=name, decision_id=order.decision_id,
                 purpose=standing_purpose(order, month))

    def _offset(self, bg_id: int, month: dt.date, ruling: due.Due | None,
                person: due.Recipient | None, available: Decimal) -> Decimal:
        """Aufrechnung (§ 43 SGB II) of the BG's claims against this month's payment."""
        claims = [c for c in self.claims.get(bg_id, ())
                  if c.offset_from and c.offset_from <= month
                  and (c.offset_until is None or c.offset_until >= month)
                  and (c.deferred_until is None or c.deferred_until < month)]
        if not claims or ruling is None or ruling.decision_id is None:
            return ZERO
        decision = self.decision(ruling.decision_id)
        details = due.month_details(decision, month)
        balances = claim_balances([c.pk for c in claims])
        taken = ZERO
        by_person: dict[int, list[Claim]] = defaultdict(list)
        for claim in claims:
            by_person[claim.person_id].append(claim)
        for person_claims in by_person.values():
            key = due.person_key_for(person_claims[0].person, decision)
            detail = details.get(key or "")
            if not detail:
                continue
            regelbedarf = Decimal(str(detail.get("regelbedarf") or 0))
            minderung = Decimal(str(detail.get("minderung") or 0))
            amounts = aufrechnung.monthly_offsets(
                [aufrechnung.Offsettable(c.pk, int(c.basis), balances[c.pk])
                 for c in person_claims if balances[c.pk] > 0],
                regelbedarf=regelbedarf, minderung=minderung, available=available - taken)
            for claim_id, amount in amounts.items():
                self.offsets.append(ClaimEntry(
                    claim_id=claim_id, kind=ClaimEntry.Kind.OFFSET, month=month,
                    booked_on=self.today, amount=amount, run=self.run,
                    bedarfsgemeinschaft_id=bg_id))
                self.touched_claims.add(claim_id)
                taken += amount
        self.paid[(bg_id, month, "citizen")] += taken
        return taken

    def write(self) -> None:
        _insert_payments(self.payments)
        ClaimEntry.objects.bulk_create(self.offsets)
        RunHold.objects.bulk_create(self.holds, ignore_conflicts=True)
        for order, month in self.unruled:  # in the chunk's transaction: once, or not at all
            outbox_enqueue(task=zahlungen_tasks.zuschuss_ohne_bescheid,
                           kwargs={"order_id": order.pk, "month": month.isoformat()},
                           key=f"zahlungen.{zuschuss.follow_up_key(order, month)}")
        # no signals for these writes: the households' and the debtors' pages move on
        datastand.changed(Payment, instances=self.payments)
        if self.touched_claims:
            datastand.changed(Claim, self.touched_claims)  # their ClaimEntry offsets
            close_paid_claims(self.touched_claims)
