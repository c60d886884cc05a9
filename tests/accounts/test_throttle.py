"""Sign-in throttling: growing delays per account and client, per address and per account,
on every sign-in path — and nobody can lock the owner out (accounts/throttle.py)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.test import Client, RequestFactory

from jobcenter.accounts import throttle
from jobcenter.notifications.models import Notification
from tests.accounts.helpers import (
    counting_hasher,
    links_in_last_mail,
    path_of,
    request_password_reset,
)
from tests.conftest import REDIS_URL, redis_reachable
from tests.factories import PASSWORD, totp_code

WRONG = "falsch-falsch-falsch"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _roomy_cache(settings, tmp_path):
    """The test cache must not drop entries (LocMem culls at 300 by default; Redis in
    production keeps them, see docs/operations.md)."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": f"throttle-{tmp_path}",
                                   "OPTIONS": {"MAX_ENTRIES": 100_000}}}


@pytest.fixture
def clock():
    """A controllable clock (time.time): the throttle and the cache's expiry follow it."""

    class Clock:
        now = time.time()

        @classmethod
        def advance(cls, seconds: float) -> None:
            cls.now += seconds

    with mock.patch("time.time", lambda: Clock.now):
        yield Clock


def attempt(client, email, password=WRONG, ip="127.0.0.1"):
    return client.post("/konto/login/", {"login": email, "password": password},
                       REMOTE_ADDR=ip)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def known_device(user, ip="192.0.2.1") -> Client:
    """A browser the owner has signed in with before (it keeps the device cookie)."""
    client = Client()
    assert attempt(client, user.email, PASSWORD, ip=ip)["Location"] == "/start/"
    assert throttle.device_cookie_name() in client.cookies
    client.post("/konto/logout/")
    return client


def test_delay_schedule():
    rule = {"free": 5, "base": 30, "cap": 900, "memory": 86400}
    assert [throttle.delay_after(n, rule) for n in range(1, 12)] == [
        0, 0, 0, 0, 30, 60, 120, 240, 480, 900, 900]
    assert throttle.delay_after(10**9, rule) == 900  # no overflow, whatever the count


@pytest.mark.parametrize(("seconds", "text"), [
    (1, "1 Sekunde"), (30, "30 Sekunden"), (59.2, "1 Minute"), (61, "2 Minuten"),
    (900, "15 Minuten"), (3600, "60 Minuten"), (5400, "90 Minuten"), (7200, "2 Stunden"),
    (43200, "12 Stunden"),
])
def test_durations_read_as_people_say_them(seconds, text):
    from jobcenter.accounts.durations import duration_text

    assert duration_text(seconds) == text


def test_failures_lead_to_growing_delays_never_to_a_lock(client, citizen, clock, settings):
    for _ in range(4):
        response = attempt(client, citizen.email)
        assert response.status_code == 200
        assert "nächste Versuch" not in response.content.decode()
    response = attempt(client, citizen.email)  # the fifth failure starts a wait
    html = response.content.decode()
    assert response.status_code == 200
    assert "E-Mail-Adresse oder Passwort stimmen nicht" in html
    assert "nächste Versuch erst in 30 Sekunden möglich" in html

    # During the wait even the right password is not checked: HTTP 429, no hashing.
    hasher = counting_hasher(settings)
    response = attempt(client, citizen.email, PASSWORD)
    assert response.status_code == 429
    assert response["Retry-After"] == "30"
    assert "nächste Versuch erst in 30 Sekunden möglich" in response.content.decode()
    assert 'id="error-summary"' in response.content.decode()
    assert hasher.calls == 0
    assert not signed_in(client)

    clock.advance(31)
    assert "erst in 1 Minute möglich" in attempt(client, citizen.email).content.decode()
    clock.advance(30)
    response = attempt(client, citizen.email, PASSWORD)
    assert response.status_code == 429 and response["Retry-After"] == "30"
    clock.advance(31)
    assert attempt(client, citizen.email, PASSWORD)["Location"] == "/start/"
    # A complete sign-in forgets this client's failures.
    client.post("/konto/logout/")
    assert "nächste Versuch" not in attempt(client, citizen.email).content.decode()


