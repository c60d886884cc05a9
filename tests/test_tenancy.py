"""Tenant isolation: every staff URL, tried by staff of ANOTHER Jobcenter.

The test walks every URL pattern whose view carries the STAFF access decision (see
``jobcenter.core.access``), so staff pages added later are covered automatically:

* URLs with parameters need sample arguments pointing at Jobcenter A's data. Add an entry
  to ``SAMPLE_KWARGS`` (URL name → function building the kwargs from the ``world`` of
  Jobcenter A). A parameterised staff URL without an entry FAILS this test.
  Staff of Jobcenter B must get 403/404 for GET and POST; staff of Jobcenter A (positive
  control, so a wrong registry entry cannot pass silently) must not.
* URLs without parameters (lists, searches, dashboards) are fetched by staff of
  Jobcenter B, plain and with the usual search parameters set to A's names; none of
  Jobcenter A's personal data may appear.

Each URL is tried with a user holding a role the view admits (``view.access_roles``), so
role checks cannot hide a missing tenant filter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import get_resolver, reverse

from jobcenter.accounts.models import User
from jobcenter.core import access
from jobcenter.households.models import Bedarfsgemeinschaft, Membership, Person
from jobcenter.households.services import MemberSpec, household_create
from jobcenter.jobcenters.models import Jobcenter
from tests.anliegen.tenancy import ANLIEGEN_SAMPLE_KWARGS
from tests.casefiles.tenancy import (
    CASEFILES_SAMPLE_KWARGS,
    DECISIONS_SAMPLE_KWARGS,
    PAPER_SAMPLE_KWARGS,
)
from tests.conftest import login
from tests.decisions.tenancy_anhoerung import ANHOERUNG_SAMPLE_KWARGS
from tests.factories import CitizenFactory, JobcenterFactory, PostcodeAreaFactory, StaffFactory
from tests.households.tenancy import HAUSHALT_SAMPLE_KWARGS
from tests.minderungen.tenancy import MINDERUNGEN_SAMPLE_KWARGS
from tests.postfach.tenancy import POSTFACH_SAMPLE_KWARGS
from tests.rechtsbehelfe.tenancy import RECHTSBEHELFE_SAMPLE_KWARGS
from tests.termine.tenancy import TERMINE_SAMPLE_KWARGS
from tests.test_url_access import iter_patterns
from tests.zahlungen.tenancy import ZAHLUNGEN_SAMPLE_KWARGS


@dataclass
class World:
    """Jobcenter A's data that staff of Jobcenter B must never see."""

    jobcenter: Jobcenter
    citizen: User
    person: Person
    child: Person
    bedarfsgemeinschaft: Bedarfsgemeinschaft
    staff: User

    @property
    def secrets(self) -> list[str]:
        return [self.person.first_name, self.person.last_name, self.child.first_name,
                self.citizen.email,
                self.staff.last_name, self.staff.email, self.person.customer_number]


#: URL name → kwargs for Jobcenter A's object. Add one for every staff URL with parameters.
def _reminder_rule(w: World) -> Any:
    from jobcenter.reminders.models import ReminderRule

    rule, _ = ReminderRule.objects.get_or_create(jobcenter=w.jobcenter, source="mitwirkung",
                                                 days_before=5)
    return rule


SAMPLE_KWARGS: dict[str, Callable[[World], dict[str, Any]]] = {
    "backoffice:person_detail": lambda w: {"pk": w.person.pk},
    "backoffice:person_access_log": lambda w: {"pk": w.person.pk},
    "backoffice:person_notifications": lambda w: {"pk": w.person.pk},
    # Verwaltung → Erinnerungen: a reminder rule of Jobcenter A (backoffice/erinnerungen.py).
    "reminders_admin:edit": lambda w: {"pk": _reminder_rule(w).pk},
    "reminders_admin:delete": lambda w: {"pk": _reminder_rule(w).pk},
    # Verwaltung: a barrier report to Jobcenter A (portal/legal.py, backoffice/legal.py).
    "backoffice:legal_feedback_done": lambda w: {"pk": _feedback(w).pk},
}


