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


@pytest.fixture
def staff(jc):
    """A caseworker of the Jobcenter, by name in the trail."""
    from tests.factories import StaffFactory

    return StaffFactory(jobcenter=jc, first_name="Carla", last_name="Berger")


@pytest.fixture
def erstattung(jc, family):
    """An Erstattung of 400 € against the family's citizen, offset at 30 % (168,90 € of
    563 €) from January 2027, declared up to December 2029."""
    from decimal import Decimal

    from jobcenter.zahlungen.models import Claim

    bg, person, decision = family
    return Claim.objects.create(
        jobcenter=jc, person=person, bedarfsgemeinschaft=bg, bescheid=decision, basis="30",
        rechtsgrundlage="§ 50 SGB X", amount=Decimal("400.00"),
        due_date=dt.date(2026, 12, 20), offset_from=JAN, offset_until=dt.date(2029, 12, 1))
