""""Termine ohne Ergebnis" by role: a caseworker starts with their own appointments, a
Teamleitung with their team's; either may choose their own, their team's or the whole
Jobcenter's (``?wer=``, no JavaScript), the counts of every choice are right, every person
shown is logged, the page's queries do not grow with the appointments, and nobody ever
sees another Jobcenter's appointments (three actors, another Jobcenter's Teamleitung)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jobcenter.core.roles import Role
from jobcenter.households.models import Person
from jobcenter.jobcenters.models import Team
from jobcenter.termine.models import Appointment, Channel, Outcome, Topic
from jobcenter.transparency.models import AccessLogEntry
from tests.conftest import login
from tests.factories import CitizenFactory, PersonFactory, StaffFactory

pytestmark = pytest.mark.django_db
URL = reverse("termine_staff:without_outcome")
_hours = iter(range(1, 10_000))


def _appointment(staff, person, *, topic, hours_ago=None, team=None, **fields):
    """A started, confirmed appointment of ``staff`` (with their team at the booking)."""
    start = timezone.now() - dt.timedelta(hours=hours_ago or next(_hours))
    return Appointment.objects.create(
        jobcenter_id=staff.jobcenter_id, status=Appointment.Status.CONFIRMED,
        citizen=person.user, person=person, staff=staff,
        team=team if team is not None else staff.team, topic=topic,
        channel=Channel.PHONE, start=start, end=start + dt.timedelta(minutes=30), **fields)


def _person(jobcenter, first_name, last_name):
    user = CitizenFactory(jobcenter=jobcenter, first_name=first_name, last_name=last_name)
    return PersonFactory(jobcenter=jobcenter, user=user, first_name=first_name,
                         last_name=last_name)


def _detail(appointment):
    return reverse("termine_staff:detail", args=[appointment.pk])


def _listed(html):
    return set(map(int, re.findall(r"/arbeitsbereich/termine/(\d+)/", html)))


@pytest.fixture
def world(jobcenter, other_jobcenter, citizen, other_citizen, caseworker, offer):
    """Alpha: Team 1 (Carla, the caseworker; Tina, the Teamleitung; Cem), Team 2 (Dora)
    and Emil without a team; Beta: its Teamleitung Bea in Beta's Team 1 with a colleague.
    Every one of them has appointments without an outcome."""
    team1, topic = offer["team"], offer["topic"]
    team2 = Team.objects.create(jobcenter=jobcenter, name="Team Leistung 2")
    tina = StaffFactory(jobcenter=jobcenter, role=Role.TEAMLEITUNG, team=team1,
                        first_name="Tina", last_name="Teich")
    cem = StaffFactory(jobcenter=jobcenter, role=Role.VERMITTLUNG, team=team1)
    dora = StaffFactory(jobcenter=jobcenter, role=Role.LEISTUNG, team=team2)
    emil = StaffFactory(jobcenter=jobcenter, role=Role.LEISTUNG)
    alice, bob = Person.objects.get(user=citizen), Person.objects.get(user=other_citizen)
    beta_team = Team.objects.create(jobcenter=other_jobcenter, name="Team Vermittlung 1")
    bea = StaffFactory(jobcenter=other_jobcenter, role=Role.TEAMLEITUNG, team=beta_team)
    beta_colleague = StaffFactory(jobcenter=other_jobcenter, role=Role.LEISTUNG,
                                  team=beta_team)
    beta_topic = Topic.objects.create(jobcenter=other_jobcenter, title="Beratung Beta",
                                      duration_minutes=30)
    zoe = _person(other_jobcenter, "Zoe", "Zander")
    a = {
        "carla": _appointment(caseworker, alice, topic=topic),
        "tina": _appointment(tina, bob, topic=topic),
        "cem": _appointment(cem, alice, topic=topic),
        "dora": _appointment(dora, bob, topic=topic),
        "emil": _appointment(emil, alice, topic=topic),
        # booked with Team 2, its person now in Team 1: the team's
        "moved": _appointment(cem, bob, topic=topic, team=team2),
        "done": _appointment(tina, alice, topic=topic, outcome=Outcome.ATTENDED),
        "beta": _appointment(bea, zoe, topic=beta_topic),
        "beta2": _appointment(beta_colleague, zoe, topic=beta_topic),
    }
    return {"team1": team1, "tina": tina, "cem": cem, "dora": dora, "emil": emil,
            "bea": bea, "beta_colleague": beta_colleague, "a": a}


def _pks(world, *names):
    return {world["a"][name].pk for name in names}


def test_a_teamleitung_starts_with_the_team_and_may_choose_own_or_the_jobcenter(
        client, world):
    login(client, world["tina"])
    html = client.get(URL).content.decode()
    team = _pks(world, "carla", "tina", "cem", "moved")
    assert _listed(html) == team
    assert "Termine von Team Vermittlung 1" in html
    assert "4 Termine ohne Ergebnis" in html
    assert '<strong aria-current="page">Ihr Team: Team Vermittlung 1 (4)</strong>' in html
    assert '<a class="kern-link" href="?wer=meine">Ihre eigenen (1)</a>' in html
    assert '<a class="kern-link" href="?wer=alle">Das ganze Jobcenter (6)</a>' in html

    own = client.get(URL, {"wer": "meine"}).content.decode()
    assert _listed(own) == _pks(world, "tina") and "1 Termin ohne Ergebnis" in own
    assert '<strong aria-current="page">Ihre eigenen (1)</strong>' in own
    everyone = client.get(URL, {"wer": "alle"}).content.decode()
    assert _listed(everyone) == team | _pks(world, "dora", "emil")
    assert "6 Termine ohne Ergebnis" in everyone and "Alle Termine Ihres Jobcenters" in everyone
    # the old link of the page still shows the whole Jobcenter
    assert _listed(client.get(URL, {"alle": "1"}).content.decode()) == _listed(everyone)


def test_a_caseworker_starts_with_their_own_and_may_choose_the_team(client, world,
                                                                     caseworker):
    login(client, caseworker)
    html = client.get(URL).content.decode()
    assert _listed(html) == _pks(world, "carla") and "Ihre Termine" in html
    assert '<a class="kern-link" href="?wer=team">Ihr Team: Team Vermittlung 1 (4)</a>' in html
    assert _listed(client.get(URL, {"wer": "team"}).content.decode()) == _pks(
        world, "carla", "tina", "cem", "moved")


@pytest.mark.parametrize("wer", ["team", "xyz", "", "alle\x00", "1' or 1=1"])
def test_without_a_team_or_with_a_bad_choice_one_sees_ones_own(client, world, wer):
    login(client, world["emil"])
    response = client.get(URL, {"wer": wer})
    assert response.status_code == 200
    html = response.content.decode()
    assert _listed(html) == _pks(world, "emil")
    assert 'href="?wer=team"' not in html and "Ihr Team" not in html


def test_a_teamleitung_without_a_team_starts_with_their_own(client, world, jobcenter):
    lead = StaffFactory(jobcenter=jobcenter, role=Role.TEAMLEITUNG)
    login(client, lead)
    html = client.get(URL).content.decode()
    assert "Ihre Termine" in html and "0 Termine ohne Ergebnis" in html
    assert _listed(client.get(URL, {"wer": "alle"}).content.decode()) == _pks(
        world, "carla", "tina", "cem", "dora", "emil", "moved")


def test_late_reasons_follow_the_choice(client, world):
    now = timezone.now()
    late = {}
    for name in ("cem", "dora"):
        appointment = world["a"][name]
        Appointment.objects.filter(pk=appointment.pk).update(
            kind=Appointment.Kind.MELDETERMIN, outcome=Outcome.NO_SHOW,
            outcome_at=now - dt.timedelta(minutes=5), answered_at=now)
        late[name] = appointment.pk
    login(client, world["tina"])
    html = client.get(URL).content.decode()
    assert "Grund nachgereicht" in html and _detail(world["a"]["cem"]) in html
    assert _detail(world["a"]["dora"]) not in html
    assert _detail(world["a"]["dora"]) in client.get(URL, {"wer": "alle"}).content.decode()


def test_every_person_shown_is_logged_and_the_counts_log_nobody(client, world):
    tina = world["tina"]
    login(client, tina)
    before = AccessLogEntry.objects.count()
    client.get(URL)
    entries = AccessLogEntry.objects.filter(actor=tina).order_by("pk")
    assert entries.count() - before == 4  # the team's four rows, the counts name nobody
    assert {e.purpose for e in entries} == {AccessLogEntry.Purpose.APPOINTMENTS}
    assert {e.person_id for e in entries} == {world["a"][n].person_id
                                              for n in ("carla", "tina", "cem", "moved")}


def test_the_heading_counts_all_when_only_the_oldest_are_shown(client, world, monkeypatch):
    from jobcenter.backoffice.views import termine as view

    monkeypatch.setattr(view, "WITHOUT_OUTCOME_SHOWN", 2)
    login(client, world["tina"])
    html = client.get(URL).content.decode()
    oldest = sorted(_pks(world, "carla", "tina", "cem", "moved"),
                    key=lambda pk: Appointment.objects.get(pk=pk).start)[:2]
    assert _listed(html) == set(oldest)
    assert "4 Termine ohne Ergebnis" in html and "Gezeigt werden die ältesten 2." in html


def test_three_actors_and_another_jobcenters_teamleitung(client, world, citizen,
                                                        other_citizen, other_caseworker):
    alpha = _pks(world, "carla", "tina", "cem", "dora", "emil", "moved")
    for outsider in (citizen, other_citizen):
        login(client, outsider)
        assert client.get(URL, {"wer": "alle"}).status_code == 403
    beta = _pks(world, "beta", "beta2")
    login(client, world["bea"])
    for wer in ("", "meine", "team", "alle"):
        html = client.get(URL, {"wer": wer}).content.decode()
        assert _listed(html) <= beta and not _listed(html) & alpha
        assert "Alice" not in html and "Bob" not in html and "Team Vermittlung 1 (2)" in html
    assert _listed(client.get(URL).content.decode()) == beta
    assert "Das ganze Jobcenter (2)" in client.get(URL).content.decode()
    login(client, other_caseworker)  # Beta's caseworker without a team
    html = client.get(URL, {"wer": "alle"}).content.decode()
    assert _listed(html) == beta and "Alice" not in html
    login(client, world["tina"])
    assert not _listed(client.get(URL, {"wer": "alle"}).content.decode()) & beta
    assert not AccessLogEntry.objects.filter(actor=world["bea"],
                                             person__jobcenter__slug="alpha").exists()


WITHOUT_OUTCOME_MAX_QUERIES = 20  # session, MFA, user, counts, team, rows, late, log


def _queries(client, params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL, params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _add(world, jobcenter, topic, count):
    """``count`` more appointments without an outcome of Tina, Cem and Dora, every fifth
    (from the first) a Meldetermin with a reason given afterwards."""
    staff = [world["tina"], world["cem"], world["dora"]]
    for i in range(count):
        person = _person(jobcenter, f"Person{i}", "Muster")
        appointment = _appointment(staff[i % 3], person, topic=topic)
        if i % 5 == 0:
            Appointment.objects.filter(pk=appointment.pk).update(
                kind=Appointment.Kind.MELDETERMIN, outcome=Outcome.NO_SHOW,
                outcome_at=timezone.now() - dt.timedelta(minutes=5),
                answered_at=timezone.now())


@pytest.mark.parametrize("params", [{}, {"wer": "meine"}, {"wer": "alle"}])
def test_the_query_count_does_not_grow_with_the_appointments(
        client, world, offer, jobcenter, django_assert_max_num_queries, params):
    login(client, world["tina"])
    _add(world, jobcenter, offer["topic"], 3)  # both lists have rows (their log entries)
    client.get(URL)  # warm the session
    with django_assert_max_num_queries(WITHOUT_OUTCOME_MAX_QUERIES):
        few = _queries(client, params)
    _add(world, jobcenter, offer["topic"], 30)
    with django_assert_max_num_queries(WITHOUT_OUTCOME_MAX_QUERIES):
        many = _queries(client, params)
    assert few == many
