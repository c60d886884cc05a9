"""Staff accounts: created by Jobcenter admins only, set their password by mail link,
must enrol a second factor, then sign in with password + code."""

from __future__ import annotations

import re

from django.core import mail

from jobcenter.accounts.models import User
from jobcenter.core.roles import Role
from tests.accounts.helpers import (
    full_login,
    links_in_last_mail,
    password_login,
    path_of,
    reauthenticate,
)
from tests.conftest import login
from tests.factories import TeamFactory, totp_code

URL = "/arbeitsbereich/verwaltung/mitarbeitende/neu/"
NEW_PASSWORD = "Neues-Dienst-Passwort-77"


def create_staff(client, **overrides):
    data = {"first_name": "Nora", "last_name": "Neu", "email": "nora@alpha.example",
            "role": Role.VERMITTLUNG, "team": ""}
    data.update(overrides)
    return client.post(URL, data)


def test_the_whole_staff_onboarding_flow(client, jobcenter_admin, jobcenter,
                                        django_capture_on_commit_callbacks):
    full_login(client, jobcenter_admin)
    team = TeamFactory(jobcenter=jobcenter, name="Markt")
    with django_capture_on_commit_callbacks(execute=True):
        response = create_staff(client, team=str(team.pk))
    assert response.status_code == 302
    staff = User.objects.get(email="nora@alpha.example")
    assert (staff.role, staff.jobcenter, staff.team) == (Role.VERMITTLUNG, jobcenter, team)
    assert not staff.has_usable_password()
    assert mail.outbox[-1].to == ["nora@alpha.example"]
    link = path_of(links_in_last_mail("/konto/password/reset/key/")[0])
    client.post("/konto/logout/")

    # The new colleague sets a password through the link ...
    response = client.get(link, follow=True)
    assert "Neues Passwort festlegen" in response.content.decode()
    set_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    response = client.post(set_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.check_password(NEW_PASSWORD)

    # ... signs in, and is sent to enrol a second factor before anything else works.
    response = password_login(client, staff.email, NEW_PASSWORD)
    assert response.status_code == 302
    assert client.get("/arbeitsbereich/")["Location"] == "/konto/2fa/"
    reauthenticate(client, NEW_PASSWORD)
    html = client.get("/konto/2fa/totp/activate/").content.decode()
    secret = re.search(r'data-totp-secret="([A-Z2-7]+)"', html).group(1)
    client.post("/konto/2fa/totp/activate/", {"code": totp_code(secret)})
    assert client.get("/arbeitsbereich/", follow=True).status_code == 200
    client.post("/konto/logout/")

    # Next time: password + code, and the Arbeitsvorrat.
    response = password_login(client, staff.email, NEW_PASSWORD)
    assert response["Location"] == "/konto/2fa/authenticate/"


def test_only_jobcenter_admins_may_create_staff(client, caseworker, citizen, other_caseworker):
    for user in (caseworker, citizen, other_caseworker):
        login(client, user)
        assert client.get(URL).status_code == 403
        assert create_staff(client).status_code == 403
    assert not User.objects.filter(email="nora@alpha.example").exists()


def test_admin_cannot_use_a_team_of_another_jobcenter(client, jobcenter_admin, other_jobcenter):
    foreign = TeamFactory(jobcenter=other_jobcenter)
    full_login(client, jobcenter_admin)
    response = create_staff(client, team=str(foreign.pk))
    assert response.status_code == 200
    assert not User.objects.filter(email="nora@alpha.example").exists()


def test_admin_cannot_create_a_platform_admin_or_citizen(client, jobcenter_admin):
    full_login(client, jobcenter_admin)
    for role in (Role.PLATFORM_ADMIN, Role.CITIZEN):
        response = create_staff(client, role=role)
        assert response.status_code == 200
        assert "kern-error" in response.content.decode()
    assert not User.objects.filter(email="nora@alpha.example").exists()


def test_existing_email_gives_a_clear_message(client, jobcenter_admin, citizen):
    full_login(client, jobcenter_admin)
    response = create_staff(client, email=citizen.email)
    assert "Für diese E-Mail-Adresse gibt es bereits ein Konto" in response.content.decode()
    assert User.objects.get(email=citizen.email).role == Role.CITIZEN


def test_invalid_or_used_password_link_explains_how_to_get_a_new_one(client, db):
    response = client.get("/konto/password/reset/key/1-set-password/", follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Link ungültig" in html
    assert "Neuen Link anfordern" in html
