"""factory_boy factories shared by the whole suite."""

from __future__ import annotations

import datetime as dt

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP

from jobcenter.accounts.models import User
from jobcenter.core.roles import Role
from jobcenter.households.models import Bedarfsgemeinschaft, Membership, Person
from jobcenter.jobcenters.models import Jobcenter, PostcodeArea, Team

PASSWORD = "Sicheres-Passwort-42"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


class JobcenterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Jobcenter

    name = factory.Sequence(lambda n: f"Jobcenter Teststadt {n}")
    slug = factory.Sequence(lambda n: f"teststadt-{n}")
    kind = Jobcenter.Kind.GEMEINSAME_EINRICHTUNG
    street = "Teststraße 1"
    postcode = "99001"
    city = "Teststadt"
    phone = "0123 4567"
    email = factory.Sequence(lambda n: f"jc{n}@jobcenter.example")
    opening_hours = "Mo–Fr 8–12 Uhr"


class PostcodeAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PostcodeArea

    postcode = factory.Sequence(lambda n: f"{90000 + n:05d}")
    jobcenter = factory.SubFactory(JobcenterFactory)


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    jobcenter = factory.SubFactory(JobcenterFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = "Kim"
    last_name = factory.Sequence(lambda n: f"Muster{n}")
    role = Role.CITIZEN
    jobcenter = factory.SubFactory(JobcenterFactory)

    @factory.post_generation
    def password(self, create: bool, extracted: str | None, **kwargs: object) -> None:
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )


class CitizenFactory(UserFactory):
    role = Role.CITIZEN


class StaffFactory(UserFactory):
    role = Role.LEISTUNG

    @factory.post_generation
    def mfa(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        """Staff get an enrolled authenticator app unless ``mfa=False``."""
        if create and extracted is not False:
            TOTP.activate(self, TOTP_SECRET)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    jobcenter = factory.SubFactory(JobcenterFactory)
    first_name = "Kim"
    last_name = factory.Sequence(lambda n: f"Beispiel{n}")
    birth_date = dt.date(1985, 5, 17)


class BedarfsgemeinschaftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bedarfsgemeinschaft

    jobcenter = factory.SubFactory(JobcenterFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    bedarfsgemeinschaft = factory.SubFactory(BedarfsgemeinschaftFactory)
    person = factory.SubFactory(PersonFactory)
    role = Membership.Role.ANTRAGSTELLER
    valid_from = dt.date(2025, 1, 1)


def totp_code(secret: str = TOTP_SECRET) -> str:
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal import auth
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    # The code for the server's clock: allauth's, which a browser test may move on to the
    # next period instead of waiting for it (tests/browser/test_accounts.py, ``totp_clock``).
    now = auth.time.time
    # The server accepts only the current period (MFA_TOTP_TOLERANCE is 0): a code made in
    # the last seconds of a period may reach it in the next one and be refused. Wait for a
    # period with enough time left, so that no browser journey fails at a boundary.
    # (A test that freezes time.time gets the code at once: its time does not move.)
    period = app_settings.TOTP_PERIOD
    started = now()
    while period - now() % period < 5:
        time.sleep(0.5)
        if now() == started:
            break
    return format_hotp_value(hotp_value(secret, int(now()) // period))


def authenticator_count(user: User) -> int:
    return Authenticator.objects.filter(user=user).count()
