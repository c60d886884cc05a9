from __future__ import annotations

from allauth.usersessions.internal.flows.sessions import end_sessions
from allauth.usersessions.models import UserSession
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jobcenter.accounts.selectors import user_has_mfa
from jobcenter.core.access import authenticated


@authenticated
def security(request: HttpRequest) -> HttpResponse:
    """Overview of sign-in security: password, second factor, active sessions."""
    return render(request, "accounts/security.html", {"has_mfa": user_has_mfa(request.user)})


@authenticated
@require_POST
def sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    """End every session of the user — on all other devices and then this one.

    For a lost or shared phone: after this, nobody is signed in with the account anywhere.
    """
    sessions = list(UserSession.objects.purge_and_list(request.user))
    # Sessions started before usersessions tracked them have no row; ending the current
    # one is then done by the logout inside ``end_sessions`` or explicitly below.
    end_sessions(request, sessions)
    if request.user.is_authenticated:
        from allauth.account.internal.flows.logout import logout

        logout(request)
    messages.success(
        request,
        _("Sie wurden auf allen Geräten abgemeldet, auch auf diesem. Bitte melden Sie sich "
          "neu an. Wenn Sie glauben, dass jemand Ihr Passwort kennt, ändern Sie es jetzt."),
    )
    return redirect("account_login")


@authenticated
@require_POST
def session_end(request: HttpRequest, pk: int) -> HttpResponse:
    """Sign out one signed-in device (only the user's own sessions; others get 404)."""
    from django.shortcuts import get_object_or_404

    from jobcenter.accounts.devices import describe, parse

    session = get_object_or_404(UserSession, pk=pk, user=request.user)
    name = describe(parse(session.user_agent))
    current = session.is_current()
    end_sessions(request, [session])
    if current:
        messages.success(request, _("Sie wurden auf diesem Gerät abgemeldet."))
        return redirect("account_login")
    messages.success(request, _("„%(device)s“ ist jetzt abgemeldet. Wer dort weiter mit Ihrem "
                                "Konto arbeiten will, muss sich neu anmelden.")
                     % {"device": name})
    return redirect("usersessions_list")
