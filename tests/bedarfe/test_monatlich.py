"""A monthly amount a concern's Bescheid grants (§ 26 Zuschuss to the insurer, § 27
Mehrbedarf / Härtefall-Darlehen) is paid by the payment runs for the months the letter
names — end to end from the staff's decision to the ledger — held by a payment stop, ended
early by staff with a reason, and shown to the citizen and the staff."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from jobcenter.anliegen import registry, services
from jobcenter.decisions import services as decisions
from jobcenter.decisions.deadlines import add_months, first_of_month
from jobcenter.decisions.documents import bescheid_data, date_de
from jobcenter.decisions.models import Decision
from jobcenter.households.models import Person
from jobcenter.zahlungen.models import ManualPayment, Payment, PaymentRun, RunHold, StandingOrder
from jobcenter.zahlungen.services import (
    PaymentActionError,
    run_execute,
    run_start,
    standing_order_end,
    stop_create,
)
from tests.conftest import login
from tests.factories import CitizenFactory
from tests.zahlungen import helpers

pytestmark = pytest.mark.django_db

INSURER = "Alpha Private Krankenversicherung AG"
INSURER_IBAN = "DE89370400440532013000"
M1 = add_months(first_of_month(dt.date.today()), 1)
M2, M3 = add_months(M1, 1), add_months(M1, 2)
MONTHS_DE = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
             "September", "Oktober", "November", "Dezember"]


def month_de(month: dt.date) -> str:
    return f"{MONTHS_DE[month.month - 1]} {month.year}"


@pytest.fixture
def paying(jobcenter, citizen):
    helpers.payer_account(jobcenter)
    helpers.bank_account(Person.objects.get(user=citizen), helpers.IBAN2)
    return jobcenter


def issue(case, actor, outcome: str, capture, **kwargs) -> Decision:
    draft = services.anliegen_decide(case=case, actor=actor, outcome_key=outcome, **kwargs)
    with capture(execute=True):  # the outbox publishes decisions.kind_erlassen
        return decisions.decision_finalize(decision=draft, actor=actor)


def monthly_run(jobcenter, month: dt.date) -> PaymentRun:
    """The monthly run of ``month``, started three days before it."""
    return run_execute(run_start(jobcenter=jobcenter, kind="monatlich", month=month,
                                 today=month - dt.timedelta(days=3)).pk)


def text_of(decision: Decision) -> list[str]:
    return [p.replace("\xa0", " ") for p in bescheid_data(decision)["paragraphs"]]


def _kv(citizen, caseworker, submit, capture) -> Decision:
    """The BG's Bürgergeld granted for M1–M3 and a § 26 Zuschuss for M1–M2."""
    _granted(citizen)
    _submission, case = submit(citizen, "kv_zuschuss")
    return issue(case, caseworker, "bewilligung", capture, amount=Decimal("446.00"),
                 payee_name=INSURER, payee_iban=INSURER_IBAN, months=(M1, M2))


