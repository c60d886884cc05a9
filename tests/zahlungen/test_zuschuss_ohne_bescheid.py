"""A § 26 Zuschuss is paid only for months an issued Bescheid grants the BG benefits in
(§ 26 Abs. 1 SGB II: "für die Dauer des Leistungsbezugs" — the rule by which the runs pay
the month's benefit). When the Bewilligungszeitraum runs out without a Weiterbewilligung,
the month is held, not lost: the first run that holds it names it in its report ("nicht
gezahlt: kein Bescheid für April 2027") and tells the caseworker (eAkte, Wiedervorlage)
once; the staff page shows it; a Weiterbewilligung issued later lets the next run pay it
exactly once."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from jobcenter.casefiles.models import FollowUp, TimelineEntry
from jobcenter.decisions.deadlines import add_months
from jobcenter.households.models import Person
from jobcenter.outbox.models import OutboxMessage
from jobcenter.zahlungen.models import Payment, PaymentRun, RunHold, StandingOrder
from jobcenter.zahlungen.services import due, run_execute, run_start, zuschuss
from tests.conftest import login
from tests.zahlungen import helpers
from tests.zahlungen.conftest import FEB, JAN, MAR

pytestmark = pytest.mark.django_db

APR, MAY = dt.date(2027, 4, 1), dt.date(2027, 5, 1)
INSURER, INSURER_IBAN = "Alpha Private Krankenversicherung AG", "DE89370400440532013000"


@pytest.fixture
def world(jobcenter, citizen, caseworker):
    """The citizen's BG granted 900 € for January to March 2027 (the Bewilligungszeitraum
    ends in March) and a § 26 Zuschuss of 446 € to the insurer for January to May 2027,
    whose case is the caseworker's; a § 27 amount of 95 € for the same months."""
    helpers.payer_account(jobcenter)
    person = Person.objects.get(user=citizen)
    person.memberships.update(role="antragsteller", valid_from=dt.date(2026, 1, 1))
    bg = person.memberships.get().bedarfsgemeinschaft
    helpers.bank_account(person)
    granted = helpers.issue(bg, person, months=[JAN, FEB, MAR], amounts={"P1": "900.00"})
    case = helpers.case_for(bg, person)
    case.assignee = caseworker
    case.save(update_fields=["assignee"])
    kv = StandingOrder.objects.create(
        jobcenter=jobcenter, bedarfsgemeinschaft=bg, person=person,
        decision=helpers.issue(bg, person, months=[], amounts={}, case=case),
        purpose="Zuschuss zur Kranken- und Pflegeversicherung",
        monthly_amount=Decimal("446.00"), valid_from=JAN, valid_to=MAY, payee_name=INSURER,
        payee_iban=INSURER_IBAN, while_receiving=True)
    azubi = StandingOrder.objects.create(
        jobcenter=jobcenter, bedarfsgemeinschaft=bg, person=person,
        decision=helpers.issue(bg, person, months=[], amounts={}, case=case),
        purpose="Mehrbedarf für Auszubildende", monthly_amount=Decimal("95.00"),
        valid_from=JAN, valid_to=MAY)
    return bg, person, granted, kv, azubi, case


def monthly(jobcenter, month: dt.date) -> PaymentRun:
    return run_execute(run_start(jobcenter=jobcenter, kind="monatlich", month=month,
                                 today=month - dt.timedelta(days=3)).pk)


def daily(jobcenter, today: dt.date) -> PaymentRun:
    return run_execute(run_start(jobcenter=jobcenter, kind="taeglich", today=today,
                                 again=True).pk)


def months_paid(order: StandingOrder) -> list[dt.date]:
    return sorted(Payment.objects.filter(standing_order=order).values_list("month", flat=True))


TODO = ("Für April 2027 bewilligt kein Bescheid der Bedarfsgemeinschaft Leistungen (etwa "
        "Bewilligungszeitraum ohne Weiterbewilligung abgelaufen): Zuschuss zur Kranken- und "
        "Pflegeversicherung (Bescheid Nr. {ref}, § 26 SGB II) wird dafür nicht gezahlt. "
        "Bitte prüfen Sie die Weiterbewilligung; bewilligt ein Bescheid den Monat, zahlt der "
        "nächste tägliche Zahllauf nach. Endet der Leistungsbezug, beenden Sie die Zahlung "
        "und heben Sie den Bescheid über den Zuschuss auf (§ 48 SGB X).")
