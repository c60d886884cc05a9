from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jobcenter.core.field_messages import NamedMessagesMixin
from jobcenter.jobcenters.models import postcode_validator


class MoveForm(NamedMessagesMixin, forms.Form):
    postcode = forms.CharField(
        label=_("Neue Postleitzahl"),
        max_length=5,
        validators=[postcode_validator],
        help_text=_("Nach Ihrem Umzug ist das Jobcenter Ihres neuen Wohnorts für Sie zuständig."),
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
    )