def test_kv_zuschuss_is_paid_to_the_insurer_for_the_months_the_letter_names(
        paying, citizen, caseworker, submit, django_capture_on_commit_callbacks):
    issued = _kv(citizen, caseworker, submit, django_capture_on_commit_callbacks)
    _submission, case = submit(citizen, "kv_zuschuss")
    start = date_de(dt.date.fromisoformat(case.data["kv_ab"]))
    received = date_de(dt.date.today())
    # the letter names the same months the runs pay (golden text)
    assert text_of(issued) == [
        "Guten Tag Alice Adler,",
        f"auf Ihren Antrag vom {received} bewilligen wir Ihnen ab dem {start} für die Monate "
        f"{month_de(M1)} bis {month_de(M2)} einen Zuschuss zu den Beiträgen zur Kranken- und "
        "Pflegeversicherung in Höhe von 446,00 € im Monat (§ 26 Abs. 1 Satz 1 und Abs. 3 "
        "Satz 1 SGB II).",
        "Der Zuschuss zur Krankenversicherung ist begrenzt auf den halbierten Beitrag im "
        "Basistarif (§ 26 Abs. 1 Satz 1 SGB II, § 152 Abs. 4 VAG), der Zuschuss zur "
        "Pflegeversicherung auf die Hälfte des Höchstbeitrags der sozialen "
        "Pflegeversicherung (§ 26 Abs. 3 Satz 1 SGB II).",
        f"Wir zahlen den Zuschuss direkt an {INSURER} (§ 26 Abs. 5 SGB II).",
        "Bitte teilen Sie uns jede Änderung Ihres Beitrags oder Ihrer Versicherung sofort mit "
        "(§ 60 Abs. 1 Satz 1 Nr. 2 SGB I).",
        f"Wir zahlen den Betrag von 446,00 € für jeden Monat von {month_de(M1)} bis "
        f"{month_de(M2)}, jeweils im Voraus zum Monatsbeginn.",
    ]
    order = StandingOrder.objects.get(decision=issued)
    assert (order.valid_from, order.valid_to, order.monthly_amount) == (M1, M2,
                                                                        Decimal("446.00"))
    assert (order.payee_name, order.payee_iban) == (INSURER, INSURER_IBAN)
    assert not ManualPayment.objects.filter(decision=issued).exists()  # never as a one-off
    # the event delivered twice orders nothing twice
    from jobcenter.anliegen.handlers import on_kind_erlassen
    on_kind_erlassen(decision_id=issued.pk)
    assert StandingOrder.objects.filter(decision=issued).count() == 1

    first = monthly_run(paying, M1)
    (paid,) = Payment.objects.filter(run=first, standing_order=order)
    assert (paid.month, paid.amount, paid.kind) == (M1, Decimal("446.00"),
                                                    Payment.Kind.REGULAR)
    assert (paid.recipient_name, paid.iban) == (INSURER, INSURER_IBAN)
    assert paid.recipient_kind == Payment.RecipientKind.THIRD
    assert paid.purpose.startswith(
        f"Zuschuss zur Kranken- und Pflegeversicherung {M1:%m/%Y} Bescheid-Nr. ")
    # a daily run after it pays nothing twice (the ledger's unique constraints)
    daily = run_execute(run_start(jobcenter=paying, kind="taeglich",
                                  today=M1 + dt.timedelta(days=2)).pk)
    assert not Payment.objects.filter(run=daily, standing_order=order).exists()
    second = monthly_run(paying, M2)
    assert [(p.month, p.amount) for p in Payment.objects.filter(run=second,
                                                                standing_order=order)] == [
        (M2, Decimal("446.00"))]
    third = monthly_run(paying, M3)  # after the last month: nothing
    assert not Payment.objects.filter(run=third, standing_order=order).exists()
    assert Payment.objects.filter(standing_order=order).count() == 2
    with transaction.atomic(), pytest.raises(IntegrityError):  # the database refuses a 2nd
        Payment.objects.create(
            run=third, jobcenter=paying, bedarfsgemeinschaft=order.bedarfsgemeinschaft,
            month=M1, kind="laufend", recipient_kind="dritte", recipient_key=f"M{order.pk}",
            seq=5, recipient_name=INSURER, iban=INSURER_IBAN, amount=Decimal(1),
            purpose="x", end_to_end_id="dup")


def test_a_payment_stop_holds_the_monthly_amount(
        paying, citizen, caseworker, submit, django_capture_on_commit_callbacks):
    issued = _kv(citizen, caseworker, submit, django_capture_on_commit_callbacks)
    order = StandingOrder.objects.get(decision=issued)
    with transaction.atomic():
        stop_create(bg=order.bedarfsgemeinschaft, facts="Arbeitsaufnahme",
                    partial_amount=Decimal("10.00"), from_person=True, actor=caseworker)
    from jobcenter.zahlungen.models import PaymentStop
    PaymentStop.objects.update(stopped_on=M1 - dt.timedelta(days=5))
    run = monthly_run(paying, M1)
    assert not Payment.objects.filter(standing_order=order).exists()
    assert RunHold.objects.filter(run=run, month=M1, reason=RunHold.Reason.STOPPED).exists()


def test_staff_end_it_early_with_a_reason_and_the_next_month_is_not_paid(
        paying, citizen, caseworker, submit, django_capture_on_commit_callbacks):
    issued = _kv(citizen, caseworker, submit, django_capture_on_commit_callbacks)
    order = StandingOrder.objects.get(decision=issued)
    monthly_run(paying, M1)
    with pytest.raises(PaymentActionError, match="Grund"):
        standing_order_end(order=order, last_month=M1, reason=" ", actor=caseworker)
    with pytest.raises(PaymentActionError, match="schon gezahlt"):
        standing_order_end(order=order, last_month=add_months(M1, -1), reason="Abmeldung",
                           actor=caseworker)
    with pytest.raises(PaymentActionError, match="nur bis"):
        standing_order_end(order=order, last_month=M3, reason="Abmeldung", actor=caseworker)
    ended = standing_order_end(order=order, last_month=M1,
                               reason="Aufhebungsbescheid: Versicherung endet", actor=caseworker)
    assert (ended.valid_to, ended.ended_by, ended.end_reason) == (
        M1, caseworker, "Aufhebungsbescheid: Versicherung endet")
    with pytest.raises(PaymentActionError, match="bereits beendet"):
        standing_order_end(order=order, last_month=M1, reason="x", actor=caseworker)
    monthly_run(paying, M2)
    assert [p.month for p in Payment.objects.filter(standing_order=order)] == [M1]


