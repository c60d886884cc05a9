"""The form renderer of the project (``FORM_RENDERER``): Django's template renderer, except
that the plain widgets every form uses — ``<input>`` of any type and ``<select>`` with its
``<option>``\\ s — are written in Python instead of through Django's widget templates.

Why: a form page renders each widget through three to four small templates
(``text.html`` → ``input.html`` → ``attrs.html``; ``select.html`` → one ``select_option.html``
per choice), each a template lookup, a context push and a node walk. On the Rechner (17
widgets, one select with 13 months) that was more than half of the page's CPU time
(docs/performance.md, "Web bench"). The output is byte for byte what Django's templates
give (``tests/core/test_form_renderer.py`` compares both over every widget of the
project's forms and over edge cases: booleans, ``None``, safe strings, lazy texts, optgroups);
any widget, template or attribute value it does not know goes to the templates unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Any

from django import forms as django_forms
from django.forms.renderers import DjangoTemplates
from django.utils.functional import Promise
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData

_WIDGETS = "django/forms/widgets/"
#: Widget templates that are nothing but ``input.html``.
INPUT_TEMPLATES = frozenset(
    f"{_WIDGETS}{name}.html"
    for name in ("input", "text", "number", "email", "url", "password", "hidden", "search",
                 "tel", "date", "datetime", "time", "color")
)
SELECT_TEMPLATE = f"{_WIDGETS}select.html"
OPTION_TEMPLATE = f"{_WIDGETS}select_option.html"
_PLAIN = (str, int, float, Decimal, Promise)


class _Unknown(Exception):
    """A value or template the Python path does not handle: use Django's templates."""


def _text(value: Any) -> str:
    """``{{ value|stringformat:'s' }}`` under autoescaping."""
    if isinstance(value, SafeData):
        return str(value)
    if isinstance(value, bool) or not isinstance(value, _PLAIN):
        raise _Unknown
    return str(conditional_escape(str(value)))


def _label(value: Any) -> str:
    """``{{ value }}`` under autoescaping, for text only (a number would be localized by
    the template: such labels go to the templates)."""
    if isinstance(value, SafeData):
        return str(value)
    if not isinstance(value, (str, Promise)):
        raise _Unknown
    return str(conditional_escape(str(value)))


def _attrs(attrs: Mapping[str, Any]) -> str:
    """``django/forms/widgets/attrs.html``."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if not isinstance(name, str):
            raise _Unknown
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(f' {conditional_escape(name)}="{_text(value)}"')
    return "".join(parts)


def _input(widget: Mapping[str, Any]) -> str:
    value = widget["value"]
    shown = "" if value is None else f' value="{_text(value)}"'
    return (f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{shown}'
            f'{_attrs(widget["attrs"])}>')


def _option(option: Mapping[str, Any]) -> str:
    if option.get("template_name") != OPTION_TEMPLATE:
        raise _Unknown
    # select_option.html ends with a newline, which its include keeps
    return (f'<option value="{_text(option["value"])}"{_attrs(option["attrs"])}>'
            f"{_label(option['label'])}</option>\n")


def _select(widget: Mapping[str, Any]) -> str:
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_label(group_name)}">')
        for option in group_choices:
            parts.append(f"\n  {_option(option)}")
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class FormRenderer(DjangoTemplates):
    """Django's ``DjangoTemplates`` form renderer with a Python path for plain widgets."""

    @cached_property
    def _django_templates(self) -> bool:
        """Whether the widget templates in use are Django's own: should an app or the
        project ever override one of them, every widget goes to the templates again."""
        own = str(Path(django_forms.__file__).parent / "templates")
        names = (*INPUT_TEMPLATES, SELECT_TEMPLATE, OPTION_TEMPLATE, f"{_WIDGETS}attrs.html")
        return all(str(self.get_template(name).origin.name).startswith(own) for name in names)

    def render(self, template_name: str, context: dict[str, Any],
               request: Any = None) -> str:
        # Like Django's renderer, a plain str: Widget.render marks it safe. Every value in
        # it went through conditional_escape, as under the templates' autoescaping.
        widget = context.get("widget") if isinstance(context, dict) else None
        if (isinstance(widget, dict) and widget.get("template_name") == template_name
                and self._django_templates):
            try:
                if template_name in INPUT_TEMPLATES and "type" in widget:
                    return _input(widget)
                if template_name == SELECT_TEMPLATE:
                    return _select(widget)
            except (_Unknown, KeyError, TypeError, ValueError):
                pass
        return super().render(template_name, context, request=request)
