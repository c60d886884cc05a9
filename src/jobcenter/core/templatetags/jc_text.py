"""``{{ value|translated }}``: a German text stored in the database, in the reader's language.

Some texts are stored when they happen, in German (the source language): the eAkte's
catalogue seeded by a migration (case, status, document and decision types with the
status texts for citizens), the titles of a case's documents, the entries of a case's
history. Their German text is a msgid of the catalogue (``gettext_noop`` where they are
defined, e.g. ``casefiles/catalogue_texts.py``), so the English reader gets the English
text; a text an administrator wrote later, which no catalogue knows, stays as written.
"""

from __future__ import annotations

from django import template
from django.utils.translation import gettext

register = template.Library()


@register.filter
def translated(value: object) -> str:
    text = "" if value is None else str(value)
    return gettext(text) if text else text
