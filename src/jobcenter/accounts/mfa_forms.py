"""Second-factor forms: throttled code entry, hardened WebAuthn.

The code forms (sign-in step and re-authentication) count wrong codes in the same sign-in
throttle as wrong passwords (accounts/throttle.py).

WebAuthn:

allauth parses the posted credential JSON and turns ``TypeError``/``ValueError`` into a
form error, but a structurally incomplete credential (e.g. without ``rawId``) raises
``KeyError`` deep inside fido2 — a server error. A browser never posts that, an attacker
or a broken extension can. These subclasses turn any such parsing failure into the
ordinary "code incorrect" form error. Registered through ``MFA_FORMS`` in settings.
"""

from __future__ import annotations

from typing import Any

from allauth.core import context
from allauth.mfa.adapter import get_adapter
from allauth.mfa.base import forms as base_forms
from allauth.mfa.webauthn import forms as webauthn_forms

from jobcenter.accounts import throttle
from jobcenter.core.field_messages import NamedMessagesMixin

MALFORMED = (KeyError, AttributeError, IndexError, TypeError, ValueError)


def _incorrect() -> Exception:
    return get_adapter().validation_error("incorrect_code")


class AuthenticateWebAuthnForm(NamedMessagesMixin, webauthn_forms.AuthenticateWebAuthnForm):
    def clean_credential(self) -> Any:
        try:
            return super().clean_credential()
        except MALFORMED as exc:
            raise _incorrect() from exc


class LoginWebAuthnForm(NamedMessagesMixin, webauthn_forms.LoginWebAuthnForm):
    def clean_credential(self) -> Any:
        try:
            return super().clean_credential()
        except MALFORMED as exc:
            raise _incorrect() from exc


class ReauthenticateWebAuthnForm(NamedMessagesMixin, webauthn_forms.ReauthenticateWebAuthnForm):
    def clean_credential(self) -> Any:
        try:
            return super().clean_credential()
        except MALFORMED as exc:
            raise _incorrect() from exc


class AddWebAuthnForm(NamedMessagesMixin, webauthn_forms.AddWebAuthnForm):
    def clean(self) -> dict:
        try:
            return super().clean()
        except MALFORMED as exc:
            raise _incorrect() from exc


def _throttled_code(form: base_forms.BaseAuthenticateForm, check: Any) -> str:
    return throttle.guarded(
        context.request, form.user.email, check,
        str(get_adapter().error_messages["incorrect_code"]))


class AuthenticateForm(NamedMessagesMixin, base_forms.AuthenticateForm):
    def clean_code(self) -> str:
        return _throttled_code(self, super().clean_code)


class ReauthenticateForm(NamedMessagesMixin, base_forms.ReauthenticateForm):
    def clean_code(self) -> str:
        return _throttled_code(self, super().clean_code)
