"""User accounts: citizens register themselves; staff are created by Jobcenter admins."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from jobcenter.core.fresh_cache import ForgetfulQuerySet
from jobcenter.core.roles import MFA_REQUIRED_ROLES, STAFF_ROLES, Role


class UserQuerySet(ForgetfulQuerySet["User"]):
    """Writes that send no signal still reach the cached copies of the users
    (``accounts.user_cache``: the signed-in user of a request is read from the cache)."""

    def forget(self, keys: set[Any]) -> None:
        from jobcenter.accounts.user_cache import forget_users

        forget_users(keys)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_queryset(self) -> UserQuerySet:
        return UserQuerySet(self.model, using=self._db)

    def _create_user(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.update(is_staff=True, is_superuser=True, role=Role.PLATFORM_ADMIN)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    username = None  # type: ignore[assignment]
    email = models.EmailField(_("E-Mail-Adresse"), unique=True)
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices, default=Role.CITIZEN)
    jobcenter = models.ForeignKey(
        "jobcenters.Jobcenter",
        verbose_name=_("Jobcenter"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text=_("Für Mitarbeitende: ihr Jobcenter. Für Kundinnen und Kunden: das "
                    "nach der Postleitzahl zuständige Jobcenter."),
    )
    team = models.ForeignKey(
        "jobcenters.Team",
        verbose_name=_("Team"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    postcode = models.CharField(_("Postleitzahl"), max_length=5, blank=True)
    #: A citizen's own contact details (profile); the postcode above decides the Jobcenter.
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    city = models.CharField(_("Ort"), max_length=100, blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("Benutzerkonto")
        verbose_name_plural = _("Benutzerkonten")

    class AccessPolicy:
        tenant = "jobcenter"
        owner = "pk"

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @property
    def is_citizen(self) -> bool:
        return self.role == Role.CITIZEN

    @property
    def is_staff_member(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def is_platform_admin(self) -> bool:
        return self.role == Role.PLATFORM_ADMIN

    @property
    def requires_mfa(self) -> bool:
        return self.role in MFA_REQUIRED_ROLES


class SignupRequest(models.Model):
    """A submitted registration, waiting for the background task that looks the address up.

    The sign-up page answers before anyone knows whether the address already has an account
    (so the answer cannot tell); the task then creates the account and sends the
    confirmation link, or tells the owner of an existing account that someone tried to
    register. The row is deleted as soon as that is done; it holds the password only as a
    hash.
    """

    email = models.EmailField(_("E-Mail-Adresse"))
    first_name = models.CharField(_("Vorname"), max_length=150)
    last_name = models.CharField(_("Nachname"), max_length=150)
    postcode = models.CharField(_("Postleitzahl"), max_length=5)
    password = models.CharField(_("Passwort (Hash)"), max_length=128)
    #: The language of the sign-up page, for the mail.
    language = models.CharField(max_length=10)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("Registrierungsanfrage")
        verbose_name_plural = _("Registrierungsanfragen")

    def __str__(self) -> str:
        return f"SignupRequest {self.pk}"
