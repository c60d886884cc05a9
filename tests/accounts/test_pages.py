"""Every account page: our shell, German, KERN markup, no inline code (CSP), three actors."""

from __future__ import annotations

import re

import pytest

from tests.accounts.helpers import full_login, password_login, reauthenticate

ANONYMOUS_PAGES = ["/konto/login/", "/konto/signup/", "/konto/password/reset/",
                   "/konto/password/reset/done/", "/konto/confirm-email/",
                   "/konto/password/reset/key/done/"]
SIGNED_IN_PAGES = ["/konto/sicherheit/", "/konto/email/", "/konto/password/change/",
                   "/konto/logout/", "/konto/2fa/", "/konto/2fa/webauthn/", "/konto/sessions/",
                   "/konto/reauthenticate/"]
REAUTH_PAGES = ["/konto/2fa/totp/activate/", "/konto/2fa/webauthn/add/",
                "/konto/2fa/totp/deactivate/", "/konto/2fa/recovery-codes/",
                "/konto/2fa/recovery-codes/generate/"]


def assert_our_page(html: str, path: str) -> None:
    assert '<html lang="de"' in html, path
    assert 'class="jc-skip-link"' in html, path
    assert "<h1 " in html, path
    for script in re.findall(r"<script\b([^>]*)>", html):
        assert "src=" in script or 'type="application/json"' in script, (path, script)
    assert not re.search(r"<[^>]+\son[a-z]+=", html), f"{path}: inline event handler"
    assert not re.search(r"<[^>]+\sstyle=", html), f"{path}: inline style"
    # allauth's unstyled markup must not leak through.
    assert "<strong>Menu:</strong>" not in html and "Menü:" not in html, path


@pytest.mark.parametrize("path", ANONYMOUS_PAGES)
def test_anonymous_pages(client, db, path):
    response = client.get(path)
    assert response.status_code == 200
    assert_our_page(response.content.decode(), path)


@pytest.mark.parametrize("actor", ["citizen", "other_citizen", "other_caseworker"])
def test_signed_in_pages_for_three_actors(client, request, actor):
    user = request.getfixturevalue(actor)
    full_login(client, user)
    for path in SIGNED_IN_PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        assert_our_page(response.content.decode(), path)
    reauthenticate(client)
    for path in REAUTH_PAGES:
        response = client.get(path)
        if response.status_code in (302, 404):  # no such factor (yet) for this actor
            continue
        assert response.status_code == 200, path
        assert_our_page(response.content.decode(), path)


def test_pages_show_only_the_signed_in_users_own_data(client, citizen, other_citizen):
    password_login(client, other_citizen.email)
    for path in SIGNED_IN_PAGES:
        html = client.get(path).content.decode()
        assert citizen.email not in html, path


def test_two_factor_step_page(client, caseworker):
    password_login(client, caseworker.email)
    response = client.get("/konto/2fa/authenticate/")
    assert response.status_code == 200
    html = response.content.decode()
    assert_our_page(html, "/konto/2fa/authenticate/")
    assert "Wiederherstellungscodes" in html


def test_english_interface(client, db):
    client.cookies["django_language"] = "en"
    html = client.get("/konto/login/").content.decode()
    assert '<html lang="en"' in html


def test_email_management_adds_a_second_address_and_sends_a_link(client, citizen):
    from django.core import mail

    password_login(client, citizen.email)
    response = client.post("/konto/email/", {"action_add": "", "email": "neu@example.org"})
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["neu@example.org"]
    html = client.get("/konto/email/").content.decode()
    assert "neu@example.org" in html and "nicht bestätigt" in html
    response = client.post("/konto/email/", {"action_add": "", "email": "kein-mail"})
    assert "kern-error" in response.content.decode()
