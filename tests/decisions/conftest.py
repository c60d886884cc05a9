"""Fixtures of the Bescheid tests: cases with a computable sgb2 request."""

from __future__ import annotations

import dataclasses

import pytest

from jobcenter.casefiles.services import case_intake
from jobcenter.core.roles import Role
from tests.casefiles.conftest import make_submission
from tests.factories import StaffFactory


def sgb2_request(monat: str = "2027-01", netto: float = 300.0, miete: float = 450.0) -> dict:
    return {
        "monat": monat, "leistungsbeginn": "2026-01",
        "personen": [{"id": "P1", "rolle": "antragsteller", "geburtsdatum": "1985-05-17",
                      "einkommen": [{"art": "minijob", "brutto": netto, "netto": netto}]}],
        "unterkunft": {"bruttokaltmiete": miete, "heizkosten": 80.0, "warmwasser": "zentral",
                       "personen_im_haushalt": 1},
    }


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


# Changes for the past and provisional decisions (tests/decisions/past_fixtures.py);
# imported last: the fixtures use sgb2_request above.
from tests.decisions.past_fixtures import anhoerung, bewilligt, online  # noqa: E402, F401
