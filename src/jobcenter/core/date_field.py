"""The one date input for Django forms: day, month and year in three boxes
(``core.memorable_date``; the form engine renders the same boxes for its date questions).

``MemorableDateField`` reads ``<name>-tag``, ``<name>-monat``, ``<name>-jahr``; a single
``<name>`` value ("31.01.2026" or "2026-01-31", e.g. from an older link or a test) is read
too. ``includes/field.html`` renders it as a fieldset whose legend is the field's label.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from jobcenter.core import memorable_date

_NOT_POSTED = [None, None, None]
_BOX_KEYS: dict[str, tuple[str, ...]] = {}


def _box_keys(name: str) -> tuple[str, ...]:
    """The data keys of a date's three boxes (``<name>-tag`` …), made once per name."""
    keys = _BOX_KEYS.get(name)
    if keys is None:
        keys = tuple(f"{name}-{part}" for part in memorable_date.PARTS)
        if len(_BOX_KEYS) < 1024:  # the names of the forms' fields: a few dozen
            _BOX_KEYS[name] = keys
    return keys


class MemorableDateWidget(forms.Widget):
    template_name = "includes/date_widget.html"

    def __init__(self, attrs: dict[str, Any] | None = None, *, birthday: bool = False) -> None:
        super().__init__(attrs)
        self.birthday = birthday

    def value_from_datadict(self, data: Mapping[str, Any], files: Any, name: str) -> Any:
        keys = _box_keys(name)
        if type(data) is QueryDict:
            # a posted form: its lists read as ``QueryDict.get`` reads them (the last value;
            # None for a key not there; the default for an empty list) without its three
            # calls per key (tests/core/test_date_field.py compares both)
            posted = [dict.get(data, key) for key in keys]
            if posted == _NOT_POSTED:
                return data.get(name)
            return {part: str(values[-1])[:10] if values else ""
                    for part, values in zip(memorable_date.PARTS, posted, strict=True)}
        if any(key in data for key in keys):
            get = data.get
            return {part: str(get(key, ""))[:10]
                    for part, key in zip(memorable_date.PARTS, keys, strict=True)}
        return data.get(name)

    def value_omitted_from_data(self, data: Mapping[str, Any], files: Any, name: str) -> bool:
        return name not in data and not any(f"{name}-{p}" in data for p in memorable_date.PARTS)

    def format_value(self, value: Any) -> Any:
        return value

    def id_for_label(self, id_: str) -> str:
        return f"{id_}-{memorable_date.DAY}" if id_ else id_

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None,
               renderer: Any = None) -> SafeString:
        # The project's template (not the form renderer's widget directories).
        return render_to_string(self.template_name, self.get_context(name, value, attrs))

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        context["widget"]["boxes"] = memorable_date.boxes(
            name, str(widget_attrs.get("id") or f"id_{name}"), value,
            errors=widget_attrs.get("aria-invalid") == "true",
            autocomplete="bday" if self.birthday else "")
        return context


class MemorableDateField(forms.Field):
    widget = MemorableDateWidget
    default_error_messages = {
        "required": _("Bitte geben Sie ein Datum an."),
        "invalid": _("Bitte geben Sie das Datum mit Tag, Monat und Jahr an, zum Beispiel "
                     "27 3 2007."),
    }

    def __init__(self, *, birthday: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MemorableDateWidget(birthday=birthday))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> dt.date | None:
        if type(value) is dict:  # the three boxes, the usual case
            get = value.get
            # ``DateParts.of(value)``, without making one for the usual answer
            day = str(get(memorable_date.DAY, "") or "").strip()[:10]
            month = str(get(memorable_date.MONTH, "") or "").strip()[:10]
            year = str(get(memorable_date.YEAR, "") or "").strip()[:10]
            date = memorable_date.usual_date(day, month, year)
            if date is not None:
                return date
            parts = memorable_date.DateParts(day, month, year)
        elif isinstance(value, dt.datetime):
            return value.date()
        elif isinstance(value, dt.date):
            return value
        elif isinstance(value, Mapping):
            parts = memorable_date.DateParts.of(value)
        elif value in (None, ""):
            return None
        else:
            parts = memorable_date.DateParts.from_value(str(value)[:20])
            if parts.empty:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
        if parts.empty:
            return None
        try:
            return memorable_date.parse(parts)
        except memorable_date.DateInputError as exc:
            raise ValidationError(exc.message, code="date") from exc

    def clean(self, value: Any) -> Any:
        """``Field.clean`` (``to_python``, ``validate``, ``run_validators``) without the steps
        that cannot apply to a date: ``Field.validate`` only refuses an empty value, which a
        date never is, and ``run_validators`` has nothing to run without validators
        (``tests/core/test_date_field.py`` compares both)."""
        value = self.to_python(value)
        if value is None or type(self).validate is not forms.Field.validate:
            self.validate(value)
        if self.validators:
            self.run_validators(value)
        return value

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            return self.to_python(data) != self.to_python(initial)
        except ValidationError:
            return True
