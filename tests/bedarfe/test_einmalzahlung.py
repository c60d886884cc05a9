"""One-off amounts of a concern's Bescheid are paid (issues 15 and 17): issuing the granting
letter orders the payment once, the next daily run pays it once into a valid SEPA file —
to the person's account or to the third party the letter names —, a loan is paid out AND
becomes its repayment claim, refusals pay nothing, and staff and citizen see it."""

from __future__ import annotations

import os
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from jobcenter.anliegen import handlers, services
from jobcenter.casefiles.models import Case
from jobcenter.decisions import services as decisions
from jobcenter.decisions.models import Decision
from jobcenter.households.models import Membership, Person
from jobcenter.zahlungen.models import Claim, ManualPayment, Payment, PaymentRun
from jobcenter.zahlungen.services import run_execute, run_start
from tests.conftest import login
from tests.zahlungen import helpers
from tests.zahlungen.sepa_check import assert_valid

pytestmark = pytest.mark.django_db

LANDLORD = "Wohnbau Alpha GmbH"
LANDLORD_IBAN = "DE89370400440532013000"
CITIZEN_IBAN = helpers.IBAN2


@pytest.fixture
def paying(jobcenter, citizen):
    """The Jobcenter can pay, the citizen's person has an account."""
    helpers.payer_account(jobcenter)
    helpers.bank_account(Person.objects.get(user=citizen), CITIZEN_IBAN)
    return jobcenter


def _issue(case: Case, actor, outcome: str, capture, **kwargs) -> Decision:
    draft = services.anliegen_decide(case=case, actor=actor, outcome_key=outcome, **kwargs)
    with capture(execute=True):  # the outbox publishes decisions.kind_erlassen
        return decisions.decision_finalize(decision=draft, actor=actor)


def _daily(jobcenter, *, again: bool = False) -> PaymentRun:
    return run_execute(run_start(jobcenter=jobcenter, kind="taeglich", again=again).pk)


def test_an_issued_grant_is_paid_once_by_the_next_daily_run(
    paying, citizen, caseworker, submit, django_capture_on_commit_callbacks
):
    _submission, case = submit(citizen, "darlehen")
    issued = _issue(
        case,
        caseworker,
        "bewilligung",
        django_capture_on_commit_callbacks,
        amount=Decimal("300.00"),
    )
    order = ManualPayment.objects.get(decision=issued)
    assert order.status == ManualPayment.Status.APPROVED and order.amount == Decimal("300.00")
    assert order.payee_iban == "" and order.decided_by is None  # released with the Bescheid
    run = _daily(paying)
    (payment,) = Payment.objects.filter(run=run)
    assert payment.kind == Payment.Kind.ONE_OFF and payment.manual_payment == order
    assert payment.recipient_kind == Payment.RecipientKind.CITIZEN
    assert payment.iban == CITIZEN_IBAN and payment.amount == Decimal("300.00")
    assert payment.recipient_name == "Alice Adler" and payment.decision == issued
    assert f"Bescheid-Nr. {issued.reference}" in payment.purpose
    assert payment.purpose.startswith("Darlehen")
    xml = assert_valid(run).decode()
    assert f"Bescheid-Nr. {issued.reference}" in xml and '<InstdAmt Ccy="EUR">300.00' in xml
    # the loan also became its repayment claim (bedarfe), once
    assert Claim.objects.filter(bescheid=issued).count() == 1
    # the event delivered again orders nothing twice; a further run pays nothing twice
    assert handlers.on_kind_erlassen(decision_id=issued.pk)
    assert ManualPayment.objects.filter(decision=issued).count() == 1
    again = _daily(paying, again=True)
    assert again.pk != run.pk and again.payments_count == 0
    assert Payment.objects.filter(manual_payment=order).count() == 1


