"""Template tags for the citizen's pages: the overview's lead and the one status of a
concern on pages of other apps (e.g. the page of a received application)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import timezone
from django.utils.translation import get_language

from jobcenter.casefiles.services import mitwirkung_legal_notice
from jobcenter.core.request_memo import remembering
from jobcenter.core.todo import todos_for
from jobcenter.decisions.todo import window_days
from jobcenter.portal import concerns

register = template.Library()


def _user(context: template.Context) -> Any:
    request = context.get("request")
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


@register.simple_tag(takes_context=True)
def portal_overview(context: template.Context) -> dict[str, Any]:
    """What the overview leads with: the to-do list ("Das steht an": every provider of
    ``core.todo``, most urgent first), the current Bewilligungszeitraum and the concerns
    still open."""
    user = _user(context)
    if user is None:
        return {}
    # the to-do providers read the same concerns and Bewilligung: once for the whole lead
    with remembering():
        items = concerns.concerns_for_citizen(user)
        todos = todos_for(user)
        bewilligung = concerns.current_bewilligung(user)
        renewal_from = None
        if bewilligung is not None:
            renewal_from = bewilligung.period_to - dt.timedelta(
                days=window_days(user.jobcenter_id))
    return {
        "todos": todos,
        "open_concerns": [c for c in items if c.is_open],
        "has_concerns": bool(items),
        "bewilligung": bewilligung,
        # The Weiterbewilligung: from when it is due (the same window as the to-do item,
        # which then carries the button), and whether the to-do list already offers it.
        "renewal_from": renewal_from,
        "renewal_due": renewal_from is not None and timezone.localdate() >= renewal_from,
        "renewal_in_todos": any(t.kind == "weiterbewilligung" for t in todos),
    }


@register.simple_tag(takes_context=True)
def concern_status(context: template.Context, reference: str) -> concerns.Status | None:
    """The one status of the citizen's concern with ``reference`` (None if not theirs)."""
    user = _user(context)
    if user is None:
        return None
    found = concerns.concerns_for_citizen(user, reference=reference)
    return found[0].status if found else None


@register.filter
def legal_notice_for_reader(task: Any) -> str:
    """The legal notice of a request for documents in the reader's language: the text stored
    with the request (German, as sent) for a German reader; the same notice with the same
    deadline in the reader's language otherwise."""
    if (get_language() or "de").startswith("de"):
        return str(getattr(task, "legal_notice", ""))
    return mitwirkung_legal_notice(task.deadline)
