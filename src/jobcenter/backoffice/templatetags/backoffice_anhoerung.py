"""The calculation page's section on changes for the past (Anhörungen of the case) and on
provisional decisions (§ 41a SGB II)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import timezone

from jobcenter.decisions import anhoerung as selectors
from jobcenter.decisions.anhoerung import ProofsForm
from jobcenter.decisions.models import Decision
from jobcenter.decisions.services import vorlaeufig

register = template.Library()


@register.simple_tag(takes_context=True)
def anhoerungen_of(context: template.Context, case: Any) -> list[Any]:
    request: Any = context.get("request")
    return selectors.anhoerungen_for_case(request.user, case.pk)


@register.simple_tag(takes_context=True)
def anhoerungen_to_act_on(context: template.Context) -> dict[str, list[Any]]:
    request: Any = context.get("request")
    return selectors.anhoerungen_to_act_on(request.user)


@register.simple_tag
def provisional_info(calculation: Any) -> dict[str, Any]:
    """Whether the calculation has earned income (provisional by default) and the reason."""
    request = getattr(calculation, "request", None) or {}
    return {"earnings": vorlaeufig.has_earnings(request), "reason": vorlaeufig.default_reason()}


@register.simple_tag
def provisional_decision(decision: Any) -> dict[str, Any] | None:
    """The § 41a actions of a provisional Bewilligung (proofs, final decision)."""
    if not vorlaeufig.is_provisional(decision):
        return None
    today = timezone.localdate()
    final = Decision.objects.filter(previous=decision,
                                    decision_type__key=vorlaeufig.FINAL_TYPE).first()
    due = vorlaeufig.proofs_due_from(decision)
    return {
        "reason": decision.snapshot["vorlaeufig"].get("reason", ""), "final": final,
        "is_final": decision.is_final, "due": due, "can_request": today >= due,
        "can_finalize": decision.period_to is not None and today > decision.period_to,
        "proofs_form": ProofsForm(initial={"deadline": today + dt.timedelta(days=30)}),
    }


@register.filter
def euro(value: Any) -> str:
    """An amount (Decimal or decimal string) in the reader's number format, with €."""
    return selectors.money(value)
