"""Dates of appointments in the reader's language: "Montag, 7. Dezember 2026" /
"Monday, 7 December 2026" (the weekday name and the named DATE_FORMAT)."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.formats import date_format

register = template.Library()


@register.filter
def weekday_date(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value)
    return f"{date_format(value, 'l')}, {date_format(value, 'DATE_FORMAT')}"
