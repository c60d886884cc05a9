"""Sample arguments of the Anhörung's staff URLs for the tenancy registry
(``tests/test_tenancy.py``): a sent Anhörung of Jobcenter A's case."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone


def sample_anhoerung(world: Any) -> Any:
    from jobcenter.decisions.models import Anhoerung, Decision
    from tests.casefiles.tenancy import _decision, sample_case

    case = sample_case(world)
    existing = Anhoerung.objects.filter(case=case).first()
    if existing is not None:
        return existing
    decision = Decision.objects.get(pk=_decision(world)["pk"])
    return Anhoerung.objects.create(
        case=case, decision=decision, basis=Anhoerung.Basis.NR3, facts="Einkommen",
        month_from=dt.date(2027, 1, 1), month_to=dt.date(2027, 1, 1), request={},
        positions=[{"month": "2027-01", "person_key": "P1", "person_name": "Zacharias",
                    "person_id": None, "old": "900.00", "new": "800.00", "claim": "100.00",
                    "back": "0.00", "bedarf": "1000.00", "einkommen": "200.00"}],
        total="100.00", status=Anhoerung.Status.SENT, channel="online",
        letter_date=timezone.localdate(), sent_at=timezone.now(),
        deadline=timezone.localdate() + dt.timedelta(days=18))


def _pk(world: Any) -> dict[str, int]:
    return {"pk": sample_anhoerung(world).pk}


def _case(world: Any) -> dict[str, int]:
    from tests.casefiles.tenancy import sample_case

    return {"case_pk": sample_case(world).pk}


def _decision_pk(world: Any) -> dict[str, int]:
    from tests.casefiles.tenancy import _decision

    return _decision(world)


ANHOERUNG_SAMPLE_KWARGS = {
    "anhoerung:start": _case,
    "anhoerung:detail": _pk,
    "anhoerung:send": _pk,
    "anhoerung:posted": _pk,
    "anhoerung:paper_answer": _pk,
    "anhoerung:decide": _pk,
    "anhoerung:pdf": _pk,
    "anhoerung:discard": _pk,
    # provisional decisions (§ 41a SGB II): the sample Bescheid of Jobcenter A
    "vorlaeufig:create": _case,
    "vorlaeufig:proofs": _decision_pk,
    "vorlaeufig:final": _decision_pk,
}
