"""Per-member Aufhebungs- und Erstattungsbescheide and the § 41a final decision with several
earned incomes, in a real browser at 320 and 1280 px with axe: the Anhörung's page shows the
time limits and asks to confirm a minor's legal representatives (an error summary without
it), then lists one Bescheid per member; the final decision's page asks per month and
income. ``SHOTS=<dir>`` saves a screenshot of each page."""

from __future__ import annotations

import datetime as dt

import time_machine

from jobcenter.decisions import services
from jobcenter.decisions.models import Anhoerung, Decision, DeliveryPreference
from jobcenter.decisions.services import aufhebung, vorlaeufig
from tests.browser.conftest import sign_in, visit
from tests.browser.shots import Shots
from tests.decisions.facts import family_request, make_family

shot = Shots("SHOTS")

DEC = dt.datetime(2026, 12, 15, 10, tzinfo=dt.UTC)
APRIL = dt.datetime(2027, 4, 10, 10, tzinfo=dt.UTC)


def _teamlead(jobcenter):
    from jobcenter.core.roles import Role
    from tests.factories import StaffFactory

    return StaffFactory(jobcenter=jobcenter, email="tina@alpha.example", role=Role.TEAMLEITUNG)


def _case(jobcenter, request):
    import dataclasses

    from jobcenter.casefiles.services import case_intake
    from tests.casefiles.conftest import make_submission

    user = make_family(jobcenter)
    DeliveryPreference.objects.create(user=user, channel="online")
    case = case_intake(submission=dataclasses.replace(
        make_submission(user=user, jobcenter=jobcenter), sgb2_request=request))
    return user, case


def test_the_family_gets_one_bescheid_per_member(page, desktop_page, axe, live_server,
                                                 caseworker, jobcenter):
    teamlead = _teamlead(jobcenter)
    with time_machine.travel(DEC, tick=False):
        user, case = _case(jobcenter, family_request())
        bewilligung = services.decision_create(case=case, decision_type_key="bewilligung",
                                               actor=caseworker)
        services.decision_finalize(decision=bewilligung, actor=caseworker)
        bewilligung.refresh_from_db()
        if bewilligung.status == Decision.Status.AWAITING_APPROVAL:
            services.decision_approve(decision=bewilligung, actor=teamlead)
    with time_machine.travel(APRIL, tick=False):
        calc = services.calculation_for_case(case=case, actor=caseworker)
        services.calculation_change(
            calculation=calc, actor=caseworker, reason="Lohnabrechnungen nachgereicht",
            ops=[("set", "personen[0].einkommen[0].brutto", 1300.0),
                 ("set", "personen[0].einkommen[0].netto", 1040.0)])
        anhoerung = aufhebung.anhoerung_create(
            case=case, actor=caseworker, basis="48_nr3",
            facts="Seit Januar 2027 verdient Ayşe Yılmaz 1.300 € brutto (1.040 € netto).",
            month_from=dt.date(2027, 1, 1), month_to=dt.date(2027, 3, 1),
            kenntnis_am=dt.date(2027, 4, 1))
        anhoerung = aufhebung.anhoerung_send(anhoerung=anhoerung, actor=caseworker)
        anhoerung = aufhebung.anhoerung_mark_posted(anhoerung=anhoerung, actor=caseworker,
                                                    posted_on=APRIL.date())
        aufhebung.anhoerung_answer(anhoerung=anhoerung, user=user, text="Das stimmt.")
    url = f"/arbeitsbereich/anhoerungen/{anhoerung.pk}/"
    with time_machine.travel(dt.datetime(2027, 4, 20, 8, tzinfo=dt.UTC), tick=True):
        sign_in(desktop_page, live_server, caseworker)
        visit(desktop_page, axe, url)
        assert "Jahresfrist endet" in desktop_page.content()
        shot(desktop_page, "anhoerung-decide-1280")
        sign_in(page, live_server, caseworker)
        visit(page, axe, url)
        page.get_by_label("Begründung mit Würdigung der Stellungnahme").fill(
            "Die Angaben sind bestätigt.")
        page.get_by_role("button", name="Bescheid-Entwurf erstellen").click()
        summary = page.locator("#error-summary, .kern-alert--danger").first
        assert "gesetzliche Vertretung" in summary.inner_text()
        shot(page, "anhoerung-decide-error-320")
        page.get_by_label("Elif Yılmaz – Ayşe Yılmaz und Mehmet Yılmaz").check()
        page.get_by_role("button", name="Bescheid-Entwurf erstellen").click()
        page.wait_for_url("**/arbeitsbereich/bescheide/**")
        assert Anhoerung.objects.get(pk=anhoerung.pk).bescheide.count() == 3
        visit(page, axe, url)
        text = page.content()
        assert "an Mehmet Yılmaz" in text and "über die gesetzliche Vertretung" in text
        shot(page, "anhoerung-bescheide-320")


def test_the_final_decision_asks_per_month_and_income(page, desktop_page, axe, live_server,
                                                     caseworker, jobcenter):
    request = family_request()
    request["personen"][1]["einkommen"] = [{"art": "minijob", "brutto": 300.0, "netto": 300.0}]
    with time_machine.travel(DEC, tick=False):
        _user, case = _case(jobcenter, request)
        provisional = vorlaeufig.provisional_create(case=case, actor=caseworker,
                                                    reason=vorlaeufig.default_reason())
        services.decision_finalize(decision=provisional, actor=caseworker)
        provisional.refresh_from_db()
        if provisional.status == Decision.Status.AWAITING_APPROVAL:
            services.decision_approve(decision=provisional, actor=_teamlead(jobcenter))
    url = f"/arbeitsbereich/vorlaeufig/{provisional.pk}/abschluss/"
    with time_machine.travel(dt.datetime(2027, 7, 15, 8, tzinfo=dt.UTC), tick=True):
        sign_in(desktop_page, live_server, caseworker)
        visit(desktop_page, axe, url)
        shot(desktop_page, "final-incomes-1280")
        sign_in(page, live_server, caseworker)
        visit(page, axe, url)
        for month in range(1, 7):
            key = f"2027-0{month}"
            for index, amounts in ((0, ("900", "720")), (1, ("450", "450"))):
                page.locator(f"#brutto-{key}-{index}").fill(amounts[0])
                page.locator(f"#netto-{key}-{index}").fill(amounts[1])
        assert page.get_by_label("Mehmet Yılmaz: Minijob: brutto (€)").count() == 6
        page.get_by_role("button", name="Berechnen").click()
        page.wait_for_load_state()
        text = page.content()
        assert "Mehmet Yılmaz: Minijob: insgesamt 2.700,00 € brutto" in text
        assert "Erstattung: 720,00 €" in text
        shot(page, "final-incomes-preview-320")
