"""Payment runs: what is paid, exactly once, and why something is held."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.db import IntegrityError, transaction

from jobcenter.zahlungen.models import Payment, PaymentRun, RunHold
from jobcenter.zahlungen.services import (
    PaymentActionError,
    RunError,
    direct_payment_create,
    manual_decide,
    manual_request,
    payment_mark_returned,
    run_execute,
    run_start,
    stop_create,
    stop_lift,
)
from jobcenter.zahlungen.services.runs import run_chunk
from tests.factories import StaffFactory
from tests.zahlungen import helpers
from tests.zahlungen.conftest import FEB, JAN, MAR
from tests.zahlungen.sepa_check import assert_valid

pytestmark = pytest.mark.django_db

D = Decimal


def monthly(jc, month=JAN):
    return run_execute(run_start(jobcenter=jc, kind="monatlich", month=month).pk)


def daily(jc):
    return run_execute(run_start(jobcenter=jc, kind="taeglich").pk)


def ledger(bg):
    return sorted((p.month, p.recipient_kind, p.kind, p.amount)
                  for p in Payment.objects.filter(bedarfsgemeinschaft=bg))


@time_machine.travel(dt.datetime(2026, 12, 18, 9, 0), tick=False)
def test_the_monthly_run_pays_the_month_once_into_a_valid_file(jc, family):
    bg, person, _ = family
    run = monthly(jc)
    assert run.status == PaymentRun.Status.DONE
    assert ledger(bg) == [(JAN, "leistungsberechtigt", "laufend", D("900.00"))]
    payment = Payment.objects.get(bedarfsgemeinschaft=bg)
    assert payment.iban == helpers.IBAN and payment.recipient_name == "Ayse Yilmaz"
    # paid in advance: on the last TARGET day before 1 January (31 Dec 2026 is a Thursday)
    assert run.execution_date == dt.date(2026, 12, 31)
    xml = assert_valid(run)
    assert b"<InstdAmt Ccy=\"EUR\">900.00</InstdAmt>" in xml
    assert b"DE89370400440532013000" in xml
    # a second start (double click) is the same run; running it again pays nothing
    again = run_start(jobcenter=jc, kind="monatlich", month=JAN)
    assert again.pk == run.pk
    run_execute(again.pk)
    assert Payment.objects.count() == 1


@time_machine.travel(dt.datetime(2026, 12, 18, 9, 0), tick=False)
def test_monthly_run_only_for_the_current_or_next_month(jc):
    with pytest.raises(RunError):
        run_start(jobcenter=jc, kind="monatlich", month=dt.date(2026, 11, 1))
    with pytest.raises(RunError):
        run_start(jobcenter=jc, kind="monatlich", month=FEB)


def test_the_ledger_refuses_a_second_regular_payment(jc, family):
    bg, person, decision = family
    run = PaymentRun.objects.create(jobcenter=jc, kind="taeglich", run_date=JAN,
                                    execution_date=JAN)
    fields = {"run": run, "jobcenter": jc, "bedarfsgemeinschaft": bg, "month": JAN,
              "kind": "laufend", "recipient_kind": "leistungsberechtigt",
              "recipient_key": "citizen", "recipient_name": "A", "iban": helpers.IBAN,
              "amount": D("1.00"), "purpose": "x"}
    Payment.objects.create(seq=0, end_to_end_id="a", **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.create(seq=1, end_to_end_id="b", **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.create(seq=0, end_to_end_id="c", **{**fields, "kind": "nachzahlung"})


def test_a_correction_pays_only_the_difference_and_a_cut_is_reported(jc, family):
    bg, person, decision = family
    with time_machine.travel(dt.datetime(2026, 12, 18, 9, 0), tick=False):
        monthly(jc)
    with time_machine.travel(dt.datetime(2027, 1, 10, 9, 0), tick=False):
        helpers.issue(bg, person, months=[JAN, FEB, MAR], amounts={"P1": "950.00"},
                      type_key="aenderung", previous=decision)
        run = daily(jc)
    assert ledger(bg) == [(JAN, "leistungsberechtigt", "laufend", D("900.00")),
                          (JAN, "leistungsberechtigt", "nachzahlung", D("50.00"))]
    assert_valid(run)
    with time_machine.travel(dt.datetime(2027, 1, 11, 9, 0), tick=False):
        helpers.issue(bg, person, months=[JAN, FEB, MAR], amounts={"P1": "920.00"},
                      type_key="aenderung", previous=decision)
        run = daily(jc)
    assert run.payments_count == 0
    hold = RunHold.objects.get(run=run)
    assert (hold.reason, hold.amount) == ("ueberzahlt", D("30.00"))
    assert len(ledger(bg)) == 2


def test_an_aufhebung_ends_the_payments(jc, family):
    bg, person, decision = family
    with time_machine.travel(dt.datetime(2027, 1, 10, 9, 0), tick=False):
        helpers.issue(bg, person, months=[], amounts={}, type_key="aufhebung",
                      previous=decision, case=decision.case)
        from jobcenter.decisions.models import Decision

        Decision.objects.filter(decision_type__key="aufhebung").update(period_from=JAN)
        run = daily(jc)
    assert run.payments_count == 0 and ledger(bg) == []


def test_the_daily_run_pays_back_months_and_the_current_month(jc, family):
    bg, person, _ = family
    with time_machine.travel(dt.datetime(2027, 2, 3, 9, 0), tick=False):
        run = daily(jc)
    assert ledger(bg) == [(JAN, "leistungsberechtigt", "laufend", D("900.00")),
                          (FEB, "leistungsberechtigt", "laufend", D("900.00"))]
    assert run.execution_date == dt.date(2027, 2, 4)
    assert_valid(run)


def test_without_bank_details_the_payment_is_held_with_the_reason(jc):
    bg, person = helpers.household(jc, first="Ohne", last="Konto")
    helpers.issue(bg, person, months=[JAN], amounts={"P1": "500.00"})
    with time_machine.travel(dt.datetime(2026, 12, 18, 9, 0), tick=False):
        run = monthly(jc)
    assert run.payments_count == 0 and run.held_count == 1
    assert RunHold.objects.get(run=run).reason == RunHold.Reason.NO_ACCOUNT
    # the person gives an IBAN: the daily run pays
    helpers.bank_account(person)
    with time_machine.travel(dt.datetime(2027, 1, 5, 9, 0), tick=False):
        daily(jc)
    assert ledger(bg) == [(JAN, "leistungsberechtigt", "laufend", D("500.00"))]


def test_rent_goes_to_the_landlord_split_from_the_citizens_amount(jc, family):
    bg, person, _ = family
    staff = StaffFactory(jobcenter=jc)
    direct_payment_create(bg=bg, kind="miete", basis="antrag", payee_name="Wohnbau GmbH",
                          **helpers.PAYEE_ADDRESS, iban=helpers.LANDLORD_IBAN,
                          monthly_amount=D("500.00"),
                          valid_from=JAN, reason="Antrag vom 1.12.", actor=staff)
    with time_machine.travel(dt.datetime(2026, 12, 18, 9, 0), tick=False):
        run = monthly(jc)
    # capped at the recognised KdU of 450 €
    assert ledger(bg) == [(JAN, "leistungsberechtigt", "laufend", D("450.00")),
                          (JAN, "miete", "laufend", D("450.00"))]
    xml = assert_valid(run)
    assert b"Wohnbau GmbH" in xml and helpers.LANDLORD_IBAN.encode() in xml


def test_a_direct_payment_after_the_month_was_paid_pays_nothing_twice(jc, family):
    bg, person, _ = family
    with time_machine.travel(dt.datetime(2026, 12, 18, 9, 0), tick=False):
        monthly(jc)
    direct_payment_create(bg=bg, kind="miete", basis="antrag", payee_name="Wohnbau GmbH",
                          **helpers.PAYEE_ADDRESS, iban=helpers.LANDLORD_IBAN,
                          monthly_amount=D("400.00"),
                          valid_from=JAN, reason="Antrag", actor=StaffFactory(jobcenter=jc))
    with time_machine.travel(dt.datetime(2027, 1, 5, 9, 0), tick=False):
        daily(jc)
    assert sum(p[3] for p in ledger(bg)) == D("900.00")


def test_a_payment_stop_holds_until_lifted_and_its_deadline_is_two_months(jc, family):
    bg, person, _ = family
    staff = StaffFactory(jobcenter=jc)
    with time_machine.travel(dt.datetime(2026, 12, 18, 9, 0), tick=False):
        stop = stop_create(bg=bg, facts="Arbeitsaufnahme laut Arbeitgeber", partial_amount=None,
                           from_person=False, actor=staff)
        assert stop.deadline == dt.date(2027, 2, 18)
        with pytest.raises(PaymentActionError):
            stop_create(bg=bg, facts="x", partial_amount=None, from_person=False, actor=staff)
        run = monthly(jc)
    assert run.payments_count == 0
    assert RunHold.objects.get(run=run).reason == RunHold.Reason.STOPPED
    with time_machine.travel(dt.datetime(2027, 1, 7, 9, 0), tick=False):
        stop_lift(stop=stop, reason="Arbeit nicht aufgenommen", actor=staff)
        daily(jc)
    assert ledger(bg) == [(JAN, "leistungsberechtigt", "laufend", D("900.00"))]


def test_a_stop_without_a_bescheid_after_two_months_no_longer_holds(jc, family):
    bg, person, _ = family
    with time_machine.travel(dt.datetime(2026, 12, 18, 9, 0), tick=False):
        stop_create(bg=bg, facts="Hinweis", partial_amount=D("100.00"), from_person=True,
                    actor=StaffFactory(jobcenter=jc))
        monthly(jc)
    assert ledger(bg) == [(JAN, "leistungsberechtigt", "laufend", D("800.00"))]
    with time_machine.travel(dt.datetime(2027, 2, 19, 9, 0), tick=False):
        daily(jc)
    assert ledger(bg) == [(JAN, "leistungsberechtigt", "laufend", D("800.00")),
                          (JAN, "leistungsberechtigt", "nachzahlung", D("100.00")),
                          (FEB, "leistungsberechtigt", "laufend", D("900.00"))]


def test_a_returned_payment_is_paid_again_only_to_new_bank_details(jc, family):
    bg, person, _ = family
    with time_machine.travel(dt.datetime(2026, 12, 18, 9, 0), tick=False):
        monthly(jc)
    payment = Payment.objects.get()
    payment_mark_returned(payment=payment, reason="AC04", returned_on=dt.date(2027, 1, 4),
                          actor=StaffFactory(jobcenter=jc))
    with time_machine.travel(dt.datetime(2027, 1, 5, 9, 0), tick=False):
        run = daily(jc)
    assert run.payments_count == 0
    assert RunHold.objects.get(run=run).reason == RunHold.Reason.RETURNED
    helpers.bank_account(person, helpers.IBAN2)
    with time_machine.travel(dt.datetime(2027, 1, 6, 9, 0), tick=False):
        daily(jc)
    again = Payment.objects.exclude(pk=payment.pk).get()
    assert (again.kind, again.amount, again.iban) == ("nachzahlung", D("900.00"), helpers.IBAN2)


def test_a_manual_payment_needs_a_second_person_and_counts_as_paid(jc, family):
    bg, person, _ = family
    first = StaffFactory(jobcenter=jc, role="leistung")
    second = StaffFactory(jobcenter=jc, role="teamleitung")
    mediator = StaffFactory(jobcenter=jc, role="vermittlung")
    manual = manual_request(bg=bg, month=JAN, amount=D("200.00"), reason="Notlage",
                            actor=first)
    with pytest.raises(PaymentActionError):
        manual_decide(manual=manual, approve=True, actor=first)
    with pytest.raises(PaymentActionError):
        manual_decide(manual=manual, approve=True, actor=mediator)
    with time_machine.travel(dt.datetime(2026, 12, 18, 9, 0), tick=False):
        daily(jc)
    assert ledger(bg) == []  # not released yet
    manual_decide(manual=manual, approve=True, actor=second)
    with time_machine.travel(dt.datetime(2026, 12, 19, 9, 0), tick=False):
        daily(jc)
        monthly(jc)
    assert ledger(bg) == [(JAN, "leistungsberechtigt", "laufend", D("700.00")),
                          (JAN, "leistungsberechtigt", "manuell", D("200.00"))]


def test_a_crash_in_the_middle_resumes_without_paying_twice(jc, monkeypatch):
    bgs = []
    for index in range(5):
        bg, person = helpers.household(jc, first=f"P{index}")
        helpers.bank_account(person)
        helpers.issue(bg, person, months=[JAN], amounts={"P1": f"{100 + index}.00"})
        bgs.append(bg)
    with time_machine.travel(dt.datetime(2026, 12, 18, 9, 0), tick=False):
        run = run_start(jobcenter=jc, kind="monatlich", month=JAN)
        assert run_chunk(run.pk, chunk_size=2)
        from jobcenter.zahlungen.services import runs

        original = runs._Chunk.write
        calls = {"n": 0}

        def crashing(self):
            calls["n"] += 1
            if calls["n"] == 1:
                original(self)  # the payments are written …
                raise RuntimeError("worker killed")  # … but the chunk never commits
            return original(self)

        monkeypatch.setattr(runs._Chunk, "write", crashing)
        with pytest.raises(RuntimeError):
            run_execute(run.pk, chunk_size=2)
        assert Payment.objects.count() == 2  # the first chunk only
        run = run_execute(run.pk, chunk_size=2)
        run_execute(run.pk, chunk_size=2)
    assert Payment.objects.count() == 5
    assert run.payments_total == D("510.00")
    assert_valid(run)


@pytest.mark.django_db(transaction=True)
def test_two_workers_on_the_same_run_pay_each_month_once(jc):
    """PostgreSQL: concurrent workers (a retried task next to the first one) pay nothing
    twice — the run's row lock serialises the chunks, the ledger's constraints hold."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs real concurrent transactions (DATABASE_URL=postgres://…)")
    from tests.concurrency import run_at_once

    for index in range(12):
        bg, person = helpers.household(jc, first=f"W{index}")
        helpers.bank_account(person)
        helpers.issue(bg, person, months=[JAN], amounts={"P1": "100.00"})
    with time_machine.travel(dt.datetime(2026, 12, 18, 9, 0), tick=False):
        run = run_start(jobcenter=jc, kind="monatlich", month=JAN)
        results, errors = run_at_once(lambda: run_execute(run.pk, chunk_size=3).pk, threads=4)
    assert not errors, errors
    assert Payment.objects.count() == 12
    run.refresh_from_db()
    assert run.status == PaymentRun.Status.DONE and run.payments_total == D("1200.00")
    assert_valid(run)


