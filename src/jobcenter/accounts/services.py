"""Writes on accounts: registration, password mails, moves, staff creation by Jobcenter admins."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from jobcenter.accounts.background import background_request, enqueue_after_commit
from jobcenter.accounts.models import SignupRequest, User
from jobcenter.core.access import CHANGE, Data, may
from jobcenter.core.roles import STAFF_ROLES, Role
from jobcenter.jobcenters.models import Jobcenter, Team
from jobcenter.jobcenters.selectors import jobcenter_for_postcode
from jobcenter.outbox.services import outbox_enqueue


class AccountError(ValueError):
    """A write that the rules do not allow; the message is translated and user-facing."""


def signup_request_create(
    *, email: str, first_name: str, last_name: str, postcode: str, password: str,
    language: str,
) -> SignupRequest:
    """Record a citizen's registration and queue its processing; the same work whether or
    not the address already has an account (hash the password, one row, one task).

    Nothing here looks the address up: that happens in ``signup_request_process`` after the
    answer has gone out, so neither the page nor its timing can tell (docs/security.md,
    "Account enumeration").
    """
    signup_request = SignupRequest.objects.create(
        email=email.strip().lower(),
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        postcode=postcode.strip(),
        password=make_password(password),
        language=language,
    )
    _queue_signup_request(signup_request.pk)
    return signup_request


def _queue_signup_request(signup_request_id: int) -> None:
    """Through the outbox, in the registration's transaction: the row carries only the id,
    and the sweeper hands it over again if the broker or the worker fails."""
    from jobcenter.accounts.tasks import process_signup_request

    outbox_enqueue(task=process_signup_request, kwargs={"signup_request_id": signup_request_id},
                   key=f"accounts.signup:{signup_request_id}")


def signup_request_process(*, signup_request_id: int) -> str:
    """Create the account and send the confirmation link, or, if the address already has an
    account, send its owner the "you already have an account" mail. Idempotent: the row is
    locked while this runs and deleted in the same transaction; if the mail cannot be
    handed over, nothing is kept and the task runs again.
    """
    from allauth.account.adapter import get_adapter
    from allauth.account.internal.flows.email_verification import (
        consume_email_verification_rate_limit,
    )
    from allauth.account.models import EmailAddress

    with transaction.atomic():
        signup_request = (
            SignupRequest.objects.select_for_update().filter(pk=signup_request_id).first()
        )
        if signup_request is None:
            return "done before"
        email = signup_request.email
        with background_request(signup_request.language) as request:
            user = None
            if not _address_taken(email):
                user = _citizen_create(signup_request)
            # At most one mail per address and three minutes (allauth's "confirm_email"
            # limit), counted only once the mail went out, so a failed send is retried.
            may_send = consume_email_verification_rate_limit(request, email, dry_run=True)
            if user is None:
                outcome = "account exists"
                if may_send:
                    get_adapter().send_account_already_exists_mail(email)
            else:
                outcome = "created"
                address = EmailAddress.objects.create(
                    user=user, email=email, primary=True, verified=False)
                if may_send:
                    address.send_confirmation(request, signup=True)
            if may_send:
                consume_email_verification_rate_limit(request, email)
        signup_request.delete()
    return outcome


def _address_taken(email: str) -> bool:
    from allauth.account.models import EmailAddress

    return (User.objects.filter(email__iexact=email).exists()
            or EmailAddress.objects.filter(email__iexact=email).exists())


def _citizen_create(signup_request: SignupRequest) -> User | None:
    """The citizen account of a registration (None if the address was taken meanwhile).

    The responsible Jobcenter follows from the postcode (checked when the form was sent;
    should the postcode have lost its Jobcenter since, the account is created without one
    and the portal asks for the postcode before an application can be submitted).
    """
    try:
        with transaction.atomic():
            return User.objects.create(
                email=signup_request.email,
                first_name=signup_request.first_name,
                last_name=signup_request.last_name,
                postcode=signup_request.postcode,
                jobcenter=jobcenter_for_postcode(signup_request.postcode),
                role=Role.CITIZEN,
                is_staff=False,
                is_superuser=False,
                password=signup_request.password,
            )
    except IntegrityError:  # registered in parallel with the same address
        return None


def signup_requests_sweep(*, give_up_after: dt.timedelta = dt.timedelta(days=3)
                          ) -> dict[str, int]:
    """Drop registrations that could not be processed for days (the row holds personal
    data; the person can register again). Handing over again is the outbox's sweeper's job."""
    dropped, _ = SignupRequest.objects.filter(
        created_at__lt=timezone.now() - give_up_after).delete()
    return {"dropped": dropped}


def password_reset_request(*, email: str, language: str) -> None:
    """Queue the password mail. The page answers the same for every address; whether an
    account exists is looked up in the task (``password_reset_send``)."""
    from jobcenter.accounts.tasks import send_password_reset

    enqueue_after_commit(send_password_reset, email, language)


def password_reset_send(*, email: str, language: str) -> str:
    """allauth's password mail with a one-time link to every active account of the
    address, or the "no account with this address" mail."""
    from allauth.account.forms import default_token_generator  # allauth's: e-mail aware
    from allauth.account.internal.flows.password_reset import request_password_reset
    from allauth.account.internal.userkit import filter_users_by_email

    with background_request(language) as request:
        users = filter_users_by_email(email, is_active=True, prefer_verified=True,
                                      for_login=True)
        request_password_reset(request, email, users, default_token_generator)
    return "link sent" if users else "unknown address"


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
    send_link: bool = True,
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
    if role == Role.JOBCENTER_ADMIN:
        _check_admin_domain(Jobcenter.objects.get(pk=created_by.jobcenter_id), email)
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
    if send_link:
        # allauth's password link (valid once, for three days), mailed by a task after commit
        password_reset_request(email=email, language=translation.get_language())
    return user


# --- The Jobcenter admin's staff management ---------------------------------------------


def _domain_of(email: str) -> str:
    return email.rsplit("@", 1)[-1].strip().lower()


def admin_email_allowed(*, jobcenter: Jobcenter, email: str) -> bool:
    """A Jobcenter admin account needs an address in one of the Jobcenter's e-mail domains
    (``Jobcenter.email_domains``; subdomains count). Without configured domains no new admin
    account can be made there (the platform sets them first)."""
    domain = _domain_of(email)
    return any(domain == allowed or domain.endswith("." + allowed)
               for allowed in jobcenter.email_domain_list)


def _check_admin_domain(jobcenter: Jobcenter, email: str) -> None:
    from django.utils.translation import gettext as _

    if not admin_email_allowed(jobcenter=jobcenter, email=email):
        domains = ", ".join(jobcenter.email_domain_list)
        raise AccountError(
            _("Jobcenter-Admins brauchen eine E-Mail-Adresse Ihres Jobcenters (%(domains)s).")
            % {"domains": domains} if domains else
            _("Für Ihr Jobcenter sind noch keine E-Mail-Domains eingetragen. Tragen Sie sie "
              "in den Einstellungen ein, bevor Sie weitere Jobcenter-Admins anlegen."))


def _active_admins(jobcenter_id: int) -> int:
    return User.objects.filter(jobcenter_id=jobcenter_id, role=Role.JOBCENTER_ADMIN,
                               is_active=True).count()


@transaction.atomic
def staff_update(
    *, changed_by: User, staff: User, first_name: str, last_name: str, role: str,
    team: Team | None, is_active: bool,
) -> list[str]:
    """A Jobcenter admin changes a colleague's name, role, team or deactivates the account
    (deactivated accounts cannot sign in and are offered for nothing). The Jobcenter keeps
    at least one active admin: the last one cannot demote or deactivate themselves (nor be
    demoted by anyone). Returns the names of the changed fields."""
    from django.utils.translation import gettext as _

    if not may(changed_by, Data.KONTEN, CHANGE):
        raise AccountError(_("Nur Jobcenter-Admins können Konten von Mitarbeitenden ändern."))
    # lock the Jobcenter's admins, so two admins demoting each other cannot both succeed
    list(User.objects.select_for_update().filter(jobcenter_id=changed_by.jobcenter_id,
                                                 role=Role.JOBCENTER_ADMIN))
    locked = User.objects.select_for_update().filter(pk=staff.pk).first()
    if (locked is None or locked.jobcenter_id != changed_by.jobcenter_id
            or locked.role not in STAFF_ROLES):
        raise AccountError(_("Dieses Konto gehört nicht zu Ihrem Jobcenter."))
    if role not in STAFF_ROLES:
        raise AccountError(_("Diese Rolle kann hier nicht vergeben werden."))
    if team is not None and team.jobcenter_id != changed_by.jobcenter_id:
        raise AccountError(_("Das Team gehört zu einem anderen Jobcenter."))
    first_name, last_name = first_name.strip(), last_name.strip()
    if not first_name or not last_name:
        raise AccountError(_("Bitte geben Sie Vor- und Nachnamen an."))
    was_admin = locked.role == Role.JOBCENTER_ADMIN and locked.is_active
    stays_admin = role == Role.JOBCENTER_ADMIN and is_active
    if was_admin and not stays_admin and _active_admins(locked.jobcenter_id) <= 1:
        raise AccountError(
            _("Das ist das letzte aktive Konto mit der Rolle Jobcenter-Admin. Legen Sie zuerst "
              "ein weiteres an, damit Ihr Jobcenter verwaltet werden kann."))
    if role == Role.JOBCENTER_ADMIN and locked.role != Role.JOBCENTER_ADMIN:
        jobcenter = Jobcenter.objects.get(pk=changed_by.jobcenter_id)
        _check_admin_domain(jobcenter, locked.email)
    changes = {"first_name": first_name, "last_name": last_name, "role": role,
               "team": team, "is_active": is_active}
    changed = [name for name, value in changes.items() if getattr(locked, name) != value]
    for name in changed:
        setattr(locked, name, changes[name])
    if changed:
        locked.save(update_fields=changed)
    if "is_active" in changed and not is_active:
        _end_sessions(locked)
    return changed


def _end_sessions(user: User) -> None:
    """A deactivated account is signed out everywhere (allauth's user sessions)."""
    from allauth.usersessions.models import UserSession

    for session in UserSession.objects.filter(user=user):
        session.end()


def assignable_staff(*, jobcenter_id: int | None) -> Any:
    """Staff a case or a follow-up can be given to: active accounts of the Jobcenter whose
    owner has set a password (never-activated accounts are not offered)."""
    from django.db.models import Q

    return (User.objects.filter(jobcenter_id=jobcenter_id, role__in=STAFF_ROLES,
                                is_active=True)
            .exclude(Q(password__startswith="!") | Q(password=""))
            .order_by("last_name", "first_name"))
