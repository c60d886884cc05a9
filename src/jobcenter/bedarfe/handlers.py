"""Event handlers of ``bedarfe`` (connected in ``config/wiring.py``)."""

from __future__ import annotations

from typing import Any

from jobcenter.anliegen.letters import letter_of
from jobcenter.decisions.models import Decision
from jobcenter.zahlungen.services import claim_create_loan

#: concern → the legal basis of its loan (the claim's Rechtsgrundlage) and the outcomes that
#: grant it as a loan (a Zuschuss of § 22 Abs. 8 makes no claim)
LOANS = {
    "darlehen": ("§ 24 Abs. 1, § 42a SGB II", {"bewilligung"}),
    "mietkaution": ("§ 22 Abs. 6 Satz 3, § 42a SGB II", {"bewilligung", "bewilligung_anteile"}),
    "mietschulden": ("§ 22 Abs. 8 Satz 4, § 42a SGB II", {"bewilligung"}),
}


def on_kind_erlassen(*, decision_id: int, **_: Any) -> bool:
    """A concern's letter is issued: a granted loan becomes the person's repayment claim in
    ``zahlungen`` (Aufrechnung 5 % from the next month, § 42a Abs. 2 SGB II), once."""
    decision = Decision.objects.select_related("case", "case__applicant").get(pk=decision_id)
    data = dict((decision.snapshot or {}).get("letter") or {})
    loan = LOANS.get(str(data.get("anliegen") or ""))
    if loan is None or data.get("outcome") not in loan[1]:
        return False
    norm = loan[0]
    amount = letter_of(data).amount
    person = decision.case.applicant
    if amount is None or amount <= 0 or person is None:
        return False
    claim_create_loan(bescheid=decision, person=person, amount=amount, rechtsgrundlage=norm)
    return True
