"""One-click renewals and the Jobcenter's automation rules: an intake hook prepares (or
decides) the Bescheid of a low-risk case, once.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from jobcenter.accounts.models import User
from jobcenter.casefiles.models import Case, TimelineEntry
from jobcenter.casefiles.services import (
    case_set_status,
    timeline_add,
)
from jobcenter.core import sgb2_adapter as engine  # the one adapter to the law engine
from jobcenter.decisions.models import (
    AutomationRule,
    Decision,
)
from jobcenter.decisions.services.calculation import calculation_for_case
from jobcenter.decisions.services.common import _dec, previous_final_decision
from jobcenter.decisions.services.issuing import decision_create, decision_finalize


def _rule_for(case: Case) -> AutomationRule | None:
    return (AutomationRule.objects
            .filter(jobcenter_id=case.jobcenter_id, case_type_key=case.case_type.key,
                    is_active=True).order_by("-pk").first())


def automation_handle_case(*, case_id: int) -> Decision | None:
    """Intake hook: prepare (or decide) a Bescheid for low-risk cases. Idempotent."""
    case = Case.objects.select_related("case_type", "jobcenter").get(pk=case_id)
    if Decision.objects.filter(case=case).exists():
        return None
    rule = _rule_for(case)
    nothing_changed_renewal = case.case_type.key == "weiterbewilligung" and case.nothing_changed
    if rule is None and not nothing_changed_renewal:
        return None
    if rule is not None and rule.require_nothing_changed and not case.nothing_changed:
        return None
    previous = previous_final_decision(case=case)
    calculation = calculation_for_case(case=case, actor=None)
    if calculation.result is None:
        timeline_add(case=case, kind=TimelineEntry.Kind.NOTE,
                     text=_("Automatische Berechnung nicht möglich; bitte manuell prüfen."))
        return None
    period_from = None
    if previous is not None and previous.period_to:
        period_from = previous.period_to + dt.timedelta(days=1)
        calculation.request = engine.with_month(calculation.request, period_from)
        calculation.result = engine.calculate(calculation.request)
        calculation.save(update_fields=["request", "result", "updated_at"])
    new_total = _dec(calculation.result["summe"]["zahlbetrag"])
    if rule is not None and rule.max_change_eur is not None:
        old_total = previous.monthly_total if previous is not None else None
        if old_total is None or abs(new_total - old_total) > rule.max_change_eur:
            timeline_add(case=case, kind=TimelineEntry.Kind.NOTE,
                         text=_("Keine automatische Entscheidung: Der Betrag ändert sich "
                                "stärker als nach der Regel erlaubt."))
            return None
    if new_total <= 0:
        return None
    try:
        with transaction.atomic():
            decision = decision_create(
                case=case, decision_type_key="bewilligung", actor=None,
                request=calculation.request, period_from=period_from,
                origin=Decision.Origin.AUTOMATION, previous=previous,
            )
            case_set_status(case=case, status_key="entscheidung_vorbereitet", actor=None)
            if rule is not None and rule.mode == AutomationRule.Mode.DECIDE:
                decision = decision_finalize(decision=decision, actor=None)
    except IntegrityError:
        # A concurrent run prepared this case's Bescheid first (unique constraint
        # ``decision_automation_once_per_case``): nothing to do twice.
        if Decision.objects.filter(case=case, origin=Decision.Origin.AUTOMATION).exists():
            return None
        raise
    return decision


@transaction.atomic
def automation_rule_save(*, jobcenter_id: int, case_type_key: str, mode: str,
                         require_nothing_changed: bool, max_change_eur: Decimal | None,
                         actor: User) -> AutomationRule:
    """One active rule per Jobcenter and case type (a new setting replaces the old one)."""
    AutomationRule.objects.filter(jobcenter_id=jobcenter_id, case_type_key=case_type_key,
                                  is_active=True).update(is_active=False)
    return AutomationRule.objects.create(
        jobcenter_id=jobcenter_id, case_type_key=case_type_key, mode=mode,
        require_nothing_changed=require_nothing_changed, max_change_eur=max_change_eur)


@transaction.atomic
def automation_rule_deactivate(*, rule: AutomationRule, actor: User) -> None:
    AutomationRule.objects.filter(pk=rule.pk).update(is_active=False)
