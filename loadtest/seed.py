"""Load-test data: the demo Jobcenters (``seed_demo``), N citizens who can sign in (each
with a verified address and a Bedarfsgemeinschaft) and M Leistung caseworkers with the demo
authenticator app, all in Jobcenter Musterstadt.

    python -m loadtest.seed [--citizens 600] [--staff 60] [--cases 0]

Never on a production database. Idempotent: existing accounts are kept. All accounts share
one password (hashed once, with the production hasher), printed by ``--show``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os

CITIZEN_PASSWORD = "Last-Test-Passwort-2026"
STAFF_PASSWORD = "Last-Test-Personal-2026"
DOMAIN = "last.jobcenter-online.example"


def citizen_email(number: int) -> str:
    return f"buerger-{number:05d}@{DOMAIN}"


def staff_email(number: int) -> str:
    return f"leistung-{number:03d}@{DOMAIN}"


def backlog(cases: int) -> None:
    """``cases`` submitted applications (Erstausstattung) of the first citizens, handed over
    through the outbox like any other: the worker turns them into cases once it runs, so
    the work queue is not empty when the load starts."""
    from jobcenter.accounts.models import User
    from jobcenter.antraege.models import Submission
    from jobcenter.antraege.services import submission_create_from_draft
    from jobcenter.formengine import registry
    from jobcenter.formengine.services import draft_start

    have = Submission.objects.count()
    form = registry.get_form("erstausstattung")
    owners = list(User.objects.filter(email__startswith="buerger-").order_by("email")[:100])
    for number in range(have, cases):
        user = owners[number % len(owners)]
        draft = draft_start(user=user, form=form)
        draft.answers = {"anlaesse": ["schwangerschaft"],
                         "geburt_entbindungstermin": "2027-03-01", "geburt_bedarf": ["baby"]}
        draft.save(update_fields=["answers"])
        submission_create_from_draft(draft=draft, user=user)


def seed(citizens: int, staff: int) -> None:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import transaction

    from jobcenter.accounts.models import User
    from jobcenter.core.roles import Role
    from jobcenter.households.models import Membership
    from jobcenter.households.services import MemberSpec, household_create
    from jobcenter.jobcenters.models import Jobcenter
    from jobcenter.site.management.commands.seed_demo import DEMO_TOTP_SECRET

    call_command("seed_demo", verbosity=0)
    jobcenter = Jobcenter.objects.get(slug="musterstadt")
    postcodes = list(jobcenter.postcode_areas.order_by("postcode")
                     .values_list("postcode", flat=True))
    teams = list(jobcenter.teams.filter(name__startswith="Leistung").order_by("name"))

    citizen_hash = make_password(CITIZEN_PASSWORD)
    existing = set(User.objects.filter(email__endswith=DOMAIN).values_list("email", flat=True))
    for start in range(0, citizens, 200):
        with transaction.atomic():
            for number in range(start, min(citizens, start + 200)):
                email = citizen_email(number)
                if email in existing:
                    continue
                postcode = postcodes[number % len(postcodes)]
                user = User.objects.create(
                    email=email, password=citizen_hash, first_name="Kim",
                    last_name=f"Last{number:05d}", role=Role.CITIZEN, jobcenter=jobcenter,
                    postcode=postcode)
                EmailAddress.objects.create(user=user, email=email, verified=True,
                                            primary=True)
                household_create(
                    jobcenter=jobcenter, valid_from=dt.date(2025, 1, 1),
                    members=[MemberSpec("Kim", f"Last{number:05d}",
                                        dt.date(1980 + number % 20, 1 + number % 12, 1),
                                        Membership.Role.ANTRAGSTELLER, user=user)],
                    street=f"Lastweg {number}", postcode=postcode, city=jobcenter.city,
                    customer_number_prefix=f"{jobcenter.pk:02d}")

    staff_hash = make_password(STAFF_PASSWORD)
    with transaction.atomic():
        for number in range(staff):
            email = staff_email(number)
            if email in existing:
                continue
            user = User.objects.create(
                email=email, password=staff_hash, first_name="Lou",
                last_name=f"Leistung{number:03d}", role=Role.LEISTUNG, jobcenter=jobcenter,
                team=teams[number % len(teams)])
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
            if not Authenticator.objects.filter(user=user,
                                                type=Authenticator.Type.TOTP).exists():
                TOTP.activate(user, DEMO_TOTP_SECRET)
    accounts = User.objects.filter(email__endswith=DOMAIN)
    print(f"citizens: {accounts.filter(email__startswith='buerger-').count()}, "
          f"staff: {accounts.filter(email__startswith='leistung-').count()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--citizens", type=int, default=600)
    parser.add_argument("--staff", type=int, default=60)
    parser.add_argument("--cases", type=int, default=0,
                        help="submitted applications waiting for the worker (queue backlog)")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobcenter.config.settings")
    import django

    django.setup()
    seed(args.citizens, args.staff)
    if args.cases:
        backlog(args.cases)
        print(f"backlog: {args.cases} submissions")


if __name__ == "__main__":
    main()
