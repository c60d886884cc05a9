"""A § 26 Zuschuss in a real browser at 320 px, every page checked with axe: the caseworker
decides it with the insurer as payee and the first and last month (a last month before the
first is refused at the field), the Bescheid is issued, the monthly run pays the insurer;
staff see the recurring payment on the BG's payments and end it with a reason, the citizen
sees it on "Zahlungen" with the insurer by name only.
``MONATLICH_SHOTS=/dir`` saves the pages at 320 px and 1280 px."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from jobcenter.decisions import services as decisions
from jobcenter.decisions.deadlines import add_months, first_of_month
from jobcenter.decisions.models import Decision
from jobcenter.households.models import Membership, Person
from jobcenter.zahlungen.models import Payment, StandingOrder
from jobcenter.zahlungen.services import run_execute, run_start
from tests.bedarfe.conftest import submit  # noqa: F401 (fixture)
from tests.browser.conftest import check_page, sign_in, visit
from tests.browser.shots import Shots
from tests.zahlungen import helpers

shot = Shots("MONATLICH_SHOTS", width_in_name=True)
INSURER_IBAN = "DE89370400440532013000"


@pytest.mark.django_db(transaction=True)
def test_a_kv_zuschuss_is_decided_paid_monthly_to_the_insurer_seen_and_ended(
    page, desktop_page, axe, live_server, citizen, caseworker, jobcenter,
    submit,  # noqa: F811
    settings, django_capture_on_commit_callbacks,
):
    settings.DECISIONS_FOUR_EYES_THRESHOLD_EUR = 100000
    helpers.payer_account(jobcenter)
    # the citizen's own account differs from the insurer's (whose IBAN must not show)
    helpers.bank_account(Person.objects.get(user=citizen), helpers.IBAN2)
    _submission, case = submit(citizen, "kv_zuschuss")
    m1 = add_months(first_of_month(dt.date.today()), 1)
    m2 = add_months(m1, 1)

    sign_in(page, live_server, caseworker)
    sign_in(desktop_page, live_server, caseworker)
    visit(page, axe, f"/arbeitsbereich/anliegen/fall/{case.pk}/")
    assert page.get_by_label("Zahlungsempfänger (Kontoinhaber)").input_value() == (
        "Alpha Private Krankenversicherung AG")  # prefilled from the form
    page.get_by_label("Zuschuss im Monat bewilligen", exact=True).check()
    page.get_by_label("Bewilligter Betrag in Euro").fill("446,00")
    page.get_by_label("Erster Monat der Zahlung").select_option(f"{m2:%Y-%m}")
    page.get_by_label("Letzter Monat der Zahlung").select_option(f"{m1:%Y-%m}")
    page.get_by_role("button", name="Entwurf erstellen").click()
    check_page(page, axe)
    assert page.get_by_text("Der letzte Monat darf nicht vor dem ersten liegen.").count() >= 1
    shot(page, "decide-months-error", desktop=desktop_page)
    page.get_by_label("Erster Monat der Zahlung").select_option(f"{m1:%Y-%m}")
    page.get_by_label("Letzter Monat der Zahlung").select_option(f"{m2:%Y-%m}")
    page.get_by_role("button", name="Entwurf erstellen").click()
    check_page(page, axe)
    draft = Decision.objects.get(case=case)
    assert draft.snapshot["letter"]["extra"] == {"monat_von": m1.isoformat(),
                                                 "monat_bis": m2.isoformat()}
    with django_capture_on_commit_callbacks(execute=True):
        issued = decisions.decision_finalize(decision=draft, actor=caseworker)
    # the BG's Bürgergeld for these months: § 26 pays only for the time of the Bezug
    person = Person.objects.get(user=citizen)
    helpers.issue(person.memberships.get().bedarfsgemeinschaft, person, months=[m1, m2],
                  amounts={"P1": "900.00"})
    run = run_execute(run_start(jobcenter=jobcenter, kind="monatlich", month=m1,
                                today=m1 - dt.timedelta(days=3)).pk)
    (payment,) = Payment.objects.filter(run=run, standing_order__decision=issued)
    assert payment.iban == INSURER_IBAN and payment.amount == Decimal("446.00")

    bg = Membership.objects.get(person__user=citizen).bedarfsgemeinschaft
    visit(page, axe, f"/arbeitsbereich/zahlungen/bg/{bg.pk}/")
    assert page.get_by_text(issued.reference).count() >= 1
    shot(page, "staff-bg-standing", desktop=desktop_page)
    page.get_by_text("Laufende Zahlung beenden").first.click()
    page.get_by_label("letzter Monat, der gezahlt wird").select_option(f"{m1:%Y-%m}")
    page.get_by_label("Grund", exact=True).fill("Abmeldung zum Monatsende")
    page.get_by_role("button", name="Laufende Zahlung beenden").click()
    check_page(page, axe)
    assert StandingOrder.objects.get(decision=issued).valid_to == m1
    assert page.get_by_text("Abmeldung zum Monatsende").count() >= 1
    shot(page, "staff-bg-standing-ended", desktop=desktop_page)

    sign_in(page, live_server, citizen)
    sign_in(desktop_page, live_server, citizen)
    visit(page, axe, "/portal/zahlungen/")
    assert page.get_by_text("Monatliche Zahlungen aus Bescheiden").count() == 1
    assert page.get_by_text("DE89").count() == 0
    assert page.get_by_text("Abmeldung zum Monatsende").count() == 0  # staff's note
    shot(page, "citizen-payments-standing", desktop=desktop_page)
