"""The citizen's calculation sheet (``core.buergerbogen``) as HTML tables, written in Python.

One table per section, a ``<tbody>`` per group and a row per line: a sheet has 30–80 rows,
and as a template (three nested loops, four variables a row) it was the larger part of the
Rechner's result (docs/performance.md, "The Rechner POST"). The tag writes byte for byte
what the template wrote (kept as ``tests/core/templates/buergerbogen_tabellen_reference.html``;
``tests/core/test_sheet_tables.py`` compares both): every value through
``render_value_in_context`` as a ``{{ variable }}`` (a plain ``str`` straight through
``html.escape``, which is all that does to it), the two headings through ``gettext``
unescaped as ``{% translate %}`` writes a literal's translation.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from django import template
from django.template.base import render_value_in_context
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from jobcenter.core.buergerbogen import (
    ESCAPED,
    GROUP_END,
    GROUP_HEAD_END,
    GROUP_START,
    NEEDS_ESCAPE,
    ROW_AMOUNT,
    ROW_END,
    ROW_LAW,
    ROW_START,
    Sheet,
)
from jobcenter.core.page_skeleton import ProcessCache

register = template.Library()

#: The sheet's fixed texts escaped (``buergerbogen.ESCAPED``: labels, legal bases, group
#: titles, benefit names — never a typed value; a person's name, an amount or a note is
#: escaped per request). ``NEEDS_ESCAPE``: a character ``html.escape`` replaces.
_ESCAPED = ESCAPED
__all__ = ["NEEDS_ESCAPE", "buergerbogen_tabellen", "sheet_tables"]

#: Each table's (hidden) heading row per language: two ``gettext`` calls per sheet before;
#: forgotten when a setting changes (e.g. ``LOCALE_PATHS``), as the sheet's texts.
_HEADS: ProcessCache[str] = ProcessCache(16)


def _head() -> str:
    """The heading row of a table in the active language."""
    language = get_language()
    head = _HEADS.get(language)
    if head is None:
        # (outside the f-string: makemessages does not find a call inside one)
        item, amount = gettext("Position und Rechtsgrundlage"), gettext("Betrag")
        head = (f'<thead class="jc-visually-hidden"><tr><th scope="col">{item}</th>'
                f'<th scope="col">{amount}</th></tr></thead>')
        _HEADS.put(language, head)
    return head


@register.simple_tag(takes_context=True)
def buergerbogen_tabellen(context: template.Context, sheet: Sheet) -> SafeString:
    """The sections of ``sheet`` as stacked tables (the rows of the Berechnungsbogen)."""

    autoescape = context.autoescape

    def v(value: object) -> str:
        if type(value) is str:  # a plain text: localize() leaves it, escape() is html.escape
            # (which gives back a text without any of its five characters as it is)
            return html.escape(value) if autoescape and NEEDS_ESCAPE(value) else value
        return str(render_value_in_context(value, context))

    def fixed(value: object) -> str:
        """``v`` of a fixed text (a line's label and legal basis, a group's title, a
        section's benefit name): escaped once per process."""
        if type(value) is not str or not autoescape:
            return v(value)
        escaped = _ESCAPED.get(value)
        if escaped is None:
            escaped = html.escape(value)
            _ESCAPED.keep(value, escaped)
        return escaped

    head = _head()
    out = ["\n      "]
    # a fixed text escaped before
    nothing: dict[str, str] = {}
    known: Callable[[str], str | None] = _ESCAPED.get if autoescape else nothing.get
    for section in sheet.sections:
        subtitle = (f' <span class="jc-muted">– {fixed(section.subtitle)}</span>'
                    if section.subtitle else "")
        out.append(f'\n      <table class="jc-bb-table">\n        <caption>{v(section.title)}'
                   f"{subtitle}</caption>\n        {head}\n        ")
        for group in section.groups:
            if group.html is not None and autoescape:  # written by the sheet's walk
                out += group.html
                out.append(GROUP_END)
                continue
            out.append(f"{GROUP_START}{fixed(group.title)}{GROUP_HEAD_END}")
            for line in group.lines:
                # (``fixed`` and ``v`` without their calls where the text is known or plain:
                # 30–80 rows, three texts each)
                label, basis, shown = line.label, line.legal_basis, line.amount
                label = (type(label) is str and known(label)) or fixed(label)
                basis = (type(basis) is str and known(basis)) or fixed(basis)
                if type(shown) is not str or NEEDS_ESCAPE(shown):
                    shown = v(shown)
                out.append(f"{ROW_START}{label}{ROW_LAW}{basis}{ROW_AMOUNT}{shown}{ROW_END}")
            out.append(GROUP_END)
        out.append("\n      </table>\n      ")
    out.append("\n")
    # every value in it went through render_value_in_context (escaped as a variable is)
    return mark_safe("".join(out))  # noqa: S308


#: a page's context as the tag sees it: autoescape on, localization and time zone as set
_PAGE = template.Context()


def sheet_tables(sheet: Sheet) -> SafeString:
    """What ``{% buergerbogen_tabellen sheet %}`` writes in a page, without a template around
    it (the Rechner's result section from its skeleton, rechner/page.py)."""
    return buergerbogen_tabellen(_PAGE, sheet)
