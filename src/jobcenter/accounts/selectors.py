from __future__ import annotations

from allauth.mfa.models import Authenticator

from jobcenter.accounts.models import User


def user_has_mfa(user: User) -> bool:
    """True if the user has an active second factor (TOTP app or passkey)."""
    return Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    ).exists()


def factor_types(user: User) -> set[str]:
    """The kinds of authenticator the user has enrolled (totp, webauthn, recovery_codes)."""
    return set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
