"""A claim's state in a real browser at 320 px and at 1280 px: the citizen's "Zahlungen",
the staff claim page and the BG's payments show a running Stundung as running and an ended
one as ended (as of today's Berlin date), and a loan's Aufrechnung without an end month says
how long it runs — a loan's page offers no § 43 procedure, an Erstattung's does. Every page
passes axe and the 320 px rule.

``ZAHLUNGEN_SCREENSHOTS=/dir`` saves each page at 320 px and 1280 px."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import formats, timezone

from jobcenter.decisions.deadlines import add_months, first_of_month
from jobcenter.households.models import Person
from jobcenter.zahlungen.models import Claim
from tests.browser.conftest import sign_in, visit
from tests.browser.test_zahlungen import shot
from tests.zahlungen import helpers


def test_the_state_of_claims_on_every_page(page, desktop_page, axe, live_server, citizen,
                                           caseworker, jobcenter):
    helpers.payer_account(jobcenter)
    person = Person.objects.get(user=citizen)
    bg = person.memberships.get().bedarfsgemeinschaft
    today = timezone.localdate()
    month = add_months(first_of_month(today), 1)
    decision = helpers.issue(bg, person, months=[month], amounts={"P1": "900.00"})
    loan_bescheid = helpers.issue(bg, person, months=[], amounts={"P1": "0"},
                                  case=decision.case)
    ended_bescheid = helpers.issue(bg, person, months=[], amounts={"P1": "0"},
                                   case=decision.case)
    common = {"jobcenter": jobcenter, "person": person, "bedarfsgemeinschaft": bg,
              "due_date": today}
    running = Claim.objects.create(
        **common, bescheid=decision, basis="30", rechtsgrundlage="§ 50 SGB X",
        amount=Decimal("300.00"), deferred_until=today + dt.timedelta(days=30),
        deferral_reason="Krankheit")
    ended = Claim.objects.create(
        **common, bescheid=ended_bescheid, basis="30", rechtsgrundlage="§ 50 SGB X",
        amount=Decimal("120.00"), deferred_until=today - dt.timedelta(days=1),
        deferral_reason="Umzug")
    loan = Claim.objects.create(
        **common, bescheid=loan_bescheid, basis="5", amount=Decimal("400.00"),
        rechtsgrundlage="§ 24 Abs. 1 SGB II, § 42a SGB II", offset_from=month)
    day = {c.pk: formats.date_format(c.deferred_until, "DATE_FORMAT") for c in (running, ended)}

    sign_in(page, live_server, citizen)
    sign_in(desktop_page, live_server, citizen)
    visit(page, axe, "/portal/zahlungen/")
    text = page.content()
    assert f"gestundet bis {day[running.pk]}" in text
    assert f"offen, Stundung bis {day[ended.pk]} abgelaufen" in text
    assert f"gestundet bis {day[ended.pk]}" not in text
    shot(page, "claims-citizen", desktop=desktop_page)

    sign_in(page, live_server, caseworker)
    sign_in(desktop_page, live_server, caseworker)
    visit(page, axe, f"/arbeitsbereich/zahlungen/forderung/{loan.pk}/")
    assert page.get_by_text("Aufrechnung (§ 42a Abs. 2 SGB II)").count() == 1
    assert "bis das Darlehen getilgt ist" in page.content()
    assert "längstens bis" not in page.content()
    # a loan is repaid under § 42a, never by the § 43 procedure (its page offers none)
    assert page.get_by_role("heading", name="Tilgung des Darlehens (§ 42a SGB II)").count() == 1
    assert page.get_by_text("Rückzahlung in Raten vereinbaren (§ 42a Abs. 4 Satz 2 SGB II)"
                            ).count() == 1
    assert "Aufrechnung vorbereiten" not in page.content()
    assert "Aufrechnung (§ 43 SGB II)" not in page.content()
    shot(page, "claim-loan", desktop=desktop_page)
    visit(page, axe, f"/arbeitsbereich/zahlungen/forderung/{ended.pk}/")
    assert page.get_by_text("Aufrechnung vorbereiten (§ 43 SGB II").count() == 1
    assert f"offen, Stundung bis {day[ended.pk]} abgelaufen" in page.content()
    assert f"bis {day[ended.pk]}, abgelaufen (Umzug)" in page.content()
    shot(page, "claim-ended", desktop=desktop_page)
    visit(page, axe, f"/arbeitsbereich/zahlungen/bg/{bg.pk}/")
    assert f"gestundet bis {day[running.pk]}" in page.content()
    assert f"offen, Stundung bis {day[ended.pk]} abgelaufen" in page.content()
    shot(page, "claims-bg", desktop=desktop_page)
