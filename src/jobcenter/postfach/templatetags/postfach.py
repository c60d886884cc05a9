from __future__ import annotations

from django import template

from jobcenter.postfach.models import Thread
from jobcenter.postfach.services import is_overdue

register = template.Library()


@register.filter
def overdue(thread: Thread) -> bool:
    """Whether the thread's answer is overdue by its topic's service clock."""
    return is_overdue(thread)
