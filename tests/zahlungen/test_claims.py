"""Claims: created from the Erstattungsbescheid's event, and the § 43 SGB II arithmetic
checked by hand-computed cases."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from jobcenter.core import events
from jobcenter.zahlungen.models import Claim, ClaimEntry, Payment
from jobcenter.zahlungen.services import (
    ClaimError,
    balance,
    claim_approve_write_off,
    claim_defer,
    claim_record_receipt,
    claim_remit,
    claim_request_write_off,
    claim_set_instalments,
    instalment_schedule,
    run_execute,
    run_start,
)
from jobcenter.zahlungen.services.aufrechnung import Offsettable, monthly_offsets, offset_end
from jobcenter.zahlungen.services.claims import basis_for, bestandskraft
from tests.factories import StaffFactory
from tests.zahlungen import helpers
from tests.zahlungen.conftest import FEB, JAN, MAR

D = Decimal
R = D("563.00")  # Regelbedarfsstufe 1


# --- § 43 arithmetic, by hand ----------------------------------------------------------

def test_ten_and_thirty_percent_of_the_regelbedarf():
    # 10 % of 563,00 € = 56,30 €; 30 % = 168,90 €
    assert monthly_offsets([Offsettable(1, 10, D("1000"))], regelbedarf=R,
                           available=D("900")) == {1: D("56.30")}
    assert monthly_offsets([Offsettable(1, 30, D("1000"))], regelbedarf=R,
                           available=D("900")) == {1: D("168.90")}


def test_together_never_more_than_thirty_percent():
    # 30 % claim first takes the whole 168,90 €; the 10 % claim gets nothing
    assert monthly_offsets([Offsettable(1, 30, D("1000")), Offsettable(2, 10, D("1000"))],
                           regelbedarf=R, available=D("900")) == {1: D("168.90")}
    # two 10 % claims: 56,30 + 56,30 = 112,60 € (below 168,90 €)
    assert monthly_offsets([Offsettable(1, 10, D("1000")), Offsettable(2, 10, D("1000"))],
                           regelbedarf=R, available=D("900")) == {1: D("56.30"), 2: D("56.30")}
    # a 10 % claim first (56,30 €), then a 30 % claim gets the rest up to 168,90: 112,60 €
    assert monthly_offsets([Offsettable(1, 10, D("1000")), Offsettable(2, 30, D("1000"))],
                           regelbedarf=R, available=D("900")) == {1: D("56.30"), 2: D("112.60")}


def test_the_balance_and_the_payment_limit_the_offset():
    # 20,00 € left on the first claim, the second takes its full 56,30 €
    assert monthly_offsets([Offsettable(1, 10, D("20")), Offsettable(2, 10, D("500"))],
                           regelbedarf=R, available=D("900")) == {1: D("20"), 2: D("56.30")}
    assert monthly_offsets([Offsettable(1, 30, D("500"))], regelbedarf=R,
                           available=D("50.00")) == {1: D("50.00")}


def test_a_leistungsminderung_lowers_or_excludes_the_offset():
    # § 43 Abs. 3: Minderung 100,00 € → limit 168,90 − 100,00 = 68,90 €
    assert monthly_offsets([Offsettable(1, 30, D("1000"))], regelbedarf=R,
                           minderung=D("100.00"), available=D("900")) == {1: D("68.90")}
    # Minderung of 30 % or more (168,90 €): no Aufrechnung
    assert monthly_offsets([Offsettable(1, 30, D("1000"))], regelbedarf=R,
                           minderung=D("168.90"), available=D("900")) == {}


def test_the_offset_ends_three_years_after_the_month_following_bestandskraft():
    # final on 15 March 2027 → following month April 2027 → last month April 2030
    assert offset_end(dt.date(2027, 3, 15)) == dt.date(2030, 4, 1)


def test_the_percentage_follows_the_legal_basis():
    assert basis_for("§ 41a Abs. 6 Satz 3 SGB II") == "10"
    assert basis_for("§ 48 Abs. 1 S. 2 Nr. 3 SGB X, § 50 Abs. 1 SGB X") == "10"
    assert basis_for("§ 45 SGB X, § 50 Abs. 1 SGB X") == "30"


# --- claims from the event --------------------------------------------------------------

def _erstattung(jc, person, bg, decision, amounts=("300.00", "200.00"),
                grund="§ 48 Abs. 1 Satz 2 Nr. 3 SGB X"):
    events.publish("decisions.erstattung_festgesetzt", bescheid_id=decision.pk,
                   jobcenter_id=jc.pk, positions=[
                       {"person_id": person.pk, "month": f"2026-{10 + i}", "amount": a,
                        "rechtsgrundlage": grund} for i, a in enumerate(amounts)])
    return Claim.objects.get(bescheid=decision, person=person)


@pytest.mark.django_db
def test_the_event_creates_one_claim_per_person_once(jc, family):
    bg, person, decision = family
    claim = _erstattung(jc, person, bg, decision)
    _erstattung(jc, person, bg, decision)  # delivered twice
    assert Claim.objects.count() == 1
    assert claim.amount == D("500.00") and claim.basis == "10"
    assert claim.bedarfsgemeinschaft_id == bg.pk
    assert claim.due_date == decision.presumed_delivery + dt.timedelta(days=30)


def ledger(bg, claim: Claim) -> tuple[dict[dt.date, Decimal], dict[dt.date, Decimal]]:
    """(month → amount offset against ``claim``, month → amount paid to the BG)."""
    offsets = {e.month: e.amount for e in ClaimEntry.objects.filter(
        claim=claim, kind=ClaimEntry.Kind.OFFSET)}
    return offsets, {p.month: p.amount for p in Payment.objects.filter(bedarfsgemeinschaft=bg)}


def declared(claim: Claim, start: dt.date) -> None:
    """The state an issued Aufrechnungsbescheid leaves (test_letters.py covers the
    procedure): offset from ``start`` up to the three-year limit of § 43 Abs. 4 Satz 2."""
    claim.offset_from = start
    final = bestandskraft(claim.bescheid)
    assert final is not None
    claim.offset_until = offset_end(final)
    claim.save(update_fields=["offset_from", "offset_until"])


@pytest.mark.django_db
def test_aufrechnung_in_the_payment_run_until_the_claim_is_paid(jc, family):
    bg, person, decision = family
    claim = _erstattung(jc, person, bg, decision, amounts=("300.00", "100.00"),
                        grund="§ 45 SGB X, § 50 SGB X")  # 30 %: 168,90 € a month
    declared(claim, JAN)
    claim.refresh_from_db()
    assert claim.offset_until is not None
    for day, month in ((dt.datetime(2026, 12, 18, 9), JAN), (dt.datetime(2027, 1, 18, 9), FEB),
                       (dt.datetime(2027, 2, 18, 9), MAR)):
        with time_machine.travel(day, tick=False):
            run = run_execute(run_start(jobcenter=jc, kind="monatlich", month=month).pk)
            run_execute(run.pk)  # again: nothing twice
    offsets, payments = ledger(bg, claim)
    # 400,00 € = 168,90 + 168,90 + 62,20
    assert offsets == {JAN: D("168.90"), FEB: D("168.90"), MAR: D("62.20")}
    assert payments == {JAN: D("731.10"), FEB: D("731.10"), MAR: D("837.80")}
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PAID and balance(claim) == 0


@pytest.mark.django_db
def test_stundung_pauses_the_aufrechnung(jc, family):
    bg, person, decision = family
    claim = _erstattung(jc, person, bg, decision)
    staff = StaffFactory(jobcenter=jc)
    declared(claim, JAN)
    with time_machine.travel(dt.datetime(2026, 12, 18, 9), tick=False):
        with pytest.raises(ClaimError):
            claim_defer(claim=claim, until=dt.date(2027, 1, 31), reason=" ", actor=staff)
        claim_defer(claim=claim, until=dt.date(2027, 1, 31), reason="Krankheit", actor=staff)
        run_execute(run_start(jobcenter=jc, kind="monatlich", month=JAN).pk)
    assert not ClaimEntry.objects.exists()
    assert Payment.objects.get().amount == D("900.00")


def _monthly_runs(jc, *months):
    """The monthly run of each month, on the 18th of the month before (as the Jobcenter)."""
    for month in months:
        day = dt.datetime(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 18, 9)
        with time_machine.travel(day, tick=False):
            run_execute(run_start(jobcenter=jc, kind="monatlich", month=month).pk)


def _erlass(jc, bg, person, claim, amount, day):
    """An Erlass of ``amount`` granted by its own issued Bescheid on ``day`` (four eyes)."""
    bescheid = helpers.issue(bg, person, months=[], amounts={"P1": "0"},
                             case=claim.bescheid.case)
    with time_machine.travel(day, tick=False):
        return claim_remit(claim=claim, amount=D(amount), decision=bescheid,
                           requested_by=StaffFactory(jobcenter=jc, role="leistung"),
                           approved_by=StaffFactory(jobcenter=jc, role="teamleitung"))


@pytest.mark.django_db
def test_a_partial_erlass_keeps_the_aufrechnung_for_the_rest(jc, family):
    """§ 44 SGB II remits only the part; the Aufrechnung (§ 43 SGB II, a Verwaltungsakt that
    stays in force, § 39 Abs. 2 SGB X) goes on for the rest with the same monthly amount,
    the last month only the rest, and ends when nothing is left."""
    bg, person, decision = family
    claim = _erstattung(jc, person, bg, decision, amounts=("300.00", "100.00"),
                        grund="§ 45 SGB X, § 50 SGB X")  # 400,00 € at 30 %: 168,90 € a month
    declared(claim, JAN)
    _monthly_runs(jc, JAN)
    assert balance(claim) == D("231.10")  # 400,00 − 168,90
    entry = _erlass(jc, bg, person, claim, "50.00", dt.datetime(2027, 1, 10, 9))
    assert entry is not None and entry.amount == D("50.00")
    claim.refresh_from_db()
    assert claim.status == Claim.Status.OPEN and balance(claim) == D("181.10")
    assert claim.offset_from == JAN and claim.offset_until is not None
    _monthly_runs(jc, FEB, MAR)
    offsets, payments = ledger(bg, claim)
    # 181,10 € = 168,90 + 12,20
    assert offsets == {JAN: D("168.90"), FEB: D("168.90"), MAR: D("12.20")}
    assert payments == {JAN: D("731.10"), FEB: D("731.10"), MAR: D("887.80")}
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PAID and balance(claim) == 0


@pytest.mark.django_db
def test_a_full_erlass_ends_the_aufrechnung(jc, family):
    bg, person, decision = family
    claim = _erstattung(jc, person, bg, decision, amounts=("300.00", "100.00"),
                        grund="§ 45 SGB X, § 50 SGB X")
    declared(claim, JAN)
    _monthly_runs(jc, JAN)
    # more than is left: only the 231,10 € left are remitted
    entry = _erlass(jc, bg, person, claim, "400.00", dt.datetime(2027, 1, 10, 9))
    assert entry is not None and entry.amount == D("231.10")
    claim.refresh_from_db()
    assert claim.status == Claim.Status.REMITTED and balance(claim) == 0
    assert claim.offset_from is None and claim.offset_until is None
    _monthly_runs(jc, FEB)
    assert Payment.objects.get(month=FEB).amount == D("900.00")
    assert ClaimEntry.objects.filter(kind=ClaimEntry.Kind.OFFSET).count() == 1  # January


@pytest.mark.django_db
def test_stundung_pauses_and_then_resumes_the_aufrechnung_with_a_partial_erlass(jc, family):
    """Deferred until 31 January: January's payment (paid in advance) is not offset, the
    Aufrechnung resumes with February's; an Erlass of a part during the Stundung leaves
    the rest to the resumed Aufrechnung (capped by the rest)."""
    bg, person, decision = family
    claim = _erstattung(jc, person, bg, decision, amounts=("300.00", "100.00"),
                        grund="§ 45 SGB X, § 50 SGB X")
    declared(claim, JAN)
    staff = StaffFactory(jobcenter=jc)
    with time_machine.travel(dt.datetime(2026, 12, 10, 9), tick=False):
        claim_defer(claim=claim, until=dt.date(2027, 1, 31), reason="Krankheit", actor=staff)
    _erlass(jc, bg, person, claim, "250.00", dt.datetime(2026, 12, 11, 9))
    claim.refresh_from_db()
    assert balance(claim) == D("150.00") and claim.offset_from == JAN
    _monthly_runs(jc, JAN, FEB, MAR)
    offsets, payments = ledger(bg, claim)
    assert offsets == {FEB: D("150.00")}  # not 168,90: only the rest
    assert payments == {JAN: D("900.00"), FEB: D("750.00"), MAR: D("900.00")}
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PAID


@pytest.mark.django_db
def test_niederschlagung_needs_a_second_person(jc, family):
    bg, person, decision = family
    claim = _erstattung(jc, person, bg, decision)
    first = StaffFactory(jobcenter=jc, role="leistung")
    second = StaffFactory(jobcenter=jc, role="teamleitung")
    claim_request_write_off(claim=claim, reason="Verstorben, kein Nachlass", actor=first)
    with pytest.raises(ClaimError):
        claim_approve_write_off(claim=claim, actor=first)
    with pytest.raises(ClaimError):
        claim_approve_write_off(claim=claim, actor=StaffFactory(jobcenter=jc,
                                                                 role="vermittlung"))
    claim = claim_approve_write_off(claim=claim, actor=second)
    assert claim.status == Claim.Status.WRITTEN_OFF


@pytest.mark.django_db
def test_instalments_and_receipts(jc, family):
    bg, person, decision = family
    claim = _erstattung(jc, person, bg, decision)  # 500,00 €
    staff = StaffFactory(jobcenter=jc)
    with time_machine.travel(dt.datetime(2027, 1, 10, 9), tick=False):
        with pytest.raises(ClaimError):
            claim_set_instalments(claim=claim, amount=D("600"), start=dt.date(2027, 2, 1),
                                  actor=staff)
        claim = claim_set_instalments(claim=claim, amount=D("150.00"),
                                      start=dt.date(2027, 2, 1), actor=staff)
        schedule = instalment_schedule(claim, balance(claim))
        assert schedule == [(dt.date(2027, 2, 1), D("150.00")), (dt.date(2027, 3, 1), D("150.00")),
                            (dt.date(2027, 4, 1), D("150.00")), (dt.date(2027, 5, 1), D("50.00"))]
        claim_record_receipt(claim=claim, amount=D("150.00"), booked_on=dt.date(2027, 2, 2),
                             actor=staff)
        assert balance(claim) == D("350.00")
        with pytest.raises(ClaimError):
            claim_record_receipt(claim=claim, amount=D("400.00"),
                                 booked_on=dt.date(2027, 2, 2), actor=staff)
