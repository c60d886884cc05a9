"""Fixtures of the tests of changes for the past and provisional decisions: a Bewilligung
issued online on 15.12.2026, an Anhörung for January–March 2027 (prepared on 10.04.2027)."""

from __future__ import annotations

import datetime as dt
import io

import pypdf
import pytest
import time_machine
from django.core.files.storage import default_storage

from jobcenter.decisions import services
from jobcenter.decisions.models import DeliveryPreference
from jobcenter.decisions.services import aufhebung
from tests.decisions.requests import sgb2_request


def pdf_text(version) -> str:
    with default_storage.open(version.storage_name, "rb") as handle:
        reader = pypdf.PdfReader(io.BytesIO(handle.read()))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.fixture
def online(citizen):
    DeliveryPreference.objects.create(user=citizen, channel="online")


@pytest.fixture
def bewilligt(make_calc_case, citizen, caseworker, teamlead, online,
              django_capture_on_commit_callbacks):
    """A Bewilligung from January 2027 (Minijob 300 € netto), issued on 15.12.2026."""
    with time_machine.travel(dt.datetime(2026, 12, 15, 10, tzinfo=dt.UTC), tick=False):
        case = make_calc_case(citizen, request=sgb2_request(monat="2027-01", netto=300.0))
        decision = services.decision_create(case=case, decision_type_key="bewilligung",
                                            actor=caseworker)
        with django_capture_on_commit_callbacks(execute=True):
            services.decision_finalize(decision=decision, actor=caseworker)
    decision.refresh_from_db()
    return case, decision


def _raise_income(case, caseworker, netto: float) -> None:
    calc = services.calculation_for_case(case=case, actor=caseworker)
    services.calculation_change(
        calculation=calc, actor=caseworker, reason="Lohnabrechnungen nachgereicht",
        ops=[("set", "personen[0].einkommen[0].brutto", netto),
             ("set", "personen[0].einkommen[0].netto", netto)])


APRIL = dt.datetime(2027, 4, 10, 10, tzinfo=dt.UTC)


@pytest.fixture
def anhoerung(bewilligt, caseworker):
    case, _decision = bewilligt
    with time_machine.travel(APRIL, tick=False):
        _raise_income(case, caseworker, 520.0)
        return aufhebung.anhoerung_create(
            case=case, actor=caseworker, basis="48_nr3",
            facts="Seit Januar 2027 verdienen Sie 520 € netto im Monat.",
            month_from=dt.date(2027, 1, 1), month_to=dt.date(2027, 3, 1),
            kenntnis_am=dt.date(2027, 4, 1))