def _feedback(w: World) -> Any:
    from jobcenter.jobcenters.models import AccessibilityFeedback

    return AccessibilityFeedback.objects.get_or_create(
        jobcenter=w.jobcenter, message="Der Kalender ist nicht bedienbar.",
        defaults={"contact": "besuch@example.org"})[0]

# eAkte (casefiles): samples build a case of Jobcenter A's citizen with its documents.
SAMPLE_KWARGS.update(CASEFILES_SAMPLE_KWARGS)
SAMPLE_KWARGS.update(DECISIONS_SAMPLE_KWARGS)
SAMPLE_KWARGS.update(RECHTSBEHELFE_SAMPLE_KWARGS)
SAMPLE_KWARGS.update(MINDERUNGEN_SAMPLE_KWARGS)
SAMPLE_KWARGS.update(ANLIEGEN_SAMPLE_KWARGS)
SAMPLE_KWARGS.update(ZAHLUNGEN_SAMPLE_KWARGS)
# Papierantrag erfassen (antraege staff screen): a paper entry of Jobcenter A.
SAMPLE_KWARGS.update(PAPER_SAMPLE_KWARGS)
# Anhörung before a change for the past (decisions, backoffice/anhoerung.py).
SAMPLE_KWARGS.update(ANHOERUNG_SAMPLE_KWARGS)
# Persons and BG as data, matching, Wiedervorlagen, the admin's work area (issue 15).
SAMPLE_KWARGS.update(HAUSHALT_SAMPLE_KWARGS)
# Postfach (backoffice/views/postfach.py): a thread of Jobcenter A's citizen, its topic.
SAMPLE_KWARGS.update(POSTFACH_SAMPLE_KWARGS)
# Termine (issue 13): an appointment, a callback, availability of Jobcenter A.
SAMPLE_KWARGS.update(TERMINE_SAMPLE_KWARGS)

#: Query parameters tried on parameterless staff URLs (search forms).
SEARCH_PARAMS = ["q", "query", "search", "name", "kundennummer"]


def staff_patterns() -> list[tuple[str, str, Any]]:
    found = []
    for route, pattern in iter_patterns(get_resolver().url_patterns):
        if getattr(pattern.callback, "access_decision", None) != access.STAFF:
            continue
        name = url_name(route, pattern)
        found.append((name, route, pattern))
    return found


def url_name(route: str, pattern: Any) -> str:
    resolver = get_resolver()
    for name, entries in _named_routes(resolver).items():
        if route in entries:
            return name
    return pattern.name or route


def _named_routes(resolver, prefix="", namespace="") -> dict[str, set[str]]:
    from django.urls import URLPattern, URLResolver

    result: dict[str, set[str]] = {}
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            for key, routes in _named_routes(entry, prefix + str(entry.pattern), full_ns).items():
                result.setdefault(key, set()).update(routes)
        elif isinstance(entry, URLPattern) and entry.name:
            key = f"{namespace}:{entry.name}" if namespace else entry.name
            result.setdefault(key, set()).add(prefix + str(entry.pattern))
    return result


def has_parameters(pattern: Any) -> bool:
    return bool(pattern.pattern.regex.groupindex) or pattern.pattern.regex.groups > 0


@pytest.fixture
def world(db) -> World:
    jobcenter = JobcenterFactory(name="Jobcenter Alpha", slug="alpha")
    PostcodeAreaFactory(postcode="11111", jobcenter=jobcenter)
    citizen = CitizenFactory(jobcenter=jobcenter, email="zacharias@quellenfeld.example",
                             first_name="Zacharias", last_name="Quellenfeld", postcode="11111")
    bg = household_create(
        jobcenter=jobcenter, valid_from=dt.date(2025, 1, 1), street="Geheimweg 7",
        postcode="11111", city="Alphastadt", customer_number_prefix="77",
        members=[
            MemberSpec("Zacharias", "Quellenfeld", dt.date(1980, 1, 2),
                       Membership.Role.ANTRAGSTELLER, user=citizen),
            MemberSpec("Quirinius", "Quellenfeld", dt.date(2015, 3, 4), Membership.Role.KIND),
        ],
    )
    person = Person.objects.get(user=citizen)
    child = Person.objects.get(first_name="Quirinius")
    staff = StaffFactory(jobcenter=jobcenter, first_name="Xaver", last_name="Xylanderwitz",
                         email="xaver@alpha.example")
    return World(jobcenter, citizen, person, child, bg, staff)


