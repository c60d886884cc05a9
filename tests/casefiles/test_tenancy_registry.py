"""Every parameterised staff URL of the eAkte: staff of another Jobcenter get 404 for GET
and POST, staff of the own Jobcenter (positive control) do not. Mirrors the registry of
``tests/test_tenancy.py`` so a forgotten URL fails here too."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.urls import get_resolver, reverse

from jobcenter.core import access
from tests.casefiles.tenancy import CASEFILES_SAMPLE_KWARGS
from tests.conftest import login
from tests.test_url_access import iter_patterns


@dataclass
class World:
    citizen: object


def casefiles_staff_routes() -> list[str]:
    resolver = get_resolver()
    names = []
    for _route, pattern in iter_patterns(resolver.url_patterns):
        callback = pattern.callback
        if (getattr(callback, "access_decision", None) == access.STAFF
                and callback.__module__ == "jobcenter.backoffice.views.akte"
                and pattern.pattern.regex.groupindex):
            names.append(f"casefiles:{pattern.name}")
    return names


def test_every_parameterised_casefiles_staff_url_has_a_sample():
    routes = casefiles_staff_routes()
    assert routes
    assert set(routes) <= set(CASEFILES_SAMPLE_KWARGS)


@pytest.mark.parametrize("name", sorted(CASEFILES_SAMPLE_KWARGS))
def test_other_jobcenter_gets_404_own_jobcenter_does_not(client, name, citizen, caseworker,
                                                         other_caseworker):
    url = reverse(name, kwargs=CASEFILES_SAMPLE_KWARGS[name](World(citizen)))
    login(client, other_caseworker)
    assert client.get(url).status_code in {404, 405}
    assert client.post(url, {"version": 1, "text": "x"}).status_code in {404, 405}
    client.logout()
    login(client, caseworker)
    assert client.get(url).status_code not in {403, 404}