def test_a_run_touches_only_its_own_jobcenter(jc, family):
    """BG ids of two Jobcenters interleave; each run pays and reports only its own."""
    from tests.factories import JobcenterFactory

    other = JobcenterFactory()
    helpers.payer_account(other)
    bg_other, person_other = helpers.household(other, first="Otto")
    helpers.bank_account(person_other)
    helpers.issue(bg_other, person_other, months=[JAN], amounts={"P1": "700.00"})
    bg_mine, person_mine = helpers.household(jc, first="Mia")
    helpers.bank_account(person_mine)
    helpers.issue(bg_mine, person_mine, months=[JAN], amounts={"P1": "600.00"})
    with time_machine.travel(dt.datetime(2026, 12, 18, 9, 0), tick=False):
        other_run = monthly(other)
        run = monthly(jc)
    assert {p.bedarfsgemeinschaft.jobcenter_id for p in run.payments.all()} == {jc.pk}
    assert run.payments_total == D("1500.00") and run.held_count == 0
    assert other_run.payments_total == D("700.00")
    assert Payment.objects.count() == 4 - 1  # family 900, Mia 600, Otto 700


def test_a_daily_run_joins_the_running_one_and_may_follow_a_finished_one(jc, family):
    bg, person, _ = family
    with time_machine.travel(dt.datetime(2027, 1, 5, 9, 0), tick=False):
        first = run_start(jobcenter=jc, kind="taeglich")
        assert run_start(jobcenter=jc, kind="taeglich", again=True).pk == first.pk  # running
        run_execute(first.pk)
        assert run_start(jobcenter=jc, kind="taeglich").pk == first.pk  # the beat's retry
        second = run_start(jobcenter=jc, kind="taeglich", again=True)
        assert second.pk != first.pk
        second = run_execute(second.pk)
    assert second.payments_count == 0 and not second.file  # nothing left, no file
    assert Payment.objects.count() == 1


def test_the_command_runs_and_resumes(jc, family):
    import io

    from django.core.management import CommandError, call_command

    out = io.StringIO()
    with time_machine.travel(dt.datetime(2026, 12, 18, 9, 0), tick=False):
        call_command("zahllauf", jc.slug, "--art", "monatlich", "--monat", "2027-01",
                     stdout=out)
        call_command("zahllauf", jc.slug, "--art", "monatlich", "--monat", "2027-01",
                     stdout=out)
        with pytest.raises(CommandError):
            call_command("zahllauf", jc.slug, "--art", "monatlich", "--monat", "01/2027")
    assert "1 Zahlungen, 900.00 EUR" in out.getvalue()
    assert Payment.objects.count() == 1
