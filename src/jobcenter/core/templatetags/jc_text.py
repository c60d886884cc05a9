"""``{{ value|translated }}``: a German text stored in the database, in the reader's language.

Some texts are stored when they happen, in German (the source language): the eAkte's
catalogue seeded by a migration (case, status, document and decision types with the
status texts for citizens), the titles of a case's documents, the entries of a case's
history. Their German text is a msgid of the catalogue (``gettext_noop`` where they are
defined, e.g. ``casefiles/catalogue_texts.py``), so the English reader gets the English
text. A stored text with values filled in ("Wir brauchen noch Unterlagen von Ihnen
(Frist: 25.12.2026).") is matched against the catalogue's msgids with placeholders and
translated with its values, a German date in the reader's format. A text an administrator
wrote later, which no catalogue knows, stays as written.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from django import template
from django.utils import formats
from django.utils.translation import get_language, gettext, trans_real

from jobcenter.core.iban import iban_grouped

register = template.Library()

_PLACEHOLDER = re.compile(r"%\((\w+)\)([sd])")
_GERMAN_DATE = re.compile(r"(\d{2})\.(\d{2})\.(\d{4})")


@cache
def _valued_msgids(language: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    """(pattern matching the German text with any values, msgid) for every msgid of the
    language's catalogue that has named placeholders."""
    # the merged catalogue of every package; Django keeps it in a private attribute
    catalogue = trans_real.translation(language)._catalog  # type: ignore[attr-defined]
    found: list[tuple[int, re.Pattern[str], str]] = []
    for key in {k for k, _v in catalogue.items()}:
        if not isinstance(key, str) or "%(" not in key:
            continue
        parts = _PLACEHOLDER.split(key)  # text, name, kind, text, name, kind, …, text
        pattern, literal = "", 0
        for index in range(0, len(parts), 3):
            pattern += re.escape(parts[index])
            literal += len(parts[index])
            if index + 2 < len(parts):
                name, kind = parts[index + 1], parts[index + 2]
                pattern += f"(?P<{name}>\\d+)" if kind == "d" else f"(?P<{name}>.+?)"
        try:
            found.append((literal, re.compile(pattern + r"\Z", re.S), key))
        except re.error:  # the same placeholder twice
            continue
    # the most specific first: the longest fixed text
    return tuple((regex, key) for _n, regex, key in sorted(found, key=lambda f: -f[0]))


def _value(text: str) -> str:
    date = _GERMAN_DATE.fullmatch(text)
    if date:
        day, month, year = (int(x) for x in date.groups())
        return str(formats.date_format(dt.date(year, month, day), "SHORT_DATE_FORMAT"))
    return text


@register.filter
def translated(value: object) -> str:
    text = "" if value is None else str(value)
    if not text:
        return text
    found = gettext(text)
    language = get_language() or "de"
    if found != text or language.startswith("de"):
        return found
    for pattern, msgid in _valued_msgids(language):
        match = pattern.match(text)
        if match:
            values = {k: int(v) if v.isdigit() and f"%({k})d" in msgid else _value(v)
                      for k, v in match.groupdict().items()}
            return gettext(msgid) % values
    return text


@register.filter(name="iban")
def iban_filter(value: object) -> str:
    """``{{ payment.iban|iban }}``: in groups of four (``core.iban``)."""
    return iban_grouped(value)
