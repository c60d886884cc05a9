"""Signed-in devices with readable names, and signing out a single one (issue 12 item 8)."""

from __future__ import annotations

import pytest
from allauth.usersessions.models import UserSession
from django.test import Client

from jobcenter.accounts.devices import describe, kind_label, parse
from tests.accounts.helpers import password_login
from tests.conftest import login

pytestmark = pytest.mark.django_db

IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
          "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1")
FIREFOX_WINDOWS = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 "
                   "Firefox/133.0")
ANDROID = ("Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
           "Chrome/131.0.0.0 Mobile Safari/537.36")
IPAD = ("Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Version/17.5 Mobile/15E148 Safari/604.1")
MAC = ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
       "Version/17.5 Safari/605.1.15")


@pytest.mark.parametrize(("agent", "name", "kind"), [
    (IPHONE, "Safari auf iPhone (iOS 17)", "Smartphone"),
    (FIREFOX_WINDOWS, "Firefox auf Windows 10", "Computer"),
    (ANDROID, "Chrome auf Samsung SM-S918B (Android 14)", "Smartphone"),
    (IPAD, "Safari auf iPad (iOS 17)", "Tablet"),
    (MAC, "Safari auf macOS", "Computer"),
    ("", "Unbekannter Browser", "Gerät"),
    ("\x00" * 5000, "Unbekannter Browser", "Gerät"),
])
def test_user_agents_get_plain_names(agent, name, kind):
    assert describe(parse(agent)) == name
    assert kind_label(parse(agent)) == kind


def test_names_follow_the_language():
    from django.utils import translation

    with translation.override("en"):
        assert describe(parse(FIREFOX_WINDOWS)) == "Firefox on Windows 10"
        assert kind_label(parse(IPHONE)) == "Smartphone"


def _client(user, agent: str) -> Client:
    client = Client(HTTP_USER_AGENT=agent)
    password_login(client, user.email)
    return client


def test_the_list_shows_readable_names_and_signs_out_one_device(citizen, other_citizen):
    phone, laptop = _client(citizen, IPHONE), _client(citizen, FIREFOX_WINDOWS)
    bystander = _client(other_citizen, ANDROID)
    html = laptop.get("/konto/sessions/").content.decode()
    assert "Safari auf iPhone (iOS 17)" in html and "Firefox auf Windows 10" in html
    assert "Samsung" not in html  # someone else's device
    phone_session = UserSession.objects.get(user=citizen, user_agent=IPHONE)
    response = laptop.post(f"/konto/sitzungen/{phone_session.pk}/abmelden/", follow=True)
    assert "„Safari auf iPhone (iOS 17)“ ist jetzt abgemeldet" in response.content.decode()
    assert phone.get("/portal/").status_code == 302  # signed out
    assert laptop.get("/portal/").status_code == 200  # still signed in
    assert bystander.get("/portal/").status_code == 200


def test_another_persons_session_cannot_be_ended(citizen, other_citizen):
    _client(other_citizen, ANDROID)
    theirs = UserSession.objects.get(user=other_citizen)
    laptop = _client(citizen, FIREFOX_WINDOWS)
    assert laptop.post(f"/konto/sitzungen/{theirs.pk}/abmelden/").status_code == 404
    assert UserSession.objects.filter(pk=theirs.pk).exists()


def test_staff_of_another_jobcenter_cannot_end_a_citizens_session(client, citizen,
                                                                   other_caseworker):
    _client(citizen, IPHONE)
    session = UserSession.objects.get(user=citizen)
    login(client, other_caseworker)
    assert client.post(f"/konto/sitzungen/{session.pk}/abmelden/").status_code == 404
    assert UserSession.objects.filter(pk=session.pk).exists()


def test_ending_the_current_session_signs_out_here(citizen):
    laptop = _client(citizen, FIREFOX_WINDOWS)
    mine = UserSession.objects.get(user=citizen)
    response = laptop.post(f"/konto/sitzungen/{mine.pk}/abmelden/")
    assert response.status_code == 302 and response["Location"] == "/konto/login/"
    assert laptop.get("/portal/").status_code == 302
    assert laptop.get(f"/konto/sitzungen/{mine.pk}/abmelden/").status_code in (302, 405)
