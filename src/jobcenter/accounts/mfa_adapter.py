"""MFA adapter: our wording, and staff may not remove their last second factor."""

from __future__ import annotations

from typing import Any

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.utils.translation import gettext_lazy as _


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": _(
            "Dieser Code stimmt nicht. Bitte geben Sie den aktuellen sechsstelligen Code aus "
            "Ihrer App ein (er wechselt alle 30 Sekunden) oder einen unbenutzten "
            "Wiederherstellungscode."
        ),
        "cannot_delete_authenticator": _(
            "Mitarbeitende brauchen immer einen zweiten Faktor. Richten Sie zuerst einen "
            "anderen ein (Passkey oder Authenticator-App), bevor Sie diesen entfernen."
        ),
        "add_email_blocked": _(
            "Konten mit zweitem Faktor können aus Sicherheitsgründen keine weitere "
            "E-Mail-Adresse hinzufügen. Bitte wenden Sie sich an Ihr Jobcenter, wenn sich "
            "Ihre Adresse geändert hat."
        ),
        "unverified_email": _(
            "Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse; danach können Sie einen zweiten "
            "Faktor einrichten."
        ),
    }

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        user: Any = authenticator.user
        if not getattr(user, "requires_mfa", False):
            return True
        if authenticator.type == Authenticator.Type.RECOVERY_CODES:
            return True
        others = Authenticator.objects.filter(
            user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
        ).exclude(pk=authenticator.pk)
        return others.exists()
