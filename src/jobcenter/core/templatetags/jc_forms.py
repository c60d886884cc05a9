"""Render Django form fields with KERN UX markup and accessible error wiring."""

from __future__ import annotations

from django import forms, template
from django.forms.boundfield import BoundField
from django.template.base import render_value_in_context
from django.template.defaultfilters import join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from jobcenter.core.date_field import MemorableDateWidget

register = template.Library()

CHECK_WIDGETS = (forms.CheckboxInput,)
CHOICE_LIST_WIDGETS = (forms.RadioSelect, forms.CheckboxSelectMultiple)


@register.filter
def field_kind(field: BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, MemorableDateWidget):
        return "date"
    if isinstance(widget, CHECK_WIDGETS):
        return "checkbox"
    if isinstance(widget, CHOICE_LIST_WIDGETS):
        return "choices"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    return "input"


@register.simple_tag
def kern_widget(field: BoundField) -> SafeString:
    """The field's widget with KERN classes, aria-describedby and aria-invalid."""
    kind = field_kind(field)
    css = {
        "checkbox": "kern-form-check__checkbox",
        "select": "kern-form-input__select",
        "input": "kern-form-input__input",
        "choices": "",
        "hidden": "",
        "date": "",
    }[kind]
    attrs: dict[str, str | bool] = {}
    if kind == "date":  # three boxes in a fieldset that carries the hint and the error
        if field.errors:
            attrs["aria-invalid"] = "true"
        return field.as_widget(attrs=attrs)
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-hint")
    if field.errors:
        described.append(f"{field.auto_id}-error")
        attrs["aria-invalid"] = "true"
        if css:
            css += f" {css}--error"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if css:
        existing = field.field.widget.attrs.get("class", "")
        attrs["class"] = f"{css} {existing}".strip()
    if field.field.required and kind in {"input", "select"}:
        attrs["required"] = "required"
    return field.as_widget(attrs=attrs)


def _written(html: str) -> SafeString:
    """Markup of :func:`kern_field`: literal tags and values that went through
    ``render_value_in_context`` (escaped as a template variable is) or are safe widgets."""
    return mark_safe(html)  # noqa: S308 — every value in it was escaped (see above)


@register.simple_tag(takes_context=True)
def kern_field(context: template.Context, field: BoundField) -> SafeString:
    """One form field with its label, hint, error and widget in KERN markup: written in
    Python, byte for byte what ``includes/field.html`` rendered as a template (that template
    now calls this tag). A form page renders one per field, and the template took more than
    half of such a page's CPU time (docs/performance.md, "Uncached renders");
    ``tests/core/test_kern_field.py`` compares both over every field of the project's forms.

    Every value goes through ``render_value_in_context``, as a ``{{ variable }}`` does
    (escaping, localisation), so that the output cannot differ from the template's; like
    the template's, it ends with a line break (``includes/field.html`` has none of its own).
    """

    def v(value: object) -> str:
        return str(render_value_in_context(value, context))

    kind = field_kind(field)
    auto_id = v(field.auto_id)
    errors = field.errors
    help_text = field.help_text
    if kind == "hidden":
        return _written(f"\n{v(field)}\n\n")
    hint = (f'<div class="kern-hint" id="{auto_id}-hint">{v(help_text)}</div>'
            if help_text else "")
    error = (f'<p class="kern-error" id="{auto_id}-error"><span class="kern-icon '
             f'kern-icon--danger kern-icon--small" aria-hidden="true"></span><span '
             f'class="kern-body">{v(join(errors, " ", autoescape=context.autoescape))}</span>'
             f'</p>' if errors else "")
    optional = ("" if field.field.required else
                f' <span class="kern-label__optional">– {v(gettext("optional"))}</span>')
    label = v(field.label)
    if kind == "checkbox":
        return _written(
            f'\n\n<div class="kern-form-check{" kern-form-check--error" if errors else ""}">\n'
            f"  {kern_widget(field)}\n"
            f'  <label class="kern-label" for="{auto_id}">{label}</label>\n'
            f"  {hint}\n  {error}\n</div>\n\n")
    if kind == "date":
        described = (f"{auto_id}-hint " if help_text else "") + f"{auto_id}-example" + (
            f" {auto_id}-error" if errors else "")
        return _written(
            f'\n\n<fieldset class="kern-fieldset jc-date'
            f'{" kern-fieldset--error" if errors else ""}" id="{auto_id}" '
            f'aria-describedby="{described}">\n'
            f'  <legend class="kern-label">{label}{optional}</legend>\n'
            f"  {hint}\n"
            f'  <div class="kern-hint" id="{auto_id}-example">'
            f'{v(gettext("Zum Beispiel 27 3 2007"))}</div>\n'
            f"  {error}\n  {kern_widget(field)}\n</fieldset>\n\n")
    if kind == "choices":
        described = ""
        if help_text or errors:
            described = (' aria-describedby="' + (f"{auto_id}-hint " if help_text else "")
                         + (f"{auto_id}-error" if errors else "") + '"')
        input_type = getattr(field.field.widget, "input_type", "")
        css = "kern-form-check__checkbox" if input_type == "checkbox" else "kern-form-check__radio"
        choices = []
        for choice in field:
            for_id = v(choice.id_for_label)
            checked = " checked" if choice.data.get("selected") else ""
            choices.append(
                f'\n    <div class="kern-form-check">\n'
                f'      <input class="{css}" type="{v(input_type)}" '
                f'name="{v(choice.data["name"])}" value="{v(choice.data["value"])}" '
                f'id="{for_id}"{checked}>\n'
                f'      <label class="kern-label" for="{for_id}">{v(choice.choice_label)}'
                f"</label>\n    </div>\n    ")
        return _written(
            f'\n\n<fieldset class="kern-fieldset{" kern-fieldset--error" if errors else ""}" '
            f'id="{auto_id}"{described}>\n'
            f'  <legend class="kern-label">{label}{optional}</legend>\n'
            f"  {hint}\n  {error}\n"
            f'  <div class="kern-fieldset__body">\n    {"".join(choices)}\n'
            f"  </div>\n</fieldset>\n\n")
    widget: str = kern_widget(field)
    if kind == "select":
        widget = f'<div class="kern-form-input__select-wrapper">{widget}</div>'
    return _written(
        f'\n\n<div class="kern-form-input">\n'
        f'  <label class="kern-label" for="{auto_id}">{label}{optional}</label>\n'
        f"  {hint}\n  {error}\n  {widget}\n</div>\n\n")
