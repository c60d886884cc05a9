"""The case's calculation: created on first use from the submission (or the last Bescheid),
changed by staff with a reason per change, recomputed through the engine adapter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from jobcenter.accounts.models import User
from jobcenter.casefiles.models import Case
from jobcenter.core import sgb2_adapter as engine  # the one adapter to the law engine
from jobcenter.decisions import paths
from jobcenter.decisions.household_input import request_from_household
from jobcenter.decisions.models import (
    Calculation,
    CalculationChange,
)
from jobcenter.decisions.services.common import (
    CalculationConflict,
    DecisionError,
    _first_of_month,
    previous_final_decision,
)


def _compute(calculation: Calculation) -> None:
    try:
        calculation.result = engine.calculate(calculation.request)
        calculation.errors = []
    except engine.CalculationError as exc:  # invalid input, or the engine failed
        calculation.result = None
        calculation.errors = [list(e) for e in exc.errors]


def _previous_request(case: Case) -> dict[str, Any] | None:
    prev = previous_final_decision(case=case)
    if prev is None or not prev.snapshot.get("request"):
        return None
    request = dict(prev.snapshot["request"])
    if prev.period_to:
        request = engine.with_month(request, _first_of_month(prev.period_to + dt.timedelta(days=1)))
    return request


@transaction.atomic
def calculation_for_case(*, case: Case, actor: User | None) -> Calculation:
    """The case's calculation, created on first use and prefilled from the submission (or,
    for a "nothing changed" renewal without one, from the last Bescheid of the BG)."""
    existing = Calculation.objects.filter(case=case).first()
    if existing is not None:
        return existing
    request = case.sgb2_request or (_previous_request(case) if case.nothing_changed else None)
    # the persons come from the Bedarfsgemeinschaft as maintained (households), not from
    # the answers (decisions.household_input)
    request = request_from_household(case, request) if request else request
    calculation = Calculation(case=case, request=request or {}, created_by=actor)
    _compute(calculation)
    try:
        with transaction.atomic():
            calculation.save()
    except IntegrityError:
        return Calculation.objects.get(case=case)
    return calculation


Op = tuple[str, str, Any]  # (op, path, value)


@transaction.atomic
def calculation_change(
    *,
    calculation: Calculation,
    ops: Sequence[Op],
    reason: str,
    actor: User,
    expected_version: int | None = None,
) -> Calculation:
    """Apply input changes with their reason; recompute. Invalid input raises
    :class:`engine.CalculationInputError` (a failing engine: `CalculationFailed`) and nothing
    is stored."""
    reason = reason.strip()
    if not reason:
        raise DecisionError(_("Bitte geben Sie an, warum Sie die Angaben ändern."))
    locked = Calculation.objects.select_for_update().get(pk=calculation.pk)
    if expected_version is not None and locked.version != expected_version:
        raise CalculationConflict(
            _("Jemand anderes hat diese Berechnung inzwischen geändert. Ihre Eingaben sind "
              "noch da; bitte prüfen Sie die Berechnung und speichern Sie erneut.")
        )
    request = locked.request
    rows: list[CalculationChange] = []
    for op, path, value in ops:
        old = paths.get(request, path)
        if op == "set" and old == value:
            continue
        request = paths.apply(request, op, path, value)
        rows.append(CalculationChange(
            calculation=locked, path=path if op == "set" else f"{path} ({op})",
            old=old if op != "append" else None, new=value if op != "remove" else None,
            reason=reason[:500], actor=actor,
        ))
    if not rows:
        return locked
    result = engine.calculate(request)  # raises CalculationError: nothing saved
    locked.request, locked.result, locked.errors = request, result, []
    locked.manual_changes += len(rows)
    locked.version += 1
    locked.save()
    CalculationChange.objects.bulk_create(rows)
    calculation.__dict__.update({k: getattr(locked, k) for k in
                                 ("request", "result", "errors", "manual_changes", "version")})
    return locked