def test_an_attacker_cannot_lock_the_owner_out(citizen, clock):
    laptop = known_device(citizen, ip="192.0.2.1")
    attacker = Client()
    for _ in range(12):  # through all the waits up to the 15-minute cap
        clock.advance(16 * 60)
        attempt(attacker, citizen.email, ip="203.0.113.66")
    response = attempt(attacker, citizen.email, PASSWORD, ip="203.0.113.66")
    assert response.status_code == 429 and response["Retry-After"] == "900"
    # The owner: on the known laptop, even behind the attacker's address …
    assert attempt(laptop, citizen.email, PASSWORD, ip="203.0.113.66")["Location"] == "/start/"
    # … and on a new phone from another address.
    phone = Client()
    assert attempt(phone, citizen.email, PASSWORD, ip="198.51.100.20")["Location"] == "/start/"


def test_guessing_from_many_addresses_meets_the_account_ceiling(
        client, citizen, clock, django_capture_on_commit_callbacks):
    laptop = known_device(citizen)
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(100):  # one failure each from 100 addresses: no client waits
            response = attempt(Client(), citizen.email, ip=f"10.1.{i // 250}.{i % 250}")
            assert response.status_code == 200
    # Now every client that is not a known device waits — the right password too …
    response = attempt(Client(), citizen.email, PASSWORD, ip="198.51.100.99")
    assert response.status_code == 429
    assert response["Retry-After"] == "30"
    # … but the owner's laptop signs in at once.
    assert attempt(laptop, citizen.email, PASSWORD)["Location"] == "/start/"
    # The owner was told, once, without details about the attempts.
    notices = Notification.objects.filter(user=citizen, template="login_throttled")
    assert notices.count() == 1
    assert [m.to for m in mail.outbox] == [[citizen.email]]
    body = mail.outbox[0].body
    assert "falsches Passwort" in body and "wrong password" in body
    assert "/konto/sicherheit/" in body
    assert "10.1." not in body and "198.51" not in body


def test_the_password_reset_link_makes_the_browser_a_known_device(citizen, clock):
    for i in range(100):
        attempt(Client(), citizen.email, ip=f"10.2.0.{i}")
    phone = Client()
    assert attempt(phone, citizen.email, PASSWORD, ip="198.51.100.5").status_code == 429
    request_password_reset(phone, citizen.email)
    link = path_of(links_in_last_mail("/konto/password/reset/key/")[0])
    set_url = phone.get(link, follow=True).redirect_chain[-1][0]
    new = "Ganz-neues-Passwort-99"
    assert phone.post(set_url, {"password1": new, "password2": new}).status_code == 302
    assert attempt(phone, citizen.email, new, ip="198.51.100.5")["Location"] == "/start/"


def test_one_address_guessing_many_accounts_is_slowed(citizen, clock):
    laptop = known_device(citizen, ip="203.0.113.9")
    sprayer = Client()
    for i in range(50):  # one guess each for 50 addresses, a few seconds apart
        assert attempt(sprayer, f"person{i}@example.net", ip="203.0.113.9").status_code == 200
        clock.advance(5)
    response = attempt(sprayer, "noch-jemand@example.net", ip="203.0.113.9")
    assert response.status_code == 429
    # Other addresses are not affected, nor is a known device behind the same address.
    assert attempt(Client(), citizen.email, PASSWORD, ip="198.51.100.1")["Location"] == "/start/"
    assert attempt(laptop, citizen.email, PASSWORD, ip="203.0.113.9")["Location"] == "/start/"


