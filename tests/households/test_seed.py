"""The demo data of issue 15: staff in the right teams, new cases routed to the Leistung
team, numbers, and the maintained household data."""

from __future__ import annotations

from django.core.management import call_command

from jobcenter.accounts.models import User
from jobcenter.casefiles.models import FollowUp
from jobcenter.core.roles import Role
from jobcenter.households.models import BankAccount, Bedarfsgemeinschaft, Person
from jobcenter.jobcenters.models import Jobcenter


def test_demo_staff_teams_routing_and_household_data(db):
    call_command("seed_demo")
    call_command("seed_demo")  # idempotent
    for jobcenter in Jobcenter.objects.all():
        assert jobcenter.intake_team is not None
        assert jobcenter.intake_team.name.startswith("Leistung")
        for user in User.objects.filter(jobcenter=jobcenter, role=Role.LEISTUNG):
            assert user.team is not None and user.team.name.startswith("Leistung"), user
        vermittlung = User.objects.get(jobcenter=jobcenter, role=Role.VERMITTLUNG)
        assert not vermittlung.team.name.startswith("Leistung")
        assert jobcenter.email_domain_list == [f"{jobcenter.slug}.demo.jobcenter-online.example"]
    assert not Bedarfsgemeinschaft.objects.filter(number="").exists()
    assert not Person.objects.filter(customer_number="").exists()
    assert Bedarfsgemeinschaft.objects.get(
        memberships__person__first_name="Ayşe").number.startswith("12001BG")
    assert BankAccount.objects.count() == 1
    assert FollowUp.objects.filter(kind=FollowUp.Kind.FREE).count() == 1  # + rule-based ones
    assert Person.objects.filter(match_pending=True, first_name="Erika").count() == 1
