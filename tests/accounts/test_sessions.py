"""Active sessions, "sign out everywhere", keep-alive and the inactivity timeout."""

from __future__ import annotations

import datetime as dt

from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from tests.accounts.helpers import password_login


def signed_in_client(user) -> Client:
    client = Client()
    password_login(client, user.email)
    assert client.session.get("_auth_user_id") == str(user.pk)
    return client


def test_session_list_shows_every_device(citizen):
    phone, laptop = signed_in_client(citizen), signed_in_client(citizen)
    html = laptop.get("/konto/sessions/").content.decode()
    assert "Angemeldete Geräte" in html
    assert "Dieses Gerät" in html
    assert UserSession.objects.filter(user=citizen).count() == 2
    assert "Alle anderen Geräte abmelden" in html
    assert phone.get("/portal/").status_code == 200


def test_sign_out_other_sessions_keeps_the_current_one(citizen):
    phone, laptop = signed_in_client(citizen), signed_in_client(citizen)
    laptop.post("/konto/sessions/")
    assert phone.get("/portal/").status_code == 302
    assert laptop.get("/portal/").status_code == 200


def test_sign_out_everywhere_ends_all_sessions_including_the_current_one(citizen, other_citizen):
    phone, laptop = signed_in_client(citizen), signed_in_client(citizen)
    bystander = signed_in_client(other_citizen)
    response = laptop.post("/konto/sitzungen/ueberall-abmelden/")
    assert response.status_code == 302
    assert response["Location"] == "/konto/login/"
    assert phone.get("/portal/").status_code == 302
    assert laptop.get("/portal/").status_code == 302
    assert not UserSession.objects.filter(user=citizen).exists()
    assert bystander.get("/portal/").status_code == 200  # other people stay signed in


def test_sign_out_everywhere_needs_post_and_a_signed_in_user(client, citizen):
    assert client.post("/konto/sitzungen/ueberall-abmelden/").status_code == 302
    password_login(client, citizen.email)
    assert client.get("/konto/sitzungen/ueberall-abmelden/").status_code == 405


def test_keepalive_extends_the_session(client, citizen):
    password_login(client, citizen.email)
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() + dt.timedelta(minutes=2))
    response = client.post("/sitzung/verlaengern/")
    assert response.status_code == 200
    assert response.json() == {"ok": True}
    expires = Session.objects.get(session_key=key).expire_date
    assert expires > timezone.now() + dt.timedelta(minutes=25)


def test_keepalive_for_anonymous_users_does_not_create_a_session(client, db):
    response = client.post("/sitzung/verlaengern/")
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]


def test_an_idle_session_expires(client, citizen):
    password_login(client, citizen.email)
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = client.get("/portal/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")


def test_timeout_settings_and_the_warning_dialog(client, citizen, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert 0 < settings.SESSION_TIMEOUT_WARNING_SECONDS < settings.SESSION_COOKIE_AGE
    password_login(client, citizen.email)
    html = client.get("/portal/").content.decode()
    assert 'data-session-timeout="1800"' in html
    assert 'id="session-timeout-dialog"' in html
    assert 'data-keepalive-url="/sitzung/verlaengern/"' in html
