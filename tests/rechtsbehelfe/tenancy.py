"""Sample arguments of the Widerspruch staff URLs for the tenancy registry
(``tests/test_tenancy.py``): a Widerspruch of Jobcenter A's citizen against an issued
Bescheid."""

from __future__ import annotations

from typing import Any


def _decision_pk(world: Any) -> int:
    from tests.casefiles.tenancy import DECISIONS_SAMPLE_KWARGS

    return DECISIONS_SAMPLE_KWARGS["decisions:detail"](world)["pk"]


def _widerspruch(world: Any) -> dict[str, int]:
    from jobcenter.decisions.models import Decision
    from jobcenter.rechtsbehelfe.models import Widerspruch
    from jobcenter.rechtsbehelfe.services import widerspruch_file_online

    existing = Widerspruch.objects.filter(jobcenter=world.jobcenter).first()
    if existing is None:
        decision = Decision.objects.get(pk=_decision_pk(world))
        existing = widerspruch_file_online(
            user=world.citizen, decision=decision, scope="ganz", contested="",
            reasons="Zu wenig.", idempotency_key="tenancy")
    return {"pk": existing.pk}


RECHTSBEHELFE_SAMPLE_KWARGS = {
    "rechtsbehelfe:record": lambda w: {"decision_pk": _decision_pk(w)},
    "rechtsbehelfe:detail": _widerspruch,
    "rechtsbehelfe:register": _widerspruch,
    "rechtsbehelfe:remedy": _widerspruch,
    "rechtsbehelfe:hand_over": _widerspruch,
    "rechtsbehelfe:rule": _widerspruch,
    "rechtsbehelfe:withdraw": _widerspruch,
}
