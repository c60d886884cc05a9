"""Our versions of allauth's sign-up and password forms (registered in ``ACCOUNT_FORMS``).

Sign-up and the password-reset request answer without looking the address up: whether it
already has an account is decided in a background task, after the answer has gone out,
so neither the page nor its timing tells (docs/security.md, "Account enumeration").
"""

from __future__ import annotations

from typing import Any

from allauth.account import forms as allauth_forms
from allauth.account.adapter import get_adapter
from allauth.account.internal.flows.email_verification import (
    add_email_verification_sent_message,
)
from allauth.core import context
from django import forms
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from jobcenter.accounts import services, throttle
from jobcenter.core.field_messages import NamedMessagesMixin
from jobcenter.jobcenters.models import postcode_validator
from jobcenter.jobcenters.selectors import jobcenter_for_postcode


class CitizenSignupForm(NamedMessagesMixin, allauth_forms.SignupForm):
    """Citizen registration: name, postcode (decides the responsible Jobcenter), e-mail,
    password. Never creates staff: the account is made by ``signup_request_process``."""

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

    def validate_unique_email(self, value: str) -> str:
        """No lookup here: the background task decides (see the module docstring)."""
        self.account_already_exists = False
        return value

    def try_save(self, request: HttpRequest) -> tuple[None, HttpResponse]:
        email = self.cleaned_data["email"]
        services.signup_request_create(
            email=email,
            first_name=self.cleaned_data["first_name"],
            last_name=self.cleaned_data["last_name"],
            postcode=self.cleaned_data["postcode"],
            password=self.cleaned_data["password1"],
            language=translation.get_language() or "de",
        )
        add_email_verification_sent_message(request, email, signup=True)
        return None, get_adapter().respond_email_verification_sent(request, None)

    def save(self, request: HttpRequest) -> Any:
        raise NotImplementedError("sign-up goes through try_save")


class PasswordResetRequestForm(NamedMessagesMixin, allauth_forms.ResetPasswordForm):
    """"Passwort vergessen": the same answer and work for every address; the task looks it
    up and sends the link (or the "no account with this address" mail)."""

    def clean_email(self) -> str:
        email = get_adapter().clean_email(self.cleaned_data["email"].strip().lower())
        self.users: list[Any] = []
        return email

    def save(self, request: HttpRequest, **kwargs: Any) -> str:
        email = self.cleaned_data["email"]
        services.password_reset_request(email=email,
                                        language=translation.get_language() or "de")
        return email


class PasswordResetKeyForm(NamedMessagesMixin, allauth_forms.ResetPasswordKeyForm):
    """Setting a new password through the mailed link proves control of the mailbox: the
    browser becomes a known device of the account, so sign-in throttling caused by others
    no longer applies to it (accounts/throttle.py)."""

    def save(self) -> None:
        super().save()
        if context.request is not None and self.user is not None:
            throttle.mark_known_device(context.request, identifier=self.user.email)


class LoginForm(NamedMessagesMixin, allauth_forms.LoginForm):
    """allauth's sign-in form with messages that name the field. allauth puts a "forgot
    your password?" link into the password field's help text; the page has its own link
    next to the button, so the field's is dropped (one link, not two)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = ""


class ChangePasswordForm(NamedMessagesMixin, allauth_forms.ChangePasswordForm):
    """allauth's password change with messages that name the field."""


class AddEmailForm(NamedMessagesMixin, allauth_forms.AddEmailForm):
    """allauth's "add e-mail address" with messages that name the field."""
