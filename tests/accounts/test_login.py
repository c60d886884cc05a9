"""Sign-in: password, second factor, recovery codes, brute-force lockout."""

from __future__ import annotations

from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP

from tests.accounts.helpers import full_login, password_login
from tests.factories import TOTP_SECRET, totp_code


def test_login_page_renders_in_our_shell(client, db):
    html = client.get("/konto/login/").content.decode()
    assert '<html lang="de"' in html
    assert 'class="jc-skip-link"' in html
    assert "kern-form-input__input" in html
    assert "Passwort vergessen?" in html


def test_citizen_signs_in_with_password_and_lands_in_the_portal(client, citizen):
    response = password_login(client, citizen.email)
    assert response["Location"] == "/start/"
    assert client.get("/start/")["Location"] == "/portal/"


def test_wrong_password_gives_a_clear_message(client, citizen):
    response = password_login(client, citizen.email, "falsch-falsch-falsch")
    html = response.content.decode()
    assert response.status_code == 200
    assert "E-Mail-Adresse oder Passwort stimmen nicht" in html
    assert 'id="error-summary"' in html


def test_many_wrong_passwords_slow_down_the_next_attempt_without_server_error(client, citizen):
    """Details of the throttle (delays, scopes, known devices): test_throttle.py."""
    for _ in range(5):
        assert password_login(client, citizen.email, "falsch-falsch").status_code == 200
    # While the wait runs even the right password is not checked: HTTP 429, the form again.
    response = password_login(client, citizen.email)
    html = response.content.decode()
    assert response.status_code == 429
    assert int(response["Retry-After"]) <= 30
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in html
    assert "Ihr Konto ist nicht gesperrt" in html
    assert 'name="password"' in html
    assert "_auth_user_id" not in client.session


def test_the_wait_message_in_english_is_never_a_server_error(client, citizen):
    client.cookies["django_language"] = "en"
    for _ in range(6):
        response = password_login(client, citizen.email, "wrong-wrong")
    html = response.content.decode()
    assert response.status_code == 429
    assert '<html lang="en"' in html
    assert "Too many failed sign-in attempts" in html
    assert "Your account is not locked" in html


def test_lockout_is_per_account_other_accounts_still_sign_in(client, citizen, other_citizen):
    for _ in range(6):
        password_login(client, citizen.email, "falsch-falsch")
    assert password_login(client, other_citizen.email)["Location"] == "/start/"


def test_too_many_attempts_from_one_address_get_a_friendly_429(client, citizen, settings):
    settings.LOGIN_THROTTLE = {**settings.LOGIN_THROTTLE, "attempts_per_minute": 2}
    for _ in range(2):
        client.get("/konto/login/")
        password_login(client, "nobody@example.org", "x")
    response = password_login(client, "nobody@example.org", "x")
    assert response.status_code == 429
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in response.content.decode()


def test_other_request_rate_limits_answer_with_the_429_page(client, jobcenter, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "2/m/ip"}
    for _ in range(2):
        client.post("/konto/signup/", {"email": "x"})
    response = client.post("/konto/signup/", {"email": "x"})
    assert response.status_code == 429
    assert "Zu viele Versuche" in response.content.decode()


def test_staff_sign_in_needs_the_second_factor(client, caseworker):
    response = password_login(client, caseworker.email)
    assert response["Location"] == "/konto/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    page = client.get("/konto/2fa/authenticate/").content.decode()
    assert "Anmeldung bestätigen" in page
    response = client.post("/konto/2fa/authenticate/", {"code": totp_code()})
    assert response.status_code == 302
    assert client.get("/start/")["Location"] == "/arbeitsbereich/akte/"
    assert client.get("/arbeitsbereich/", follow=True).status_code == 200


def test_wrong_totp_code_gives_a_clear_message(client, caseworker):
    password_login(client, caseworker.email)
    response = client.post("/konto/2fa/authenticate/", {"code": "000000"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dieser Code stimmt nicht" in html
    assert "_auth_user_id" not in client.session


def test_a_recovery_code_works_once(client, caseworker):
    codes = RecoveryCodes.activate(caseworker).get_unused_codes()
    password_login(client, caseworker.email)
    response = client.post("/konto/2fa/authenticate/", {"code": codes[0]})
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(caseworker.pk)
    client.post("/konto/logout/")
    password_login(client, caseworker.email)
    response = client.post("/konto/2fa/authenticate/", {"code": codes[0]})
    assert "Dieser Code stimmt nicht" in response.content.decode()


def test_citizen_with_totp_also_gets_the_second_step(client, citizen):
    TOTP.activate(citizen, TOTP_SECRET)
    response = full_login(client, citizen)
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(citizen.pk)


def test_logout_ends_the_session(client, citizen):
    password_login(client, citizen.email)
    assert client.get("/konto/logout/").status_code == 200
    response = client.post("/konto/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert client.get("/portal/").status_code == 302
