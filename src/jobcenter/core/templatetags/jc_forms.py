"""Render Django form fields with KERN UX markup and accessible error wiring."""

from __future__ import annotations

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.safestring import SafeString

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
