"""The cached staff pages — the case page and the work queue (``transparency.reads.
cached_staff_page`` on ``core.pagecache``): served from the cache while the case file, the
Jobcenter's case list, its staff and the catalogue are unchanged; every change through the
services shows at once; the access log gets the render's entries on every hit and nothing
else is written; another Jobcenter's caseworker and a role without access never get the
page; the page still renders when the cache is down."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jobcenter.casefiles.models import Case
from jobcenter.casefiles.services import (
    case_add_document,
    case_assign,
    case_set_status,
    document_request_create,
    note_add,
)
from jobcenter.casefiles.services.follow_ups import create_follow_up
from jobcenter.core import datastand, pagecache
from jobcenter.core.roles import Role
from jobcenter.decisions.models import Decision
from jobcenter.households.models import Membership, Person
from jobcenter.jobcenters.models import Team
from jobcenter.notifications.services import notify
from jobcenter.transparency.models import AccessLogEntry
from tests.casefiles.conftest import PDF
from tests.conftest import login
from tests.decisions.conftest import make_calc_case  # noqa: F401  (a fixture)
from tests.factories import MembershipFactory, PersonFactory, StaffFactory
from tests.sql import is_write

pytestmark = pytest.mark.django_db

HIT = "X-Page-Cache"


def _case_url(case: Case) -> str:
    return reverse("casefiles:case", args=[case.pk])


QUEUE = "/arbeitsbereich/akte/"


def _get(client, url: str, *, hit: bool | None = None) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    if hit is not None:
        assert (response.get(HIT) == "hit") is hit, url
    return response.content.decode()


def _value(term: str, value: str) -> str:
    """A line of the case page's description list."""
    return (f'{term}</dt><dd class="kern-description-list-item__value">{value}')


def _cell(value: str) -> str:
    """A cell of the work queue's table."""
    return f'<td class="kern-table__cell">{value}'


def _cached(client, url: str) -> str:
    """Render the page and see it served from the cache the second time."""
    _get(client, url)
    return _get(client, url, hit=True)


@pytest.fixture
def staff(client, caseworker):
    return login(client, caseworker)


def _log(actor) -> list[tuple]:
    return sorted(AccessLogEntry.objects.filter(actor_id=actor.pk).values_list(
        "person_id", "person_name", "person_customer_number", "purpose", "what",
        "object_type", "object_id", "detail"))


# --- a hit ------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["case", "queue"])
def test_a_hit_writes_the_renders_access_log_entries_and_nothing_else(
        staff, caseworker, case, page):
    url = _case_url(case) if page == "case" else QUEUE
    first = _get(staff, url, hit=False)
    rendered = _log(caseworker)
    assert rendered, "the render logs the persons shown"
    with CaptureQueriesContext(connection) as queries:
        again = _get(staff, url, hit=True)
    # the same entries once more, for the same persons, objects and purpose
    assert _log(caseworker) == sorted(rendered * 2)
    writes = [q["sql"] for q in queries.captured_queries if is_write(q["sql"])]
    assert writes and all('"transparency_' in sql for sql in writes), writes
    # no read of the case file on a hit: only the access log's chain
    reads = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().startswith("SELECT")]
    assert all('"transparency_' in sql for sql in reads), reads
    strip = re.compile(r'value="[A-Za-z0-9]{64}"|data-session-timeout="\d+"')
    assert strip.sub("", again) == strip.sub("", first)


def test_a_hit_of_a_list_that_shows_nobody_makes_no_query(staff, caseworker, jobcenter):
    caseworker.team = Team.objects.create(jobcenter=jobcenter, name="Team Ost")
    caseworker.save()  # the log copies the team's name: no read of it for nobody
    _cached(staff, QUEUE)
    with CaptureQueriesContext(connection) as queries:
        assert "Keine Fälle" in _get(staff, QUEUE, hit=True)
    assert queries.captured_queries == []
    assert _log(caseworker) == []