NOTE = ("Laufende Zahlung nicht gezahlt: Zuschuss zur Kranken- und Pflegeversicherung "
        "(446,00 € im Monat, Bescheid Nr. {ref}) für April 2027, weil kein Bescheid der "
        "Bedarfsgemeinschaft Leistungen für diesen Monat bewilligt (§ 26 SGB II: nur für die "
        "Dauer des Leistungsbezugs). Bewilligt ein Bescheid den Monat, zahlt der nächste "
        "tägliche Zahllauf den Zuschuss nach.")


def test_the_rule(world):
    """Only a § 26 Zuschuss depends on the Bezug: no Bescheid → held, 0 € → paused."""
    _bg, _person, granted, kv, azubi, _case = world
    paid = due.Due(decision_id=granted.pk, persons={"P1": Decimal("900.00")})
    nothing = due.Due(decision_id=granted.pk, persons={"P1": Decimal("0.00")})
    assert zuschuss.withheld_reason(kv, None) == RunHold.Reason.NO_DECISION
    assert zuschuss.withheld_reason(kv, nothing) == RunHold.Reason.NOT_RECEIVING
    assert zuschuss.withheld_reason(kv, paid) is None
    assert {zuschuss.withheld_reason(azubi, r) for r in (None, nothing, paid)} == {None}


def test_the_period_ends_the_month_is_held_and_the_caseworker_told_once(
        client, jobcenter, world, caseworker, django_capture_on_commit_callbacks):
    bg, _person, _granted, kv, azubi, case = world
    for month in (JAN, FEB, MAR):
        monthly(jobcenter, month)
    with django_capture_on_commit_callbacks(execute=True):  # the outbox delivers
        april = monthly(jobcenter, APR)
    assert months_paid(kv) == [JAN, FEB, MAR]  # April: no Bescheid, not paid
    assert months_paid(azubi) == [JAN, FEB, MAR, APR]  # § 27 does not depend on the Bezug
    (held,) = RunHold.objects.filter(run=april, reason=RunHold.Reason.NO_DECISION)
    assert (held.bedarfsgemeinschaft_id, held.month, held.amount) == (bg.pk, APR,
                                                                      Decimal("446.00"))
    todo = FollowUp.objects.get(key=f"kein_bescheid:M{kv.pk}:2027-04")
    assert (todo.case_id, todo.assignee_id, todo.done_at) == (case.pk, caseworker.pk, None)
    assert todo.text == TODO.format(ref=kv.decision.reference)
    assert len(todo.text) <= 500
    (note,) = TimelineEntry.objects.filter(text__startswith="Laufende Zahlung nicht gezahlt")
    assert (note.case_id, note.text, note.citizen_text) == (
        case.pk, NOTE.format(ref=kv.decision.reference), None)  # internal
    assert OutboxMessage.objects.filter(key__startswith="zahlungen.kein_bescheid:").count() == 1

    # re-runs and later runs: nothing twice (the report names it once, one Wiedervorlage)
    assert monthly(jobcenter, APR).pk == april.pk
    with django_capture_on_commit_callbacks(execute=True):
        first = daily(jobcenter, APR + dt.timedelta(days=2))
        second = daily(jobcenter, APR + dt.timedelta(days=2))
    assert first.pk != second.pk
    assert months_paid(kv) == [JAN, FEB, MAR]
    assert not RunHold.objects.filter(run__in=[first, second],
                                      reason=RunHold.Reason.NO_DECISION).exists()
    assert OutboxMessage.objects.filter(key__startswith="zahlungen.kein_bescheid:").count() == 1
    assert FollowUp.objects.filter(key__startswith="kein_bescheid:").count() == 1
    # the task delivered twice tells nothing twice
    assert zuschuss.unruled_tell(order_id=kv.pk, month=APR.isoformat()) is False
    assert TimelineEntry.objects.filter(
        text__startswith="Laufende Zahlung nicht gezahlt").count() == 1

    # May: a month of its own, held and told by the May run
    with django_capture_on_commit_callbacks(execute=True):
        may = monthly(jobcenter, MAY)
    assert RunHold.objects.filter(run=may, month=MAY,
                                  reason=RunHold.Reason.NO_DECISION).count() == 1
    assert FollowUp.objects.filter(key=f"kein_bescheid:M{kv.pk}:2027-05").exists()

    # the staff see it: the BG's page and the run's report, the month in words
    login(client, caseworker)
    page = client.get(reverse("zahlungen:bg", args=[bg.pk])).content.decode()
    assert ("nicht gezahlt: kein Bescheid für April 2027, Mai 2027 (§ 26 SGB II; bewilligt "
            "ein Bescheid den Monat, zahlt der nächste tägliche Zahllauf nach)") in page
    assert ("April 2027: Zuschuss nach § 26 SGB II nicht gezahlt: kein Bescheid für "
            "April 2027 (446,00 €") in page
    report = client.get(reverse("zahlungen:run", args=[april.pk])).content.decode()
    assert "Zuschuss nach § 26 SGB II nicht gezahlt: kein Bescheid für April 2027" in report
    assert "2027-04" not in report  # the month in words, no ISO date


