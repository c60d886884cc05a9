"""Writes on accounts: registration, moves, staff creation by Jobcenter admins."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest

from jobcenter.accounts.models import User
from jobcenter.accounts.roles import STAFF_ROLES, Role
from jobcenter.core.access import CHANGE, Data, may
from jobcenter.jobcenters.models import Jobcenter, Team
from jobcenter.jobcenters.selectors import jobcenter_for_postcode


class AccountError(ValueError):
    """A write that the rules do not allow; the message is translated and user-facing."""


@transaction.atomic
def citizen_complete_registration(
    *, user: User, first_name: str, last_name: str, postcode: str
) -> User:
    jobcenter = jobcenter_for_postcode(postcode)
    if jobcenter is None:
        from django.utils.translation import gettext as _

        raise AccountError(_("Für diese Postleitzahl ist kein Jobcenter zuständig."))
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    user.postcode = postcode
    user.jobcenter = jobcenter
    user.role = Role.CITIZEN
    user.save(update_fields=["first_name", "last_name", "postcode", "jobcenter", "role"])
    return user


@transaction.atomic
def citizen_change_postcode(*, user: User, postcode: str) -> Jobcenter:
    """A move: the postcode decides the responsible Jobcenter (§ 36 SGB II)."""
    from django.utils.translation import gettext as _

    if not user.is_citizen:
        raise AccountError(_("Nur Kundinnen und Kunden haben eine Wohnort-Zuständigkeit."))
    jobcenter = jobcenter_for_postcode(postcode)
    if jobcenter is None:
        raise AccountError(
            _("Für die Postleitzahl %(postcode)s ist noch kein Jobcenter auf dieser Plattform "
              "zuständig.") % {"postcode": postcode}
        )
    user.postcode = postcode
    user.jobcenter = jobcenter
    user.save(update_fields=["postcode", "jobcenter"])
    return jobcenter


@transaction.atomic
def staff_create(
    *,
    created_by: User,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    team: Team | None = None,
    request: HttpRequest | None = None,
) -> User:
    """A Jobcenter admin creates a staff account in their own Jobcenter.

    The account has no usable password; the new colleague receives a link to set one and
    must enrol a second factor at the first sign-in.
    """
    from django.utils.translation import gettext as _

    if not may(created_by, Data.KONTEN, CHANGE):
        raise AccountError(_("Nur Jobcenter-Admins können Konten für Mitarbeitende anlegen."))
    if role not in STAFF_ROLES:
        raise AccountError(_("Diese Rolle kann hier nicht vergeben werden."))
    if team is not None and team.jobcenter_id != created_by.jobcenter_id:
        raise AccountError(_("Das Team gehört zu einem anderen Jobcenter."))
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise AccountError(_("Für diese E-Mail-Adresse gibt es bereits ein Konto."))
    user = User.objects.create_user(
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        role=role,
        jobcenter_id=created_by.jobcenter_id,
        team=team,
    )
    user.set_unusable_password()
    user.save(update_fields=["password"])
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if request is not None:
        transaction.on_commit(lambda: _send_set_password_link(request, email))
    return user


def _send_set_password_link(request: HttpRequest, email: str) -> None:
    """Mail the new colleague allauth's password link (valid once, for three days).

    Runs after commit; allauth builds absolute URLs from the request in its context, so
    we re-enter that context explicitly (the callback may run after the view returned).
    """
    from allauth.account.forms import ResetPasswordForm
    from allauth.core.context import request_context

    form = ResetPasswordForm(data={"email": email})
    if form.is_valid():
        with request_context(request):
            form.save(request)
