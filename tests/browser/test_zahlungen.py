"""Payments in a real browser at 320 px: the caseworker issues a Bewilligung, starts the
monthly payment run on the page "Zahlungen", sees the run and the BG's payments; the
citizen sees the payment (IBAN masked) in the account. Every page passes axe.

``ZAHLUNGEN_SCREENSHOTS=/dir`` saves each page at 320 px (and the staff pages at 1280 px)."""

from __future__ import annotations

import dataclasses

from django.utils import timezone

from jobcenter.decisions.deadlines import add_months, first_of_month
from jobcenter.decisions.models import Decision, DeliveryPreference
from jobcenter.households.models import Person
from jobcenter.zahlungen.models import Payment, PaymentRun
from tests.browser.conftest import check_page, fill_date, sign_in, visit
from tests.browser.shots import Shots
from tests.casefiles.conftest import make_submission
from tests.decisions.conftest import sgb2_request
from tests.zahlungen import helpers

shot = Shots("ZAHLUNGEN_SCREENSHOTS", width_in_name=True)


def test_bewilligung_payment_run_and_the_citizen_sees_the_payment(
        page, desktop_page, axe, live_server, citizen, caseworker, jobcenter, settings):
    from jobcenter.casefiles.services import case_intake

    settings.DECISIONS_FOUR_EYES_THRESHOLD_EUR = 100000
    helpers.payer_account(jobcenter)
    person = Person.objects.get(user=citizen)
    helpers.bank_account(person)
    DeliveryPreference.objects.create(user=citizen, channel="online")
    month = add_months(first_of_month(timezone.localdate()), 1)
    case = case_intake(submission=dataclasses.replace(
        make_submission(user=citizen), sgb2_request=sgb2_request(monat=f"{month:%Y-%m}")))

    sign_in(page, live_server, caseworker)
    sign_in(desktop_page, live_server, caseworker)
    visit(page, axe, f"/arbeitsbereich/bescheide/fall/{case.pk}/")
    page.get_by_label("Art des Bescheids").select_option("bewilligung")
    page.get_by_role("button", name="Bescheid-Entwurf erstellen").click()
    check_page(page, axe)
    page.get_by_role("button", name="Bewilligen und versenden").click()
    check_page(page, axe)
    decision = Decision.objects.get(case=case)
    assert decision.is_final

    visit(page, axe, "/arbeitsbereich/zahlungen/")
    shot(page, "runs", desktop=desktop_page)
    page.get_by_label("Monatlicher Zahllauf", exact=True).check()
    page.get_by_label("Zahlmonat (nur monatlicher Zahllauf)").select_option(f"{month:%Y-%m}")
    page.get_by_role("button", name="Zahllauf starten").click()
    check_page(page, axe)
    run = PaymentRun.objects.get(kind="monatlich")
    assert run.status == PaymentRun.Status.DONE and run.payments_count == 1
    assert page.get_by_text("SEPA-Überweisungsdatei herunterladen").count() == 1
    shot(page, "run", desktop=desktop_page)
    payment = Payment.objects.get()
    page.goto(f"/arbeitsbereich/zahlungen/bg/{payment.bedarfsgemeinschaft_id}/")
    shot(page, "bg", desktop=desktop_page)
    check_page(page, axe)
    page.get_by_text("Zahlung vorläufig einstellen").click()
    page.get_by_role("button", name="Zahlung einstellen").click()
    check_page(page, axe)  # facts missing: a clear message
    assert page.get_by_text("Bitte korrigieren Sie Ihre Angaben").count() == 1

    # a claim from an Erstattungsbescheid: the caseworker agrees on instalments
    from jobcenter.core import events

    events.publish("decisions.erstattung_festgesetzt", bescheid_id=decision.pk,
                   jobcenter_id=jobcenter.pk, positions=[{
                       "person_id": person.pk, "month": f"{month:%Y-%m}", "amount": "240.00",
                       "rechtsgrundlage": "§ 48 Abs. 1 Satz 2 Nr. 3 SGB X"}])
    claim = person.claims.get()
    visit(page, axe, f"/arbeitsbereich/zahlungen/forderung/{claim.pk}/")
    page.get_by_text("Ratenzahlung vereinbaren").click()
    page.get_by_label("Rate je Monat").fill("80,00")
    first = add_months(month, 1)
    fill_date(page, "erste Rate am", str(first.day), str(first.month), str(first.year))
    page.get_by_role("button", name="Speichern").first.click()
    check_page(page, axe)
    shot(page, "claim", desktop=desktop_page)
    claim.refresh_from_db()
    assert claim.instalment_amount == 80

    sign_in(page, live_server, citizen)
    visit(page, axe, "/portal/")
    nav = page.get_by_role("navigation", name="Hauptnavigation")
    nav.locator("summary").click()  # "Mehr"
    nav.get_by_role("link", name="Zahlungen").click()
    check_page(page, axe)
    amount = f"{payment.amount:.2f}".replace(".", ",")
    assert page.get_by_text(f"{amount} €").count() >= 1
    assert page.get_by_text(helpers.IBAN).count() == 0
    assert page.get_by_text(
        f"{run.execution_date.day}. ", exact=False).count() >= 1
    assert page.get_by_text("240,00 €").count() >= 1  # the claim's statement
    assert page.get_by_text("Ihre nächsten Raten").count() == 1
    shot(page, "citizen")
