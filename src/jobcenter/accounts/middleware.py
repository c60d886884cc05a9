from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from urllib.parse import urlencode

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from jobcenter.accounts.mfa_session import session_passed_mfa
from jobcenter.accounts.selectors import factor_types, user_has_mfa


class StaffMfaRequiredMiddleware:
    """Staff and platform admins work only in a session that passed the second factor.

    * The session passed it (allauth's authentication records, ``mfa_session``): go on.
    * No factor enrolled yet: only the pages to enrol one (and to sign out) open; every
      other request leads to the MFA setup.
    * A factor is enrolled but this session was opened with the password alone (for
      example an old session, or any login path that skipped the MFA step): only the MFA
      confirmation step opens; every other request leads there, and back afterwards.

    This is the one place that enforces it, for every URL — our pages, allauth's account
    pages and the Django admin alike (``tests/accounts/test_login_paths.py`` walks them).
    """

    ALWAYS_ALLOWED = ("/i18n/", "/static/", "/healthz/", "/sitzung/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    @cached_property
    def logout_path(self) -> str:
        return reverse("account_logout")

    @cached_property
    def enrolment_paths(self) -> tuple[str, ...]:
        """Enrolling needs the MFA pages and allauth's password re-authentication."""
        return (reverse("mfa_index"), reverse("account_reauthenticate"),
                reverse("accounts:security"), self.logout_path)

    @cached_property
    def step_up_paths(self) -> tuple[str, ...]:
        return (reverse("mfa_reauthenticate"), reverse("mfa_reauthenticate_webauthn"),
                self.logout_path)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (not user.is_authenticated or not user.requires_mfa
                or session_passed_mfa(request)
                or request.path.startswith(self.ALWAYS_ALLOWED)):
            return self.get_response(request)
        if not user_has_mfa(user):
            if request.path.startswith(self.enrolment_paths):
                return self.get_response(request)
            messages.warning(
                request,
                _("Bitte richten Sie zuerst einen zweiten Faktor ein (Authenticator-App oder "
                  "Passkey). Ohne ihn können Mitarbeitende nicht arbeiten."),
            )
            return redirect(reverse("mfa_index"))
        if request.path in self.step_up_paths:
            return self.get_response(request)
        messages.warning(
            request,
            _("Bitte bestätigen Sie Ihre Anmeldung mit Ihrem zweiten Faktor. Mitarbeitende "
              "arbeiten nur mit Passwort und zweitem Faktor."),
        )
        target = request.get_full_path() if request.method == "GET" else reverse("core:start")
        return redirect(f"{self.step_up_url(user)}?{urlencode({'next': target})}")

    @staticmethod
    def step_up_url(user) -> str:
        """allauth's code step takes TOTP and recovery codes; a passkey-only account needs
        the passkey step (the code step would send it on to the password)."""
        if factor_types(user) & {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}:
            return reverse("mfa_reauthenticate")
        return reverse("mfa_reauthenticate_webauthn")
