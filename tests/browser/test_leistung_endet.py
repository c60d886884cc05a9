"""The end of the benefit in a real browser at 320 px and at 1280 px: a loan's Aufrechnung
ended by an Aufhebung (the staff claim page with its trail and the notice, the citizen's
"Zahlungen"), a loan's ended by hand before for another reason (its record kept, its rest
now due, both notices listed) and a § 26 Zuschuss paused in a month of 0 € (the staff BG
page). Every page passes axe and the 320 px rule.

``ZAHLUNGEN_SCREENSHOTS=/dir`` saves each page at 320 px and 1280 px."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from jobcenter.decisions.deadlines import add_months, first_of_month
from jobcenter.decisions.services.issuing import aufhebung_publish
from jobcenter.households.models import Person
from jobcenter.zahlungen.models import Claim, StandingOrder
from jobcenter.zahlungen.services import claim_offset_end
from tests.browser.conftest import sign_in, visit
from tests.browser.test_zahlungen import shot
from tests.zahlungen import helpers


def test_the_ended_aufrechnung_and_the_paused_zuschuss(page, desktop_page, axe, live_server,
                                                        citizen, caseworker, jobcenter):
    helpers.payer_account(jobcenter)
    person = Person.objects.get(user=citizen)
    bg = person.memberships.get().bedarfsgemeinschaft
    m1 = first_of_month(timezone.localdate())
    m2, m3 = add_months(m1, 1), add_months(m1, 2)
    granted = helpers.issue(bg, person, months=[m1, m2, m3], amounts={"P1": "900.00"})
    loan_bescheid = helpers.issue(bg, person, months=[], amounts={"P1": "0"},
                                  case=granted.case)
    loan = Claim.objects.create(
        jobcenter=jobcenter, person=person, bedarfsgemeinschaft=bg, bescheid=loan_bescheid,
        basis="5", amount=Decimal("400.00"), due_date=timezone.localdate(),
        rechtsgrundlage="§ 22 Abs. 6 Satz 3, § 42a SGB II", offset_from=m1)
    # a second loan whose Aufrechnung staff ended by hand while the benefit went on
    other_loan = Claim.objects.create(
        jobcenter=jobcenter, person=person, bedarfsgemeinschaft=bg,
        bescheid=helpers.issue(bg, person, months=[], amounts={"P1": "0"}, case=granted.case),
        basis="5", amount=Decimal("250.00"), due_date=timezone.localdate(),
        rechtsgrundlage="§ 24 Abs. 1, § 42a SGB II", offset_from=m1)
    claim_offset_end(claim=other_loan, last_month=m1, actor=caseworker,
                     reason="Aufrechnungserklärung im Widerspruchsverfahren aufgehoben.")
    ended = helpers.issue(bg, person, months=[m2, m3], amounts={}, type_key="aufhebung",
                          previous=granted, case=granted.case)
    ended.approved_by = caseworker
    ended.save(update_fields=["approved_by"])
    assert aufhebung_publish(decision_id=ended.pk) is True

    # another household: a § 26 Zuschuss and a month of 0 € between two paid ones
    other_bg, other = helpers.household(jobcenter, first="Emil", last="Brandt")
    base = helpers.issue(other_bg, other, months=[m1, m2, m3], amounts={"P1": "700.00"})
    helpers.issue(other_bg, other, months=[m2], amounts={"P1": "0"}, type_key="aenderung",
                  previous=base, case=base.case)
    StandingOrder.objects.create(
        jobcenter=jobcenter, bedarfsgemeinschaft=other_bg, decision=base, person=other,
        purpose="Zuschuss zur Kranken- und Pflegeversicherung",
        monthly_amount=Decimal("446.00"), valid_from=m1, valid_to=m3,
        payee_name="Alpha Private Krankenversicherung AG",
        payee_iban="DE89370400440532013000", while_receiving=True)

    sign_in(page, live_server, caseworker)
    sign_in(desktop_page, live_server, caseworker)
    visit(page, axe, f"/arbeitsbereich/zahlungen/forderung/{loan.pk}/")
    assert page.get_by_text("Ende der Aufrechnung", exact=True).count() == 1
    assert "beendet, weil der Leistungsbezug endete" in page.content()
    assert page.get_by_role("heading", name="Schreiben zur Forderung").count() == 1
    shot(page, "claim-loan-ended", desktop=desktop_page)
    visit(page, axe, f"/arbeitsbereich/zahlungen/forderung/{other_loan.pk}/")
    assert "Seit dem Ende des Leistungsbezugs am" in page.content()
    assert "Widerspruchsverfahren aufgehoben." in page.content()  # the hand end's record
    assert "Mitteilung über die Fälligkeit des Darlehens" in page.content()
    shot(page, "claim-loan-ended-by-hand-then-due", desktop=desktop_page)
    visit(page, axe, f"/arbeitsbereich/zahlungen/bg/{other_bg.pk}/")
    assert "ausgesetzt, weil kein Leistungsbezug" in page.content()
    shot(page, "bg-zuschuss-paused", desktop=desktop_page)

    sign_in(page, live_server, citizen)
    sign_in(desktop_page, live_server, citizen)
    visit(page, axe, "/portal/zahlungen/")
    assert "beendet, weil der Leistungsbezug endete" in page.content()
    assert "Mitteilung über das Ende der Aufrechnung" in page.content()
    shot(page, "claims-citizen-ended", desktop=desktop_page)
