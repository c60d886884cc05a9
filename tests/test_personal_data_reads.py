"""Structural test: every staff read of personal data goes through ``transparency.reads``
and every person a staff page shows has an access-log entry.

The test visits every URL whose view carries the STAFF access decision (found by walking
the URL patterns, so views added later — wherever they live — are covered), with seeded
data of one Jobcenter, as a staff member of a role the view admits: GET (plain and with the
usual search parameters) and then an empty POST. While each request runs, it watches the
SQL (``connection.execute_wrapper``) and fails

* **SQL:** when the request reads a personal-data table (every model with an
  ``AccessPolicy`` that holds data of a citizen or their case) outside the calls of
  ``transparency.reads`` and before any access-log entry was written in that request —
  i.e. a view that loads personal data another way;
* **content:** when the response shows a seeded person (first name or Kundennummer) and
  the request wrote no entry for that person.

``test_the_check_catches_a_view_that_forgets_the_log`` proves both checks fail on a view
that reads persons with the ORM.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.db import connection
from django.test import override_settings
from django.urls import clear_url_caches, reverse

from jobcenter.households.models import Membership, Person
from jobcenter.households.services import MemberSpec, household_create
from jobcenter.transparency.models import AccessLogEntry
from jobcenter.transparency.reads import inside_staff_read
from tests import test_tenancy
from tests.conftest import login
from tests.factories import CitizenFactory, StaffFactory
from tests.test_tenancy import SAMPLE_KWARGS, has_parameters, staff_patterns

world = test_tenancy.world  # the fixture: Jobcenter A with a household and staff

#: Models with an AccessPolicy that are not personal data of citizens.
NOT_PERSONAL = {
    "jobcenters.Jobcenter", "jobcenters.Team", "jobcenters.PostcodeArea",
    "accounts.User",  # staff accounts and citizens' logins; citizens' data lives in Person
    "decisions.AutomationRule", "decisions.MassRecalculation",
    # Bulk runs and their partitions (outbox.bulk): kinds, key ranges, counts, no person.
    "outbox.BulkRun", "outbox.BulkPartition",
    "decisions.DecisionSettings",  # a Jobcenter's rules for Bescheide (thresholds, window)
    "transparency.AccessLogHead",
    # A Jobcenter's legal texts, and barrier reports visitors send it (linked to no person;
    # only its admin reads them: backoffice/legal.py).
    "jobcenters.LegalTexts", "jobcenters.AccessibilityFeedback",
    # The counters of Kundennummern and BG-Nummern per Jobcenter (numbers only).
    "households.NumberSequence",
    # A Jobcenter's Sozialgericht and Widerspruchsstelle (rechtsbehelfe): no person's data.
    "rechtsbehelfe.WiderspruchSettings",
    # The Postfach's configuration: a Jobcenter's topics and Textbausteine.
    "postfach.Topic", "postfach.ReplyTemplate",
    # A Jobcenter's reminder rules (event, days before, channel, text: no person).
    "reminders.ReminderRule",
    # zahlungen: the Jobcenter's own account, and a run's counts and totals (no person)
    "zahlungen.PayerAccount", "zahlungen.PaymentRun", "zahlungen.PayerAccountChange",
    # an imported statement's file name, hash and counts (its bookings are read through
    # zahlungen.selectors.statement_entries)
    "zahlungen.BankStatement",
    # Appointments: what is offered where and when, and which staff time is taken (no
    # citizen in it); Appointment and CallbackRequest are personal data.
    "termine.Location", "termine.Topic", "termine.AvailabilityRule",
    "termine.AvailabilityException", "termine.TimeClaim",
    # bedarfe: a Jobcenter's Angemessenheitsgrenzen (amounts per household size, no person)
    "bedarfe.Angemessenheitsgrenze",
}


def personal_tables() -> dict[str, str]:
    tables = {}
    for model in apps.get_models():
        policy = getattr(model, "AccessPolicy", None)
        if policy is None or model._meta.label in NOT_PERSONAL:
            continue
        tables[model._meta.db_table] = model._meta.label
    return tables


QUOTED = re.compile(r'"([a-z0-9_]+)"')


@dataclass
class SqlWatch:
    tables: dict[str, str]
    logged: bool = False
    violations: list[str] = field(default_factory=list)

    def __call__(self, execute, sql, params, many, context):  # noqa: ANN001, ANN204
        head = sql.lstrip()[:10].upper()
        names = set(QUOTED.findall(sql))
        if (head.startswith(("INSERT", "WITH")) and AccessLogEntry._meta.db_table in names
                and f'INSERT INTO "{AccessLogEntry._meta.db_table}"' in sql):
            self.logged = True  # transparency.chain's append (on PostgreSQL a WITH … INSERT)
        elif head.startswith(("SELECT", "WITH")) and not inside_staff_read() \
                and not self.logged:
            hit = sorted(self.tables[n] for n in names if n in self.tables)
            if hit:
                self.violations.append(f"{', '.join(hit)}: {sql[:160]}")
        return execute(sql, params, many, context)


def markers(person: Person) -> list[str]:
    found = [person.first_name]
    if person.customer_number:
        found.append(person.customer_number)
    return found


def check_request(client, user, method: str, url: str, persons: list[Person],  # noqa: ANN001
                  data: dict | None = None) -> list[str]:
    """Problems of one request: unlogged personal-data SQL and persons shown unlogged."""
    watch = SqlWatch(personal_tables())
    before = AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with connection.execute_wrapper(watch):
        response = getattr(client, method)(url, data or {})
    problems = [f"{method.upper()} {url}: read outside transparency.reads before logging — "
                f"{v}" for v in watch.violations]
    if "text/html" in response.get("Content-Type", "") and response.status_code < 300:
        html = response.content.decode(errors="replace")
        logged = set(AccessLogEntry.objects.filter(pk__gt=before, actor=user)
                     .values_list("person_id", flat=True))
        for person in persons:
            shown = [m for m in markers(person) if m in html and m not in (data or {}).values()]
            if shown and person.pk not in logged:
                problems.append(f"{method.upper()} {url}: shows {shown[0]!r} "
                                f"({person.first_name}) without an access-log entry")
    return problems


@pytest.fixture
def seeded(world):
    """A second household with its own case, and every registered sample object."""
    from jobcenter.casefiles.services import case_intake
    from tests.casefiles.conftest import make_submission

    citizen = CitizenFactory(jobcenter=world.jobcenter, first_name="Ottokar",
                             last_name="Wendelstein", email="ottokar@example.org",
                             postcode="11111")
    household_create(
        jobcenter=world.jobcenter, valid_from=dt.date(2025, 1, 1), street="Am Hang 3",
        postcode="11111", city="Alphastadt", customer_number_prefix="88",
        members=[MemberSpec("Ottokar", "Wendelstein", dt.date(1975, 6, 7),
                            Membership.Role.ANTRAGSTELLER, user=citizen)],
    )
    case_intake(submission=make_submission(user=citizen))
    for build in SAMPLE_KWARGS.values():
        build(world)
    return [world.person, world.child, Person.objects.get(user=citizen)]


def _visits(world, persons):  # noqa: ANN001, ANN202
    """(pattern, url, data) for every staff URL: GETs first, then empty POSTs."""
    term = world.person.last_name
    gets, posts = [], []
    for name, _route, pattern in staff_patterns():
        kwargs = SAMPLE_KWARGS[name] if has_parameters(pattern) else None
        gets.append((name, pattern, kwargs, None))
        if kwargs is None:
            gets.append((name, pattern, None, {"q": term}))
            gets.append((name, pattern, None, {"geburtsdatum": "02.01.1980"}))
        posts.append((name, pattern, kwargs, None))
    return [("get", *v) for v in gets] + [("post", *v) for v in posts]


def test_every_staff_page_reads_personal_data_through_the_one_call(client, world, seeded):
    problems, visited = [], 0
    users = {}
    for method, name, pattern, kwargs, data in _visits(world, seeded):
        role = sorted(pattern.callback.access_roles)[0]
        user = users.setdefault(role, StaffFactory(jobcenter=world.jobcenter, role=role))
        login(client, user)
        url = reverse(name, kwargs=kwargs(world) if kwargs else None)
        problems += check_request(client, user, method, url, seeded, data)
        visited += 1
    assert visited > 60
    assert not problems, "\n".join(problems)


def test_the_lists_log_every_person_they_show(client, world, seeded):
    """The work queue (the staff start page), the search and the decisions overview write
    one entry per person shown — not one per page."""
    lead = StaffFactory(jobcenter=world.jobcenter, role="teamleitung")
    login(client, lead)
    client.get(reverse("casefiles:queue"), {"status": "alle"})
    queue = AccessLogEntry.objects.filter(purpose=AccessLogEntry.Purpose.WORK_QUEUE)
    assert {e.person_name for e in queue} == {"Zacharias Quellenfeld", "Ottokar Wendelstein"}
    assert all(e.what == AccessLogEntry.What.CASE_LIST for e in queue)
    client.get(reverse("backoffice:search"), {"q": "Quellenfeld"})
    found = AccessLogEntry.objects.filter(purpose=AccessLogEntry.Purpose.SEARCH)
    assert {e.person_name for e in found} == {"Zacharias Quellenfeld", "Quirinius Quellenfeld"}
    assert not any("Treffer" in e.detail for e in found)


# --- The check itself fails on a view that forgets the one call -----------------------


def _forgetful_view(request):  # noqa: ANN001, ANN202
    from django.http import HttpResponse

    names = ", ".join(str(p) for p in Person.objects.filter(jobcenter=request.user.jobcenter))
    return HttpResponse(f"<p>{names}</p>", content_type="text/html; charset=utf-8")


def _forgetful_urls():  # noqa: ANN202
    from django.conf import settings
    from django.urls import include, path

    from jobcenter.core.access import Data, staff_required

    return [path("vergessen/", staff_required(Data.STAMMDATEN)(_forgetful_view),
                 name="forgetful"),
            path("", include(settings.ROOT_URLCONF))]


urlpatterns = _forgetful_urls()


def test_the_check_catches_a_view_that_forgets_the_log(client, world, seeded):
    clear_url_caches()
    try:
        with override_settings(ROOT_URLCONF=__name__):
            names = [name for name, _route, _pattern in staff_patterns()]
            assert "forgetful" in names  # the walk finds the new view
            user = StaffFactory(jobcenter=world.jobcenter)
            login(client, user)
            problems = check_request(client, user, "get", "/vergessen/", seeded)
    finally:
        clear_url_caches()
    assert any("read outside transparency.reads" in p and "households.Person" in p
               for p in problems), problems
    assert any("without an access-log entry" in p for p in problems), problems
