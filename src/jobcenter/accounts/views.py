from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jobcenter.accounts.selectors import user_has_mfa
from jobcenter.core.access import authenticated


@authenticated
def security(request: HttpRequest) -> HttpResponse:
    """Overview of sign-in security: password, second factor, active sessions."""
    return render(request, "accounts/security.html", {"has_mfa": user_has_mfa(request.user)})
