from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jobcenter.accounts import throttle
from jobcenter.accounts.sessions import session_start


def public_url(url: str) -> str:
    """An absolute link of a mail on the portal's public address (``PUBLIC_BASE_URL``),
    whatever host the request that triggered the mail came in on."""
    base = urlsplit(settings.PUBLIC_BASE_URL or "")
    parts = urlsplit(url)
    if not (base.scheme and base.netloc and parts.scheme in ("http", "https") and parts.netloc):
        return url
    prefix = base.path.rstrip("/")
    return urlunsplit((base.scheme, base.netloc, prefix + parts.path, parts.query,
                       parts.fragment))


def _identifier(credentials: dict[str, Any]) -> str:
    return credentials.get("email") or credentials.get("username") or ""


class AccountAdapter(DefaultAccountAdapter):
    """Our wording, the sign-in throttle and the session's start. Self-registration creates
    citizens only (``accounts.services.signup_request_process``); staff accounts come from
    Jobcenter admins."""

    #: Our own wording (formal "Sie", says what to do next); the rest comes from allauth.
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": _(
            "E-Mail-Adresse oder Passwort stimmen nicht. Bitte prüfen Sie Ihre Eingabe. "
            "Haben Sie Ihr Passwort vergessen, können Sie es zurücksetzen."
        ),
        "too_many_login_attempts": _(
            "Zu viele Anmeldeversuche in kurzer Zeit. Bitte warten Sie einige Minuten und "
            "versuchen Sie es dann erneut."
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

    # --- Sign-in throttling (accounts/throttle.py): password login and re-authentication
    # both go through ``authenticate``, which calls these two hooks around the check.

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        throttle.login_throttle_check(request, identifier=_identifier(credentials))

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        throttle.login_throttle_failure(request, identifier=_identifier(credentials))

    def validation_error(self, code: str, *args: Any) -> ValidationError:
        """allauth's errors in our words; a wrong password that starts a wait says so."""
        error = super().validation_error(code, *args)
        if code in {"email_password_mismatch", "incorrect_password"}:
            wait = getattr(context.request, "jc_wait_started", 0)
            if wait:
                return ValidationError(f"{error.message} {throttle.wait_note(wait)}", code=code)
        return error

    def login(self, request: HttpRequest, user: Any) -> None:
        """A complete sign-in (password and, where enrolled, the second factor, or a
        passkey): forget the client's failures, remember the device, start the clock of
        the absolute session lifetime."""
        super().login(request, user)
        throttle.login_throttle_success(request, identifier=user.email)
        session_start(request)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Every link in allauth's mails points to ``PUBLIC_BASE_URL`` — in a task (the
        stand-in request of ``accounts.background``) and in a request alike."""
        context = {
            key: public_url(value) if key.endswith("_url") and isinstance(value, str) else value
            for key, value in context.items()
        }
        super().send_mail(template_prefix, email, context)

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        return reverse("core:start")
