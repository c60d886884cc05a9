from __future__ import annotations

import pytest
from django.urls import reverse

from jobcenter.core.roles import Role
from tests.conftest import login
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def test_home_page_is_public_and_german_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    assert 'lang="de"' in response.content.decode()
    assert "Ihr Jobcenter online" in response.content.decode()


def test_signed_in_users_land_in_their_own_area(client, citizen, caseworker):
    login(client, citizen)
    assert client.get("/start/").url == reverse("portal:overview")
    login(client, caseworker)
    assert client.get("/start/").url == reverse("casefiles:queue")


def test_health_check_reports_the_database(client):
    assert client.get("/healthz/").json() == {"status": "ok"}


def test_branding_stylesheet_carries_the_theme_colour(client, jobcenter):
    jobcenter.theme_colour = "#123456"
    jobcenter.save()
    response = client.get(f"/branding/{jobcenter.slug}.css")
    assert response["Content-Type"].startswith("text/css")
    assert "--jc-theme: #123456" in response.content.decode()


def test_branding_of_an_unknown_jobcenter_is_404(client):
    assert client.get("/branding/nope.css").status_code == 404
    assert client.get("/branding/nope/logo").status_code == 404


def test_the_citizen_sees_the_jobcenter_branding(client, citizen):
    login(client, citizen)
    html = client.get("/portal/").content.decode()
    assert citizen.jobcenter.name in html
    assert f"/branding/{citizen.jobcenter.slug}.css" in html


def test_keepalive_needs_login_and_post(client, citizen):
    assert client.post("/sitzung/verlaengern/").status_code == 302
    login(client, citizen)
    assert client.get("/sitzung/verlaengern/").status_code == 405
    assert client.post("/sitzung/verlaengern/").json() == {"ok": True, "seconds_left": 1800,
                                                           "final": False}


def test_switching_to_english_translates_the_shell(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert 'lang="en"' in html
    assert "Skip to content" in html


def test_unknown_pages_get_a_friendly_404(client):
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404


def test_citizen_pages_refuse_staff_and_anonymous(client, caseworker):
    assert client.get("/portal/").status_code == 302
    login(client, caseworker)
    assert client.get("/portal/").status_code == 403


def test_staff_pages_refuse_citizens(client, citizen):
    login(client, citizen)
    for name in ["backoffice:queue", "backoffice:search", "backoffice:administration"]:
        assert client.get(reverse(name)).status_code == 403


def test_django_admin_is_for_platform_admins_only(client, caseworker, jobcenter):
    login(client, caseworker)
    assert client.get("/plattform/admin/").status_code == 302  # to the admin login
    admin = StaffFactory(role=Role.PLATFORM_ADMIN, jobcenter=None, is_staff=True,
                         email="root@example.org")
    login(client, admin)
    assert client.get("/plattform/admin/").status_code == 200


def test_staff_without_a_second_factor_are_sent_to_mfa_setup(client, jobcenter):
    user = StaffFactory(jobcenter=jobcenter, mfa=False, email="new@alpha.example")
    login(client, user)
    response = client.get(reverse("backoffice:queue"))
    assert response.status_code == 302
    assert response.url == reverse("mfa_index")


def test_the_platform_admin_does_not_see_citizen_accounts(client, citizen, caseworker):
    admin = StaffFactory(role=Role.PLATFORM_ADMIN, jobcenter=None, is_staff=True,
                         is_superuser=True, email="root@example.org")
    login(client, admin)
    html = client.get("/plattform/admin/accounts/user/").content.decode()
    assert caseworker.email in html
    assert citizen.email not in html
    assert client.get(f"/plattform/admin/accounts/user/{citizen.pk}/change/").status_code == 302
