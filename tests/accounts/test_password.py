"""Password reset and change."""

from __future__ import annotations

import time
from unittest import mock

from django.core import mail

from tests.accounts.helpers import (
    links_in_last_mail,
    password_login,
    path_of,
    request_password_reset,
)

NEW = "Ganz-neues-Passwort-99"


def test_password_reset_by_mail_link(client, citizen):
    response = request_password_reset(client, citizen.email)
    assert response["Location"] == "/konto/password/reset/done/"
    link = path_of(links_in_last_mail("/konto/password/reset/key/")[0])
    response = client.get(link, follow=True)
    set_url = response.redirect_chain[-1][0]
    response = client.post(set_url, {"password1": NEW, "password2": NEW})
    assert response["Location"] == "/konto/password/reset/key/done/"
    assert "Passwort geändert" in client.get("/konto/password/reset/key/done/").content.decode()
    assert password_login(client, citizen.email, NEW)["Location"] == "/start/"
    # The link works only once.
    response = client.get(link, follow=True)
    assert "Link ungültig" in response.content.decode()


def test_reset_for_unknown_address_looks_the_same_and_sends_no_account_data(client, db):
    response = request_password_reset(client, "niemand@example.org")
    assert response["Location"] == "/konto/password/reset/done/"
    assert len(mail.outbox) == 1  # "there is no account with this address"
    assert all("/konto/password/reset/key/" not in m.body for m in mail.outbox)


def test_expired_reset_link_is_rejected_with_a_clear_message(client, citizen, settings):
    request_password_reset(client, citizen.email)
    link = path_of(links_in_last_mail("/konto/password/reset/key/")[0])
    later = time.time() + settings.PASSWORD_RESET_TIMEOUT + 60
    with mock.patch("django.contrib.auth.tokens.PasswordResetTokenGenerator._now") as now:
        import datetime as dt

        now.return_value = dt.datetime.fromtimestamp(later)
        response = client.get(link, follow=True)
    assert "Link ungültig" in response.content.decode()
    assert "abgelaufen" in response.content.decode()


def test_mismatching_new_passwords_are_explained(client, citizen):
    request_password_reset(client, citizen.email)
    link = path_of(links_in_last_mail("/konto/password/reset/key/")[0])
    set_url = client.get(link, follow=True).redirect_chain[-1][0]
    response = client.post(set_url, {"password1": NEW, "password2": NEW + "x"})
    assert response.status_code == 200
    assert 'id="error-summary"' in response.content.decode()


def test_password_change_needs_the_current_password(client, citizen):
    password_login(client, citizen.email)
    response = client.post("/konto/password/change/",
                           {"oldpassword": "falsch", "password1": NEW, "password2": NEW})
    assert response.status_code == 200
    assert "kern-error" in response.content.decode()
    from tests.factories import PASSWORD

    response = client.post("/konto/password/change/",
                           {"oldpassword": PASSWORD, "password1": NEW, "password2": NEW})
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.check_password(NEW)
