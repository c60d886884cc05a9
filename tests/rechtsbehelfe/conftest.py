"""Fixtures of the Widerspruch tests: an issued Bescheid delivered online to the citizen,
the Jobcenter's Widerspruchsstelle and its Sozialgericht."""

from __future__ import annotations

import datetime as dt

import pytest

from jobcenter.core.roles import Role
from jobcenter.decisions import services as decisions
from jobcenter.decisions.models import DeliveryPreference
from jobcenter.jobcenters.models import Team
from jobcenter.rechtsbehelfe.models import WiderspruchSettings
from tests.decisions.conftest import calc_case, colleague, make_calc_case  # noqa: F401
from tests.factories import StaffFactory


@pytest.fixture
def issued(calc_case, caseworker, citizen, django_capture_on_commit_callbacks):  # noqa: F811
    """A Bewilligung issued online (delivered, with its PDF)."""
    decisions.delivery_preference_set(user=citizen, channel=DeliveryPreference.Channel.ONLINE)
    draft = decisions.decision_create(case=calc_case, decision_type_key="bewilligung",
                                      actor=caseworker)
    with django_capture_on_commit_callbacks(execute=True):
        decision = decisions.decision_finalize(decision=draft, actor=caseworker)
    decision.refresh_from_db()
    return decision


@pytest.fixture
def board_team(jobcenter):
    return Team.objects.create(jobcenter=jobcenter, name="Widerspruchsstelle")


@pytest.fixture
def court(jobcenter, board_team):
    return WiderspruchSettings.objects.create(
        jobcenter=jobcenter, court_name="Sozialgericht Alpha", court_street="Gerichtsweg 5",
        court_postcode="11111", court_city="Alphastadt", widerspruchsstelle=board_team)


@pytest.fixture
def board_member(jobcenter, board_team):
    return StaffFactory(jobcenter=jobcenter, email="wilma@alpha.example", role=Role.LEISTUNG,
                        team=board_team, first_name="Wilma", last_name="Weber")


@pytest.fixture
def teamlead_elsewhere(jobcenter):
    """A Teamleitung of the same Jobcenter, not in the Widerspruchsstelle's team."""
    team = Team.objects.create(jobcenter=jobcenter, name="Leistung 1")
    return StaffFactory(jobcenter=jobcenter, email="tom@alpha.example",
                        role=Role.TEAMLEITUNG, team=team)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)
