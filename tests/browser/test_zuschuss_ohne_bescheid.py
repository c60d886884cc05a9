"""A § 26 Zuschuss held for a month no Bescheid rules, in a real browser at 320 px and
1280 px: the staff BG page ("nicht gezahlt: kein Bescheid für …") and the run's report.
Every page passes axe and the 320 px rule.

``ZAHLUNGEN_SCREENSHOTS=/dir`` saves each page at 320 px and 1280 px."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format

from jobcenter.decisions.deadlines import add_months, first_of_month
from jobcenter.households.models import Person
from jobcenter.zahlungen.models import RunHold, StandingOrder
from jobcenter.zahlungen.services import run_execute, run_start
from tests.browser.conftest import sign_in, visit
from tests.browser.test_zahlungen import shot
from tests.zahlungen import helpers


def test_the_held_month_on_the_bg_page_and_in_the_report(page, desktop_page, axe, live_server,
                                                         citizen, caseworker, jobcenter):
    helpers.payer_account(jobcenter)
    person = Person.objects.get(user=citizen)
    person.memberships.update(role="antragsteller", valid_from=dt.date(2026, 1, 1))
    bg = person.memberships.get().bedarfsgemeinschaft
    helpers.bank_account(person)
    m1 = first_of_month(timezone.localdate())
    m2 = add_months(m1, 1)
    granted = helpers.issue(bg, person, months=[m1], amounts={"P1": "900.00"})  # ends in m1
    StandingOrder.objects.create(
        jobcenter=jobcenter, bedarfsgemeinschaft=bg, person=person,
        decision=helpers.issue(bg, person, months=[], amounts={}, case=granted.case),
        purpose="Zuschuss zur Kranken- und Pflegeversicherung",
        monthly_amount=Decimal("446.00"), valid_from=m1, valid_to=m2,
        payee_name="Alpha Private Krankenversicherung AG",
        payee_iban="DE89370400440532013000", while_receiving=True)
    run = run_execute(run_start(jobcenter=jobcenter, kind="monatlich", month=m2).pk)
    assert RunHold.objects.filter(run=run, reason=RunHold.Reason.NO_DECISION).count() == 1
    month = date_format(m2, "YEAR_MONTH_FORMAT")

    sign_in(page, live_server, caseworker)
    sign_in(desktop_page, live_server, caseworker)
    visit(page, axe, f"/arbeitsbereich/zahlungen/bg/{bg.pk}/")
    assert f"nicht gezahlt: kein Bescheid für {month}" in page.content()
    shot(page, "bg-zuschuss-kein-bescheid", desktop=desktop_page)
    visit(page, axe, f"/arbeitsbereich/zahlungen/lauf/{run.pk}/")
    assert f"Zuschuss nach § 26 SGB II nicht gezahlt: kein Bescheid für {month}" in (
        page.content())
    shot(page, "run-zuschuss-kein-bescheid", desktop=desktop_page)
