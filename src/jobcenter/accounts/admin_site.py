"""The Django admin, for platform admins only — and never with the password alone.

There is no separate admin login: ``login`` sends to the portal's login (allauth, with its
throttling, lockout and second factor) and back. ``has_permission`` additionally demands
that the session passed the second factor; ``StaffMfaRequiredMiddleware`` already enforces
that before any admin view runs, this is the second line.
"""

from typing import Any
from urllib.parse import urlencode

from django.contrib.admin import AdminSite
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from jobcenter.accounts.mfa_session import session_passed_mfa


class PlatformAdminSite(AdminSite):
    site_header = _("Jobcenter Online – Plattformverwaltung")
    site_title = _("Plattformverwaltung")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.is_authenticated and user.is_platform_admin
                    and session_passed_mfa(request))

    def login(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """No password form here: the portal's login, then back to the admin."""
        if request.user.is_authenticated:
            # Signed in, but not a platform admin (or not past the second factor, which the
            # middleware handles first): sending them to the login page would loop.
            raise PermissionDenied
        target = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
            target = reverse("admin:index")
        return redirect(f"{reverse('account_login')}?{urlencode({'next': target})}")
