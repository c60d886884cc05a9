"""The calculation page's section on changes for the past (Anhörungen of the case) and on
provisional decisions (§ 41a SGB II)."""

from __future__ import annotations

from typing import Any

from django import template

from jobcenter.decisions import anhoerung as selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def anhoerungen_of(context: template.Context, case: Any) -> list[Any]:
    request: Any = context.get("request")
    return selectors.anhoerungen_for_case(request.user, case.pk)