def test_the_one_off_amount_is_paid_on_top_of_the_monthly_benefit(
    paying, citizen, caseworker, submit, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from jobcenter.decisions.deadlines import first_of_month

    person = Person.objects.get(user=citizen)
    bg = Membership.objects.get(person=person).bedarfsgemeinschaft
    month = first_of_month(timezone.localdate())
    helpers.issue(bg, person, months=[month], amounts={"P1": "900.00"})
    _submission, case = submit(citizen, "darlehen")
    _issue(
        case,
        caseworker,
        "bewilligung",
        django_capture_on_commit_callbacks,
        amount=Decimal("300.00"),
    )
    run = _daily(paying)
    paid = sorted((p.kind, p.amount) for p in Payment.objects.filter(run=run, month=month))
    assert paid == [
        (Payment.Kind.ONE_OFF, Decimal("300.00")),
        (Payment.Kind.REGULAR, Decimal("900.00")),
    ]
    assert _daily(paying, again=True).payments_count == 0


def test_a_deposit_goes_to_the_landlord_and_becomes_the_loan_claim(
    paying, citizen, caseworker, submit, django_capture_on_commit_callbacks
):
    _submission, case = submit(citizen, "mietkaution")
    issued = _issue(
        case,
        caseworker,
        "bewilligung",
        django_capture_on_commit_callbacks,
        amount=Decimal("1440.00"),
        payee_name=LANDLORD,
        payee_iban="de89 3704 0044 0532 0130 00",
    )
    assert issued.snapshot["letter"]["payee"] == {"name": LANDLORD, "iban": LANDLORD_IBAN}
    if os.environ.get("EINMAL_PDF"):  # for looking at it: pdftoppm -png -r 80
        from jobcenter.decisions.documents import bescheid_pdf

        with open(os.environ["EINMAL_PDF"], "wb") as out:
            out.write(bescheid_pdf(issued))
    run = _daily(paying)
    (payment,) = Payment.objects.filter(run=run)
    assert payment.recipient_kind == Payment.RecipientKind.THIRD
    assert (payment.recipient_name, payment.iban) == (LANDLORD, LANDLORD_IBAN)
    assert payment.amount == Decimal("1440.00")
    assert payment.purpose.startswith(
        "Mietkaution oder Genossenschaftsanteile für die neue Wohnung Bescheid-Nr. ")
    assert_valid(run)
    (claim,) = Claim.objects.filter(bescheid=issued)
    assert claim.amount == Decimal("1440.00") and claim.basis == Claim.Basis.FIVE
    assert _daily(paying, again=True).payments_count == 0


def test_the_letter_names_the_payee_staff_entered(citizen, caseworker, submit):
    _submission, case = submit(citizen, "bildung_teilhabe", anbieter_name="")
    draft = services.anliegen_decide(
        case=case,
        actor=caseworker,
        outcome_key="bewilligung_anbieter",
        amount=Decimal("245.00"),
        payee_name="Förderverein GS",
        payee_iban=helpers.LANDLORD_IBAN,
    )
    from jobcenter.decisions.documents import bescheid_data

    text = " ".join(bescheid_data(draft)["paragraphs"])
    assert "direkt an Förderverein GS" in text
    assert helpers.LANDLORD_IBAN not in text  # the IBAN is data, not letter text


def test_a_payee_outcome_needs_name_and_a_valid_iban(citizen, caseworker, submit):
    _submission, case = submit(citizen, "mietkaution")
    for name, iban, message in (
        ("", LANDLORD_IBAN, "Namen des Zahlungsempfängers"),
        (LANDLORD, "DE00 1234", "Diese IBAN ist nicht gültig"),
    ):
        with pytest.raises(services.AnliegenError, match=message):
            services.anliegen_decide(
                case=case,
                actor=caseworker,
                outcome_key="bewilligung",
                amount=Decimal("1440.00"),
                payee_name=name,
                payee_iban=iban,
            )
    assert not Decision.objects.filter(case=case).exists()


def test_heating_fuel_goes_to_the_supplier_only_when_the_person_named_one(
    paying, citizen, caseworker, submit, django_capture_on_commit_callbacks
):
    _submission, case = submit(citizen, "heizkosten")  # no supplier named: to the person
    issued = _issue(
        case,
        caseworker,
        "bewilligung",
        django_capture_on_commit_callbacks,
        amount=Decimal("1650.00"),
    )
    assert ManualPayment.objects.get(decision=issued).payee_iban == ""
    _submission, named = submit(
        citizen, "heizkosten", lieferant_name="Öl-Meyer KG", lieferant_iban=helpers.LANDLORD_IBAN
    )
    with pytest.raises(services.AnliegenError, match="Namen des Zahlungsempfängers"):
        services.anliegen_decide(
            case=named, actor=caseworker, outcome_key="bewilligung", amount=Decimal("1650.00")
        )
    issued = _issue(
        named,
        caseworker,
        "bewilligung",
        django_capture_on_commit_callbacks,
        amount=Decimal("1650.00"),
        payee_name="Öl-Meyer KG",
        payee_iban=helpers.LANDLORD_IBAN,
    )
    order = ManualPayment.objects.get(decision=issued)
    assert (order.payee_name, order.payee_iban) == ("Öl-Meyer KG", helpers.LANDLORD_IBAN)
    run = _daily(paying)
    kinds = sorted(p.recipient_kind for p in Payment.objects.filter(run=run))
    assert kinds == sorted([Payment.RecipientKind.CITIZEN, Payment.RecipientKind.THIRD])
    assert_valid(run)


def test_a_refusal_or_a_grant_without_amount_pays_nothing(
    paying, citizen, caseworker, submit, django_capture_on_commit_callbacks
):
    _submission, case = submit(citizen, "heizkosten")
    refused = _issue(
        case,
        caseworker,
        "ablehnung",
        django_capture_on_commit_callbacks,
        reasons="Die Menge reicht für zwei Jahre.",
    )
    assert refused.status in (
        Decision.Status.APPROVED,
        Decision.Status.DELIVERED,
        Decision.Status.AWAITING_APPROVAL,
    )
    _submission, move = submit(citizen, "umzug", umzug_antraege=["zusicherung"])
    _issue(move, caseworker, "zusicherung", django_capture_on_commit_callbacks)
    assert not handlers.on_kind_erlassen(decision_id=refused.pk)
    assert not ManualPayment.objects.exists()
    assert _daily(paying).payments_count == 0


def test_without_an_account_the_order_waits_for_a_later_run(
    jobcenter, citizen, caseworker, submit, django_capture_on_commit_callbacks
):
    helpers.payer_account(jobcenter)  # no IBAN of the person known
    _submission, case = submit(citizen, "darlehen")
    issued = _issue(
        case,
        caseworker,
        "bewilligung",
        django_capture_on_commit_callbacks,
        amount=Decimal("300.00"),
    )
    run = _daily(jobcenter)
    assert run.payments_count == 0 and run.holds.get().reason == "kein_konto"
    helpers.bank_account(Person.objects.get(user=citizen), CITIZEN_IBAN)
    later = _daily(jobcenter, again=True)
    (payment,) = Payment.objects.filter(run=later)
    assert payment.decision == issued and payment.amount == Decimal("300.00")


def test_a_staff_members_manual_payment_still_needs_a_second_person(jobcenter, citizen, caseworker):
    bg = Membership.objects.get(person__user=citizen).bedarfsgemeinschaft
    with pytest.raises(IntegrityError), transaction.atomic():
        ManualPayment.objects.create(
            jobcenter=jobcenter,
            bedarfsgemeinschaft=bg,
            month="2026-12-01",
            amount=Decimal("50.00"),
            reason="Vorschuss",
            requested_by=caseworker,
            status=ManualPayment.Status.APPROVED,
        )


def test_the_decide_screen_asks_for_the_payee_with_errors_at_the_field(
    client, citizen, caseworker, submit
):
    _submission, case = submit(citizen, "mietkaution")
    login(client, caseworker)
    url = reverse("anliegen:decide", args=[case.pk])
    page = client.get(url).content.decode()
    assert "IBAN des Zahlungsempfängers" in page
    assert 'value="Wohnbau Alpha GmbH"' in page  # prefilled from the person's answers
    bad = client.post(
        url,
        {
            "outcome": "bewilligung",
            "amount": "1440,00",
            "payee_name": "",
            "payee_iban": "DE00 1234",
        },
    )
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "Bitte geben Sie den Namen des Zahlungsempfängers an." in body
    assert "Diese IBAN ist nicht gültig" in body
    assert 'id="id_payee_iban-error"' in body or "id_payee_iban" in body
    assert not Decision.objects.filter(case=case).exists()
    ok = client.post(
        url,
        {
            "outcome": "bewilligung",
            "amount": "1440,00",
            "payee_name": LANDLORD,
            "payee_iban": LANDLORD_IBAN,
        },
    )
    assert ok.status_code == 302
    draft = Decision.objects.get(case=case)
    assert draft.snapshot["letter"]["payee"]["iban"] == LANDLORD_IBAN
    # a refusal asks for no payee
    draft.delete()
    refusal = client.post(url, {"outcome": "ablehnung", "reasons": "Kein Umzug zugesichert."})
    assert refusal.status_code == 302


def test_staff_and_citizen_see_the_one_off_payment(
    client,
    paying,
    citizen,
    other_citizen,
    caseworker,
    other_caseworker,
    submit,
    django_capture_on_commit_callbacks,
):
    _submission, case = submit(citizen, "mietkaution")
    issued = _issue(
        case,
        caseworker,
        "bewilligung",
        django_capture_on_commit_callbacks,
        amount=Decimal("1440.00"),
        payee_name=LANDLORD,
        payee_iban=LANDLORD_IBAN,
    )
    _daily(paying)
    bg = Membership.objects.get(person__user=citizen).bedarfsgemeinschaft
    login(client, caseworker)
    staff = client.get(reverse("zahlungen:bg", args=[bg.pk])).content.decode()
    assert "Einmalige Leistungen aus Bescheiden" in staff
    assert issued.reference in staff and "DE89 3704 0044 0532 0130 00" in staff  # grouped
    assert "1.440,00 €" in staff and "einmalige Leistung" in staff
    client.logout()
    login(client, citizen)
    mine = client.get(reverse("zahlungen_citizen:list")).content.decode()
    assert ("Einmalige Leistung: Mietkaution oder Genossenschaftsanteile für die neue "
            "Wohnung") in mine
    assert "1.440,00 €" in mine and LANDLORD in mine and "Anbieter oder Vermieter" in mine
    assert "DE89" not in mine and LANDLORD_IBAN not in mine  # the landlord's account
    client.logout()
    login(client, other_citizen)
    theirs = client.get(reverse("zahlungen_citizen:list")).content.decode()
    assert LANDLORD not in theirs and "1.440,00" not in theirs
    client.logout()
    login(client, other_caseworker)
    assert client.get(reverse("zahlungen:bg", args=[bg.pk])).status_code == 404


def test_only_granting_bescheide_pay_and_every_direkt_an_letter_asks_for_the_payee():
    import datetime as dt

    from jobcenter.anliegen import registry

    for concern in registry.concerns():
        for outcome in concern.outcomes:
            if outcome.decision_type != registry.BESCHEID or not outcome.amount:
                assert not outcome.pays, (concern.key, outcome.key)  # refusals, Schreiben
                continue
            if outcome.redirects:  # a Direktzahlung (§ 22 Abs. 7): its handler redirects part
                # of the benefit through zahlungen; nothing of its own is paid (test_direktzahlung)
                assert not outcome.pays and not outcome.pays_monthly, (concern.key, outcome.key)
                continue
            if outcome.on_claim:  # an instalment or an Erlass on the person's claim: nothing is
                # paid out; the concern's handler acts on the claim (test_forderung)
                assert not outcome.pays and not outcome.pays_monthly, (concern.key, outcome.key)
                continue
            if outcome.monthly:  # an amount per month (§ 26, § 27): never paid as a one-off,
                # but by the runs in each month its letter names (tests/bedarfe/test_monatlich)
                assert not outcome.pays and outcome.pays_monthly, (concern.key, outcome.key)
                continue
            assert outcome.pays
            # with every answer that may name a payee filled, a letter that pays "direkt an"
            # someone must ask staff for that payee's name and IBAN
            answers = dict.fromkeys(concern.letter_answers, "Anbieter X")
            letter = registry.Letter(
                received=dt.date(2026, 12, 1),
                answers=answers,
                amount=Decimal("100.00"),
                details="Im Einzelnen.",
            )
            text = " ".join(outcome.paragraphs(letter))
            if "direkt an" in text:
                assert outcome.pays_third_party(answers), (concern.key, outcome.key)
            else:
                assert not outcome.payee, (concern.key, outcome.key)
