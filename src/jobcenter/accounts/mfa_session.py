"""Whether *this session* passed the second factor — not merely whether one is enrolled.

allauth keeps a log of the authentication steps of the current session
(``allauth.account.authentication.get_authentication_records``): a password login writes a
``password`` record, the MFA step (TOTP, recovery code, passkey) an ``mfa`` record, a
passkey login an ``mfa`` record with ``passwordless``. A session that holds no ``mfa``
record was opened with the password alone, whatever the account has enrolled.

Enrolling a factor proves possession of it (a TOTP code or a WebAuthn ceremony), so the
session in which a staff member sets up their first factor counts as having passed it
(``record_enrolment``, connected to allauth's ``authenticator_added`` in
``AccountsConfig.ready``); otherwise they could not even see their recovery codes.
"""

from __future__ import annotations

from typing import Any

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from django.http import HttpRequest

#: Authenticator types that are a second factor in their own right.
FACTOR_TYPES = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def session_passed_mfa(request: HttpRequest) -> bool:
    """True if the current session completed a second-factor step for its user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return any(record.get("method") == "mfa"
               for record in get_authentication_records(request, user))


def record_enrolment(sender: Any, request: HttpRequest | None = None, user: Any = None,
                     authenticator: Authenticator | None = None, **kwargs: Any) -> None:
    """allauth ``authenticator_added`` receiver: the enrolling session passed the factor."""
    if request is None or authenticator is None or authenticator.type not in FACTOR_TYPES:
        return
    if getattr(request, "user", None) is None or request.user.pk != authenticator.user_id:
        return
    record_authentication(request, request.user, "mfa", id=authenticator.pk,
                          type=authenticator.type, enrolled=True)
