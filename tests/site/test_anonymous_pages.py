"""The home page from the copy kept per process (site/anonymous_pages.py): byte for byte
the page a fresh render gives, with each visitor's own working CSRF token; whatever is the
visitor's own (a message, a query string, a signed-in user) is rendered as usual."""

from __future__ import annotations

import re

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory

from jobcenter.site import anonymous_pages
from tests.conftest import login

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def test_the_kept_page_is_the_fresh_render_with_the_visitors_token(client):
    first = client.get("/")
    kept = client.get("/")  # from the copy
    assert anonymous_pages._pages, "the copy was not kept"
    html = kept.content.decode()
    token = TOKEN.search(html).group(1)
    assert anonymous_pages.TOKEN_PLACEHOLDER not in html
    request = RequestFactory().get("/")
    request.user = kept.wsgi_request.user
    request.META["CSRF_COOKIE"] = kept.wsgi_request.META["CSRF_COOKIE"]
    fresh = render_to_string("core/home.html", {"csrf_token": token}, request=request)
    assert html == fresh
    assert first.status_code == kept.status_code == 200
    assert kept["Content-Type"] == first["Content-Type"]


def test_every_visitor_gets_a_token_that_works(db):
    alice, bob = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    tokens = []
    for visitor in (alice, bob, alice):
        html = visitor.get("/").content.decode()
        tokens.append(TOKEN.search(html).group(1))
    assert tokens[0] != tokens[1]  # two visitors, two secrets
    response = bob.post("/i18n/setlang/", {"language": "en", "next": "/",
                                           "csrfmiddlewaretoken": tokens[1]})
    assert response.status_code == 302  # not the CSRF failure page
    assert "Your Jobcenter online" in bob.get("/").content.decode()
    assert "Ihr Jobcenter online" in alice.get("/").content.decode()  # per language


def test_a_message_a_query_string_or_a_signed_in_user_get_their_own_page(client, citizen):
    client.get("/")
    html = client.get("/?quelle=brief").content.decode()
    assert 'value="/?quelle=brief"' in html  # the language switch returns to the full path
    login(client, citizen)
    assert client.post("/konto/logout/").status_code == 302
    page = client.get("/")
    assert page.status_code == 200
    assert "Sie haben sich abgemeldet." in page.content.decode()  # the message is shown
    signed_in = Client()
    login(signed_in, citizen)
    assert signed_in.get("/").status_code == 302
