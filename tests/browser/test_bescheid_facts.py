"""Issue 14 (items 1, 2, 5): the staff pages of a Bescheid that changes another one and
waits for a second person, the calculation's comparison with the Bescheid in force for the
same month, and the Jobcenter's settings for Bescheide — at 320 and 1280 px, axe-checked,
and without JavaScript. ``SHOTS=/dir`` saves screenshots."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from jobcenter.core.roles import Role
from jobcenter.decisions import services
from tests.browser.conftest import sign_in, visit
from tests.browser.shots import Shots
from tests.decisions import conftest as decision_fixtures
from tests.decisions.facts import family_request, make_family
from tests.factories import StaffFactory

shot = Shots("SHOTS")

pytestmark = pytest.mark.browser

# the Bescheid tests' fixtures (a case with a computable request, a Teamleitung)
make_calc_case = decision_fixtures.make_calc_case
teamlead = decision_fixtures.teamlead

NOW = dt.datetime(2026, 12, 4, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def change_waiting(jobcenter, caseworker, teamlead, make_calc_case):
    with time_machine.travel(NOW, tick=False):
        user = make_family(jobcenter)
        case = make_calc_case(user, request=family_request())
        first = services.decision_create(case=case, decision_type_key="bewilligung",
                                         actor=caseworker)
        first = services.decision_finalize(decision=first, actor=caseworker)
        services.decision_approve(decision=first, actor=teamlead)
        change_case = make_calc_case(user, request=family_request(monat="2027-03", netto=900,
                                                                  brutto=1100))
        change = services.decision_create(case=change_case, decision_type_key="aenderung",
                                          actor=caseworker, period_from=dt.date(2027, 3, 1),
                                          reasons="Höherer Lohn ab März 2027.")
        change = services.decision_finalize(decision=change, actor=caseworker)
    return first, change


@pytest.mark.parametrize("width", [320, 1280])
def test_the_approvers_page_names_the_chain_and_the_reasons(
        browser, live_server, axe, transactional_db, teamlead, change_waiting, width):
    first, change = change_waiting
    context = browser.new_context(base_url=live_server.url, locale="de-DE",
                                  viewport={"width": width, "height": 900})
    page = context.new_page()
    sign_in(page, live_server, teamlead)
    visit(page, axe, f"/arbeitsbereich/bescheide/{change.pk}/")
    body = page.locator("main").inner_text()
    assert f"Bescheid-Nr. {first.reference}" in body and "März 2027 bis Dezember 2027" in body
    assert "zur Freigabe vorgelegt von" in body and "Warum eine zweite Person freigibt" in body
    assert "Freigeben und versenden" in body
    shot(page, f"detail-{width}")
    visit(page, axe, f"/arbeitsbereich/bescheide/fall/{change.case_id}/")
    body = page.locator("main").inner_text()
    assert "Vergleich für März 2027 mit dem Bescheid vom 04.12.2026" in body
    assert "Welcher Bescheid gilt für welchen Monat" in body and first.reference in body
    shot(page, f"calculation-{width}")
    context.close()


@pytest.mark.parametrize("width", [320, 1280])
def test_the_settings_page(browser, live_server, axe, transactional_db, jobcenter, width):
    admin = StaffFactory(jobcenter=jobcenter, email="ada@alpha.example",
                         role=Role.JOBCENTER_ADMIN)
    context = browser.new_context(base_url=live_server.url, locale="de-DE",
                                  viewport={"width": width, "height": 900},
                                  java_script_enabled=width != 320)
    page = context.new_page()
    sign_in(page, live_server, admin)
    visit(page, axe, "/arbeitsbereich/bescheide/einstellungen/", js=width != 320)
    page.get_by_label("Vier Augen ab einem Jahresbetrag von (€)").fill("100")
    page.get_by_role("button", name="Einstellungen speichern").click()
    assert "nicht kleiner sein als der Monatsbetrag" in page.locator("main").inner_text()
    shot(page, f"settings-error-{width}")
    page.get_by_label("Vier Augen ab einem Jahresbetrag von (€)").fill("15.000,00")
    page.get_by_role("button", name="Einstellungen speichern").click()
    assert "gespeichert" in page.locator("body").inner_text()
    shot(page, f"settings-{width}")
    context.close()
