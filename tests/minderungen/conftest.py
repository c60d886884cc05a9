"""Fixtures of the Minderung tests: a Bewilligung for the citizen's case, issued online."""

from __future__ import annotations

import pytest

from jobcenter.decisions import services as decisions
from jobcenter.decisions.models import DeliveryPreference
from tests.decisions.conftest import calc_case, colleague, make_calc_case  # noqa: F401


@pytest.fixture
def bewilligung(calc_case, caseworker, citizen, django_capture_on_commit_callbacks):  # noqa: F811
    decisions.delivery_preference_set(user=citizen, channel=DeliveryPreference.Channel.ONLINE)
    draft = decisions.decision_create(case=calc_case, decision_type_key="bewilligung",
                                      actor=caseworker)
    with django_capture_on_commit_callbacks(execute=True):
        decision = decisions.decision_finalize(decision=draft, actor=caseworker)
    decision.refresh_from_db()
    return decision
