"""The Schulbedarf (§ 28 Abs. 3 SGB II) end to end: a case with a pupil, the Bewilligung's
month amounts, the Bescheid's Berechnungsbogen line with the pupil's name, what the monthly
payment run pays."""

from __future__ import annotations

import datetime as dt
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine

from jobcenter.decisions import services
from jobcenter.decisions.documents import berechnungsboegen
from jobcenter.decisions.models import Decision
from jobcenter.households.models import Membership
from jobcenter.zahlungen.models import Payment
from jobcenter.zahlungen.services import run_execute, run_start
from jobcenter.zahlungen.services.due import amounts_due
from tests.decisions import facts
from tests.decisions.conftest import sgb2_request
from tests.factories import MembershipFactory, PersonFactory
from tests.zahlungen import helpers

pytestmark = pytest.mark.django_db

JAN, FEB = dt.date(2027, 1, 1), dt.date(2027, 2, 1)


@pytest.fixture
def pupil_case(citizen, make_calc_case):
    """Alice Adler (minijob 300 €) and her son Ben (born 6.6.2012), a pupil."""
    bg = Membership.objects.get(person__user=citizen).bedarfsgemeinschaft
    ben = PersonFactory(jobcenter=bg.jobcenter, first_name="Ben", last_name="Adler",
                        birth_date=dt.date(2012, 6, 6))
    MembershipFactory(person=ben, bedarfsgemeinschaft=bg, role=Membership.Role.KIND)
    request = sgb2_request()
    request["personen"].append({"id": "P2", "rolle": "kind", "geburtsdatum": "2012-06-06",
                                "eltern": ["P1"], "schueler": True})
    return make_calc_case(citizen, request=request)


def _issue(decision, caseworker, teamlead, capture):
    return facts.issue(decision, by=caseworker, approver=teamlead, capture=capture)


def _text(decision: Decision) -> str:
    pdf = facts.pdf_bytes(decision)
    if os.environ.get("SCREENSHOT_DIR"):  # to render it to PNG and look at it
        (Path(os.environ["SCREENSHOT_DIR"]) / "bescheid-schulbedarf.pdf").write_bytes(pdf)
    return facts.pdf_text(pdf)


def test_the_bewilligung_grants_the_schulbedarf_in_february_and_august(
        pupil_case, caseworker, teamlead, django_capture_on_commit_callbacks):
    decision = services.decision_create(case=pupil_case, decision_type_key="bewilligung",
                                        actor=caseworker)
    amounts = {(a.month, a.person_key): a.amount for a in decision.amounts.all()}
    # the same household in January and February: only the Schulbedarf differs
    assert amounts[(FEB, "P2")] - amounts[(JAN, "P2")] == Decimal("65.00")
    assert amounts[(FEB, "P1")] == amounts[(JAN, "P1")]
    aug = dt.date(2027, 8, 1)
    if (aug, "P2") in amounts:  # a twelve-month Bewilligung reaches the first half-year
        assert amounts[(aug, "P2")] - amounts[(dt.date(2027, 7, 1), "P2")] == Decimal("130.00")
    result = decision.snapshot["results"]["2027-02"]
    assert next(p for p in result["personen"] if p["id"] == "P2")["schulbedarf"] == 65

    # the Berechnungsbogen of February names Ben and the line with its norm (golden text)
    boegen = berechnungsboegen(decision.snapshot["results"], decision.snapshot["names"])
    # (the combined Bogen: one column per run of equal months, February its own run)
    (bogen,) = [b for b in boegen if "Februar 2027" in b["columns"]]
    (ben,) = [s for s in bogen["sections"] if s["title"] == "Ben Adler"]
    (line,) = [row for row in ben["rows"] if row[0] == "Schulbedarf (§ 28 Abs. 3 SGB II)"]
    assert line[1] == "§ 19 Abs. 2, § 28 Abs. 3 SGB II"
    cells = dict(zip(bogen["columns"], line[2:], strict=True))
    assert cells["Februar 2027"] == "65,00\xa0€"
    assert all(cell == "–" for month, cell in cells.items() if month != "Februar 2027")
    (august_bogen,) = [b for b in boegen if "August 2027" in b["columns"]]
    (ben,) = [s for s in august_bogen["sections"] if s["title"] == "Ben Adler"]
    (line,) = [row for row in ben["rows"] if row[0] == "Schulbedarf (§ 28 Abs. 3 SGB II)"]
    assert dict(zip(august_bogen["columns"], line[2:], strict=True))["August 2027"] == \
        "130,00\xa0€"

    decision = _issue(decision, caseworker, teamlead, django_capture_on_commit_callbacks)
    text = re.sub(r"\s+", " ", _text(decision))
    assert "Berechnungsbogen Januar 2027 bis Juni 2027" in text
    assert "Schulbedarf (§ 28 Abs. 3 SGB II)" in text

    # what the payment run pays: the month's amounts of the issued Bescheid
    bg = decision.bedarfsgemeinschaft
    due = amounts_due([bg.pk], [JAN, FEB])
    assert sum(due[(bg.pk, FEB)].persons.values()) - sum(due[(bg.pk, JAN)].persons.values()) \
        == Decimal("65.00")


@time_machine.travel(dt.datetime(2027, 1, 20, 9, 0), tick=False)
def test_the_monthly_run_of_february_pays_the_65_euros_more(
        pupil_case, caseworker, teamlead, django_capture_on_commit_callbacks):
    decision = services.decision_create(case=pupil_case, decision_type_key="bewilligung",
                                        actor=caseworker)
    decision = _issue(decision, caseworker, teamlead, django_capture_on_commit_callbacks)
    jc = decision.case.jobcenter
    helpers.payer_account(jc)
    helpers.bank_account(decision.case.applicant)
    bg = decision.bedarfsgemeinschaft
    paid = {}
    for month in (JAN, FEB):
        run_execute(run_start(jobcenter=jc, kind="monatlich", month=month).pk)
        paid[month] = sum(p.amount for p in Payment.objects.filter(
            bedarfsgemeinschaft=bg, month=month))
    assert paid[JAN] > 0
    assert paid[FEB] - paid[JAN] == Decimal("65.00")
