from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from jobcenter.accounts import services
from jobcenter.jobcenters.models import postcode_validator
from jobcenter.jobcenters.selectors import jobcenter_for_postcode


class CitizenSignupForm(forms.Form):
    """Extra fields of the citizen registration (allauth calls ``signup``)."""

    #: allauth builds its signup form on top of this class and honours this order.
    field_order = ["first_name", "last_name", "postcode", "email", "password1", "password2"]

    first_name = forms.CharField(label=_("Vorname"), max_length=100,
                                 widget=forms.TextInput(attrs={"autocomplete": "given-name"}))
    last_name = forms.CharField(label=_("Nachname"), max_length=100,
                                widget=forms.TextInput(attrs={"autocomplete": "family-name"}))
    postcode = forms.CharField(
        label=_("Postleitzahl Ihres Wohnorts"),
        max_length=5,
        validators=[postcode_validator],
        help_text=_("Daran erkennen wir, welches Jobcenter für Sie zuständig ist."),
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
    )

    def clean_postcode(self) -> str:
        postcode = self.cleaned_data["postcode"].strip()
        if jobcenter_for_postcode(postcode) is None:
            raise forms.ValidationError(
                _("Für die Postleitzahl %(postcode)s ist noch kein Jobcenter auf dieser "
                  "Plattform zuständig. Bitte prüfen Sie die Eingabe oder wenden Sie sich "
                  "direkt an Ihr Jobcenter."),
                params={"postcode": postcode},
                code="no_jobcenter",
            )
        return postcode

    def signup(self, request: HttpRequest, user: Any) -> None:
        services.citizen_complete_registration(
            user=user,
            first_name=self.cleaned_data["first_name"],
            last_name=self.cleaned_data["last_name"],
            postcode=self.cleaned_data["postcode"],
        )
