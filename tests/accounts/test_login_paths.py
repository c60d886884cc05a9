"""Structural: the password alone opens nothing beyond the second-factor step — through
every login path, for every role, on every URL the project serves.

A login path is anything that can turn a password into a session: the portal login, the
Django admin's login URL, the password reset, and — for whatever path we do not know of
yet — a session that holds the password step only (``client.force_login``). After each,
every URL pattern (our views, allauth's and the Django admin's, parameters filled with
sample values) is requested; only the MFA step itself and public pages may answer 200.
"""

from __future__ import annotations

import re
import uuid

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from jobcenter.core import access
from jobcenter.core.roles import MFA_REQUIRED_ROLES, Role
from tests.accounts.helpers import (
    links_in_last_mail,
    password_login,
    path_of,
    request_password_reset,
)
from tests.conftest import login
from tests.factories import PASSWORD, TOTP_SECRET, CitizenFactory, StaffFactory, totp_code

pytestmark = pytest.mark.django_db

SAMPLES = {"int": "1", "str": "x", "slug": "x", "path": "x", "uuid": str(uuid.uuid4())}


def all_urls() -> list[tuple[str, object]]:
    """Every URL pattern with its parameters filled in, and its view."""
    urls = []

    def walk(patterns, prefix):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                urls.append((fill(prefix + str(entry.pattern)), entry.callback))

    walk(get_resolver().url_patterns, "")
    return urls


def fill(route: str) -> str:
    route = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLES.get(m.group(1) or "str", "x"), route)
    route = re.sub(r"\(\?P<\w+>[^)]*\)", "1", route)  # regex patterns (allauth)
    return "/" + route.lstrip("^").rstrip("$").replace("\\", "")


def is_public(callback) -> bool:
    return getattr(callback, "access_decision", None) == access.PUBLIC


def make_user(role: str, jobcenter, *, mfa: bool = True):
    email = f"{role}-{uuid.uuid4().hex[:6]}@alpha.example"
    if role == Role.CITIZEN:
        user = CitizenFactory(jobcenter=jobcenter, email=email)
        if mfa:
            from allauth.mfa.totp.internal.auth import TOTP

            TOTP.activate(user, TOTP_SECRET)
        return user
    return StaffFactory(role=role, email=email, mfa=mfa,
                        jobcenter=None if role == Role.PLATFORM_ADMIN else jobcenter,
                        is_staff=role == Role.PLATFORM_ADMIN,
                        is_superuser=role == Role.PLATFORM_ADMIN)


def assert_nothing_opens_anonymously(client, label: str) -> None:
    """After a login path that did not complete: the session is anonymous everywhere."""
    assert "_auth_user_id" not in client.session, f"{label}: a session was created"
    for url, callback in all_urls():
        response = client.get(url)
        assert not response.wsgi_request.user.is_authenticated, f"{label}: {url}"
        if response.status_code == 200 and not url.startswith("/konto/"):
            assert is_public(callback), f"{label}: {url} opened without a login"


def assert_only_the_mfa_step_opens(client, label: str) -> None:
    """A password-only session: every URL leads to the MFA step; only that step opens."""
    step = {reverse("mfa_reauthenticate"), reverse("mfa_reauthenticate_webauthn"),
            reverse("account_logout")}
    for url, _callback in all_urls():
        if url.startswith(("/static/", "/i18n/", "/healthz/")):  # no personal data
            continue
        response = client.get(url)
        if url in step:
            continue
        assert response.status_code in (302, 405), f"{label}: {url} → {response.status_code}"
        if response.status_code == 302:
            assert response["Location"].startswith(tuple(step) + ("/konto/2fa/reauth",)), (
                f"{label}: {url} → {response['Location']}")


@pytest.mark.parametrize("role", list(Role.values))
def test_the_portal_login_stops_at_the_mfa_step_for_every_role(client, jobcenter, role):
    user = make_user(role, jobcenter)
    response = password_login(client, user.email)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_authenticate"))
    assert_nothing_opens_anonymously(client, f"portal login, {role}")


