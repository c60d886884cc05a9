"""``{{ session.user_agent|device_name }}``: a session's browser and device in plain words."""

from __future__ import annotations

from django import template

from jobcenter.accounts import devices

register = template.Library()


@register.filter
def device_name(user_agent: str) -> str:
    return devices.describe(devices.parse(user_agent or ""))


@register.filter
def device_kind(user_agent: str) -> str:
    return devices.kind_label(devices.parse(user_agent or ""))
