from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from jobcenter.accounts.selectors import user_has_mfa


class StaffMfaRequiredMiddleware:
    """Staff and platform admins must enrol a second factor before they can work.

    Until they have, every request except the account pages (to set up MFA, change the
    password or sign out), the language switch and static files leads to the MFA setup.
    """

    ALLOWED_PREFIXES = ("/konto/", "/i18n/", "/static/", "/healthz/", "/sitzung/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and user.requires_mfa
            and not request.path.startswith(self.ALLOWED_PREFIXES)
            and not user_has_mfa(user)
        ):
            messages.warning(
                request,
                _("Bitte richten Sie zuerst einen zweiten Faktor ein (Authenticator-App oder "
                  "Passkey). Ohne ihn können Mitarbeitende nicht arbeiten."),
            )
            return redirect(reverse("mfa_index"))
        return self.get_response(request)
