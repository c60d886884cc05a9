"""Template tags for the portal pages (Anträge, Dokumente) that show our submissions."""

from __future__ import annotations

from typing import Any

from django import template

from jobcenter.antraege import forms_meta, selectors
from jobcenter.formengine.selectors import draft_rows

register = template.Library()


@register.simple_tag(takes_context=True)
def antraege_submissions(context: dict[str, Any]) -> list[dict[str, Any]]:
    """The signed-in user's submissions (scoped), each with its form title."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        return []
    return [
        {
            "submission": s,
            "title": forms_meta.submission_title(s),
        }
        for s in selectors.submissions_for_user(user).prefetch_related("attachments")[:100]
    ]


@register.simple_tag
def antraege_form_title(form_key: str) -> str:
    from django.utils import timezone

    return forms_meta.title(form_key, timezone.localdate())


@register.simple_tag(takes_context=True)
def antraege_drafts(context: dict[str, Any]) -> list[Any]:
    """The citizen's open drafts as the form engine lists them (for its include)."""

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    return draft_rows(user)
