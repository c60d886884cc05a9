from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jobcenter.core.date_field import MemorableDateField
from jobcenter.core.field_messages import NamedMessagesMixin
from jobcenter.core.roles import STAFF_ROLES, Role
from jobcenter.jobcenters.models import Team


class PersonSearchForm(NamedMessagesMixin, forms.Form):
    q = forms.CharField(
        label=_("Name oder Kundennummer"), max_length=100, required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    geburtsdatum = MemorableDateField(label=_("Geburtsdatum"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("q") and not data.get("geburtsdatum"):
            raise forms.ValidationError(
                _("Bitte geben Sie einen Namen, eine Kundennummer oder ein Geburtsdatum ein.")
            )
        return data


class StaffCreateForm(NamedMessagesMixin, forms.Form):
    first_name = forms.CharField(label=_("Vorname"), max_length=100)
    last_name = forms.CharField(label=_("Nachname"), max_length=100)
    email = forms.EmailField(
        label=_("Dienstliche E-Mail-Adresse"),
        error_messages={"invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse ein, "
                                     "zum Beispiel name@jobcenter.example.")},
    )
    role = forms.ChoiceField(
        label=_("Rolle"),
        choices=[(role.value, role.label) for role in Role if role in STAFF_ROLES],
    )
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False,
                                  empty_label=_("kein Team"))

    def __init__(self, *args: Any, jobcenter_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.filter(jobcenter_id=jobcenter_id)
