"""A Mietkaution in a real browser at 320 px, every page checked with axe: the caseworker
answers the concern on its staff screen, where a wrong payee IBAN is refused at the field,
the draft is issued, the daily run pays the landlord once; staff see the one-off payment
on the BG's payments, the citizen on "Zahlungen" with the landlord by name only.
``EINMAL_SHOTS=/dir`` saves the pages at 320 px and 1280 px."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jobcenter.decisions import services as decisions
from jobcenter.decisions.models import Decision
from jobcenter.households.models import Membership, Person
from jobcenter.zahlungen.models import Payment
from jobcenter.zahlungen.services import run_execute, run_start
from tests.bedarfe.conftest import submit  # noqa: F401 (fixture)
from tests.browser.conftest import check_page, sign_in, visit
from tests.browser.shots import Shots
from tests.zahlungen import helpers

shot = Shots("EINMAL_SHOTS", width_in_name=True)
LANDLORD_IBAN = "DE89370400440532013000"


@pytest.mark.django_db(transaction=True)
def test_a_deposit_is_decided_paid_to_the_landlord_and_seen(
    page,
    desktop_page,
    axe,
    live_server,
    citizen,
    caseworker,
    jobcenter,
    submit,  # noqa: F811
    settings,
    django_capture_on_commit_callbacks,
):
    settings.DECISIONS_FOUR_EYES_THRESHOLD_EUR = 100000
    helpers.payer_account(jobcenter)
    helpers.bank_account(Person.objects.get(user=citizen))
    _submission, case = submit(citizen, "mietkaution")

    sign_in(page, live_server, caseworker)
    sign_in(desktop_page, live_server, caseworker)
    visit(page, axe, f"/arbeitsbereich/anliegen/fall/{case.pk}/")
    assert page.get_by_label("Zahlungsempfänger (Kontoinhaber)").input_value() == (
        "Wohnbau Alpha GmbH"
    )  # prefilled from the person's answers
    page.get_by_label("Als Darlehen bewilligen", exact=True).check()
    page.get_by_label("Bewilligter Betrag in Euro").fill("1.440,00")
    page.get_by_label("IBAN des Zahlungsempfängers").fill("DE00 1234 5678")
    page.get_by_role("button", name="Entwurf erstellen").click()
    check_page(page, axe)
    assert page.get_by_text("Diese IBAN ist nicht gültig").count() >= 1
    shot(page, "decide-payee-error", desktop=desktop_page)
    page.get_by_label("IBAN des Zahlungsempfängers").fill(LANDLORD_IBAN)
    page.get_by_role("button", name="Entwurf erstellen").click()
    check_page(page, axe)
    draft = Decision.objects.get(case=case)
    assert draft.snapshot["letter"]["payee"] == {
        "name": "Wohnbau Alpha GmbH",
        "iban": LANDLORD_IBAN,
    }
    with django_capture_on_commit_callbacks(execute=True):
        issued = decisions.decision_finalize(decision=draft, actor=caseworker)
    run = run_execute(run_start(jobcenter=jobcenter, kind="taeglich").pk)
    (payment,) = Payment.objects.filter(run=run)
    assert payment.iban == LANDLORD_IBAN and payment.amount == Decimal("1440.00")

    bg = Membership.objects.get(person__user=citizen).bedarfsgemeinschaft
    visit(page, axe, f"/arbeitsbereich/zahlungen/bg/{bg.pk}/")
    assert page.get_by_text(issued.reference).count() >= 1
    shot(page, "staff-bg-one-off", desktop=desktop_page)

    sign_in(page, live_server, citizen)
    sign_in(desktop_page, live_server, citizen)
    visit(page, axe, "/portal/zahlungen/")
    assert page.get_by_text("Einmalige Leistung: Mietkaution oder Genossenschaftsanteile "
                            "für die neue Wohnung").count() == 1
    assert page.get_by_text("DE89").count() == 0
    shot(page, "citizen-payments-one-off", desktop=desktop_page)