def test_a_weiterbewilligung_later_pays_the_held_month_once(
        client, jobcenter, world, caseworker, django_capture_on_commit_callbacks):
    bg, person, granted, kv, _azubi, case = world
    for month in (JAN, FEB, MAR, APR):
        monthly(jobcenter, month)
    assert months_paid(kv) == [JAN, FEB, MAR]
    # the Weiterbewilligung for April and May, issued after the April run
    helpers.issue(bg, person, months=[APR, MAY], amounts={"P1": "900.00"}, case=granted.case)
    # the outbox's hand-over comes only now: the month is granted, nothing to tell
    assert zuschuss.unruled_tell(order_id=kv.pk, month=APR.isoformat()) is False
    assert not FollowUp.objects.filter(key__startswith="kein_bescheid:").exists()
    back = daily(jobcenter, APR + dt.timedelta(days=10))
    (paid,) = Payment.objects.filter(run=back, standing_order=kv)
    assert (paid.month, paid.amount, paid.iban) == (APR, Decimal("446.00"), INSURER_IBAN)
    assert paid.purpose.startswith("Zuschuss zur Kranken- und Pflegeversicherung 04/2027 ")
    # once: another daily run, the May run and a daily run after it pay April no more
    again = daily(jobcenter, APR + dt.timedelta(days=10))
    assert not Payment.objects.filter(run=again, standing_order=kv).exists()
    monthly(jobcenter, MAY)
    daily(jobcenter, MAY + dt.timedelta(days=2))
    assert months_paid(kv) == [JAN, FEB, MAR, APR, MAY]
    assert Payment.objects.filter(standing_order=kv, month=APR).count() == 1
    login(client, caseworker)
    page = client.get(reverse("zahlungen:bg", args=[bg.pk])).content.decode()
    assert "bewilligt ein Bescheid den Monat, zahlt der nächste" not in page
    # the report of the April run keeps what it held then
    assert RunHold.objects.filter(month=APR, reason=RunHold.Reason.NO_DECISION).count() == 1


def test_a_month_before_any_run_is_named_by_the_daily_run_that_holds_it(
        jobcenter, world, django_capture_on_commit_callbacks):
    """The order is issued after the monthly runs of its months: the first daily run that
    holds a month without a Bescheid names it and tells the caseworker."""
    _bg, _person, _granted, kv, _azubi, _case = world
    with django_capture_on_commit_callbacks(execute=True):
        first = daily(jobcenter, APR + dt.timedelta(days=1))
    assert months_paid(kv) == [JAN, FEB, MAR]  # the back months the Bescheid grants
    assert list(RunHold.objects.filter(run=first, reason=RunHold.Reason.NO_DECISION)
                .values_list("month", flat=True)) == [APR]
    assert FollowUp.objects.filter(key__startswith="kein_bescheid:").count() == 1


def test_the_page_with_the_held_month_to_the_right_actors(
        client, jobcenter, world, caseworker, citizen, other_citizen, other_caseworker):
    bg, _person, _granted, _kv, _azubi, _case = world
    monthly(jobcenter, APR)
    url = reverse("zahlungen:bg", args=[bg.pk])
    login(client, caseworker)
    assert "nicht gezahlt: kein Bescheid für April 2027" in client.get(url).content.decode()
    for other in (citizen, other_citizen, other_caseworker):
        client.logout()
        login(client, other)
        response = client.get(url)
        assert response.status_code in (302, 403, 404)
        assert "kein Bescheid" not in response.content.decode()


def test_months_not_yet_reached_are_not_shown(jobcenter, world):
    """Before any run reached April, the staff page names no month: nothing was due yet."""
    from jobcenter.zahlungen.selectors import standing_orders_withheld

    _bg, _person, _granted, kv, _azubi, _case = world
    assert standing_orders_withheld([kv], today=MAR) == {}
    withheld = standing_orders_withheld([kv], today=APR)[kv.pk]
    assert (withheld.unruled, withheld.paused) == ([APR], [])
    assert standing_orders_withheld([kv], today=add_months(MAY, 3))[kv.pk].unruled == [APR, MAY]
