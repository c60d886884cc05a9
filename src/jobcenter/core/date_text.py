"""A date in one of Django's named formats (``SHORT_DATE_FORMAT``, ``YEAR_MONTH_FORMAT``, …)
as ``django.utils.formats.date_format`` writes it, with the format read and the month names
translated once per language and process instead of per date.

``date_format`` parses its format string, builds a ``DateFormat`` and looks up the active
language through the thread-local several times for every date; the Rechner's result names
two to five dates per request (docs/performance.md, "The Rechner POST, fourth round"). Here
a format made only of day and month numbers (``d j m n``), the year (``Y``), the month's
name (``F``) and characters that are not format characters is turned into a plan once per
(language, format name); anything else — another format character, a backslash — is left
to Django. ``tests/core/test_date_text.py`` compares both for every day of several years
in each language of the site.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils import formats, translation
from django.utils.dates import MONTHS
from django.utils.translation import get_language

from jobcenter.core.page_skeleton import ProcessCache

#: Django's format characters (``django.utils.dateformat.re_formatchars``)
_FORMAT_CHARS = re.compile(r"([aAbcdDeEfFgGhHiIjlLmMnNoOPrsStTUuwWyYzZ])")
_KNOWN = frozenset("djmnYF")

#: each known format character as a field of ``str.format`` (argument 0 the date, 1 the
#: month's name): one C-level ``format`` call per date instead of a loop over the parts
_FIELDS = {"d": "{0.day:02d}", "j": "{0.day}", "m": "{0.month:02d}", "n": "{0.month}",
           "Y": "{0.year:04d}", "F": "{1}"}

_Plan = tuple[str, tuple[str, ...]]
#: (language, format name) → the format as a ``str.format`` template (literal text with its
#: braces doubled, each of ``_KNOWN`` a field) and the month names (1–12) in that
#: language; ``()``: a format left to Django.
_PLANS: ProcessCache[_Plan | tuple[()]] = ProcessCache(32)


def _plan(format_name: str) -> _Plan | tuple[()]:
    text = str(formats.get_format(format_name))
    if "\\" in text:
        return ()
    parts = tuple(part for part in _FORMAT_CHARS.split(text) if part)
    if any(_FORMAT_CHARS.fullmatch(part) and part not in _KNOWN for part in parts):
        return ()
    months = ("", *(str(MONTHS[number]) for number in range(1, 13)))
    template = "".join(_FIELDS.get(part) or part.replace("{", "{{").replace("}", "}}")
                       for part in parts)
    return template, months


def date_format(value: dt.date, format_name: str, language: str | None = None) -> str:
    """``formats.date_format(value, format_name)`` of a ``date`` (not a ``datetime``) in the
    active language (``language``: its code, when the caller has it at hand)."""
    language = language or get_language()
    key = (language, format_name)
    plan = _PLANS.get(key)
    if plan is None:
        with translation.override(language):
            plan = _plan(format_name)
        _PLANS.put(key, plan)
    if not plan:
        return formats.date_format(value, format_name)
    template, months = plan
    return template.format(value, months[value.month])
