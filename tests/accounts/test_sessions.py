"""Active sessions, "sign out everywhere", keep-alive and the inactivity timeout."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

import pytest
from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from tests.accounts.helpers import password_login
from tests.sql import is_write


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
    assert response.json() == {"ok": True, "seconds_left": 1800, "final": False}
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
    # the cache's copy expires with the session at the latest (test_request_cache.py), as
    # it would have by now
    cache.delete(f"jc:session:{key}")
    response = client.get("/portal/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")


def test_timeout_settings_and_the_warning_dialog(client, citizen, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert not settings.SESSION_SAVE_EVERY_REQUEST  # renewed at most once a minute
    assert settings.SESSION_ACTIVITY_REFRESH_SECONDS == 60
    assert 0 < settings.SESSION_TIMEOUT_WARNING_SECONDS < settings.SESSION_COOKIE_AGE
    password_login(client, citizen.email)
    html = client.get("/portal/").content.decode()
    assert 'data-session-timeout="1800"' in html
    assert 'id="session-timeout-dialog"' in html
    assert 'data-keepalive-url="/sitzung/verlaengern/"' in html


# --- The absolute session lifetime (accounts/sessions.py) ------------------------------

HOUR = 3600


@pytest.fixture
def clock():
    """Advances time.time, which the absolute lifetime reads. The session's inactivity
    expiry (a database date) does not move, as for a session kept busy all along."""

    class Clock:
        now = time.time()

    with mock.patch("time.time", lambda: Clock.now):
        yield Clock


def test_a_busy_session_ends_after_twelve_hours_with_a_message(client, citizen, clock):
    password_login(client, citizen.email)
    for _ in range(23):  # a request every 30 minutes keeps the session active
        clock.now += 30 * 60 - 1
        assert client.get("/portal/").status_code == 200
        assert client.post("/sitzung/verlaengern/").status_code == 200
    clock.now += 30 * 60 - 1  # 11:59:36 after the sign-in
    response = client.post("/sitzung/verlaengern/")
    assert response.json() == {"ok": True, "seconds_left": 24, "final": True}
    clock.now += 24
    response = client.get("/portal/")
    assert response.status_code == 302
    assert response["Location"] == "/konto/login/?next=/portal/"
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "Höchstdauer von 12 Stunden" in page
    # Signing in again starts a new twelve hours.
    password_login(client, citizen.email)
    assert client.get("/portal/").status_code == 200


def test_the_keepalive_never_extends_beyond_the_absolute_end(client, citizen, clock):
    password_login(client, citizen.email)
    clock.now += 12 * HOUR - 10 * 60
    body = client.post("/sitzung/verlaengern/").json()
    assert body == {"ok": True, "seconds_left": 600, "final": True}
    clock.now += 600
    response = client.post("/sitzung/verlaengern/", HTTP_ACCEPT="application/json")
    assert response.status_code == 401
    assert response.json() == {"ok": False, "signed_out": True}
    assert client.get("/portal/").status_code == 302


def test_pages_near_the_end_say_that_it_is_final(client, citizen, clock):
    password_login(client, citizen.email)
    html = client.get("/portal/").content.decode()
    assert 'data-session-timeout="1800"' in html
    assert 'data-session-text="final" hidden' in html
    clock.now += 12 * HOUR - 20 * 60
    html = client.get("/portal/").content.decode()
    assert 'data-session-timeout="1200"' in html
    assert 'data-session-text="inactive" hidden' in html
    assert "Höchstdauer von 12 Stunden" in html
    assert "spätestens 12 Stunden nach der Anmeldung" in html


def test_htmx_requests_are_sent_to_the_login(client, citizen, clock):
    password_login(client, citizen.email)
    clock.now += 12 * HOUR
    response = client.get("/portal/", HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"] == "/konto/login/?next=/portal/"


def test_the_lifetime_is_configurable(client, citizen, clock, settings):
    settings.SESSION_ABSOLUTE_TIMEOUT_SECONDS = 2 * HOUR
    password_login(client, citizen.email)
    clock.now += 2 * HOUR - 1
    assert client.get("/portal/").status_code == 200
    clock.now += 1
    assert client.get("/portal/").status_code == 302
    assert "Höchstdauer von 2 Stunden" in client.get("/konto/login/").content.decode()


def test_staff_sessions_end_too_also_after_the_second_factor(client, caseworker, clock):
    from tests.accounts.helpers import full_login

    full_login(client, caseworker)
    clock.now += 12 * HOUR
    assert client.get("/arbeitsbereich/akte/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_session_without_a_recorded_start_counts_from_the_last_sign_in(
        client, citizen, clock):
    client.force_login(citizen)  # no sign-in flow: Django records only last_login
    session_before = dict(client.session)
    assert client.get("/portal/").status_code == 200
    after = dict(client.session)
    after.pop("jc_active_at")  # the activity renewal (once a minute), not the check
    assert after == session_before  # the check writes nothing
    clock.now = citizen.__class__.objects.get(pk=citizen.pk).last_login.timestamp()
    clock.now += 12 * HOUR - 1
    assert client.get("/portal/").status_code == 200
    clock.now += 1
    assert client.get("/portal/").status_code == 302


def test_the_environment_sets_the_lifetime():
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root / "src"),
           "DJANGO_SETTINGS_MODULE": "jobcenter.config.settings",
           "SESSION_ABSOLUTE_TIMEOUT_SECONDS": "28800"}
    code = ("import django; django.setup(); from django.conf import settings; "
            "print(settings.SESSION_ABSOLUTE_TIMEOUT_SECONDS)")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, check=True, timeout=120).stdout.strip()
    assert out == "28800"
    env.pop("SESSION_ABSOLUTE_TIMEOUT_SECONDS")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, check=True, timeout=120).stdout.strip()
    assert out == str(12 * HOUR)


# --- Activity without a write per request (accounts/sessions.py, ActivityMiddleware) ----



def writes_of(client, path: str) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return [q["sql"] for q in queries.captured_queries
            if is_write(q["sql"])]


CITIZEN_PAGES = ("/portal/", "/portal/anliegen/", "/portal/dokumente/", "/portal/profil/",
                 "/portal/postfach/", "/portal/benachrichtigungen/", "/buergergeld-rechner/")


def test_a_get_within_the_minute_writes_nothing(client, citizen, clock):
    password_login(client, citizen.email)
    client.get("/portal/")  # the first request after the sign-in may renew
    clock.now += 30
    for path in CITIZEN_PAGES:
        assert writes_of(client, path) == [], path


def test_a_staff_get_within_the_minute_writes_nothing_but_the_access_log(
        client, caseworker, clock):
    from tests.conftest import login

    login(client, caseworker)
    client.get("/arbeitsbereich/akte/")
    clock.now += 30
    for path in ("/arbeitsbereich/akte/", "/arbeitsbereich/akte/wiedervorlagen/",
                 "/arbeitsbereich/postfach/"):
        # a staff read of personal data is logged (transparency.reads); nothing else
        assert all('"transparency_' in sql for sql in writes_of(client, path)), path


def _renewal_tables(writes: list[str]) -> list[tuple[str, str]]:
    return sorted((sql.split()[0].upper(), sql.split('"')[1]) for sql in writes)


@pytest.mark.parametrize("path", CITIZEN_PAGES)
def test_the_first_get_after_a_minute_writes_only_the_renewal(client, citizen, clock, path):
    """The one documented write (accounts/sessions.py): the session's new expiry and the
    session list's "last seen", one UPDATE each — on whichever page comes first."""
    password_login(client, citizen.email)
    client.get("/portal/")
    clock.now += 61
    with mock.patch("django.utils.timezone.now",
                    lambda: dt.datetime.fromtimestamp(clock.now, tz=dt.UTC)):
        writes = writes_of(client, path)
        assert _renewal_tables(writes) == [("UPDATE", "django_session"),
                                           ("UPDATE", "usersessions_usersession")], writes
        assert writes_of(client, path) == []  # and then nothing for a minute


def test_after_a_minute_a_request_renews_the_timeout_and_the_session_list(client, citizen, clock):
    password_login(client, citizen.email)
    client.get("/portal/")
    key = client.session.session_key
    before = Session.objects.get(session_key=key).expire_date
    seen_before = UserSession.objects.get(session_key=key).last_seen_at
    clock.now += 61
    with mock.patch("django.utils.timezone.now",
                    lambda: dt.datetime.fromtimestamp(clock.now, tz=dt.UTC)):
        assert writes_of(client, "/portal/")  # the one renewal of this minute
    assert Session.objects.get(session_key=key).expire_date > before
    assert UserSession.objects.get(session_key=key).last_seen_at > seen_before


def test_the_page_counts_the_timeout_from_the_last_renewal(client, citizen, clock):
    password_login(client, citizen.email)
    client.get("/portal/")
    clock.now += 45  # within the minute: not renewed, 45 seconds of the timeout are gone
    html = client.get("/portal/").content.decode()
    assert 'data-session-timeout="1755"' in html
    response = client.post("/sitzung/verlaengern/")  # the keep-alive always renews
    assert response.json() == {"ok": True, "seconds_left": 1800, "final": False}
