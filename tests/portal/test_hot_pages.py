"""The hot pages of issue 18: a constant, small number of queries whatever the household
and the number of cases (no N+1), and no database write on a GET (docs/performance.md,
"Web bench").

Each page is requested in two worlds: a citizen alone in the Bedarfsgemeinschaft with one
case, and a citizen in a household of five with twenty cases — both with a Bescheid and an
open request for documents. The count must be the same in both and stay under a ceiling.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jobcenter.casefiles.services import document_request_create
from jobcenter.decisions import services as decisions
from jobcenter.households.models import Membership
from tests.conftest import login
from tests.decisions.conftest import sgb2_request
from tests.factories import MembershipFactory, PersonFactory
from tests.sql import is_write

pytestmark = pytest.mark.django_db


#: Ceilings per page: the counts of 2026-12-04 (docs/performance.md, "Web bench"), lowered
#: when the session, the user, the shell's Jobcenter and the unread count came from the
#: cache (docs/performance.md, "Fixed cost of a request"): citizen pages four queries
#: fewer, staff pages three; the staff case page one more fewer (one read of the BG's
#: members, "Uncached renders of the hot pages").
CEILING = {
    "home": 0, "rechner": 0, "rechner_post": 0,
    "overview": 19, "concerns": 10, "concern": 8, "documents": 8,
    "staff_case": 18, "staff_queue": 12,
}


def _world(citizen, caseworker, make_calc_case, *, persons: int, cases: int):
    membership = Membership.objects.filter(person__user=citizen).first()
    assert membership is not None
    for n in range(persons - 1):
        MembershipFactory(person=PersonFactory(jobcenter=citizen.jobcenter,
                                               first_name=f"Kind{n}"),
                          bedarfsgemeinschaft=membership.bedarfsgemeinschaft,
                          role=Membership.Role.KIND)
    made = []
    for n in range(cases):
        made.append(make_calc_case(citizen, request=sgb2_request(monat=f"{2027 + n}-01")))
    first = made[0]
    decision = decisions.decision_create(case=first, decision_type_key="bewilligung",
                                         actor=caseworker)
    decision = decisions.decision_finalize(decision=decision, actor=caseworker)
    decisions.bescheid_render(decision_id=decision.pk)
    for case in made:
        document_request_create(case=case, actor=caseworker,
                                items=[("Kontoauszüge", "der letzten drei Monate")],
                                deadline=timezone.localdate() + dt.timedelta(days=14))
    return first


def _pages(case) -> dict[str, tuple[str, str, str]]:
    return {
        "home": ("anonymous", "get", "/"),
        "rechner": ("anonymous", "get", reverse("rechner:rechner")),
        "rechner_post": ("anonymous", "post", reverse("rechner:rechner")),
        "overview": ("citizen", "get", reverse("portal:overview")),
        "concerns": ("citizen", "get", reverse("portal:concerns")),
        "concern": ("citizen", "get", reverse("portal:concern",
                                              kwargs={"reference": case.reference})),
        "documents": ("citizen", "get", reverse("portal:documents")),
        "staff_case": ("staff", "get", reverse("casefiles:case", args=[case.pk])),
        "staff_queue": ("staff", "get", reverse("casefiles:queue")),
    }


RECHNER = {"aktion": "berechnen", "monat": "", "as_geburtsdatum": "14.02.1988",
           "as_netto": "1.500,00", "partner": "nein", "kinder": "0", "kaltmiete": "480",
           "nebenkosten": "170,00", "heizkosten": "150", "warmwasser": "zentral"}


def _measure(client_factory, citizen, caseworker, case) -> dict[str, tuple[int, list[str]]]:
    clients = {"anonymous": client_factory(), "citizen": client_factory(),
               "staff": client_factory()}
    login(clients["citizen"], citizen)
    login(clients["staff"], caseworker)
    result = {}
    for name, (who, method, url) in _pages(case).items():
        client = clients[who]
        call = ((lambda c=client, u=url: c.post(u, RECHNER)) if method == "post"
                else (lambda c=client, u=url: c.get(u)))
        assert call().status_code == 200, name  # the first request may renew the session
        with CaptureQueriesContext(connection) as queries:
            assert call().status_code == 200, name
        writes = [q["sql"] for q in queries.captured_queries
                  if is_write(q["sql"])]
        result[name] = (len(queries.captured_queries), writes)
    return result


def test_every_hot_page_has_a_constant_number_of_queries_and_writes_nothing(
        citizen, other_citizen, caseworker, make_calc_case, settings):
    # what the pages cost when they are rendered (a cache hit: tests/portal/test_pagecache.py)
    settings.PAGE_CACHE = False
    small_case = _world(citizen, caseworker, make_calc_case, persons=1, cases=1)
    large_case = _world(other_citizen, caseworker, make_calc_case, persons=5, cases=20)
    small = _measure(Client, citizen, caseworker, small_case)
    large = _measure(Client, other_citizen, caseworker, large_case)
    for name in CEILING:
        count, writes = small[name]
        if name.startswith("staff_"):
            # a staff read of personal data is logged (transparency.reads): the access log's
            # one chained append is the only write of a staff page
            assert writes and all('"transparency_' in sql for sql in writes), (name, writes)
        else:
            assert writes == [], (name, writes)
        assert count == large[name][0], (name, count, large[name][0])
        assert count <= CEILING[name], (name, count)