def test_azubi_mehrbedarf_is_paid_to_the_person_monthly(
        paying, citizen, caseworker, submit, django_capture_on_commit_callbacks):
    _submission, case = submit(citizen, "auszubildende")
    with pytest.raises(services.AnliegenError, match="ersten und den letzten Monat"):
        services.anliegen_decide(case=case, actor=caseworker, outcome_key="mehrbedarf",
                                 amount=Decimal("95"), details="Schwangerschaft")
    issued = issue(case, caseworker, "mehrbedarf", django_capture_on_commit_callbacks,
                   amount=Decimal("95.00"), details="Mehrbedarf bei Schwangerschaft.",
                   months=(M1, M1))
    assert text_of(issued)[-1] == (
        f"Wir zahlen den Betrag von 95,00 € für jeden Monat von {month_de(M1)} bis "
        f"{month_de(M1)}, jeweils im Voraus zum Monatsbeginn.")
    run = monthly_run(paying, M1)
    (paid,) = Payment.objects.filter(run=run, standing_order__decision=issued)
    assert (paid.amount, paid.iban, paid.recipient_kind) == (
        Decimal("95.00"), helpers.IBAN2, Payment.RecipientKind.CITIZEN)
    assert paid.recipient_name == "Alice Adler"


def again_changes_nothing(publish, decision: Decision, prefix: str, follow_ups: int) -> None:
    """The event delivered twice (published again for the same Bescheid) does nothing
    twice: no new eAkte entry, still ``follow_ups`` Wiedervorlagen with the key's prefix."""
    from jobcenter.casefiles.models import FollowUp, TimelineEntry

    entries = TimelineEntry.objects.count()
    assert publish(decision_id=decision.pk) is True
    assert TimelineEntry.objects.count() == entries
    assert FollowUp.objects.filter(key__startswith=prefix).count() == follow_ups


def _aufhebung(citizen, caseworker, capture, first_month: dt.date,
               granted: Decision | None = None) -> Decision:
    """The BG's Bürgergeld granted for M1–M3 (``granted``, else granted now), then an
    Aufhebungsbescheid from ``first_month`` on, issued through the usual issuing (its event
    through the outbox)."""
    from jobcenter.casefiles.models import DecisionType

    bg = Person.objects.get(user=citizen).memberships.get().bedarfsgemeinschaft
    granted = granted or _granted(citizen)
    draft = Decision.objects.create(
        case=granted.case, bedarfsgemeinschaft=bg,
        decision_type=DecisionType.objects.get(key="aufhebung"), status=Decision.Status.DRAFT,
        period_from=first_month, previous=granted, created_by=caseworker,
        reasons="Umzug in den Bezirk eines anderen Jobcenters.",
        snapshot={"request": {"personen": [{"id": "P1"}]}, "results": {}})
    with capture(execute=True):
        issued = decisions.decision_finalize(decision=draft, actor=caseworker)
    assert issued.status in (Decision.Status.APPROVED, Decision.Status.DELIVERED)
    return issued


