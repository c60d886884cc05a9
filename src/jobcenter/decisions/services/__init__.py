"""Writes of the ``decisions`` app, one module per concern: ``common`` (rules and errors shared
by all), ``calculation`` (the case's calculation and its change history), ``issuing``
(drafts, four eyes, issuing a Bescheid), ``delivery`` (channel, delivery dates, print list,
the Bescheid's PDF), ``automation`` (one-click renewals and rules), ``recalculation`` (mass
recalculation).

Callers import from the package (``from jobcenter.decisions.services import
decision_create``); the names below are its public API.
"""

from jobcenter.decisions.services.automation import (
    automation_handle_case,
    automation_rule_deactivate,
    automation_rule_save,
    decision_settings_save,
)
from jobcenter.decisions.services.calculation import (
    Op,
    calculation_change,
    calculation_for_case,
)
from jobcenter.decisions.services.common import (
    AMOUNT_TYPES,
    APPROVER_ROLES,
    FINAL,
    REASON_TYPES,
    RECALCULATION_RULE_KEY,
    CalculationConflict,
    DecisionError,
    four_eyes_required,
    four_eyes_threshold,
    previous_final_decision,
)
from jobcenter.decisions.services.common import (
    _month_end as _month_end,  # the tests' month arithmetic
)
from jobcenter.decisions.services.delivery import (
    bescheid_render,
    decisions_mark_posted,
    delivery_channel_for,
    delivery_preference_set,
)
from jobcenter.decisions.services.issuing import (
    can_approve,
    decision_approve,
    decision_create,
    decision_discard,
    decision_finalize,
    decision_return,
)
from jobcenter.decisions.services.recalculation import (
    active_decisions,
    recalculation_bulk_run,
    recalculation_chunk,
    recalculation_progress,
    recalculation_start,
)

__all__ = [
    "bescheid_render",
    "AMOUNT_TYPES",
    "APPROVER_ROLES",
    "CalculationConflict",
    "DecisionError",
    "FINAL",
    "Op",
    "REASON_TYPES",
    "RECALCULATION_RULE_KEY",
    "active_decisions",
    "automation_handle_case",
    "automation_rule_deactivate",
    "automation_rule_save",
    "calculation_change",
    "calculation_for_case",
    "can_approve",
    "decision_approve",
    "decision_create",
    "decision_discard",
    "decision_finalize",
    "decision_return",
    "decision_settings_save",
    "decisions_mark_posted",
    "delivery_channel_for",
    "delivery_preference_set",
    "four_eyes_required",
    "four_eyes_threshold",
    "previous_final_decision",
    "recalculation_bulk_run",
    "recalculation_chunk",
    "recalculation_progress",
    "recalculation_start",
]
