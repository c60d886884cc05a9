"""Embed the citizen's drafts anywhere (e.g. the portal): ``{% load formengine %}``.

``{% formengine_draft_list %}`` renders ``formengine/includes/draft_list.html`` for the
signed-in user; ``{% formengine_drafts as drafts %}`` gives the rows for custom markup.
"""

from __future__ import annotations

from django import template

from jobcenter.formengine.selectors import draft_rows

register = template.Library()


def _rows(context) -> list:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    return draft_rows(user)


@register.simple_tag(takes_context=True)
def formengine_drafts(context) -> list:
    return _rows(context)


@register.inclusion_tag("formengine/includes/draft_list.html", takes_context=True)
def formengine_draft_list(context) -> dict:
    return {"drafts": _rows(context)}