def test_a_hit_carries_a_fresh_csrf_token(caseworker, case):
    browser = login(Client(enforce_csrf_checks=True), caseworker)
    url = _case_url(case)
    _cached(browser, url)
    body = _get(browser, url, hit=True)
    assert pagecache.CSRF_PLACEHOLDER not in body
    token = re.search(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"', body).group(1)
    response = browser.post(reverse("casefiles:note_add", args=[case.pk]),
                            {"csrfmiddlewaretoken": token, "text": "Rückruf vereinbart",
                             "category": "allgemein"})
    assert response.status_code == 302
    assert "Rückruf vereinbart" in _get(browser, url, hit=False)


# --- each kind of data the case page shows, changed through the services --------------


def test_status_assignment_and_notes_renew_the_case_page(staff, caseworker, colleague, case):
    url = _case_url(case)
    assert _value("Status", "In Bearbeitung") not in _cached(staff, url)
    case = case_set_status(case=case, status_key="in_bearbeitung", actor=caseworker)
    assert _value("Status", "In Bearbeitung") in _get(staff, url, hit=False)
    _get(staff, url, hit=True)
    case = case_assign(case=case, assignee=colleague, actor=caseworker)
    assert _value("Bearbeitung", str(colleague)) in _get(staff, url, hit=False)
    _get(staff, url, hit=True)
    note_add(case=case, author=caseworker, text="Kontoauszüge fehlen noch")
    assert "Kontoauszüge fehlen noch" in _get(staff, url, hit=False)


def test_documents_and_requests_renew_the_case_page(staff, caseworker, case):
    url = _case_url(case)
    assert "Mietbescheinigung 2027" not in _cached(staff, url)
    case_add_document(case=case, title="Mietbescheinigung 2027", document_type_key="nachweis",
                      content=PDF, content_type="application/pdf", actor=caseworker)
    assert "Mietbescheinigung 2027" in _get(staff, url, hit=False)
    _get(staff, url, hit=True)
    document_request_create(case=case, actor=caseworker,
                            deadline=timezone.localdate() + dt.timedelta(days=14),
                            items=[("Lohnabrechnungen", "der letzten drei Monate")])
    assert "Lohnabrechnungen" in _get(staff, url, hit=False)


def test_a_bescheid_and_a_follow_up_renew_the_case_page(staff, caseworker, citizen,
                                                        make_calc_case):  # noqa: F811
    from jobcenter.decisions import services as decisions

    case = make_calc_case(citizen)
    url = _case_url(case)
    assert "Zu diesem Fall gibt es noch keine Entscheidung." in _cached(staff, url)
    decisions.decision_create(case=case, decision_type_key="bewilligung", actor=caseworker)
    assert "Zu diesem Fall gibt es noch keine Entscheidung." not in _get(staff, url, hit=False)
    _get(staff, url, hit=True)
    Decision.objects.filter(case=case).update(status=Decision.Status.APPROVED)
    datastand.changed(Decision, queryset=Decision.objects.filter(case=case))
    assert str(Decision.Status.APPROVED.label) in _get(staff, url, hit=False)
    _get(staff, url, hit=True)
    create_follow_up(jobcenter_id=case.jobcenter_id, case=case, text="Nachweise prüfen",
                     due_on=timezone.localdate() + dt.timedelta(days=3))
    assert "Nachweise prüfen" in _get(staff, url, hit=False)


def test_the_household_and_the_applicant_renew_the_case_page(staff, caseworker, case):
    url = _case_url(case)
    bg = case.bedarfsgemeinschaft
    assert bg is not None
    assert "Zora" not in _cached(staff, url)
    member = MembershipFactory(person=PersonFactory(jobcenter=case.jobcenter, first_name="Zora"),
                               bedarfsgemeinschaft=bg, role=Membership.Role.KIND)
    assert "Zora" in _get(staff, url, hit=False)
    _get(staff, url, hit=True)
    Person.objects.filter(pk=member.person_id).update(first_name="Zoe")
    datastand.changed(Person, [member.person_id])
    assert "Zoe" in _get(staff, url, hit=False)
    _get(staff, url, hit=True)
    applicant = case.applicant
    applicant.last_name = "Adler-Berg"
    applicant.save()
    assert "Adler-Berg" in _get(staff, url, hit=False)


def test_an_applicant_outside_any_household_renews_the_case_page(staff, caseworker, case):
    Membership.objects.filter(person=case.applicant).delete()
    Case.objects.filter(pk=case.pk).update(bedarfsgemeinschaft=None)
    datastand.changed(Case, [case.pk])
    url = _case_url(case)
    _cached(staff, url)
    applicant = Person.objects.get(pk=case.applicant_id)
    applicant.first_name = "Alicia"
    applicant.save()
    assert "Alicia" in _get(staff, url, hit=False)


def test_staff_names_and_the_shell_renew_the_staff_pages(staff, caseworker, colleague, case):
    case_assign(case=case, assignee=colleague, actor=caseworker)
    url = _case_url(case)
    for page in (url, QUEUE):
        _cached(staff, page)
    colleague.last_name = "Neuname"
    colleague.save()
    for page in (url, QUEUE):
        assert "Neuname" in _get(staff, page, hit=False), page
        _get(staff, page, hit=True)
    team = Team.objects.create(jobcenter=case.jobcenter, name="Team Nord")
    Case.objects.filter(pk=case.pk).update(team=team)
    datastand.changed(Case, [case.pk])
    for page in (url, QUEUE):
        assert "Team Nord" in _get(staff, page, hit=False), page
        _get(staff, page, hit=True)
    team.name = "Team Süd"
    team.save()
    for page in (url, QUEUE):
        assert "Team Süd" in _get(staff, page, hit=False), page
        _get(staff, page, hit=True)
    jobcenter = case.jobcenter
    jobcenter.name = "Jobcenter Gamma"
    jobcenter.save()
    for page in (url, QUEUE):
        assert "Jobcenter Gamma" in _get(staff, page, hit=False), page


def test_a_citizen_signing_in_empties_no_staff_list(staff, citizen, case):
    """A citizen's account is not a staff list: their sign-in (``last_login``) moves their
    cases' files, not the Jobcenter's staff scope (which would empty every staff page)."""
    _cached(staff, QUEUE)
    citizen.last_login = timezone.now()
    citizen.save(update_fields=["last_login"])
    _get(staff, QUEUE, hit=True)


# --- the work queue -----------------------------------------------------------------------


def test_every_change_of_a_case_of_the_jobcenter_renews_the_queue(
        staff, caseworker, colleague, citizen, other_citizen, case, make_case):
    assert "Bob" not in _cached(staff, QUEUE)
    other = make_case(user=other_citizen)
    assert other.reference in _get(staff, QUEUE, hit=False)
    _get(staff, QUEUE, hit=True)
    case_set_status(case=other, status_key="in_bearbeitung", actor=caseworker)
    assert _cell("In Bearbeitung") in _get(staff, QUEUE, hit=False)
    _get(staff, QUEUE, hit=True)
    case_assign(case=Case.objects.get(pk=other.pk), assignee=colleague, actor=caseworker)
    assert _cell(str(colleague)) in _get(staff, QUEUE, hit=False)
    _get(staff, QUEUE, hit=True)
    person = Person.objects.get(user=other_citizen)
    person.last_name = "Baumann"
    person.save()
    assert "Baumann" in _get(staff, QUEUE, hit=False)
    _get(staff, QUEUE, hit=True)
    create_follow_up(jobcenter_id=case.jobcenter_id, case=case, text="Heute prüfen",
                     due_on=timezone.localdate(), assignee=caseworker)
    assert "Wiedervorlagen: 1 für Sie" in _get(staff, QUEUE, hit=False)


def test_a_note_or_a_document_leaves_the_queue_and_other_cases_cached(
        staff, caseworker, citizen, other_citizen, case, make_case):
    other = make_case(user=other_citizen)
    _cached(staff, QUEUE)
    _cached(staff, _case_url(other))
    note_add(case=case, author=caseworker, text="nur dieser Fall")
    _get(staff, QUEUE, hit=True)
    _get(staff, _case_url(other), hit=True)
    assert "nur dieser Fall" in _get(staff, _case_url(case), hit=False)


def test_a_caseworkers_click_leaves_the_citizens_pages_cached(client, staff, caseworker,
                                                               citizen, other_citizen,
                                                               make_case):
    mine = make_case(user=other_citizen)
    citizen_client = login(Client(), citizen)
    overview = reverse("portal:overview")
    _cached(citizen_client, overview)
    note_add(case=mine, author=caseworker, text="intern")
    _get(citizen_client, overview, hit=True)


def test_the_service_state_turns_when_its_time_comes(client, caseworker, case):
    """Within the same hour (the entry's key is the same): the entry ends at the moment
    the case turns "gefährdet" (``pagecache.valid_until``)."""
    import time_machine

    berlin = timezone.get_current_timezone()
    base = dt.datetime.combine(timezone.localdate() + dt.timedelta(days=1), dt.time(10, 10),
                               tzinfo=berlin)
    badge = "kern-badge--warning"  # "gefährdet"
    with time_machine.travel(base, tick=False) as traveller:
        staff = login(client, caseworker)
        Case.objects.filter(pk=case.pk).update(at_risk_at=base + dt.timedelta(minutes=2),
                                               due_at=base + dt.timedelta(days=1))
        datastand.changed(Case, [case.pk])
        url = _case_url(case)
        assert badge not in _cached(staff, url)
        assert badge not in _cached(staff, QUEUE)
        traveller.shift(dt.timedelta(minutes=3))
        assert badge in _get(staff, url, hit=False)
        assert badge in _get(staff, QUEUE, hit=False)


def test_filters_that_change_with_time_and_filters_with_errors_are_not_stored(staff, case):
    for query in ("?servicestand=gefaehrdet", "?alter_min=3", "?geburtsdatum=31.02.1990"):
        _get(staff, QUEUE + query, hit=False)
        _get(staff, QUEUE + query, hit=False)
    _cached(staff, QUEUE + "?sortierung=received")


def test_htmx_requests_and_waiting_messages_bypass_the_cache(staff, case):
    from tests.portal.test_pagecache import _with_message

    url = _case_url(case)
    _cached(staff, url)
    response = staff.get(url, headers={"HX-Request": "true"})
    assert response.status_code == 200 and response.get(HIT) is None
    _with_message(staff, "Der Fall wurde zugewiesen.")
    assert "Der Fall wurde zugewiesen." in _get(staff, url, hit=False)


# --- who gets what ------------------------------------------------------------------------


def test_another_jobcenters_caseworker_a_role_without_access_and_citizens_never_get_it(
        staff, caseworker, other_caseworker, citizen, jobcenter, case):
    url = _case_url(case)
    _cached(staff, url)
    _cached(staff, QUEUE)
    outsider = login(Client(), other_caseworker)
    response = outsider.get(url)
    assert response.status_code == 404 and response.get(HIT) is None
    assert case.reference not in _get(outsider, QUEUE, hit=False)
    assert not AccessLogEntry.objects.filter(actor_id=other_caseworker.pk,
                                             person_id=case.applicant_id).exists()
    vermittlung = login(Client(), StaffFactory(jobcenter=jobcenter, email="v@alpha.example",
                                               role=Role.VERMITTLUNG))
    for page in (url, QUEUE):
        response = vermittlung.get(page)
        assert response.status_code == 403 and response.get(HIT) is None
    alice = login(Client(), citizen)
    for page in (url, QUEUE):
        response = alice.get(page)
        assert response.status_code == 403 and response.get(HIT) is None


def test_losing_the_role_ends_the_hits(staff, caseworker, case):
    url = _case_url(case)
    _cached(staff, url)
    caseworker.role = Role.VERMITTLUNG
    caseworker.save()
    assert staff.get(url).status_code == 403


def test_a_case_moved_to_another_jobcenter_is_not_served(staff, other_jobcenter, case):
    url = _case_url(case)
    _cached(staff, url)
    moved = Case.objects.get(pk=case.pk)
    moved.jobcenter = other_jobcenter
    moved.save()
    assert staff.get(url).status_code == 404


def test_a_cache_that_is_down_still_serves_and_logs_the_page(staff, caseworker, case, settings,
                                                             monkeypatch):
    from loadtest.stack import free_port

    monkeypatch.setattr(datastand, "_paused_until", 0.0)
    settings.CACHES = {"default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}}}
    url = _case_url(case)
    assert case.reference in _get(staff, url, hit=False)
    once = _log(caseworker)
    assert once
    assert case.reference in _get(staff, url, hit=False)
    assert _log(caseworker) == sorted(once * 2)


# --- every table the pages read moves a scope the page depends on ------------------------

#: Tables the staff pages read that need no scope of their own, and why.
NO_SCOPE_NEEDED = {
    "sessions.Session": "the request's session (read from the cache in production)",
    "usersessions.UserSession": "allauth's record of the session (the request machinery)",
    "transparency.AccessLogHead": "the access log's chain, written on every request",
    "transparency.AccessLogEntry": "the access log, written on every request",
    "antraege.Submission": "written once at submission, before its case exists",
    "antraege.SubmissionAttachment": "written with the submission, before its case exists",
    "mfa.Authenticator": "the second factor, checked by the middleware on every request",
}


def _tables_read(client, url: str) -> set[str]:
    with CaptureQueriesContext(connection) as queries:
        _get(client, url, hit=False)
    found = set()
    for query in queries.captured_queries:
        if query["sql"].lstrip().startswith("SELECT"):
            found |= set(re.findall(r'(?:FROM|JOIN) "([a-z0-9_]+)"', query["sql"]))
    return found


def test_every_table_the_staff_pages_read_is_mapped_to_a_scope_of_the_pages(
        staff, caseworker, colleague, citizen, make_calc_case, settings):  # noqa: F811
    """The walk: whatever the render reads must move one of the page's scopes when it
    changes — declared on the staff pages (``case:``, ``caselist:``, ``staff:``), a tenant
    row (``jobcenter:``), the catalogue (``platform``) — or be listed above with a reason.
    A new section of a page that reads a new model fails here until it is declared."""
    settings.PAGE_CACHE = False
    case = make_calc_case(citizen)
    case_assign(case=case, assignee=colleague, actor=caseworker)
    note_add(case=case, author=caseworker, text="Notiz")
    document_request_create(case=case, actor=caseworker,
                            deadline=timezone.localdate() + dt.timedelta(days=14),
                            items=[("Kontoauszüge", "der letzten drei Monate")])
    create_follow_up(jobcenter_id=case.jobcenter_id, case=case, text="prüfen",
                     due_on=timezone.localdate())
    from jobcenter.decisions import services as decisions

    decisions.decision_create(case=case, decision_type_key="bewilligung", actor=caseworker)
    notify(user=case.applicant_user, template="status_changed", dedup_key="t:1")
    models = {model._meta.db_table: model for model in apps.get_models(include_auto_created=True)}
    unmapped = []
    for url in (_case_url(case), QUEUE):
        tables = _tables_read(staff, url)
        assert {"casefiles_case", "accounts_user"} <= tables, tables  # the walk saw the page
        for table in tables:
            model = models[table]
            label = model._meta.label
            declaration = datastand.declared(model)
            if (datastand.declared_on_staff_pages(model) is not None
                    or (isinstance(declaration, datastand.Shown)
                        and declaration.how in (datastand.TENANT, datastand.CATALOGUE))
                    or label in NO_SCOPE_NEEDED):
                continue
            unmapped.append((url, label))
    assert unmapped == []


def test_every_path_of_the_staff_pages_resolves():
    for model in apps.get_models():
        declaration = datastand.declared_on_staff_pages(model)
        if declaration is None:
            continue
        for path in (*declaration.case, *declaration.caselist, *declaration.staff):
            str(model._base_manager.filter(pk__in=[0]).values_list(path).query)
