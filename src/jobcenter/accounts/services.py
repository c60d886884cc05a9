"""Writes on accounts: registration, password mails, moves, staff creation by Jobcenter admins."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from jobcenter.accounts.background import background_request, enqueue_after_commit
from jobcenter.accounts.models import SignupRequest, User
from jobcenter.accounts.roles import STAFF_ROLES, Role
from jobcenter.core.access import CHANGE, Data, may
from jobcenter.jobcenters.models import Jobcenter, Team
from jobcenter.jobcenters.selectors import jobcenter_for_postcode


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
    from jobcenter.outbox.services import outbox_enqueue

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


def _linked_person(user: User) -> Any:
    from jobcenter.households.models import Person

    return Person.objects.select_for_update().filter(user=user).first()


@transaction.atomic
def citizen_contact_update(*, user: User, phone: str) -> None:
    """The citizen's phone number (empty: none); also on the Jobcenter's person record, so
    the caseworker calls the current number."""
    from django.utils.translation import gettext as _

    if not user.is_citizen:
        raise AccountError(_("Nur Kundinnen und Kunden können hier Kontaktdaten ändern."))
    user.phone = phone.strip()
    user.save(update_fields=["phone"])
    person = _linked_person(user)
    if person is not None and person.phone != user.phone:
        person.phone = user.phone
        person.save(update_fields=["phone"])


@dataclass(frozen=True)
class AddressChange:
    jobcenter: Jobcenter
    #: the responsible Jobcenter changed with the postcode (§ 36 SGB II)
    jobcenter_changed: bool
    postcode_changed: bool


@transaction.atomic
def citizen_address_update(*, user: User, street: str, postcode: str, city: str) -> AddressChange:
    """The citizen's postal address. A new postcode is a move: the postcode decides the
    responsible Jobcenter (``citizen_change_postcode``, raises AccountError where no
    Jobcenter on the platform is responsible — then nothing is changed). The Jobcenter's
    person record gets the address too, so letters go to where the person lives."""
    old_jobcenter_id = user.jobcenter_id
    postcode_changed = postcode != user.postcode
    jobcenter = (citizen_change_postcode(user=user, postcode=postcode) if postcode_changed
                 else user.jobcenter)
    if jobcenter is None:  # an account whose postcode lost its Jobcenter: check again
        jobcenter = citizen_change_postcode(user=user, postcode=postcode)
    user.street = street.strip()
    user.city = city.strip()
    user.save(update_fields=["street", "city"])
    person = _linked_person(user)
    if person is not None:
        person.street, person.postcode, person.city = user.street, postcode, user.city
        person.save(update_fields=["street", "postcode", "city"])
    return AddressChange(jobcenter=jobcenter, jobcenter_changed=jobcenter.pk != old_jobcenter_id,
                         postcode_changed=postcode_changed)


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
