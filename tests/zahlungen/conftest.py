from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import CitizenFactory, JobcenterFactory
from tests.zahlungen import helpers

JAN = dt.date(2027, 1, 1)
FEB = dt.date(2027, 2, 1)
MAR = dt.date(2027, 3, 1)


@pytest.fixture
def jc(db):
    jobcenter = JobcenterFactory()
    helpers.payer_account(jobcenter)
    return jobcenter


@pytest.fixture
def family(jc):
    """A BG of one citizen (with an account and an IBAN), granted 900 € for Jan–Mar 2027."""
    user = CitizenFactory(jobcenter=jc)
    bg, person = helpers.household(jc, user=user)
    helpers.bank_account(person)
    decision = helpers.issue(bg, person, months=[JAN, FEB, MAR], amounts={"P1": "900.00"},
                             kdu={"P1": "450.00"})
    return bg, person, decision
