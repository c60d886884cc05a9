"""Payment runs: from the issued Bescheide to ledger entries and a SEPA file.

A run is a bulk run (``outbox.bulk``): the Jobcenter's Bedarfsgemeinschaften in ranges
of ids (partitions) that any number of workers take at once; each partition walks its BGs
in chunks, and each chunk is one transaction that writes the chunk's payments, offsets and
holds (the payments with ``COPY``) and moves the partition's checkpoint. A crash loses at
most the open chunk, and a retry continues after the checkpoint; the last partition to
finish writes the totals and the SEPA file (``run_finish``). What is paid is always "due
minus already paid" per (BG, month, recipient), read inside the chunk's transaction, and
every ledger entry is protected by a unique constraint (``Payment``: the regular payment
once, every further entry with the next ``seq``; ``ClaimEntry``: one Aufrechnung per
claim and month) — a second run, a retried task or two workers at once cannot pay
anything twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import holidays
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from jobcenter.decisions import deadlines
from jobcenter.decisions.models import Decision
from jobcenter.households.models import Bedarfsgemeinschaft
from jobcenter.jobcenters.models import Jobcenter
from jobcenter.outbox import bulk
from jobcenter.outbox.models import BulkPartition, BulkRun
from jobcenter.zahlungen.models import (
    Claim,
    ClaimEntry,
    DirectPayment,
    ManualPayment,
    PayerAccount,
    Payment,
    PaymentRun,
    PaymentStop,
    RunHold,
)
from jobcenter.zahlungen.services import aufrechnung, due, sepa

ZERO = Decimal("0.00")
CHUNK = 2000
#: How far back a daily run looks for unpaid differences (corrections, back payments).
BACK_MONTHS = 24
_TARGET = holidays.financial_holidays("ECB")


class RunError(Exception):
    """A run cannot start; the message is for the staff member."""


def next_bank_day(day: dt.date) -> dt.date:
    """The next TARGET2 business day after ``day``."""
    day += dt.timedelta(days=1)
    while day.weekday() >= 5 or day in _TARGET:
        day += dt.timedelta(days=1)
    return day


def last_bank_day_before(day: dt.date) -> dt.date:
    day -= dt.timedelta(days=1)
    while day.weekday() >= 5 or day in _TARGET:
        day -= dt.timedelta(days=1)
    return day


def _execution_date(kind: str, run_date: dt.date, month: dt.date | None) -> dt.date:
    earliest = next_bank_day(run_date)
    if kind == PaymentRun.Kind.MONTHLY and month is not None:
        # paid in advance (§ 42 Abs. 1 SGB II): on the account on the first of the month
        return max(earliest, last_bank_day_before(month))
    return earliest


def run_start(*, jobcenter: Jobcenter, kind: str, month: dt.date | None = None,
              actor: Any = None, today: dt.date | None = None,
              again: bool = False) -> PaymentRun:
    """The run of that kind for that month (monthly) or day (daily): a double click, a
    second start or a retry return the same run, which continues where it stopped.
    ``again`` (staff's button): a daily run of today that is done is followed by a new one
    (which pays only what the ledger does not have yet)."""
    today = today or timezone.localdate()
    if not PayerAccount.objects.filter(jobcenter=jobcenter).exists():
        raise RunError(_("Für dieses Jobcenter ist kein Auszahlungskonto hinterlegt. Der "
                         "Zahllauf startet erst, wenn ein Jobcenter-Admin es unter "
                         "Verwaltung → Auszahlungskonto hinterlegt hat."))
    if kind == PaymentRun.Kind.MONTHLY:
        if month is None:
            raise RunError(_("Bitte wählen Sie den Monat des Zahllaufs."))
        month = deadlines.first_of_month(month)
        if month < deadlines.first_of_month(today):
            raise RunError(_("Ein monatlicher Zahllauf ist nur für den laufenden oder einen "
                             "kommenden Monat möglich. Frühere Monate zahlt der tägliche "
                             "Zahllauf nach."))
        if month > deadlines.add_months(deadlines.first_of_month(today), 1):
            raise RunError(_("Ein monatlicher Zahllauf ist höchstens für den nächsten "
                             "Monat möglich."))
        lookup = {"jobcenter": jobcenter, "kind": kind, "month": month}
    else:
        month = None
        lookup = {"jobcenter": jobcenter, "kind": PaymentRun.Kind.DAILY, "run_date": today}
    existing = PaymentRun.objects.filter(**lookup).order_by("-pk").first()
    if existing is not None and not (
            again and kind == PaymentRun.Kind.DAILY
            and existing.status == PaymentRun.Status.DONE):
        return existing
    if kind == PaymentRun.Kind.DAILY:
        lookup["status"] = PaymentRun.Status.RUNNING
    try:
        with transaction.atomic():
            return PaymentRun.objects.create(
                jobcenter=jobcenter, kind=kind, month=month, run_date=today,
                execution_date=_execution_date(kind, today, month), started_by=actor)
    except IntegrityError:
        return PaymentRun.objects.get(**lookup)


def _months_of(run: PaymentRun) -> list[dt.date]:
    if run.kind == PaymentRun.Kind.MONTHLY:
        assert run.month is not None
        return [run.month]
    current = deadlines.first_of_month(run.run_date)
    latest_monthly = (PaymentRun.objects.filter(jobcenter_id=run.jobcenter_id,
                                                kind=PaymentRun.Kind.MONTHLY,
                                                status=PaymentRun.Status.DONE)
                      .order_by("-month").values_list("month", flat=True).first())
    last = max(current, latest_monthly or current)
    first = deadlines.add_months(current, -BACK_MONTHS)
    months = []
    month = first
    while month <= last:
        months.append(month)
        month = deadlines.add_months(month, 1)
    return months


@dataclass
class _Target:
    key: str
    kind: str  # Payment.RecipientKind
    amount: Decimal
    person: due.Recipient | None = None
    direct: DirectPayment | None = None


def _purpose(bg_id: int, month: dt.date, kind: str) -> str:
    labels: dict[str, str] = {Payment.Kind.REGULAR: "", Payment.Kind.BACK: " Nachzahlung",
                              Payment.Kind.MANUAL: " Vorschuss",
                              Payment.Kind.ONE_OFF: " Einmalige Leistung"}
    label = labels[kind]
    return f"Leistungen SGB II {month:%m/%Y} BG {bg_id}{label}"[:140]


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
        self.accounts = due.bank_accounts({p.pk: p for p in self.recipients.values()}.values())
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
            direct_payment=target.direct, manual_payment=manual, decision_id=decision_id,
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
        for target in targets:
            self._settle_target(bg_id, month, target, ruling, stop)

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
            if stop.partial_amount is None:
                withheld = owed
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
        if self.touched_claims:
            close_paid_claims(self.touched_claims)


#: The ledger columns written by a run (every concrete field but the id).
_PAYMENT_FIELDS = [f for f in Payment._meta.concrete_fields if not f.primary_key]


def _insert_payments(payments: list[Payment]) -> None:
    """Insert the chunk's ledger rows in one go: ``COPY`` on PostgreSQL, one
    ``executemany`` elsewhere — the same rows, constraints, triggers and defaults as
    ``bulk_create`` without building one giant statement (bench/payments_bench.py).
    A unique violation raises as usual and rolls the chunk back."""
    if not payments:
        return
    now = timezone.now()
    table = connection.ops.quote_name(Payment._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in _PAYMENT_FIELDS)
    rows = []
    for payment in payments:
        payment.created_at = now
        rows.append([f.get_db_prep_save(getattr(payment, f.attname), connection)
                     for f in _PAYMENT_FIELDS])
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # names from the model's meta, quoted; the values travel as COPY data
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(_PAYMENT_FIELDS))
        # names from the model's meta, quoted; every value is a parameter
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
        cursor.executemany(sql, rows)


def claim_balances(claim_ids: Iterable[int]) -> dict[int, Decimal]:
    claim_ids = list(claim_ids)
    amounts = dict(Claim.objects.filter(pk__in=claim_ids).values_list("pk", "amount"))
    booked = dict(ClaimEntry.objects.filter(claim_id__in=claim_ids).values_list("claim_id")
                  .annotate(total=Sum("amount")).values_list("claim_id", "total"))
    return {pk: amount - (booked.get(pk) or ZERO) for pk, amount in amounts.items()}


def close_paid_claims(claim_ids: Iterable[int]) -> None:
    paid = [pk for pk, balance in claim_balances(claim_ids).items() if balance <= 0]
    if paid:
        Claim.objects.filter(pk__in=paid, status=Claim.Status.OPEN).update(
            status=Claim.Status.PAID)


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


def run_finish(run_id: int) -> PaymentRun:
    """Totals, report and the SEPA file from the run's ledger entries; marks it done."""
    with transaction.atomic():
        run = PaymentRun.objects.select_for_update().select_related("jobcenter").get(
            pk=run_id)
        if run.status == PaymentRun.Status.DONE:
            return run
        account = PayerAccount.objects.get(jobcenter_id=run.jobcenter_id)
        rows = list(run.payments.order_by("pk").values(
            "recipient_name", "iban", "amount", "purpose", "end_to_end_id"))
        run.payments_count = len(rows)
        run.payments_total = sum((r["amount"] for r in rows), ZERO)
        run.held_count = run.holds.count()
        run.status = PaymentRun.Status.DONE
        run.finished_at = timezone.now()
        if not rows:  # nothing to pay: no file (pain.001 needs at least one payment)
            run.save()
            return run
        run.message_id = f"JC{run.jobcenter_id}-{run.kind[:1].upper()}{run.pk}"[:35]
        xml = sepa.credit_transfer_xml(
            debtor={"name": account.name, "iban": account.iban, "bic": account.bic},
            message_id=run.message_id, execution_date=run.execution_date,
            payments=({"name": r["recipient_name"], "iban": r["iban"], "amount": r["amount"],
                       "purpose": r["purpose"], "end_to_end_id": r["end_to_end_id"]}
                      for r in rows))
        run.file_sha256 = hashlib.sha256(xml).hexdigest()
        run.file.save(f"pain001-{run.jobcenter.slug}-{run.pk}.xml", ContentFile(xml),
                      save=False)
        run.save()
        return run



#: The kind of bulk run (``outbox.bulk``) a payment run is; registered in
#: ``config/wiring.py`` with ``BULK_KIND``.
BULK_KEY = "zahlungen.payment_run"


def run_bulk_run(run: PaymentRun) -> BulkRun:
    """The bulk run of a payment run: the Jobcenter's BGs in ranges of
    ``BULK_PARTITION_SIZE`` ids, made on the first call (the BGs that exist then)."""
    def partitions() -> Iterator[bulk.PartitionSpec]:
        keys = (Bedarfsgemeinschaft.objects.filter(jobcenter_id=run.jobcenter_id)
                .order_by("pk").values_list("jobcenter_id", "pk").iterator(chunk_size=20000))
        return bulk.ranges(keys, size=settings.BULK_PARTITION_SIZE)

    return bulk.bulk_run_start(kind=BULK_KEY, ref=str(run.pk), partitions=partitions)


def payment_chunk(partition: BulkPartition, size: int = CHUNK) -> bulk.ChunkResult:
    """The next ``size`` BGs of the partition after its checkpoint: their payments, offsets
    and holds, written in bulk in the transaction ``outbox.bulk`` commits together with the
    partition's new checkpoint."""
    run = PaymentRun.objects.get(pk=int(partition.run.ref))
    bg_ids = list(Bedarfsgemeinschaft.objects.filter(
        jobcenter_id=run.jobcenter_id, pk__gt=partition.cursor, pk__lte=partition.hi)
        .order_by("pk").values_list("pk", flat=True)[:size])
    if not bg_ids or run.status == PaymentRun.Status.DONE:
        return bulk.ChunkResult(processed=0, cursor=partition.hi, done=True)
    chunk = _Chunk(run, bg_ids, _months_of(run), run.run_date)
    pairs = set(chunk.dues) | set(chunk.keys)
    for bg_id, month in sorted(pairs):
        chunk.settle(bg_id, month)
    chunk.write()
    return bulk.ChunkResult(processed=len(bg_ids), cursor=bg_ids[-1],
                            done=bg_ids[-1] >= partition.hi,
                            counts={"payments": len(chunk.payments),
                                    "offsets": len(chunk.offsets), "holds": len(chunk.holds)})


def payment_finish(bulk_run: BulkRun) -> dict[str, Any]:
    """The summary once every partition is done: totals, report and the SEPA file."""
    run = run_finish(int(bulk_run.ref))
    progress = bulk.bulk_progress(run=bulk_run)
    PaymentRun.objects.filter(pk=run.pk).update(seconds=progress.seconds)
    return {"bedarfsgemeinschaften": progress.processed, "payments": run.payments_count,
            "payments_total": str(run.payments_total), "held": run.held_count,
            "partitions": progress.partitions, "seconds": round(progress.seconds, 3)}


#: The payment run as a kind of bulk run (registered in ``config/wiring.py``).
BULK_KIND = bulk.Kind(chunk=payment_chunk, finish=payment_finish, chunk_size=CHUNK)


def run_chunk(run_id: int, *, chunk_size: int = CHUNK) -> bool:
    """Process the next chunk of BGs of the run in this process; False when none is left."""
    run = PaymentRun.objects.get(pk=run_id)
    if run.status == PaymentRun.Status.DONE:
        return False
    return bulk.bulk_work(run=run_bulk_run(run), max_chunks=1, chunk_size=chunk_size) > 0


def run_dispatch(run_id: int) -> int:
    """Hand the run's partitions to the workers of the ``bulk`` queue (the approved manual
    payments of a daily run are paid first, here); the last partition to finish writes the
    SEPA file. Returns the partitions handed over."""
    run = PaymentRun.objects.get(pk=run_id)
    if run.status == PaymentRun.Status.DONE:
        return 0
    if run.kind == PaymentRun.Kind.DAILY:
        _manual_payments(run, run.run_date)
    return bulk.bulk_run_dispatch(run=run_bulk_run(run))


def run_execute(run_id: int, *, chunk_size: int = CHUNK) -> PaymentRun:
    """Run (or resume) a payment run to its end in this process (the command, the demo
    data, tests); several processes calling it share the partitions. Safe to call again."""
    run = PaymentRun.objects.get(pk=run_id)
    if run.status == PaymentRun.Status.DONE:
        return run
    if run.kind == PaymentRun.Kind.DAILY:
        _manual_payments(run, run.run_date)
    bulk.bulk_work(run=run_bulk_run(run), chunk_size=chunk_size)
    run.refresh_from_db()
    return run
