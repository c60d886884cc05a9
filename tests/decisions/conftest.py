"""Fixtures of the Bescheid tests: cases with a computable sgb2 request."""

from __future__ import annotations

import dataclasses

import pytest

from jobcenter.casefiles.services import case_intake
from jobcenter.core.roles import Role
from tests.casefiles.conftest import make_submission
from tests.decisions.requests import sgb2_request  # noqa: F401 - re-exported for the tests
from tests.factories import StaffFactory


@pytest.fixture
def make_calc_case(db):
    def factory(user, *, request=None, form_key="hauptantrag", nothing_changed=False,
                jobcenter=None):
        submission = make_submission(user=user, jobcenter=jobcenter, form_key=form_key,
                                     nothing_changed=nothing_changed)
        submission = dataclasses.replace(
            submission, sgb2_request=request if request is not None else sgb2_request())
        return case_intake(submission=submission)

    return factory


@pytest.fixture
def calc_case(citizen, make_calc_case):
    return make_calc_case(citizen)


@pytest.fixture
def teamlead(jobcenter):
    return StaffFactory(jobcenter=jobcenter, email="tina@alpha.example", role=Role.TEAMLEITUNG)


@pytest.fixture
def colleague(jobcenter):
    return StaffFactory(jobcenter=jobcenter, email="dora@alpha.example", role=Role.LEISTUNG)


@pytest.fixture
def other_teamlead(other_jobcenter):
    return StaffFactory(jobcenter=other_jobcenter, email="otto@beta.example",
                        role=Role.TEAMLEITUNG)


@pytest.fixture
def make_citizen(jobcenter):
    """Another citizen with a person record in a Bedarfsgemeinschaft of their own (one BG
    holds one Bewilligung per month: the chain of Bescheide, ``decisions.chain``)."""
    from tests.factories import CitizenFactory, MembershipFactory, PersonFactory

    def factory(first_name: str, last_name: str, **person):
        user = CitizenFactory(jobcenter=jobcenter, email=f"{first_name.lower()}@example.org",
                              first_name=first_name, postcode="11111")
        record = PersonFactory(jobcenter=jobcenter, user=user, first_name=first_name,
                               last_name=last_name, **person)
        MembershipFactory(person=record, bedarfsgemeinschaft__jobcenter=jobcenter)
        return user

    return factory


# Changes for the past and provisional decisions (tests/decisions/past_fixtures.py);
# imported last: the fixtures use sgb2_request above.
from tests.decisions.past_fixtures import anhoerung, bewilligt, online  # noqa: E402, F401
