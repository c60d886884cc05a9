"""The Auszahlungskonto and the Aufrechnung procedure in a real browser at 320 px (and
1280 px): the Jobcenter admin sets the account (a wrong IBAN is named at its field), the
caseworker prepares an Aufrechnung, sends the Anhörung and marks it as posted on the print
list. Every page passes axe and does not scroll sideways.

``ZAHLUNGEN_SCREENSHOTS=/dir`` saves each page at 320 px and 1280 px."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from jobcenter.decisions import deadlines
from jobcenter.households.models import Person
from jobcenter.zahlungen.models import Aufrechnung, Claim, Letter, PayerAccount
from tests.browser.conftest import check_page, fill_date, sign_in, visit
from tests.browser.test_zahlungen import shot
from tests.zahlungen import helpers


def test_admin_sets_the_account_and_the_caseworker_runs_an_aufrechnung(
        page, desktop_page, axe, live_server, citizen, caseworker, jobcenter_admin, jobcenter):
    sign_in(page, live_server, jobcenter_admin)
    sign_in(desktop_page, live_server, jobcenter_admin)
    visit(page, axe, "/arbeitsbereich/verwaltung/")
    page.get_by_role("link", name="Auszahlungskonto für die Zahlläufe (SEPA)").click()
    check_page(page, axe)
    page.get_by_label("IBAN", exact=True).fill("DE75 5121 0800 1245 1261 98")
    page.get_by_label("Grund der Änderung").fill("Erstes Konto")
    page.get_by_role("button", name="Auszahlungskonto speichern").click()
    check_page(page, axe)
    assert page.get_by_text("Diese IBAN ist nicht gültig").count() >= 1
    page.get_by_label("IBAN", exact=True).fill("DE75 5121 0800 1245 1261 99")
    page.get_by_role("button", name="Auszahlungskonto speichern").click()
    check_page(page, axe)
    assert PayerAccount.objects.get(jobcenter=jobcenter).iban == "DE75512108001245126199"
    assert page.get_by_text("erstmals hinterlegt").count() == 1
    shot(page, "payer-account", desktop=desktop_page)

    person = Person.objects.get(user=citizen)
    bg = person.memberships.get().bedarfsgemeinschaft
    first = deadlines.first_of_month(timezone.localdate())
    months = [deadlines.add_months(first, i) for i in range(0, 4)]
    decision = helpers.issue(bg, person, months=months, amounts={"P1": "900.00"})
    claim = Claim.objects.create(jobcenter=jobcenter, person=person, bedarfsgemeinschaft=bg,
                                 bescheid=decision, basis="30", rechtsgrundlage="§ 50 SGB X",
                                 amount=Decimal("400.00"), due_date=months[1])
    sign_in(page, live_server, caseworker)
    sign_in(desktop_page, live_server, caseworker)
    visit(page, axe, f"/arbeitsbereich/zahlungen/forderung/{claim.pk}/")
    page.get_by_text("Aufrechnung vorbereiten").click()
    page.get_by_role("button", name="Speichern").first.click()
    check_page(page, axe)  # no Ermessenserwägungen: the message names the field
    assert page.get_by_text("Bitte korrigieren Sie Ihre Angaben").count() == 1
    page.get_by_label("Ermessenserwägungen", exact=False).fill(
        "Hohe Forderung aus verschwiegenem Einkommen; keine besonderen Ausgaben bekannt.")
    page.get_by_role("button", name="Speichern").first.click()
    check_page(page, axe)
    offset = Aufrechnung.objects.get()
    assert offset.monthly_amount == Decimal("168.90")
    deadline = deadlines.presumed_delivery(timezone.localdate()) + dt.timedelta(days=15)
    fill_date(page, "Frist zur Äußerung (mindestens zwei Wochen nach dem Zugang)",
              str(deadline.day), str(deadline.month), str(deadline.year))
    page.get_by_role("button", name="Anhörung versenden (§ 24 SGB X)").click()
    check_page(page, axe)
    assert page.get_by_text("Anhörung läuft").count() >= 1
    shot(page, "claim-aufrechnung", desktop=desktop_page)

    visit(page, axe, "/arbeitsbereich/zahlungen/schreiben/")
    shot(page, "print-list", desktop=desktop_page)
    letter = Letter.objects.get()
    page.get_by_label("Anhörung vor einer Aufrechnung vom", exact=False).check()
    page.get_by_role("button", name="Als zur Post gegeben vermerken").click()
    check_page(page, axe)
    letter.refresh_from_db()
    assert letter.status == Letter.Status.SENT
    assert page.get_by_text("Keine Schreiben warten auf den Versand.").count() == 1

    visit(page, axe, "/arbeitsbereich/zahlungen/kontoauszuege/")
    shot(page, "statements", desktop=desktop_page)
    page.get_by_label("Kontoauszug (camt.054 oder camt.053, XML)").set_input_files(
        files=[{"name": "x.xml", "mimeType": "text/xml", "buffer": b"<<<"}])
    page.get_by_role("button", name="Einlesen").click()
    check_page(page, axe)
    assert page.get_by_text("kein lesbarer Kontoauszug").count() >= 1