@pytest.mark.parametrize("role", list(Role.values))
def test_the_admin_login_url_has_no_password_form_of_its_own(client, jobcenter, role):
    user = make_user(role, jobcenter)
    response = client.get("/plattform/admin/login/?next=/plattform/admin/accounts/user/")
    assert response.status_code == 302
    assert response["Location"] == (
        "/konto/login/?next=%2Fplattform%2Fadmin%2Faccounts%2Fuser%2F")
    # What the old admin form accepted is ignored: no password is checked here.
    response = client.post("/plattform/admin/login/",
                           {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert_nothing_opens_anonymously(client, f"admin login, {role}")


def test_the_admin_login_refuses_an_outside_next(client):
    response = client.get("/plattform/admin/login/?next=https://evil.example/")
    assert response["Location"] == "/konto/login/?next=%2Fplattform%2Fadmin%2F"


@pytest.mark.parametrize("role", list(Role.values))
def test_a_password_reset_does_not_sign_in(client, jobcenter, role):
    user = make_user(role, jobcenter)
    request_password_reset(client, user.email)
    link = path_of(links_in_last_mail("/konto/password/reset/key/")[0])
    form_url = client.get(link)["Location"]
    response = client.post(form_url, {"password1": "Neues-Passwort-2026!",
                                       "password2": "Neues-Passwort-2026!"})
    assert response.status_code == 302
    mail.outbox.clear()
    assert_nothing_opens_anonymously(client, f"password reset, {role}")


@pytest.mark.parametrize("role", sorted(MFA_REQUIRED_ROLES))
def test_a_password_only_session_opens_only_the_mfa_step(client, jobcenter, role):
    """Whatever path produced it, a session without the second factor opens nothing else —
    the Django admin included."""
    user = make_user(role, jobcenter)
    client.force_login(user)
    assert_only_the_mfa_step_opens(client, f"password-only session, {role}")


def test_the_mfa_step_leads_back_to_the_page_and_then_everything_opens(client, jobcenter):
    admin = make_user(Role.PLATFORM_ADMIN, jobcenter)
    client.force_login(admin)
    response = client.get("/plattform/admin/accounts/user/")
    assert response["Location"] == (
        "/konto/2fa/reauthenticate/?next=%2Fplattform%2Fadmin%2Faccounts%2Fuser%2F")
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "Anmeldung mit dem zweiten Faktor bestätigen" in html
    response = client.post(response["Location"], {"code": totp_code()})
    assert response.status_code == 302
    assert response["Location"] == "/plattform/admin/accounts/user/"
    assert client.get("/plattform/admin/accounts/user/").status_code == 200


def test_a_wrong_code_at_the_mfa_step_is_throttled_like_the_login(client, jobcenter):
    staff = make_user(Role.LEISTUNG, jobcenter)
    client.force_login(staff)
    for _ in range(5):
        page = client.post("/konto/2fa/reauthenticate/", {"code": "000000"})
        assert "Dieser Code stimmt nicht" in page.content.decode()
    page = client.post("/konto/2fa/reauthenticate/", {"code": totp_code()})
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in page.content.decode()
    assert client.get("/arbeitsbereich/").status_code == 302


def test_a_passkey_only_account_is_sent_to_the_passkey_step(client, jobcenter):
    staff = make_user(Role.LEISTUNG, jobcenter, mfa=False)
    Authenticator.objects.create(user=staff, type=Authenticator.Type.WEBAUTHN,
                                 data={"name": "Schlüssel", "credential": {}})
    client.force_login(staff)
    response = client.get("/arbeitsbereich/")
    assert response["Location"].startswith(reverse("mfa_reauthenticate_webauthn"))


def test_the_full_login_opens_the_admin_for_the_platform_admin_only(client, jobcenter):
    admin = make_user(Role.PLATFORM_ADMIN, jobcenter)
    login(client, admin)
    assert client.get("/plattform/admin/").status_code == 200
    caseworker = make_user(Role.LEISTUNG, jobcenter)
    login(client, caseworker)
    assert client.get("/plattform/admin/").status_code == 302
    # Signed in but not a platform admin: the admin's login answers 403 (no redirect loop).
    assert client.get("/plattform/admin/login/").status_code == 403


@pytest.mark.django_db(transaction=True)
def test_enrolling_the_first_factor_counts_as_passing_it(client, jobcenter):
    """The session that proves possession by enrolling sees its recovery codes and works.
    (Transactional: allauth reports the new factor after its commit, inside the request.)"""
    from tests.accounts.helpers import reauthenticate
    from tests.accounts.test_mfa import secret_on_page

    staff = make_user(Role.LEISTUNG, jobcenter, mfa=False)
    password_login(client, staff.email)
    assert client.get("/arbeitsbereich/")["Location"] == reverse("mfa_index")
    reauthenticate(client)
    html = client.get("/konto/2fa/totp/activate/").content.decode()
    response = client.post("/konto/2fa/totp/activate/", {"code": totp_code(secret_on_page(html))})
    assert client.get(response["Location"]).status_code == 200  # the recovery codes
    assert client.get("/arbeitsbereich/", follow=True).status_code == 200


def test_the_sign_in_page_links_to_the_password_reset_once(client):
    """allauth's help-text link under the password field is dropped: one link, not two."""
    from django.urls import reverse

    page = client.get(reverse("account_login")).content.decode()
    assert page.count(f'href="{reverse("account_reset_password")}"') == 1
