"""Shared helpers for account tests: sign in through the real allauth flow."""

from __future__ import annotations

import re

from django.core import mail

from tests.factories import PASSWORD, totp_code

LINK_RE = re.compile(r"https?://[^\s\"'>]+")


def password_login(client, email: str, password: str = PASSWORD):
    return client.post("/konto/login/", {"login": email, "password": password})


def post_and_run_tasks(client, url: str, data: dict):
    """POST as a browser would; then what the request queued after commit runs (Celery is
    eager in tests), like the worker after the answer has gone out."""
    from django.db import connection
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(using=connection.alias, execute=True):
        return client.post(url, data)


def request_password_reset(client, email: str):
    return post_and_run_tasks(client, "/konto/password/reset/", {"email": email})


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


class CountingHasher:
    """Counts every password hash computed (``encode``: setting a password; ``verify``:
    checking one). Use with ``counting_hasher`` below."""

    calls = 0


def counting_hasher(settings):
    """Install a password hasher that counts its work; returns the counter class."""
    settings.PASSWORD_HASHERS = ["tests.accounts.helpers.CountedMD5Hasher"]
    CountingHasher.calls = 0
    return CountingHasher


def _counted_md5_hasher():
    from django.contrib.auth.hashers import MD5PasswordHasher

    class CountedMD5Hasher(MD5PasswordHasher):
        algorithm = "md5"

        def encode(self, password, salt):
            CountingHasher.calls += 1
            return super().encode(password, salt)

    return CountedMD5Hasher


CountedMD5Hasher = _counted_md5_hasher()

_SQL_LITERALS = re.compile(r"'(?:[^']|'')*'|\b\d+(?:\.\d+)?\b")


def query_shapes(captured) -> list[str]:
    """The statements of a request without their values (strings, numbers): what work
    the database did, independent of which address was typed in."""
    return [_SQL_LITERALS.sub("?", query["sql"]) for query in captured]


def cache_round_trips(client, path: str = "/healthz/", status: int = 200
                      ) -> list[tuple[str, ...]]:
    """The keys of every read the request made from the cache, one entry per round trip
    (the test cache's ``get_many`` calls its ``get`` per key: those are not counted)."""
    from unittest import mock

    from django.core.cache import cache

    reads: list[tuple[str, ...]] = []
    inside: list[bool] = []
    get, get_many = cache.get, cache.get_many

    def one(key, *args, **kwargs):
        if not inside:
            reads.append((key,))
        return get(key, *args, **kwargs)

    def many(keys, *args, **kwargs):
        reads.append(tuple(keys))
        inside.append(True)
        try:
            return get_many(keys, *args, **kwargs)
        finally:
            inside.pop()

    with mock.patch.object(cache, "get", one), mock.patch.object(cache, "get_many", many):
        assert client.get(path).status_code == status
    return reads
