"""Print the current TOTP code of a demo account (make run only; refuses outside DEBUG)."""

import time
from typing import Any

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from jobcenter.accounts.models import User
from jobcenter.site.management.commands.seed_demo import DEMO_DOMAIN


class Command(BaseCommand):
    help = "Show the current 6-digit TOTP code of a demo staff account (development only)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, email: str, **options: Any) -> None:
        if not settings.DEBUG or not email.endswith(DEMO_DOMAIN):
            raise CommandError("Only for demo accounts in development (DEBUG=True).")
        user = User.objects.filter(email=email).first()
        authenticator = Authenticator.objects.filter(
            user=user, type=Authenticator.Type.TOTP
        ).first()
        if authenticator is None:
            raise CommandError("This account has no authenticator app enrolled.")
        secret = decrypt(authenticator.data["secret"])
        counter = int(time.time()) // mfa_settings.TOTP_PERIOD
        self.stdout.write(format_hotp_value(hotp_value(secret, counter)))