def test_an_aufhebung_ends_the_kv_zuschuss_and_flags_the_azubi_amount(
        paying, citizen, caseworker, submit, django_capture_on_commit_callbacks):
    """§ 26 SGB II grants the Zuschuss "für die Dauer des Leistungsbezugs": an Aufhebung of
    the Bürgergeld from M2 ends its payment after M1 (trail, eAkte, Wiedervorlage to cancel
    its Bescheid and check § 26 Abs. 2 or 4). A § 27 amount is not Bürgergeld (§ 27 Abs. 1
    Satz 2): it goes on, and the caseworker is asked to check it."""
    from jobcenter.casefiles.models import FollowUp, TimelineEntry
    from jobcenter.decisions.services.issuing import aufhebung_publish

    capture = django_capture_on_commit_callbacks
    _submission, kv_case = submit(citizen, "kv_zuschuss")
    kv = issue(kv_case, caseworker, "bewilligung", capture, amount=Decimal("446.00"),
               payee_name=INSURER, payee_iban=INSURER_IBAN, months=(M1, M3))
    _submission, azubi_case = submit(citizen, "auszubildende")
    azubi = issue(azubi_case, caseworker, "mehrbedarf", capture, amount=Decimal("95.00"),
                  details="Mehrbedarf bei Schwangerschaft.", months=(M1, M3))
    granted = _granted(citizen)
    monthly_run(paying, M1)
    aufhebung = _aufhebung(citizen, caseworker, capture, M2, granted)
    kv_order = StandingOrder.objects.get(decision=kv)
    azubi_order = StandingOrder.objects.get(decision=azubi)
    assert (kv_order.valid_to, kv_order.ended_by, kv_order.end_decision) == (
        M1, caseworker, aufhebung)
    assert kv_order.end_reason == (
        f"Aufhebungsbescheid Nr. {aufhebung.reference}: Leistungen ab {month_de(M2)} "
        "aufgehoben; der Zuschuss wird nur für die Dauer des Leistungsbezugs geleistet "
        "(§ 26 SGB II).")
    assert (azubi_order.valid_to, azubi_order.ended_at) == (M3, None)
    # the eAkte: an entry in the concern's case and in the case of the Aufhebung
    notes = list(TimelineEntry.objects.filter(kind=TimelineEntry.Kind.NOTE,
                                              text__startswith="Laufende Zahlung")
                 .values_list("case_id", "text"))
    assert (kv_case.pk, f"Laufende Zahlung beendet: Zuschuss zur Kranken- und "
            f"Pflegeversicherung (446,00 € im Monat, Bescheid Nr. {kv.reference}), letzter "
            f"Monat {month_de(M1)}. Grund: Aufhebungsbescheid Nr. {aufhebung.reference}: "
            f"Leistungen ab {month_de(M2)} aufgehoben (§ 26 SGB II: nur für die Dauer des "
            "Leistungsbezugs).") in notes
    assert {case_id for case_id, _text in notes} == {kv_case.pk, azubi_case.pk,
                                                     aufhebung.case_id}
    assert all(e.citizen_text is None for e in TimelineEntry.objects.filter(
        text__startswith="Laufende Zahlung"))  # internal: no notice to the citizen
    todos = {f.case_id: f.text for f in FollowUp.objects.filter(key__startswith="aufhebung:")}
    assert todos[kv_case.pk] == (
        "Die Zahlung des Zuschusses Zuschuss zur Kranken- und Pflegeversicherung (Bescheid "
        f"Nr. {kv.reference}) ist ab {month_de(M2)} beendet. Bitte heben Sie den Bescheid "
        f"über den Zuschuss ab {month_de(M2)} auf (§ 48 SGB X) und prüfen Sie, ob ein "
        "Zuschuss nach § 26 Abs. 2 oder 4 SGB II in Betracht kommt (hilfebedürftig allein "
        "durch den Beitrag zur Kranken- oder Pflegeversicherung).")
    assert "läuft weiter, weil sie nicht vom Bezug des Bürgergelds abhängt (§ 27 Abs. 1 " \
        "Satz 2 SGB II)" in todos[azubi_case.pk]
    # the runs: nothing more to the insurer; the § 27 amount goes on
    monthly_run(paying, M2)
    assert [p.month for p in Payment.objects.filter(standing_order=kv_order)] == [M1]
    assert sorted(p.month for p in Payment.objects.filter(standing_order=azubi_order)) == [M1, M2]
    again_changes_nothing(aufhebung_publish, aufhebung, "aufhebung:", 2)


def test_an_aufhebung_after_the_month_was_paid_ends_after_it_and_asks_for_erstattung(
        paying, citizen, caseworker, submit, django_capture_on_commit_callbacks):
    from jobcenter.casefiles.models import FollowUp

    capture = django_capture_on_commit_callbacks
    _submission, kv_case = submit(citizen, "kv_zuschuss")
    kv = issue(kv_case, caseworker, "bewilligung", capture, amount=Decimal("446.00"),
               payee_name=INSURER, payee_iban=INSURER_IBAN, months=(M1, M3))
    granted = _granted(citizen)
    monthly_run(paying, M1)
    monthly_run(paying, M2)
    _aufhebung(citizen, caseworker, capture, M2, granted)
    order = StandingOrder.objects.get(decision=kv)
    assert order.valid_to == M2 and order.ended_at is not None  # M3 is not paid
    todo = FollowUp.objects.get(key__startswith="aufhebung:").text
    assert todo.endswith(f"Schon gezahlt für {month_de(M2)}: bitte Aufhebung und Erstattung "
                         "prüfen.")
    monthly_run(paying, M3)
    assert sorted(p.month for p in Payment.objects.filter(standing_order=order)) == [M1, M2]


