"""The Vorschuss (§ 42 Abs. 2 SGB II) in a real browser: the citizen at 320 px with axe on
every page (the start page names the month and the limit, an amount above 100 € is refused
with the error summary), and the same form without JavaScript. (The payment pages after the
runs are tested server-side in tests/bedarfe/test_vorschuss.py.)
``VORSCHUSS_SHOTS=/dir`` saves the pages at 320 px."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from jobcenter.antraege.models import Submission
from jobcenter.decisions import deadlines
from jobcenter.decisions.documents import month_de
from jobcenter.households.models import Membership, Person
from tests.browser.conftest import check_page, sign_in, visit
from tests.browser.shots import Shots
from tests.browser.test_antraege import (  # _base_url: the live server for the sign-in
    BASE,
    _base_url,  # noqa: F401
    heading,
    login,
    next_page,
    start,
    submit_from_summary,
)
from tests.zahlungen import helpers

pytestmark = pytest.mark.browser
shot = Shots("VORSCHUSS_SHOTS", width_in_name=True)


def _granted(citizen):
    """A Bewilligung of 900 € for this month and the next three."""
    helpers.payer_account(citizen.jobcenter)
    person = Person.objects.get(user=citizen)
    helpers.bank_account(person, helpers.IBAN2)
    bg = Membership.objects.get(person=person).bedarfsgemeinschaft
    first = deadlines.first_of_month(timezone.localdate())
    months = [deadlines.add_months(first, n) for n in range(4)]
    helpers.issue(bg, person, months=months, amounts={"P1": "900.00"})
    return bg, months[1]


def test_vorschuss_form_at_320_px(page, axe, citizen):
    _bg, month = _granted(citizen)
    login(page, axe, citizen)
    visit(page, axe, "/formulare/vorschuss/")
    assert f"Ihre nächste Zahlung ist die für {month_de(month)}: 900,00 €" in page.content()
    shot(page, "vorschuss-start")
    start(page, axe, "vorschuss")
    page.get_by_label("Betrag des Vorschusses (höchstens 100 €)").fill("150")
    with page.expect_navigation():
        page.get_by_role("button", name="Weiter", exact=True).click()
    check_page(page, axe)
    assert page.get_by_role("heading", name="Bitte korrigieren Sie Ihre Angaben").count() == 1
    shot(page, "vorschuss-error")
    page.get_by_label("Betrag des Vorschusses (höchstens 100 €)").fill("80")
    page.get_by_label(re.compile("^Wofür brauchen Sie das Geld früher")).fill(
        "Die Stromrechnung ist vor dem Ersten fällig.")
    next_page(page, axe)
    reference = submit_from_summary(page, axe)
    assert Submission.objects.get(reference=reference).answers["vorschuss_betrag"] == "80.00"


def test_vorschuss_without_javascript(nojs_page, citizen):
    _granted(citizen)
    page = nojs_page
    page.goto("/")
    sign_in(page, BASE[0], citizen)
    page.goto("/formulare/vorschuss/")
    page.get_by_role("button", name=re.compile("Jetzt beginnen|Neu beginnen")).first.click()
    page.get_by_label("Betrag des Vorschusses (höchstens 100 €)").fill("60,50")
    page.get_by_role("button", name="Weiter", exact=True).click()
    assert heading(page) == "Angaben prüfen"
    page.get_by_role("link", name="Weiter zur Erklärung").click()
    page.locator("#f-declaration").check()
    page.get_by_role("button", name="Verbindlich absenden").click()
    page.wait_for_url(re.compile(r".*/portal/antraege/JC-\d{4}-\d{6}/$"))
    reference = page.url.rstrip("/").rsplit("/", 1)[1]
    assert Submission.objects.get(reference=reference).answers["vorschuss_betrag"] == "60.50"