@pytest.fixture
def other_jobcenter_b(db) -> Jobcenter:
    jobcenter = JobcenterFactory(name="Jobcenter Beta", slug="beta")
    PostcodeAreaFactory(postcode="22222", jobcenter=jobcenter)
    return jobcenter


def admitted_role(pattern: Any) -> str:
    return sorted(pattern.callback.access_roles)[0]


def test_the_walk_finds_staff_urls():
    names = {name for name, _route, _pattern in staff_patterns()}
    assert {"backoffice:queue", "backoffice:search", "backoffice:person_detail"} <= names


def test_every_parameterised_staff_url_has_a_registry_entry():
    missing = [f"{name}  ({route})" for name, route, pattern in staff_patterns()
               if has_parameters(pattern) and name not in SAMPLE_KWARGS]
    assert not missing, (
        "Staff URLs with parameters but no sample objects in tests/test_tenancy.py "
        "SAMPLE_KWARGS — add an entry that points at Jobcenter A's object, so the "
        "cross-Jobcenter test can try it:\n  " + "\n  ".join(missing)
    )


def test_staff_of_another_jobcenter_never_see_object_pages(client, world, other_jobcenter_b):
    tried = 0
    for name, _route, pattern in staff_patterns():
        if not has_parameters(pattern) or name not in SAMPLE_KWARGS:
            continue
        url = reverse(name, kwargs=SAMPLE_KWARGS[name](world))
        role = admitted_role(pattern)
        outsider = StaffFactory(jobcenter=other_jobcenter_b, role=role)
        insider = StaffFactory(jobcenter=world.jobcenter, role=role)

        login(client, outsider)
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code in (403, 404, 405), (
                f"{name}: staff of another Jobcenter got {response.status_code} on {url}")
            html = response.content.decode(errors="replace")
            for secret in world.secrets:
                assert secret not in html, f"{name}: leaked {secret!r}"

        login(client, insider)  # positive control: the sample really exists
        response = client.get(url)
        assert response.status_code not in (403, 404), (
            f"{name}: even staff of the owning Jobcenter got {response.status_code} — "
            "is the SAMPLE_KWARGS entry right?")
        tried += 1
    assert tried >= 1


def test_staff_of_another_jobcenter_never_see_names_in_lists_or_searches(
    client, world, other_jobcenter_b
):
    tried = 0
    for name, _route, pattern in staff_patterns():
        if has_parameters(pattern):
            continue
        url = reverse(name)
        outsider = StaffFactory(jobcenter=other_jobcenter_b, role=admitted_role(pattern))
        login(client, outsider)
        queries = [("", "")] + [(f"?{param}={term}", term) for param in SEARCH_PARAMS
                                for term in ("Quellenfeld", world.person.customer_number)]
        for query, term in queries:
            response = client.get(url + query)
            assert response.status_code < 500, f"{name}{query}: {response.status_code}"
            html = response.content.decode(errors="replace")
            # The search term itself is echoed back (search box, language switch); a hit
            # would show the other names, so those must be absent.
            for secret in world.secrets:
                if secret != term:
                    assert secret not in html, f"{name}{query}: leaked {secret!r}"
        tried += 1
    assert tried >= 3


def test_search_positive_control_finds_the_person_in_the_own_jobcenter(client, world):
    insider = StaffFactory(jobcenter=world.jobcenter)
    login(client, insider)
    html = client.get(reverse("backoffice:search") + "?q=Quellenfeld").content.decode()
    assert "Quellenfeld" in html


def test_citizens_and_anonymous_users_get_no_staff_page(client, world):
    for name, _route, pattern in staff_patterns():
        kwargs = SAMPLE_KWARGS[name](world) if name in SAMPLE_KWARGS else None
        if has_parameters(pattern) and kwargs is None:
            continue
        url = reverse(name, kwargs=kwargs)
        client.logout()
        assert client.get(url).status_code == 302, name  # to the login page
        login(client, world.citizen)
        assert client.get(url).status_code == 403, name