def _changed(citizen, caseworker, capture, key: str, previous: Decision,
             amounts: dict[dt.date, str]) -> Decision:
    """A Bescheid of type ``key`` (an Änderung, an Abhilfe) changing ``previous`` for the
    months given, with the BG's amount per month, issued through the usual issuing (its
    events through the outbox)."""
    from jobcenter.casefiles.models import DecisionType
    from jobcenter.decisions.models import DecisionAmount

    bg = Person.objects.get(user=citizen).memberships.get().bedarfsgemeinschaft
    months = sorted(amounts)
    draft = Decision.objects.create(
        case=previous.case, bedarfsgemeinschaft=bg,
        decision_type=DecisionType.objects.get(key=key), status=Decision.Status.DRAFT,
        period_from=months[0], period_to=add_months(months[-1], 1) - dt.timedelta(days=1),
        previous=previous, created_by=caseworker,
        reasons="Einkommen aus Erwerbstätigkeit ab dem Monat, der Bedarf ist gedeckt.",
        snapshot={"request": {"personen": [{"id": "P1"}]}, "results": {}})
    DecisionAmount.objects.bulk_create([
        DecisionAmount(decision=draft, month=m, person_key="P1", person_name="Alice Adler",
                       bedarf=Decimal("900.00"), einkommen=Decimal("900.00") - Decimal(a),
                       amount=Decimal(a)) for m, a in amounts.items()])
    with capture(execute=True):
        issued = decisions.decision_finalize(decision=draft, actor=caseworker)
    assert issued.status in (Decision.Status.APPROVED, Decision.Status.DELIVERED)
    return issued


def _granted(citizen) -> Decision:
    person = Person.objects.get(user=citizen)
    bg = person.memberships.get().bedarfsgemeinschaft
    return helpers.issue(bg, person, months=[M1, M2, M3], amounts={"P1": "900.00"})


def test_an_aenderung_to_zero_ends_the_kv_zuschuss_like_an_aufhebung(
        paying, citizen, caseworker, submit, django_capture_on_commit_callbacks):
    """§ 26 Abs. 1 SGB II grants the Zuschuss "für Bezieherinnen und Bezieher von
    Bürgergeld ... für die Dauer des Leistungsbezugs": an Änderungsbescheid that sets the
    Leistung to 0 € from M2 to its end ends the Bezug as an Aufhebung does — the payment
    ends after M1 (trail naming the Änderungsbescheid, eAkte, Wiedervorlage), once."""
    from jobcenter.casefiles.models import FollowUp, TimelineEntry
    from jobcenter.decisions.services.issuing import aufhebung_publish, leistung_endet_ab

    capture = django_capture_on_commit_callbacks
    _submission, kv_case = submit(citizen, "kv_zuschuss")
    kv = issue(kv_case, caseworker, "bewilligung", capture, amount=Decimal("446.00"),
               payee_name=INSURER, payee_iban=INSURER_IBAN, months=(M1, M3))
    granted = _granted(citizen)
    monthly_run(paying, M1)
    aenderung = _changed(citizen, caseworker, capture, "aenderung", granted,
                         {M2: "0.00", M3: "0.00"})
    assert leistung_endet_ab(aenderung) == M2
    order = StandingOrder.objects.get(decision=kv)
    assert (order.valid_to, order.end_decision) == (M1, aenderung)
    assert order.end_reason == (
        f"Änderungsbescheid Nr. {aenderung.reference}: Leistungen ab {month_de(M2)} auf "
        "0,00 € festgesetzt; der Zuschuss wird nur für die Dauer des Leistungsbezugs "
        "geleistet (§ 26 SGB II).")
    notes = list(TimelineEntry.objects.filter(text__startswith="Laufende Zahlung beendet")
                 .values_list("case_id", flat=True))
    assert sorted(notes) == sorted({kv_case.pk, aenderung.case_id})
    todo = FollowUp.objects.get(key=f"aufhebung:{aenderung.pk}:M{order.pk}")
    assert todo.case_id == kv_case.pk
    assert todo.text.startswith("Die Zahlung des Zuschusses Zuschuss zur Kranken- und "
                                f"Pflegeversicherung (Bescheid Nr. {kv.reference}) ist ab "
                                f"{month_de(M2)} beendet.")
    monthly_run(paying, M2)
    assert [p.month for p in Payment.objects.filter(standing_order=order)] == [M1]
    again_changes_nothing(aufhebung_publish, aenderung, "aufhebung:", 1)


def test_an_aenderung_with_a_month_of_zero_before_a_paid_month_ends_nothing(
        paying, citizen, caseworker, submit, django_capture_on_commit_callbacks):
    """0 € in M2 but a paid M3: the Bezug goes on after M2 (only an Änderung to 0 € up to
    its end ends it); the order is not ended and the end's event is not handed over (the
    pause of M2: the test after the next)."""
    from jobcenter.decisions.services.issuing import leistung_endet_ab
    from jobcenter.outbox.models import OutboxMessage

    capture = django_capture_on_commit_callbacks
    _submission, kv_case = submit(citizen, "kv_zuschuss")
    kv = issue(kv_case, caseworker, "bewilligung", capture, amount=Decimal("446.00"),
               payee_name=INSURER, payee_iban=INSURER_IBAN, months=(M1, M3))
    aenderung = _changed(citizen, caseworker, capture, "aenderung", _granted(citizen),
                         {M2: "0.00", M3: "120.00"})
    assert leistung_endet_ab(aenderung) is None
    assert not OutboxMessage.objects.filter(
        key=f"decisions.leistung_aufgehoben:{aenderung.pk}").exists()
    # nothing ended the benefit before: a granting Bescheid hands nothing over
    assert not OutboxMessage.objects.filter(
        key__startswith="decisions.leistung_bewilligt:").exists()
    order = StandingOrder.objects.get(decision=kv)
    assert (order.valid_to, order.ended_at) == (M3, None)


