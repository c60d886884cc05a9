"""Error messages that name their field (issue 12: no bare "Dieses Feld ist zwingend
erforderlich.").

``NamedMessagesMixin`` goes first in a form's bases. For every field whose "required" or
format message is still Django's generic one, it puts in a message that names the field by
its label and says what to do — "Bitte füllen Sie „Postleitzahl“ aus.", "Bitte geben Sie bei
„E-Mail-Adresse“ eine gültige E-Mail-Adresse an, zum Beispiel name@beispiel.de." A message a
form or field sets itself is kept. ``tests/core/test_field_messages.py`` instantiates every
form of the project and fails on a generic message.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

_REQUIRED = forms.Field.default_error_messages["required"]


def _message(field: forms.Field, code: str, label: str) -> Any:
    values = {"label": label}
    if code == "required":
        if isinstance(field, forms.BooleanField):
            return _("Bitte bestätigen Sie „%(label)s“.") % values
        if isinstance(field, forms.FileField):
            return _("Bitte wählen Sie eine Datei für „%(label)s“ aus.") % values
        if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
            return _("Bitte wählen Sie bei „%(label)s“ eine Antwort aus.") % values
        return _("Bitte füllen Sie „%(label)s“ aus.") % values
    if code == "invalid_choice":
        return _("Bitte wählen Sie bei „%(label)s“ eine der angebotenen Antworten aus.") % values
    if isinstance(field, forms.EmailField):
        return _("Bitte geben Sie bei „%(label)s“ eine gültige E-Mail-Adresse an, zum "
                 "Beispiel name@beispiel.de.") % values
    if isinstance(field, forms.DateField):
        return _("Bitte geben Sie bei „%(label)s“ ein gültiges Datum an, zum Beispiel "
                 "31.01.2026.") % values
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return _("Bitte geben Sie bei „%(label)s“ eine Zahl an.") % values
    return None


class NamedMessagesMixin:
    """Field-specific required and format messages for a Django form (see module doc)."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            label = str(capfirst(field.label or name.replace("_", " ")))
            for code in ("required", "invalid", "invalid_choice"):
                current = field.error_messages.get(code)
                if current is None and not (code == "invalid"
                                            and isinstance(field, forms.EmailField)):
                    continue  # (an e-mail field's "invalid" comes from its validator)
                default = _default(type(field), code)
                if code == "required" and str(current) != str(_REQUIRED):
                    continue
                if code != "required" and current is not None and str(current) != str(default):
                    continue
                message = _message(field, code, label)
                if message is not None:
                    field.error_messages[code] = message


def _default(kind: type[forms.Field], code: str) -> Any:
    for klass in kind.__mro__:
        messages = getattr(klass, "default_error_messages", {})
        if code in messages:
            return messages[code]
    return None
