"""Every "return to" parameter: ``zurueck`` through core.redirects, ``next`` through Django
and allauth. Nothing but a local, percent-encoded URL reaches a Location header."""

from __future__ import annotations

import pytest

from jobcenter.core.redirects import safe_return_url
from tests.factories import PASSWORD

QUEUE = "/arbeitsbereich/akte/"


@pytest.mark.parametrize(("value", "expected"), [
    (QUEUE, QUEUE),
    (QUEUE + "?status=neu&seite=2", QUEUE + "?status=neu&seite=2"),
    (QUEUE + "?q=M%C3%BCller", QUEUE + "?q=M%C3%BCller"),
    (QUEUE + "?q=Müller", QUEUE + "?q=M%C3%BCller"),                # re-encoded
    (QUEUE + "?q=a%0D%0Ab", QUEUE + "?q=a%0D%0Ab"),                  # stays encoded
    (QUEUE + "#top", QUEUE),                                         # fragment dropped
    (QUEUE + "?a=1\rX", "/default/"),
    (QUEUE + "?a=1\nX", "/default/"),
    (QUEUE + "?a=1\tX", "/default/"),
    (QUEUE + "?a=1 X", "/default/"),
    (QUEUE + "?a=1\u2028X", "/default/"),                           # line separator
    (QUEUE + "?a=1\u200bX", "/default/"),                           # zero-width space
    ("a=1\rX", "/default/"),
    ("status=neu", "/default/"),                                     # not a path
    ("https://evil.example" + QUEUE, "/default/"),
    ("//evil.example" + QUEUE, "/default/"),
    ("/\\evil.example" + QUEUE, "/default/"),
    ("/%2F/evil.example/", "/default/"),                             # not an allowed path
    ("javascript:alert(1)", "/default/"),
    ("/konto/logout/", "/default/"),
    (None, "/default/"),
    (["/x"], "/default/"),
    ("", "/default/"),
])
def test_safe_return_url(value, expected):
    assert safe_return_url(value, default="/default/", paths={QUEUE}) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("next_url", ["/portal/\rX", "/portal/\r\nSet-Cookie: x=1"])
def test_language_switch_next_never_breaks_the_header(client, next_url):
    response = client.post("/i18n/setlang/", {"language": "en", "next": next_url})
    assert response.status_code == 302
    assert "\r" not in response["Location"] and "\n" not in response["Location"]
    assert response["Location"].startswith("/portal/%0D")


@pytest.mark.django_db
def test_language_switch_refuses_another_host(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "//evil.example/"})
    assert response["Location"] == "/"


@pytest.mark.django_db
@pytest.mark.parametrize(("next_url", "location"), [
    ("/portal/%0d%0aSet-Cookie:x=1", "/portal/%0D%0ASet-Cookie:x=1"),
    ("https://evil.example/", "/start/"),
    ("//evil.example/", "/start/"),
])
def test_login_next_stays_local_and_encoded(client, citizen, next_url, location):
    response = client.post(f"/konto/login/?next={next_url}",
                           {"login": citizen.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == location


@pytest.mark.django_db
@pytest.mark.parametrize(("next_url", "location"), [
    ("/konto/login/\r\nSet-Cookie:x=1", "/konto/login/%0D%0ASet-Cookie:x=1"),
    ("//evil.example/", "/"),
])
def test_logout_next_stays_local_and_encoded(client, citizen, next_url, location):
    client.force_login(citizen)
    response = client.post("/konto/logout/", {"next": next_url})
    assert response["Location"] == location