def test_an_abhilfe_granting_the_months_again_puts_the_ended_zuschuss_before_the_caseworker(
        paying, citizen, caseworker, submit, django_capture_on_commit_callbacks):
    """The Aufhebung from M2 ended the Zuschuss after M1; on the Widerspruch an
    Abhilfebescheid grants M2 and M3 again. The order is not reopened by itself (its own
    Bescheid may be cancelled by now, past months need a released Nachzahlung): the eAkte
    of both cases says so and a Wiedervorlage in the Zuschuss's case names the months, the
    order, the Bescheid that ended it and what to do — once."""
    from jobcenter.casefiles.models import FollowUp, TimelineEntry
    from jobcenter.decisions.services.issuing import bewilligt_publish

    capture = django_capture_on_commit_callbacks
    _submission, kv_case = submit(citizen, "kv_zuschuss")
    kv = issue(kv_case, caseworker, "bewilligung", capture, amount=Decimal("446.00"),
               payee_name=INSURER, payee_iban=INSURER_IBAN, months=(M1, M3))
    granted = _granted(citizen)
    monthly_run(paying, M1)
    aufhebung = _aufhebung(citizen, caseworker, capture, M2, granted)
    order = StandingOrder.objects.get(decision=kv)
    assert (order.valid_to, order.end_decision) == (M1, aufhebung)
    abhilfe = _changed(citizen, caseworker, capture, "abhilfe", aufhebung,
                       {M2: "900.00", M3: "900.00"})
    order.refresh_from_db()
    assert (order.valid_to, order.end_decision) == (M1, aufhebung)  # still ended
    key = f"bewilligt:{abhilfe.pk}:M{order.pk}"
    todo = FollowUp.objects.get(key=key)
    assert todo.case_id == kv_case.pk
    assert todo.text == (
        f"Bescheid Nr. {abhilfe.reference} bewilligt die Leistungen für {month_de(M2)} bis "
        f"{month_de(M3)} wieder. Die Zahlung des Zuschusses Zuschuss zur Kranken- und "
        f"Pflegeversicherung (Bescheid Nr. {kv.reference}, § 26 SGB II) endete wegen des "
        f"Bescheids Nr. {aufhebung.reference} mit "
        f"{month_de(M1)} und läuft nicht von selbst wieder an. Haben Sie den Bescheid über "
        "den Zuschuss aufgehoben, nehmen Sie das für diese Monate zurück (§ 44 SGB X); "
        "bewilligen Sie den Zuschuss dann erneut mit einem Bescheid zum Anliegen.")
    notes = TimelineEntry.objects.filter(text__startswith="Leistungen wieder bewilligt")
    assert {n.case_id for n in notes} == {kv_case.pk, abhilfe.case_id}
    assert notes.first().text == (
        f"Leistungen wieder bewilligt mit Bescheid Nr. {abhilfe.reference} für "
        f"{month_de(M2)} bis {month_de(M3)}. Die laufende Zahlung Zuschuss zur Kranken- und "
        f"Pflegeversicherung (446,00 € im Monat, Bescheid Nr. {kv.reference}, bewilligt bis "
        f"{month_de(M3)}) ist wegen des Bescheids Nr. {aufhebung.reference} mit "
        f"{month_de(M1)} beendet und bleibt es, bis sie geprüft ist.")
    assert all(n.citizen_text is None for n in notes)  # internal
    again_changes_nothing(bewilligt_publish, abhilfe, "bewilligt:", 1)
    monthly_run(paying, M2)  # the runs do not pay it by themselves
    assert [p.month for p in Payment.objects.filter(standing_order=order)] == [M1]


