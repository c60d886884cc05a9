"""Which rows of decisions the cached pages show, and their scopes (``core.datastand``;
connected in ``config/wiring.py``)."""

from __future__ import annotations

from jobcenter.core import datastand
from jobcenter.decisions.models import (
    Anhoerung,
    AutomationRule,
    Calculation,
    CalculationChange,
    Decision,
    DecisionAmount,
    DecisionSettings,
    DeliveryPreference,
    RecalculationError,
    RecalculationRun,
)


def declare() -> None:
    datastand.not_shown(Calculation, "the staff's working copy; the citizen sees the Bescheid")
    datastand.not_shown(CalculationChange, "history of the working copy")
    datastand.shown(Decision)
    datastand.shown(DecisionAmount)
    datastand.shown(DeliveryPreference)
    datastand.not_shown(AutomationRule, "staff configuration of the automation")
    datastand.not_shown(RecalculationRun, "a staff bulk run; its Bescheide are mapped")
    datastand.not_shown(RecalculationError, "errors of a staff bulk run")
    datastand.shown(DecisionSettings, datastand.TENANT)
    datastand.shown(Anhoerung)
    datastand.on_staff_pages(Decision, case=("case",))  # "Frühere Entscheidungen"