def test_attempts_per_minute_and_address(citizen, clock, settings):
    settings.LOGIN_THROTTLE = {**settings.LOGIN_THROTTLE, "attempts_per_minute": 3}
    clock.now = (clock.now // 60) * 60 + 1  # the start of a minute
    client = Client()
    for _ in range(3):
        attempt(client, "someone@example.net")
    response = attempt(client, citizen.email, PASSWORD)
    assert response.status_code == 429
    assert response["Retry-After"] == "59"
    clock.advance(60)
    assert attempt(client, citizen.email, PASSWORD)["Location"] == "/start/"


def test_unknown_addresses_are_throttled_exactly_like_existing_ones(citizen, clock):
    def sequence(email):
        client, seen = Client(), []
        for _ in range(7):
            response = attempt(client, email)
            seen.append((response.status_code, response.get("Retry-After"),
                         response.content.decode().count("nächste Versuch")))
        return seen

    assert sequence(citizen.email) == sequence("niemand@example.org")


def test_second_factor_codes_count_in_the_same_throttle(client, caseworker, clock):
    assert attempt(client, caseworker.email, PASSWORD)["Location"] == "/konto/2fa/authenticate/"
    for _ in range(4):
        response = client.post("/konto/2fa/authenticate/", {"code": "000000"})
        assert "Dieser Code stimmt nicht" in response.content.decode()
    response = client.post("/konto/2fa/authenticate/", {"code": "000000"})
    assert "nächste Versuch erst in 30 Sekunden möglich" in response.content.decode()
    response = client.post("/konto/2fa/authenticate/", {"code": totp_code()})
    assert response.status_code == 429
    assert "Ihr Konto ist nicht gesperrt." in response.content.decode()
    assert "Passwort vergessen" not in response.content.decode()  # not the password step
    assert not signed_in(client)
    clock.advance(31)
    response = client.post("/konto/2fa/authenticate/", {"code": totp_code()})
    assert response.status_code == 302
    assert signed_in(client)


def test_wrong_passwords_and_codes_share_the_count(client, caseworker, clock):
    for _ in range(3):
        attempt(client, caseworker.email)
    attempt(client, caseworker.email, PASSWORD)
    client.post("/konto/2fa/authenticate/", {"code": "000000"})
    response = client.post("/konto/2fa/authenticate/", {"code": "000000"})
    assert "nächste Versuch erst in 30 Sekunden möglich" in response.content.decode()


def test_reauthentication_is_throttled_too(client, citizen, clock):
    assert attempt(client, citizen.email, PASSWORD)["Location"] == "/start/"
    for _ in range(4):
        response = client.post("/konto/reauthenticate/", {"password": WRONG})
        assert "Das Passwort stimmt nicht" in response.content.decode()
    response = client.post("/konto/reauthenticate/", {"password": WRONG})
    assert "nächste Versuch erst in 30 Sekunden möglich" in response.content.decode()
    response = client.post("/konto/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 429
    clock.advance(31)
    assert client.post("/konto/reauthenticate/", {"password": PASSWORD}).status_code == 302


def test_second_factor_reauthentication_is_throttled_too(client, caseworker, clock):
    attempt(client, caseworker.email, PASSWORD)
    client.post("/konto/2fa/authenticate/", {"code": totp_code()})
    assert signed_in(client)
    for _ in range(5):
        client.post("/konto/2fa/reauthenticate/", {"code": "000000"})
    assert client.post("/konto/2fa/reauthenticate/", {"code": "000000"}).status_code == 429


def test_the_owner_is_told_once_a_day_when_a_long_delay_begins(
        citizen, clock, django_capture_on_commit_callbacks):
    attacker = Client()
    # the day is the notice's window: start at 08:00 UTC of the next day, so that the
    # attempts (3.7 hours) stay within one day whenever the suite runs
    clock.now = (clock.now // 86400 + 1) * 86400 + 8 * 3600
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(14):  # the 10th failure starts the 15-minute delay
            attempt(attacker, citizen.email, ip="203.0.113.66")
            clock.advance(16 * 60)
    assert len(mail.outbox) == 1
    assert "Anmeldeversuche" in mail.outbox[0].subject
    clock.advance(24 * 3600)  # the next day, the attempts go on
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(10):
            attempt(attacker, citizen.email, ip="203.0.113.66")
            clock.advance(16 * 60)
    assert len(mail.outbox) == 2  # a new day, a new notice


def test_addresses_without_an_account_get_no_mail(db, clock,
                                                  django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(12):
            attempt(Client(), "niemand@example.org", ip="203.0.113.66")
            clock.advance(16 * 60)
    assert not mail.outbox


def test_the_cache_holds_no_addresses(citizen, clock):
    from django.core.cache import cache

    for _ in range(6):
        attempt(Client(), citizen.email, ip="203.0.113.66")
    keys = " ".join(str(key) for key in cache._cache)  # LocMem internals, test only
    assert "jc:login-throttle" in keys
    assert "alice" not in keys and "203.0.113" not in keys


def test_a_tampered_device_cookie_counts_for_nothing(citizen, clock):
    client = Client()
    client.cookies[throttle.device_cookie_name()] = "not-signed"
    for _ in range(5):
        attempt(client, citizen.email)
    assert attempt(client, citizen.email, PASSWORD).status_code == 429


@pytest.mark.skipif(not redis_reachable(), reason="needs Redis on 127.0.0.1:6379 (DB 7)")
def test_the_throttle_holds_across_processes(settings):
    """Failures counted by one process (another web worker) make another one wait."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": REDIS_URL}}
    email = f"cross-{uuid.uuid4().hex}@example.org"
    script = (
        "import django; django.setup()\n"
        "from django.test import RequestFactory\n"
        "from jobcenter.accounts import throttle\n"
        f"request = RequestFactory().post('/konto/login/', REMOTE_ADDR='203.0.113.5')\n"
        f"print(max(throttle.login_throttle_failure(request, identifier='{email}')"
        " for _ in range(5)))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "REDIS_URL": REDIS_URL,
           "DJANGO_SETTINGS_MODULE": "jobcenter.config.settings"}
    result = subprocess.run([sys.executable, "-c", script], env=env, cwd=ROOT,
                            capture_output=True, text=True, timeout=120, check=True)
    assert result.stdout.strip() == "30"
    request = RequestFactory().post("/konto/login/", REMOTE_ADDR="203.0.113.5")
    from django.core.exceptions import ValidationError

    try:
        with pytest.raises(ValidationError):
            throttle.login_throttle_check(request, identifier=email)
        assert request.jc_retry_after <= 30
        # another address is not affected by this client's failures
        other = RequestFactory().post("/konto/login/", REMOTE_ADDR="203.0.113.6")
        throttle.login_throttle_check(other, identifier=email)
    finally:
        from django.core.cache import cache

        redis_client = cache._cache.get_client(write=True)
        for key in redis_client.scan_iter("*login-throttle*"):
            redis_client.delete(key)


# --- The owner's day is a Berlin calendar day ------------------------------------------


def _notices(user, moments_utc, django_capture_on_commit_callbacks) -> list[str]:
    """Queue the owner's notice at each moment (UTC); the notifications' dedup keys."""
    for moment in moments_utc:
        with time_machine.travel(moment, tick=False), \
                django_capture_on_commit_callbacks(execute=True):
            throttle._queue_owner_notice(throttle.normalise(user.email), time.time())
    return list(Notification.objects.filter(user=user, template="login_throttled")
                .order_by("pk").values_list("dedup_key", flat=True))


@pytest.mark.parametrize(("moment", "day", "seconds_left"), [
    # winter (CET, UTC+1): 23:30 UTC is already 00:30 of the next Berlin day
    (dt.datetime(2026, 12, 7, 22, 30, tzinfo=dt.UTC), "2026-12-07", 30 * 60),
    (dt.datetime(2026, 12, 7, 23, 30, tzinfo=dt.UTC), "2026-12-08", 23.5 * 3600),
    (dt.datetime(2026, 12, 8, 0, 30, tzinfo=dt.UTC), "2026-12-08", 22.5 * 3600),
    # summer (CEST, UTC+2): 22:30 UTC is 00:30 of the next Berlin day
    (dt.datetime(2026, 7, 7, 21, 30, tzinfo=dt.UTC), "2026-07-07", 30 * 60),
    (dt.datetime(2026, 7, 7, 22, 30, tzinfo=dt.UTC), "2026-07-08", 23.5 * 3600),
    (dt.datetime(2026, 7, 7, 23, 30, tzinfo=dt.UTC), "2026-07-08", 22.5 * 3600),
    # the clocks go forward on 28 March 2027: that day has 23 hours
    (dt.datetime(2027, 3, 27, 23, 0, tzinfo=dt.UTC), "2027-03-28", 23 * 3600),
    (dt.datetime(2027, 3, 28, 21, 59, tzinfo=dt.UTC), "2027-03-28", 60),
    # and back on 25 October 2026: 25 hours
    (dt.datetime(2026, 10, 24, 22, 0, tzinfo=dt.UTC), "2026-10-25", 25 * 3600),
    (dt.datetime(2026, 10, 25, 22, 30, tzinfo=dt.UTC), "2026-10-25", 30 * 60),
])
def test_the_notice_day_is_the_berlin_calendar_day(moment, day, seconds_left):
    assert throttle.notice_day(moment.timestamp()) == (day, seconds_left)


@pytest.mark.parametrize(("moments", "days"), [
    ([dt.datetime(2026, 12, 7, 22, 30, tzinfo=dt.UTC),  # winter: 23:30 on the 7th in Berlin
      dt.datetime(2026, 12, 7, 23, 30, tzinfo=dt.UTC),  # 00:30 on the 8th: a new day
      dt.datetime(2026, 12, 8, 0, 30, tzinfo=dt.UTC)],  # 01:30 on the 8th: the same day
     ["2026-12-07", "2026-12-08"]),
    ([dt.datetime(2026, 7, 7, 21, 30, tzinfo=dt.UTC),  # summer: 23:30 on the 7th in Berlin
      dt.datetime(2026, 7, 7, 22, 30, tzinfo=dt.UTC),  # 00:30 on the 8th: a new day
      dt.datetime(2026, 7, 7, 23, 30, tzinfo=dt.UTC),  # 01:30 on the 8th: the same day
      dt.datetime(2026, 7, 8, 0, 30, tzinfo=dt.UTC)],  # 02:30 on the 8th: the same day
     ["2026-07-07", "2026-07-08"]),
], ids=["winter", "summer"])
def test_one_notice_per_berlin_day_around_midnight(citizen, moments, days,
                                                   django_capture_on_commit_callbacks):
    keys = _notices(citizen, moments, django_capture_on_commit_callbacks)
    assert keys == [f"login-throttled:{citizen.pk}:{day}" for day in days]
    assert len(mail.outbox) == len(days)


def test_the_day_the_clocks_go_back_is_one_day_of_25_hours(
        citizen, django_capture_on_commit_callbacks):
    """25 October 2026: the cache's guard holds to the end of the Berlin day (a fixed 24
    hours would have ended at 23:05, and the 23:30 attempt would have queued the task
    again); the next day begins a new notice."""
    first = dt.datetime(2026, 10, 24, 22, 5, tzinfo=dt.UTC)  # 00:05 CEST on the 25th
    late = dt.datetime(2026, 10, 25, 22, 30, tzinfo=dt.UTC)  # 23:30 CET on the 25th
    next_day = dt.datetime(2026, 10, 25, 23, 0, tzinfo=dt.UTC)  # 00:00 CET on the 26th
    with mock.patch("jobcenter.accounts.tasks.notify_login_throttled.delay") as delay:
        _notices(citizen, [first, late, next_day], django_capture_on_commit_callbacks)
    identifier = throttle.normalise(citizen.email)
    assert delay.call_args_list == [mock.call(identifier, "2026-10-25"),
                                    mock.call(identifier, "2026-10-26")]


def test_the_guard_ends_with_the_short_day_the_clocks_go_forward(
        citizen, django_capture_on_commit_callbacks):
    """28 March 2027 has 23 hours: the guard does not outlive the day (no key for a day
    stays in the cache into the next one)."""
    from django.core.cache import cache

    key = (f"{throttle.PREFIX}:notified:"
           f"{throttle._digest('account', throttle.normalise(citizen.email))}:2027-03-28")
    _notices(citizen, [dt.datetime(2027, 3, 27, 23, 30, tzinfo=dt.UTC)],  # 00:30 CET
             django_capture_on_commit_callbacks)
    with time_machine.travel(dt.datetime(2027, 3, 28, 21, 59, 59, tzinfo=dt.UTC), tick=False):
        assert cache.get(key) == 1  # 23:59:59 CEST
    with time_machine.travel(dt.datetime(2027, 3, 28, 22, 0, 1, tzinfo=dt.UTC), tick=False):
        assert cache.get(key) is None  # 00:00:01 on the 29th