def test_pages_show_it_to_the_right_actors(
        client, paying, citizen, caseworker, other_caseworker, submit,
        django_capture_on_commit_callbacks):
    issued = _kv(citizen, caseworker, submit, django_capture_on_commit_callbacks)
    order = StandingOrder.objects.get(decision=issued)
    monthly_run(paying, M1)
    login(client, citizen)
    html = client.get(reverse("zahlungen_citizen:list")).content.decode()
    assert "Monatliche Zahlungen aus Bescheiden" in html
    assert (f"Zuschuss zur Kranken- und Pflegeversicherung für {month_de(M1)}") in html
    assert "wir zahlen direkt an Alpha Private Krankenversicherung AG" in html
    assert INSURER_IBAN not in html and "DE89 " not in html  # the insurer's account is theirs
    client.logout()
    other = CitizenFactory(jobcenter=paying)
    login(client, other)
    html = client.get(reverse("zahlungen_citizen:list")).content.decode()
    assert "Zuschuss zur Kranken- und Pflegeversicherung" not in html
    client.logout()
    login(client, caseworker)
    bg_url = reverse("zahlungen:bg", kwargs={"pk": order.bedarfsgemeinschaft_id})
    html = client.get(bg_url).content.decode()
    assert "Laufende Zahlungen aus Bescheiden" in html and "gezahlt für" in html
    # the ledger row says what the payment is for (its transfer text)
    assert f"Zuschuss zur Kranken- und Pflegeversicherung {M1:%m/%Y} Bescheid-Nr." in html
    end_url = reverse("zahlungen:standing_end", kwargs={"pk": order.bedarfsgemeinschaft_id,
                                                        "order_pk": order.pk})
    response = client.post(end_url, {"standing-last_month": f"{M1:%Y-%m}", "standing-reason": ""})
    assert response.status_code == 400  # the reason is required, said on the page
    response = client.post(end_url, {"standing-last_month": f"{M1:%Y-%m}",
                                     "standing-reason": "Abmeldung"})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.ended_by == caseworker and order.valid_to == M1
    client.logout()
    login(client, other_caseworker)
    assert client.get(bg_url).status_code == 404
    assert client.post(end_url, {"standing-last_month": f"{M1:%Y-%m}",
                                 "standing-reason": "x"}).status_code == 404


def test_the_decide_screen_asks_for_the_months(client, citizen, caseworker, submit):
    _submission, case = submit(citizen, "kv_zuschuss")
    login(client, caseworker)
    url = reverse("anliegen:decide", kwargs={"pk": case.pk})
    html = client.get(url).content.decode()
    assert "Erster Monat der Zahlung" in html and "Letzter Monat der Zahlung" in html
    assert INSURER in html  # the payee prefilled from the form
    response = client.post(url, {"outcome": "bewilligung", "amount": "446,00",
                                 "payee_name": INSURER, "payee_iban": INSURER_IBAN,
                                 "month_from": f"{M2:%Y-%m}", "month_to": f"{M1:%Y-%m}"})
    assert response.status_code == 400
    assert "Der letzte Monat darf nicht vor dem ersten liegen." in response.content.decode()
    assert registry.get("kv_zuschuss").outcome("bewilligung").pays_monthly


def notes_text(kv: Decision, aenderung: Decision) -> str:
    return (f"Laufende Zahlung ausgesetzt: Zuschuss zur Kranken- und Pflegeversicherung "
            f"(446,00 € im Monat, Bescheid Nr. {kv.reference}) wird für {month_de(M2)} nicht "
            f"gezahlt, weil Bescheid Nr. {aenderung.reference} die Leistungen für diese Zeit "
            "auf 0,00 € festsetzt (§ 26 SGB II: nur für die Dauer des Leistungsbezugs); "
            "danach läuft sie weiter.")


