"""Issue 14, items 2, 5, 6: the chain of Bescheide over a renewal and two changes, the
Weiterbewilligung window, four eyes that mean it, and the Jobcenter's settings page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from jobcenter.casefiles.models import TimelineEntry
from jobcenter.core.roles import Role
from jobcenter.decisions import chain, documents, letter, services
from jobcenter.decisions.handlers import on_submission_received
from jobcenter.decisions.models import AutomationRule, Decision, DecisionSettings
from jobcenter.decisions.selectors import comparison_with_previous
from jobcenter.decisions.services import recalculation
from tests.conftest import login
from tests.decisions.facts import family_request, issue, make_family
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 4, 9, 0, tzinfo=dt.UTC)


def M(year: int, month: int) -> dt.date:  # noqa: N802 - reads like a month
    return dt.date(year, month, 1)


@pytest.fixture
def world(jobcenter, make_calc_case, caseworker, teamlead, django_capture_on_commit_callbacks):
    with time_machine.travel(NOW, tick=False):
        user = make_family(jobcenter)

    def decide(key: str, request: dict, *, at: dt.datetime = NOW, **kwargs) -> Decision:
        with time_machine.travel(at, tick=False):
            case = make_calc_case(user, request=request)
            decision = services.decision_create(case=case, decision_type_key=key,
                                                actor=caseworker, **kwargs)
            return issue(decision, by=caseworker, approver=teamlead,
                         capture=django_capture_on_commit_callbacks)

    return user, decide


def test_the_chain_over_a_renewal_and_two_changes(world, make_calc_case,
                                                  django_capture_on_commit_callbacks):
    user, decide = world
    first = decide("bewilligung", family_request())
    assert (first.period_from, first.period_to) == (M(2027, 1), dt.date(2027, 12, 31))
    # A Weiterbewilligung filed the next day is not handled with one click ...
    with time_machine.travel(NOW + dt.timedelta(days=1), tick=False):
        early = make_calc_case(user, request={}, form_key="weiterbewilligung",
                               nothing_changed=True)
        with django_capture_on_commit_callbacks(execute=True):
            on_submission_received(submission_id=early.submission_id)
    assert not Decision.objects.filter(case=early).exists()
    note = TimelineEntry.objects.filter(case=early, kind=TimelineEntry.Kind.NOTE).get()
    assert "Bitte persönlich prüfen" in note.text and "31.12.2027" in note.text
    assert "jetziger Bewilligungszeitraum läuft noch bis 31.12.2027" in note.citizen_text
    # ... a person decides the next period, which follows without gap or overlap
    renewal = decide("bewilligung", family_request(monat="2028-01"),
                     at=NOW + dt.timedelta(days=2))
    assert (renewal.period_from, renewal.previous) == (M(2028, 1), None)
    # the mass recalculation still finds the household for 2027 (not "replaced")
    assert first in recalculation.active_decisions(M(2027, 3))
    assert renewal in recalculation.active_decisions(M(2028, 3))
    # two changes: from June 2027 (first period) and from February 2028 (second period)
    june = decide("aenderung", family_request(monat="2027-06", netto=900, brutto=1100),
                  period_from=M(2027, 6), reasons="Höherer Lohn ab Juni 2027.",
                  at=NOW + dt.timedelta(days=3))
    assert (june.previous, june.period_to) == (first, first.period_to)
    february = decide("aenderung", family_request(monat="2028-02", netto=500, brutto=600),
                      period_from=M(2028, 2), reasons="Weniger Lohn ab Februar 2028.",
                      at=NOW + dt.timedelta(days=4))
    assert (february.previous, february.period_to) == (renewal, renewal.period_to)
    ruling = {m.month: m.decision for m in chain.chain_for(
        bedarfsgemeinschaft_id=first.bedarfsgemeinschaft_id, case_id=first.case_id)}
    assert ruling[M(2027, 1)] == ruling[M(2027, 5)] == first
    assert ruling[M(2027, 6)] == ruling[M(2027, 12)] == june
    assert ruling[M(2028, 1)] == renewal
    assert ruling[M(2028, 2)] == ruling[M(2028, 12)] == february
    assert chain.ruling_decision(month=M(2027, 8), bedarfsgemeinschaft_id=None,
                                 case_id=june.case_id) == june
    # each change names exactly the Bescheid and the months it changes
    assert [(c.decision, c.months[0], c.months[-1]) for c in chain.changed_by(february)] == [
        (renewal, M(2028, 2), M(2028, 12))]
    assert [(c.decision, c.months[0], c.months[-1]) for c in chain.changed_by(june)] == [
        (first, M(2027, 6), M(2027, 12))]
    texts = " ".join(letter.change_paragraphs(june))
    assert "Juni 2027 bis Dezember 2027: bisher 1.506,00 €, künftig" in texts
    # comparisons use the amounts of the same month
    july = family_request(monat="2027-07", netto=900, brutto=1100)
    comparison = comparison_with_previous(june.case, documents.engine.calculate(july))
    assert comparison.previous == june and comparison.month == M(2027, 7)
    assert comparison.previous_total == sum(
        a.amount for a in june.amounts.filter(month=M(2027, 7)))
    assert comparison.difference == 0
    # the staff's calculation page shows the chain month by month
    from jobcenter.decisions.selectors import chain_runs

    runs = [(r.first, r.last, r.decision) for r in chain_runs(june.case)]
    assert runs == [(M(2027, 1), M(2027, 5), first), (M(2027, 6), M(2027, 12), june),
                    (M(2028, 1), M(2028, 1), renewal), (M(2028, 2), M(2028, 12), february)]
    # the recalculation of July 2027 sees the change, not the first Bescheid
    active = set(recalculation.active_decisions(M(2027, 7)))
    assert june in active and first not in active


def test_a_renewal_in_the_window_follows_the_period_and_months_of_unknown_law_are_marked(
        world, make_calc_case, django_capture_on_commit_callbacks):
    user, decide = world
    first = decide("bewilligung", family_request())
    inside = dt.datetime(2027, 11, 20, 10, 0, tzinfo=dt.UTC)  # 41 days before the end
    with time_machine.travel(inside, tick=False):
        renewal_case = make_calc_case(user, request={}, form_key="weiterbewilligung",
                                      nothing_changed=True)
        renewal_case.sgb2_request = None
        renewal_case.save(update_fields=["sgb2_request"])
        with django_capture_on_commit_callbacks(execute=True):
            on_submission_received(submission_id=renewal_case.submission_id)
    draft = Decision.objects.get(case=renewal_case)
    assert draft.period_from == first.period_to + dt.timedelta(days=1)
    assert draft.previous is None
    # each month computed with the law of that month: 2028 has no Regelbedarfe yet
    assert set(draft.snapshot["results"]) == {f"2028-{m:02d}" for m in range(1, 13)}
    assert letter.unknown_law_months(draft) == [M(2028, m) for m in range(1, 13)]
    assert "Für Januar 2028 bis Dezember 2028 sind die Regelbedarfe noch nicht festgesetzt" \
        in letter.provisional_law_paragraph(draft)
    assert letter.unknown_law_months(first) == []


def test_the_window_is_the_jobcenters_setting(world, jobcenter, make_calc_case,
                                              django_capture_on_commit_callbacks):
    user, decide = world
    first = decide("bewilligung", family_request())
    DecisionSettings.objects.create(jobcenter=jobcenter, renewal_window_days=10)
    with time_machine.travel(dt.datetime(2027, 12, 1, 10, 0, tzinfo=dt.UTC), tick=False):
        case = make_calc_case(user, request={}, form_key="weiterbewilligung",
                              nothing_changed=True)
        with django_capture_on_commit_callbacks(execute=True):
            on_submission_received(submission_id=case.submission_id)
    assert not Decision.objects.filter(case=case).exists()
    assert first.period_to == dt.date(2027, 12, 31)


def test_four_eyes_per_year_and_never_by_the_one_who_decided(
        world, jobcenter, make_calc_case, caseworker, colleague, teamlead):
    user, _decide = world
    with time_machine.travel(NOW, tick=False):
        case = make_calc_case(user, request=family_request())
        draft = services.decision_create(case=case, decision_type_key="bewilligung",
                                         actor=None, origin=Decision.Origin.AUTOMATION)
    # 1,506 € a month: under 2,000 € a month, but 18,072 € a year
    assert draft.monthly_total == Decimal("1506.00") and draft.requires_four_eyes
    # the caseworker decides the prepared draft; she may not approve it herself
    services.decision_finalize(decision=draft, actor=caseworker)
    draft.refresh_from_db()
    assert draft.submitted_by == caseworker and draft.created_by is None
    assert not services.can_approve(decision=draft, user=caseworker)
    with pytest.raises(services.DecisionError, match="selbst"):
        services.decision_approve(decision=draft, actor=caseworker)
    # a person without the role may not either
    clerk = StaffFactory(jobcenter=jobcenter, email="eva@alpha.example",
                         role=Role.VERMITTLUNG)
    assert not services.can_approve(decision=draft, user=clerk)
    assert services.can_approve(decision=draft, user=colleague)


def test_the_yearly_threshold_is_configurable(world, jobcenter, make_calc_case, caseworker):
    user, _decide = world
    DecisionSettings.objects.create(jobcenter=jobcenter, four_eyes_yearly_eur=Decimal(20000))
    with time_machine.travel(NOW, tick=False):
        case = make_calc_case(user, request=family_request())
        draft = services.decision_create(case=case, decision_type_key="bewilligung",
                                         actor=caseworker)
    assert not draft.requires_four_eyes


def test_a_change_for_the_past_always_needs_four_eyes(world, make_calc_case, caseworker):
    user, decide = world
    first = decide("bewilligung", family_request())
    # a small increase from January, decided on 20 January 2027: for the past
    with time_machine.travel(dt.datetime(2027, 1, 20, 9, 0, tzinfo=dt.UTC), tick=False):
        case = make_calc_case(user, request=family_request(netto=700, brutto=880))
        change = services.decision_create(case=case, decision_type_key="aenderung",
                                          actor=caseworker, period_from=M(2027, 1),
                                          reasons="Lohn etwas niedriger.")
        assert change.previous == first and change.requires_four_eyes
        change = services.decision_finalize(decision=change, actor=caseworker)
    assert change.status == Decision.Status.AWAITING_APPROVAL


def test_the_screen_names_creator_and_approver(world, client, caseworker, teamlead):
    user, decide = world
    decision = decide("bewilligung", family_request())
    login(client, teamlead)
    page = client.get(f"/arbeitsbereich/bescheide/{decision.pk}/").content.decode()
    assert "freigegeben von (zweite Person)" in page
    assert "zur Freigabe vorgelegt von" in page
    assert "Die Summe für zwölf Monate liegt über 12.000,00 €." in page


def test_issued_without_four_eyes_says_so(world, jobcenter, make_calc_case, caseworker,
                                          client, django_capture_on_commit_callbacks):
    user, _decide = world
    DecisionSettings.objects.create(jobcenter=jobcenter, four_eyes_yearly_eur=Decimal(50000))
    with time_machine.travel(NOW, tick=False):
        case = make_calc_case(user, request=family_request())
        draft = services.decision_create(case=case, decision_type_key="bewilligung",
                                         actor=caseworker)
        with django_capture_on_commit_callbacks(execute=True):
            decision = services.decision_finalize(decision=draft, actor=caseworker)
    assert decision.approved_by is None and decision.submitted_by == caseworker
    login(client, caseworker)
    page = client.get(f"/arbeitsbereich/bescheide/{decision.pk}/").content.decode()
    assert "freigegeben von" not in page
    assert "ohne zweite Person (Vier-Augen-Prinzip nicht erforderlich)" in page


def test_automation_is_capped_by_the_jobcenters_change_limit(
        world, jobcenter, make_calc_case, django_capture_on_commit_callbacks):
    user, decide = world
    first = decide("bewilligung", family_request())
    AutomationRule.objects.create(jobcenter=jobcenter, case_type_key="weiterbewilligung",
                                  mode=AutomationRule.Mode.DECIDE,
                                  require_nothing_changed=False)
    DecisionSettings.objects.create(jobcenter=jobcenter, automation_max_change_eur=Decimal(5),
                                    four_eyes_yearly_eur=Decimal(50000))
    with time_machine.travel(dt.datetime(2027, 12, 1, 10, 0, tzinfo=dt.UTC), tick=False):
        case = make_calc_case(user, request=family_request(monat="2028-01", netto=500,
                                                           brutto=600),
                              form_key="weiterbewilligung")
        with django_capture_on_commit_callbacks(execute=True):
            on_submission_received(submission_id=case.submission_id)
    prepared = Decision.objects.get(case=case)
    assert prepared.status == Decision.Status.DRAFT  # prepared for a person, not decided
    assert prepared.period_from == first.period_to + dt.timedelta(days=1)
    assert TimelineEntry.objects.filter(case=case, text__contains="Obergrenze").exists()


def test_settings_page_for_the_jobcenter_admin(jobcenter, client, caseworker, other_jobcenter):
    admin = StaffFactory(jobcenter=jobcenter, email="ada@alpha.example", role=Role.JOBCENTER_ADMIN)
    url = "/arbeitsbereich/bescheide/einstellungen/"
    login(client, caseworker)  # Leistungssachbearbeitung: no right to change the rules
    assert client.get(url).status_code in {403, 404}
    client.logout()
    login(client, admin)
    page = client.get(url)
    assert page.status_code == 200 and "2000,00" in page.content.decode()
    bad = client.post(url, {"four_eyes_monthly_eur": "2000", "four_eyes_yearly_eur": "100",
                            "automation_max_change_eur": "50", "renewal_window_days": "56"})
    assert bad.status_code == 400
    assert "nicht kleiner sein als der Monatsbetrag" in bad.content.decode()
    assert not DecisionSettings.objects.exists()
    good = client.post(url, {"four_eyes_monthly_eur": "1.500,00",
                             "four_eyes_yearly_eur": "15000",
                             "automation_max_change_eur": "25,50",
                             "renewal_window_days": "42"})
    assert good.status_code == 302
    row = DecisionSettings.objects.get()
    assert (row.jobcenter, row.four_eyes_monthly_eur, row.automation_max_change_eur,
            row.renewal_window_days, row.updated_by) == (
        jobcenter, Decimal("1500.00"), Decimal("25.50"), 42, admin)
    # another Jobcenter's admin sees and changes only their own settings
    client.logout()
    other = StaffFactory(jobcenter=other_jobcenter, email="olga@beta.example",
                         role=Role.JOBCENTER_ADMIN)
    login(client, other)
    assert "1500,00" not in client.get(url).content.decode()
    client.post(url, {"four_eyes_monthly_eur": "3000", "four_eyes_yearly_eur": "30000",
                      "automation_max_change_eur": "0", "renewal_window_days": "30"})
    row.refresh_from_db()
    assert row.four_eyes_monthly_eur == Decimal("1500.00")
    assert DecisionSettings.objects.get(jobcenter=other_jobcenter).renewal_window_days == 30


def test_the_citizens_current_bewilligung_follows_the_chain(world):
    from jobcenter.decisions.selectors import current_bewilligung

    user, decide = world
    first = decide("bewilligung", family_request())
    renewal = decide("bewilligung", family_request(monat="2028-01"),
                     at=NOW + dt.timedelta(days=2))
    # a later change of the first period does not shorten the Bewilligung to its end
    decide("aenderung", family_request(monat="2027-06", netto=900, brutto=1100),
           period_from=M(2027, 6), reasons="Höherer Lohn.", at=NOW + dt.timedelta(days=3))
    today = dt.date(2027, 2, 10)
    current = current_bewilligung(user, on=today)
    assert (current.decision, current.period_to) == (first, renewal.period_to)
    # an Aufhebung from May 2027 ends it in April
    decide("aufhebung", family_request(monat="2027-05", netto=3000, brutto=4000),
           period_from=M(2027, 5), reasons="Einkommen deckt den Bedarf.",
           at=NOW + dt.timedelta(days=5))
    assert current_bewilligung(user, on=today).period_to == dt.date(2027, 4, 30)
