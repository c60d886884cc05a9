"""The overview's items of the to-do provider "anhoerung" (``core.todo``), until the
overview shows every provider's items (issue 13)."""

from __future__ import annotations

from typing import Any

from django import template

from jobcenter.core import todo

register = template.Library()


@register.simple_tag(takes_context=True)
def anhoerung_todos(context: template.Context) -> list[todo.ToDo]:
    request: Any = context.get("request")
    user = getattr(request, "user", None)
    provider = todo.providers().get("anhoerung")
    if user is None or provider is None:
        return []
    return list(provider(user))
