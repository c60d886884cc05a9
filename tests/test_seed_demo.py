"""manage.py seed_demo: idempotent demo data and synthetic load-test citizens."""

from __future__ import annotations

from collections import Counter

from allauth.mfa.models import Authenticator
from django.core.management import call_command

from jobcenter.accounts.models import User
from jobcenter.core.roles import STAFF_ROLES, Role
from jobcenter.households.models import Bedarfsgemeinschaft, Membership, Person
from jobcenter.jobcenters.models import Jobcenter, PostcodeArea, Team
from jobcenter.site.management.commands.seed_demo import DEMO_PASSWORD, HOUSEHOLDS


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count()
            for model in (Jobcenter, Team, PostcodeArea, User, Person, Bedarfsgemeinschaft,
                          Membership, Authenticator)}


def seed(*args: str) -> None:
    call_command("seed_demo", *args, verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_seed_demo_creates_three_jobcenters_one_of_them_a_zkt(db):
    seed()
    kinds = Counter(Jobcenter.objects.values_list("kind", flat=True))
    assert Jobcenter.objects.count() == 3
    assert kinds[Jobcenter.Kind.ZKT] == 1
    for jobcenter in Jobcenter.objects.all():
        assert jobcenter.teams.exists()
        assert jobcenter.postcode_areas.exists()
    # every demo Jobcenter has its Land, whose holidays move objection deadlines
    assert sorted(Jobcenter.objects.values_list("land", flat=True)) == ["BE", "HE", "NI"]


def test_seed_demo_creates_staff_of_every_role_with_mfa(db):
    seed()
    for jobcenter in Jobcenter.objects.all():
        roles = set(User.objects.filter(jobcenter=jobcenter).exclude(role=Role.CITIZEN)
                    .values_list("role", flat=True))
        assert roles == set(STAFF_ROLES), jobcenter
    assert User.objects.filter(role=Role.PLATFORM_ADMIN).count() == 1
    for user in User.objects.filter(role__in=[*STAFF_ROLES, Role.PLATFORM_ADMIN]):
        assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        assert user.check_password(DEMO_PASSWORD)


def test_seed_demo_creates_twenty_citizens_in_the_four_household_shapes(db):
    seed()
    citizens = User.objects.filter(role=Role.CITIZEN)
    assert citizens.count() == 20
    assert all(c.jobcenter_id and c.postcode for c in citizens)
    # Every citizen is the applicant of exactly one Bedarfsgemeinschaft of their Jobcenter.
    for citizen in citizens:
        person = Person.objects.get(user=citizen)
        membership = Membership.objects.get(person=person)
        assert membership.role == Membership.Role.ANTRAGSTELLER
        assert membership.bedarfsgemeinschaft.jobcenter_id == citizen.jobcenter_id
    shapes = {spec["shape"] for spec in HOUSEHOLDS}
    assert {"single", "couple_children", "single_parent", "young_adult_with_parents"} <= shapes
    roles_per_bg = [
        sorted(Membership.objects.filter(bedarfsgemeinschaft=bg).values_list("role", flat=True))
        for bg in Bedarfsgemeinschaft.objects.all()
    ]
    assert ["antragsteller"] in roles_per_bg  # single
    assert any("partner" in r and "kind" in r for r in roles_per_bg)  # couple with children
    assert any("kind" in r and "partner" not in r for r in roles_per_bg)  # single parent
    assert any("sonstige" in r for r in roles_per_bg)  # young adult living with parents


def test_seed_demo_is_idempotent(db):
    seed()
    first = counts()
    seed()
    assert counts() == first


def test_scale_adds_synthetic_citizens_and_stays_idempotent(db):
    seed()
    before = counts()
    seed("--scale", "50")
    after = counts()
    assert after["User"] == before["User"] + 50
    assert after["Bedarfsgemeinschaft"] == before["Bedarfsgemeinschaft"] + 50
    synthetic = User.objects.filter(email__startswith="synth-")
    assert synthetic.count() == 50
    assert not any(u.has_usable_password() for u in synthetic)
    seed("--scale", "50")
    assert counts() == after


def test_seed_demo_shows_an_anhoerung_and_a_provisional_bewilligung(db):
    from jobcenter.decisions.models import Anhoerung, Decision

    seed()
    # Max's waits for his answer; Ayşe's (zahlungen's demo claim) was answered and decided
    anhoerung = Anhoerung.objects.get(status=Anhoerung.Status.SENT)
    assert anhoerung.case.applicant_user.email.startswith("max.mustermann@")
    assert anhoerung.total > 0
    assert Decision.objects.filter(snapshot__vorlaeufig__isnull=False).count() == 1
    assert Anhoerung.objects.filter(status=Anhoerung.Status.DECIDED,
                                    case__applicant_user__email__startswith="ayse").count() == 1
    seed()  # idempotent
    assert Anhoerung.objects.count() == 2


def test_demo_persons_have_the_sex_they_stated_so_letters_greet_them_by_name(db):
    """The demo letters say "Sehr geehrte Frau Yılmaz", not "Guten Tag …" for everybody;
    one demo person stated no sex and keeps the neutral greeting."""
    seed()
    ayse = Person.objects.get(first_name="Ayşe", last_name="Yılmaz")
    mehmet = Person.objects.get(first_name="Mehmet", last_name="Yılmaz")
    dennis = Person.objects.get(first_name="Dennis", last_name="Neumann")
    assert (ayse.sex, mehmet.sex, dennis.sex) == (
        Person.Sex.FEMALE, Person.Sex.MALE, Person.Sex.NONE)
    assert not Person.objects.filter(user__role=Role.CITIZEN, sex="").exists()
