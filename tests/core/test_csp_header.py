"""The CSP header built once per process (core/csp.py) is byte for byte django-csp's, and a
view's own adjustment (the eAkte viewer's ``@csp_replace``) still wins."""

from __future__ import annotations

import pytest
from csp.utils import build_policy
from django.urls import reverse

from tests.conftest import login
from tests.decisions.conftest import make_calc_case  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def test_a_page_carries_exactly_django_csps_policy(client):
    response = client.get("/")
    assert response["Content-Security-Policy"] == build_policy()
    assert "frame-src" not in response["Content-Security-Policy"]
    assert "Content-Security-Policy-Report-Only" not in response


def test_a_changed_policy_setting_is_used_at_once(client, settings):
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    assert client.get("/")["Content-Security-Policy"] == "default-src 'none'"
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {
        "DIRECTIVES": {"default-src": ["'self'"]}}
    assert client.get("/")["Content-Security-Policy-Report-Only"] == "default-src 'self'"


def test_a_views_own_adjustment_still_applies(client, caseworker, make_calc_case,  # noqa: F811
                                              citizen):
    case = make_calc_case(citizen)
    login(client, caseworker)
    response = client.get(reverse("casefiles:case", args=[case.pk]))
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "frame-src 'self'" in policy and "object-src 'self'" in policy
    assert client.get("/")["Content-Security-Policy"] == build_policy()


def test_an_adjusted_policy_is_django_csps_and_built_once(client, caseworker, make_calc_case,  # noqa: F811
                                                          citizen, monkeypatch):
    from jobcenter.core import csp as ours

    case = make_calc_case(citizen)
    login(client, caseworker)
    url = reverse("casefiles:case", args=[case.pk])
    first = client.get(url)
    assert first["Content-Security-Policy"] == build_policy(replace=first._csp_replace)
    built = []
    monkeypatch.setattr(ours, "build_policy",
                        lambda *a, **k: built.append(k) or build_policy(*a, **k))
    again = client.get(url)
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert built == []  # from the copy of this process


def test_an_exempt_response_gets_no_header(rf):
    from csp.decorators import csp_exempt
    from django.http import HttpResponse

    from jobcenter.core.csp import CSPMiddleware

    @csp_exempt()
    def view(request):
        return HttpResponse("ok")

    for _ in range(2):  # the second from the kept policy
        request = rf.get("/")
        middleware = CSPMiddleware(view)
        response = middleware(request)
        assert "Content-Security-Policy" not in response
