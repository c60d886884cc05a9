from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jobcenter.accounts.roles import Role


class AccountAdapter(DefaultAccountAdapter):
    """Self-registration creates citizens only; staff accounts come from Jobcenter admins."""

    #: Our own wording (formal "Sie", says what to do next); the rest comes from allauth.
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": _(
            "E-Mail-Adresse oder Passwort stimmen nicht. Bitte prüfen Sie Ihre Eingabe. "
            "Haben Sie Ihr Passwort vergessen, können Sie es zurücksetzen."
        ),
        "too_many_login_attempts": _(
            "Zu viele fehlgeschlagene Anmeldeversuche. Zu Ihrem Schutz ist die Anmeldung "
            "für dieses Konto vorübergehend gesperrt. Bitte warten Sie 15 Minuten oder "
            "setzen Sie Ihr Passwort zurück."
        ),
        "incorrect_code": _(
            "Dieser Code stimmt nicht. Bitte geben Sie den aktuellen sechsstelligen Code aus "
            "Ihrer App ein (er wechselt alle 30 Sekunden) oder einen unbenutzten "
            "Wiederherstellungscode."
        ),
        "incorrect_password": _("Das Passwort stimmt nicht. Bitte versuchen Sie es erneut."),
        "enter_current_password": _("Bitte geben Sie Ihr aktuelles Passwort ein."),
        "rate_limited": _(
            "Zu viele Anfragen in kurzer Zeit. Bitte warten Sie einige Minuten und versuchen "
            "Sie es dann erneut."
        ),
        "account_inactive": _(
            "Dieses Konto ist gesperrt. Bitte wenden Sie sich an Ihr Jobcenter."
        ),
    }

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        user = super().save_user(request, user, form, commit=False)
        user.role = Role.CITIZEN
        user.is_staff = False
        user.is_superuser = False
        if commit:
            user.save()
        return user

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        return reverse("core:start")
