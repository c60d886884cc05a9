"""Shared helpers for account tests: sign in through the real allauth flow."""

from __future__ import annotations

import re

from django.core import mail

from tests.factories import PASSWORD, totp_code

LINK_RE = re.compile(r"https?://[^\s\"'>]+")


def password_login(client, email: str, password: str = PASSWORD):
    return client.post("/konto/login/", {"login": email, "password": password})


def full_login(client, user, *, code: str | None = None):
    """Password, then (if the account has a second factor) the TOTP step."""
    response = password_login(client, user.email)
    if response.status_code == 302 and response["Location"].startswith("/konto/2fa/authenticate/"):
        response = client.post("/konto/2fa/authenticate/", {"code": code or totp_code()})
    return response


def links_in_last_mail(path_fragment: str) -> list[str]:
    assert mail.outbox, "no e-mail was sent"
    body = mail.outbox[-1].body
    return [link for link in LINK_RE.findall(body) if path_fragment in link]


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def reauthenticate(client, password: str = PASSWORD):
    """allauth asks for the password again before security changes (MFA, sessions)."""
    response = client.post("/konto/reauthenticate/", {"password": password})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response