def test_a_month_of_zero_pauses_the_kv_zuschuss_and_the_caseworker_checks_it(
        client, paying, citizen, caseworker, submit, django_capture_on_commit_callbacks):
    """0 € for the BG in M2, paid again in M3 (an Änderungsbescheid): in M2 nobody of the BG
    receives Bürgergeld, so the § 26 Zuschuss ("für die Dauer des Leistungsbezugs") is not
    paid for M2 — the order is paused, not ended, and pays M3. The monthly run's report
    names M2; the staff page shows it; a Wiedervorlage asks to cancel the Zuschuss's
    Bescheid for M2 and check § 26 Abs. 2/4 — once. A § 27 amount does not depend on the
    Bezug and is paid in M2."""
    from jobcenter.casefiles.models import FollowUp, TimelineEntry
    from jobcenter.decisions.services.issuing import ausgesetzt_publish, leistung_ruht_in
    from jobcenter.outbox.models import OutboxMessage

    capture = django_capture_on_commit_callbacks
    _submission, kv_case = submit(citizen, "kv_zuschuss")
    kv = issue(kv_case, caseworker, "bewilligung", capture, amount=Decimal("446.00"),
               payee_name=INSURER, payee_iban=INSURER_IBAN, months=(M1, M3))
    _submission, azubi_case = submit(citizen, "auszubildende")
    azubi = issue(azubi_case, caseworker, "mehrbedarf", capture, amount=Decimal("95.00"),
                  details="Mehrbedarf bei Schwangerschaft.", months=(M1, M3))
    order = StandingOrder.objects.get(decision=kv)
    assert order.while_receiving and not StandingOrder.objects.get(
        decision=azubi).while_receiving
    aenderung = _changed(citizen, caseworker, capture, "aenderung", _granted(citizen),
                         {M2: "0.00", M3: "120.00"})
    assert leistung_ruht_in(aenderung) == [M2]
    assert OutboxMessage.objects.filter(
        key=f"decisions.leistung_ausgesetzt:{aenderung.pk}").exists()
    order.refresh_from_db()
    assert (order.valid_to, order.ended_at) == (M3, None)  # paused, not ended
    todo = FollowUp.objects.get(key=f"ausgesetzt:{aenderung.pk}:M{order.pk}")
    assert todo.case_id == kv_case.pk
    assert todo.text == (
        f"Bescheid Nr. {aenderung.reference} setzt die Leistungen für {month_de(M2)} auf "
        "0,00 € fest, danach wieder höher: Zuschuss zur Kranken- und Pflegeversicherung "
        f"(Bescheid Nr. {kv.reference}) wird für diese Zeit nicht gezahlt (§ 26 SGB II) und "
        "läuft danach weiter. Bitte heben Sie den Bescheid über den Zuschuss für diese Zeit "
        "auf (§ 48 SGB X) und prüfen Sie § 26 Abs. 2 und 4 SGB II (hilfebedürftig allein "
        "durch den Versicherungsbeitrag).")
    assert notes_text(kv, aenderung) in [n.text for n in TimelineEntry.objects.all()]
    notes = TimelineEntry.objects.filter(text__startswith="Laufende Zahlung ausgesetzt")
    assert {n.case_id for n in notes} == {kv_case.pk, aenderung.case_id}
    assert all(n.citizen_text is None for n in notes)
    azubi_order = StandingOrder.objects.get(decision=azubi)
    assert not FollowUp.objects.filter(
        key__endswith=f"M{azubi_order.pk}").exists()  # § 27: nothing to check
    again_changes_nothing(ausgesetzt_publish, aenderung, "ausgesetzt:", 1)
    # the runs: M1 and M3 to the insurer, not M2; the § 27 amount every month
    monthly_run(paying, M1)
    second = monthly_run(paying, M2)
    monthly_run(paying, M3)
    assert [p.month for p in Payment.objects.filter(standing_order=order)
            .order_by("month")] == [M1, M3]
    assert sorted(p.month for p in Payment.objects.filter(standing_order__decision=azubi)) == [
        M1, M2, M3]
    (held,) = RunHold.objects.filter(run=second, reason=RunHold.Reason.NOT_RECEIVING)
    assert (held.month, held.amount) == (M2, Decimal("446.00"))
    daily = run_execute(run_start(jobcenter=paying, kind="taeglich",
                                  today=M3 + dt.timedelta(days=2)).pk)
    assert not Payment.objects.filter(run=daily, standing_order=order).exists()
    assert not RunHold.objects.filter(run=daily).exists()  # named once, by the monthly run
    # the staff page says it
    bg = order.bedarfsgemeinschaft
    login(client, caseworker)
    page = client.get(reverse("zahlungen:bg", args=[bg.pk])).content.decode()
    assert ("ausgesetzt, weil kein Leistungsbezug (§ 26 SGB II; danach läuft die Zahlung "
            f"weiter): {month_de(M2)}\n") in page


def test_a_month_of_zero_already_paid_asks_for_the_erstattung(
        paying, citizen, caseworker, submit, django_capture_on_commit_callbacks):
    from jobcenter.casefiles.models import FollowUp

    capture = django_capture_on_commit_callbacks
    _submission, kv_case = submit(citizen, "kv_zuschuss")
    kv = issue(kv_case, caseworker, "bewilligung", capture, amount=Decimal("446.00"),
               payee_name=INSURER, payee_iban=INSURER_IBAN, months=(M1, M3))
    granted = _granted(citizen)
    monthly_run(paying, M1)
    monthly_run(paying, M2)
    aenderung = _changed(citizen, caseworker, capture, "aenderung", granted,
                         {M2: "0.00", M3: "120.00"})
    order = StandingOrder.objects.get(decision=kv)
    todo = FollowUp.objects.get(key=f"ausgesetzt:{aenderung.pk}:M{order.pk}")
    assert todo.text.endswith(f"Schon gezahlt für {month_de(M2)}: bitte Aufhebung und "
                              "Erstattung prüfen.")
    monthly_run(paying, M3)
    assert sorted(p.month for p in Payment.objects.filter(standing_order=order)) == [
        M1, M2, M3]  # the month paid stays paid; M3 is paid again
