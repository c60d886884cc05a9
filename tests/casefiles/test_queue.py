"""The work queue: filters, search, service state, pagination, bulk assignment, queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from jobcenter.casefiles.models import Case, ServiceState
from jobcenter.casefiles.selectors import QueueFilters, cases_for_queue
from jobcenter.casefiles.services import case_assign, case_set_status
from jobcenter.transparency.models import AccessLogEntry
from tests.casefiles.conftest import days_ago
from tests.conftest import login
from tests.factories import CitizenFactory, MembershipFactory, PersonFactory


def applicant(jobcenter, first, last, birth=dt.date(1980, 1, 1)):
    user = CitizenFactory(jobcenter=jobcenter)
    person = PersonFactory(jobcenter=jobcenter, user=user, first_name=first, last_name=last,
                           birth_date=birth)
    MembershipFactory(person=person, bedarfsgemeinschaft__jobcenter=jobcenter)
    return user


def refs(response) -> list[str]:
    return [c.reference for c in response.context["page"].object_list]


def test_service_state_is_computed_from_the_standard(make_case, jobcenter, caseworker):
    fresh = make_case(jobcenter=jobcenter)  # Neuantrag: 15 working days, at risk 5 before
    at_risk = make_case(jobcenter=jobcenter, submitted_at=days_ago(16))
    overdue = make_case(jobcenter=jobcenter, submitted_at=days_ago(30))
    done = make_case(jobcenter=jobcenter, submitted_at=days_ago(30))
    case_set_status(case=done, status_key="entschieden", actor=caseworker)
    states = {c.pk: c.service_state for c in cases_for_queue(
        user=caseworker, filters=QueueFilters(status="alle"))}
    assert states == {fresh.pk: ServiceState.ON_TRACK, at_risk.pk: ServiceState.AT_RISK,
                      overdue.pk: ServiceState.OVERDUE, done.pk: ServiceState.DONE}
    for state, case in [("im_plan", fresh), ("gefaehrdet", at_risk),
                        ("ueberfaellig", overdue)]:
        found = cases_for_queue(user=caseworker, filters=QueueFilters(service_state=state))
        assert [c.pk for c in found] == [case.pk]


def test_queue_filters(client, make_case, jobcenter, caseworker, colleague):
    a = make_case(jobcenter=jobcenter, form_key="weiterbewilligung")
    b = make_case(jobcenter=jobcenter, submitted_at=days_ago(10))
    c = make_case(jobcenter=jobcenter, submitted_at=days_ago(40))
    case_assign(case=a, assignee=caseworker, actor=caseworker)
    case_assign(case=b, assignee=colleague, actor=caseworker)
    case_set_status(case=c, status_key="mitwirkung_angefordert", actor=caseworker)
    login(client, caseworker)
    url = reverse("casefiles:queue")
    assert sorted(refs(client.get(url))) == sorted([a.reference, b.reference, c.reference])
    assert refs(client.get(url, {"bearbeitung": "mine"})) == [a.reference]
    assert refs(client.get(url, {"bearbeitung": "unassigned"})) == [c.reference]
    assert refs(client.get(url, {"bearbeitung": colleague.pk})) == [b.reference]
    assert refs(client.get(url, {"art": "weiterbewilligung"})) == [a.reference]
    assert refs(client.get(url, {"status": "mitwirkung_angefordert"})) == [c.reference]
    assert refs(client.get(url, {"alter_min": 30})) == [c.reference]
    assert sorted(refs(client.get(url, {"alter_max": 15}))) == sorted([a.reference,
                                                                       b.reference])
    assert refs(client.get(url, {"sortierung": "received"}))[0] == c.reference
    bad = client.get(url, {"alter_min": "viele"})
    assert bad.status_code == 200
    assert "ganze Zahl" in bad.content.decode() or "Zahl" in bad.content.decode()


def test_decided_cases_leave_the_default_queue(client, case, caseworker):
    case_set_status(case=case, status_key="abgeschlossen", actor=caseworker)
    login(client, caseworker)
    assert refs(client.get(reverse("casefiles:queue"))) == []
    assert refs(client.get(reverse("casefiles:queue"), {"status": "alle"})) == [case.reference]


def test_search_by_name_reference_and_birth_date(client, make_case, jobcenter, caseworker):
    anna = applicant(jobcenter, "Anna", "Schmidt", dt.date(1990, 3, 4))
    bert = applicant(jobcenter, "Bert", "Schmidt", dt.date(1970, 5, 6))
    ca, cb = make_case(user=anna), make_case(user=bert)
    login(client, caseworker)
    url = reverse("casefiles:queue")
    assert sorted(refs(client.get(url, {"q": "schmidt"}))) == sorted([ca.reference,
                                                                       cb.reference])
    assert refs(client.get(url, {"q": "anna schmidt"})) == [ca.reference]
    assert refs(client.get(url, {"q": cb.reference})) == [cb.reference]
    assert refs(client.get(url, {"q": cb.reference.lower()})) == [cb.reference]
    assert refs(client.get(url, {"geburtsdatum": "06.05.1970"})) == [cb.reference]
    # One entry per person shown: 2 for "schmidt", then one hit for each other search.
    logged = AccessLogEntry.objects.filter(purpose=AccessLogEntry.Purpose.SEARCH,
                                           actor=caseworker)
    assert logged.count() == 6
    assert {e.person_name for e in logged} == {"Anna Schmidt", "Bert Schmidt"}


def test_pagination(client, make_case, jobcenter, caseworker):
    for _ in range(27):
        make_case(jobcenter=jobcenter)
    login(client, caseworker)
    first = client.get(reverse("casefiles:queue"), {"art": "neuantrag"})
    assert len(refs(first)) == 25
    assert "seite=2" in first.content.decode()
    second = client.get(reverse("casefiles:queue"), {"art": "neuantrag", "seite": 2})
    assert len(refs(second)) == 2
    assert client.get(reverse("casefiles:queue"), {"seite": "x"}).status_code == 200


def test_bulk_assignment_by_team_lead(client, make_case, jobcenter, teamlead, colleague,
                                      caseworker):
    cases = [make_case(jobcenter=jobcenter) for _ in range(3)]
    login(client, teamlead)
    page = client.get(reverse("casefiles:queue"))
    assert 'name="faelle"' in page.content.decode()
    response = client.post(reverse("casefiles:bulk_assign"),
                           {"faelle": [cases[0].pk, cases[1].pk], "zuweisen_an": colleague.pk,
                            "zurueck": "/arbeitsbereich/akte/?bearbeitung=unassigned"})
    assert response.status_code == 302
    assert response["Location"] == "/arbeitsbereich/akte/?bearbeitung=unassigned"
    assert set(Case.objects.filter(assignee=colleague).values_list("pk", flat=True)) == {
        cases[0].pk, cases[1].pk}
    client.logout()
    login(client, caseworker)
    assert 'name="faelle"' not in client.get(reverse("casefiles:queue")).content.decode()
    assert client.post(reverse("casefiles:bulk_assign"),
                       {"faelle": [cases[2].pk], "zuweisen_an": caseworker.pk}
                       ).status_code == 403


def test_the_queue_form_returns_to_the_filtered_queue(client, make_case, jobcenter, teamlead,
                                                     colleague):
    case = make_case(jobcenter=jobcenter)
    login(client, teamlead)
    page = client.get(reverse("casefiles:queue"), {"bearbeitung": "unassigned", "seite": "1"})
    assert ('name="zurueck" value="/arbeitsbereich/akte/?bearbeitung=unassigned"'
            in page.content.decode())
    response = client.post(reverse("casefiles:bulk_assign"),
                           {"faelle": [case.pk], "zuweisen_an": colleague.pk,
                            "zurueck": "/arbeitsbereich/akte/?bearbeitung=unassigned"})
    assert response["Location"] == "/arbeitsbereich/akte/?bearbeitung=unassigned"


@pytest.mark.parametrize(("zurueck", "location"), [
    ("a=1\rX", "/arbeitsbereich/akte/"),                                  # the reported 500
    ("/arbeitsbereich/akte/?a=1\rX", "/arbeitsbereich/akte/"),
    ("/arbeitsbereich/akte/?status=neu\r\nSet-Cookie: x=1", "/arbeitsbereich/akte/"),
    ("/arbeitsbereich/akte/?q=M%C3%BCller%0D%0ASet-Cookie:x", "/arbeitsbereich/akte/"
     "?q=M%C3%BCller%0D%0ASet-Cookie%3Ax"),                              # encoded: harmless
    ("https://evil.example/arbeitsbereich/akte/", "/arbeitsbereich/akte/"),
    ("//evil.example/arbeitsbereich/akte/", "/arbeitsbereich/akte/"),
    ("/\\evil.example/arbeitsbereich/akte/", "/arbeitsbereich/akte/"),
    ("/konto/logout/", "/arbeitsbereich/akte/"),                          # not the queue
    ("", "/arbeitsbereich/akte/"),
])
def test_bulk_assignment_with_an_odd_return_value_saves_once_and_redirects_home(
        client, make_case, jobcenter, teamlead, colleague, zurueck, location):
    case = make_case(jobcenter=jobcenter)
    login(client, teamlead)
    client.raise_request_exception = False
    response = client.post(reverse("casefiles:bulk_assign"),
                           {"faelle": [case.pk], "zuweisen_an": colleague.pk,
                            "zurueck": zurueck})
    assert response.status_code == 302
    assert response["Location"] == location
    case.refresh_from_db()
    assert case.assignee == colleague
    follow = client.get(response["Location"])
    assert follow.status_code == 200
    assert "1 Fall wurde neu zugewiesen." in follow.content.decode()


def test_bulk_assignment_refuses_foreign_assignee(client, make_case, jobcenter, teamlead,
                                                  other_caseworker):
    case = make_case(jobcenter=jobcenter)
    login(client, teamlead)
    client.post(reverse("casefiles:bulk_assign"),
                {"faelle": [case.pk], "zuweisen_an": other_caseworker.pk})
    case.refresh_from_db()
    assert case.assignee is None


def test_queue_shows_only_own_jobcenter(client, make_case, jobcenter, other_jobcenter,
                                        caseworker, other_caseworker):
    mine = make_case(jobcenter=jobcenter)
    theirs = make_case(jobcenter=other_jobcenter)
    login(client, caseworker)
    assert refs(client.get(reverse("casefiles:queue"))) == [mine.reference]
    client.logout()
    login(client, other_caseworker)
    assert refs(client.get(reverse("casefiles:queue"))) == [theirs.reference]


QUEUE_MAX_QUERIES = 20  # session, MFA, user sessions, filter choices, count, page


def _queue_queries(client, params) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("casefiles:queue"), params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _fill(make_case, jobcenter, colleague, count):
    for i in range(count):
        case = make_case(jobcenter=jobcenter,
                         submitted_at=timezone.now() - dt.timedelta(days=(i * 7) % 40))
        if i % 2:
            case_assign(case=case, assignee=colleague, actor=colleague)


@pytest.mark.parametrize("params", [{}, {"servicestand": "gefaehrdet"}, {"q": "Beispiel"},
                                    {"bearbeitung": "unassigned", "sortierung": "received"}])
def test_queue_query_count_does_not_grow_with_cases(client, make_case, jobcenter, teamlead,
                                                    colleague, django_assert_max_num_queries,
                                                    params, settings):
    settings.PAGE_CACHE = False  # the render's queries (a hit: test_staff_pagecache.py)
    login(client, teamlead)  # the team lead's page has the most on it (bulk assignment)
    _fill(make_case, jobcenter, colleague, 5)
    client.get(reverse("casefiles:queue"))  # warm the session
    with django_assert_max_num_queries(QUEUE_MAX_QUERIES):
        with_5 = _queue_queries(client, params)
    _fill(make_case, jobcenter, colleague, 45)
    with django_assert_max_num_queries(QUEUE_MAX_QUERIES):
        with_50 = _queue_queries(client, params)
    assert with_5 == with_50


def test_name_search_finds_partial_names_with_umlauts(client, make_case, jobcenter,
                                                      caseworker):
    mueller = make_case(user=applicant(jobcenter, "Jürgen", "Müller"))
    yilmaz = make_case(user=applicant(jobcenter, "Ayşe", "Yılmaz"))
    make_case(user=applicant(jobcenter, "Anna", "Schmidt"))
    login(client, caseworker)
    url = reverse("casefiles:queue")
    assert refs(client.get(url, {"q": "üll"})) == [mueller.reference]
    assert refs(client.get(url, {"q": "müller"})) == [mueller.reference]
    assert refs(client.get(url, {"q": "ürg"})) == [mueller.reference]  # first name
    assert refs(client.get(url, {"q": "lmaz ayş"})) == [yilmaz.reference]
    assert refs(client.get(url, {"q": "Müllerin"})) == []


def test_name_search_uses_the_trigram_indexes_on_postgresql(db):
    from django.db import connection, transaction

    from jobcenter.households.models import Person

    if connection.vendor != "postgresql":
        pytest.skip("trigram indexes exist on PostgreSQL only")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for field in ("last_name", "first_name"):
            plan = Person.objects.filter(**{f"{field}__icontains": "üll"}).explain()
            assert f"person_{field}_trgm" in plan, plan


def test_queue_count_is_capped_and_pages_cover_the_first_cases(
        client, make_case, jobcenter, caseworker, monkeypatch):
    from jobcenter.casefiles import selectors

    monkeypatch.setattr(selectors, "QUEUE_COUNT_CAP", 3)
    monkeypatch.setattr(selectors, "QUEUE_PAGE_SIZE", 2)
    for i in range(3):
        make_case(user=applicant(jobcenter, "Kim", f"Beispiel{i}"))
    login(client, caseworker)
    url = reverse("casefiles:queue")
    exact = client.get(url)
    assert not exact.context["page"].paginator.capped
    assert "3 Fälle" in exact.content.decode()
    for i in range(3, 5):
        make_case(user=applicant(jobcenter, "Kim", f"Beispiel{i}"))
    capped = client.get(url)
    page = capped.context["page"]
    assert page.paginator.capped and page.paginator.count == 3
    assert page.paginator.num_pages == 2
    assert "Mehr als 3 Fälle" in capped.content.decode()
    last = client.get(url, {"seite": 2})
    assert len(refs(last)) == 1 and not last.context["page"].has_next()
    searched = client.get(url, {"q": "Beispiel"})
    shown = {c.applicant.pk for c in searched.context["page"].object_list}
    logged = AccessLogEntry.objects.filter(purpose=AccessLogEntry.Purpose.SEARCH)
    assert len(shown) == 2 and {e.person_id for e in logged} == shown  # the page, not 5
