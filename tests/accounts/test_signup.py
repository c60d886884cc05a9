"""Citizen self-registration: name, postcode → responsible Jobcenter, e-mail verification."""

from __future__ import annotations

import time
from unittest import mock

from allauth.account.models import EmailAddress
from django.core import mail

from jobcenter.accounts.models import User
from jobcenter.accounts.roles import Role
from tests.accounts.helpers import links_in_last_mail, password_login, path_of

NEW_PASSWORD = "Gute-Laune-Passwort-2026"


def signup_data(**overrides):
    data = {
        "first_name": "Dana", "last_name": "Dorn", "postcode": "11111",
        "email": "dana@example.org", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD,
    }
    data.update(overrides)
    return data


def test_signup_page_is_german_with_name_and_postcode_fields(client, jobcenter):
    response = client.get("/konto/signup/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="de"' in html
    assert "Konto erstellen" in html
    for field in ["first_name", "last_name", "postcode", "email", "password1", "password2"]:
        assert f'name="{field}"' in html
    assert html.index('name="first_name"') < html.index('name="email"')
    assert "aria-describedby=\"id_postcode-hint\"" in html


def test_signup_creates_a_citizen_of_the_responsible_jobcenter_and_sends_a_link(client, jobcenter):
    response = client.post("/konto/signup/", signup_data())
    assert response.status_code == 302
    assert response["Location"] == "/konto/confirm-email/"
    user = User.objects.get(email="dana@example.org")
    assert (user.role, user.jobcenter, user.postcode) == (Role.CITIZEN, jobcenter, "11111")
    assert (user.first_name, user.last_name) == ("Dana", "Dorn")
    assert not user.is_staff and not user.is_superuser
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert links_in_last_mail("/konto/confirm-email/")


def test_signup_can_never_create_staff_even_when_a_role_is_posted(client, jobcenter):
    client.post("/konto/signup/", signup_data(role=Role.JOBCENTER_ADMIN, is_staff="on",
                                               is_superuser="on", jobcenter="999"))
    user = User.objects.get(email="dana@example.org")
    assert user.role == Role.CITIZEN
    assert not user.is_staff and not user.is_superuser
    assert user.jobcenter == jobcenter


def test_unknown_postcode_gives_a_clear_message_and_creates_nothing(client, jobcenter):
    response = client.post("/konto/signup/", signup_data(postcode="99999"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Für die Postleitzahl 99999 ist noch kein Jobcenter" in html
    assert 'href="#id_postcode"' in html  # error summary links to the field
    assert 'aria-invalid="true"' in html
    assert not User.objects.filter(email="dana@example.org").exists()
    assert not mail.outbox


def test_malformed_postcode_says_what_to_fix(client, jobcenter):
    response = client.post("/konto/signup/", signup_data(postcode="12a"))
    assert "fünf Ziffern" in response.content.decode()
    assert not User.objects.filter(email="dana@example.org").exists()


def test_duplicate_email_does_not_reveal_the_account_but_mails_the_owner(client, citizen):
    response = client.post("/konto/signup/", signup_data(email=citizen.email))
    # Same answer as for a new address: "we sent you an e-mail".
    assert response.status_code == 302
    assert response["Location"] == "/konto/confirm-email/"
    assert User.objects.filter(email=citizen.email).count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [citizen.email]


def test_verification_link_confirms_and_then_login_works(client, jobcenter):
    client.post("/konto/signup/", signup_data())
    # Before confirmation the login only re-sends the link.
    response = password_login(client, "dana@example.org", NEW_PASSWORD)
    assert response["Location"] == "/konto/confirm-email/"
    link = path_of(links_in_last_mail("/konto/confirm-email/")[0])
    page = client.get(link)
    assert "Bitte bestätigen Sie, dass" in page.content.decode()
    client.post(link)
    assert EmailAddress.objects.get(email="dana@example.org").verified
    response = password_login(client, "dana@example.org", NEW_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/start/"


def test_invalid_or_expired_confirmation_link_explains_how_to_get_a_new_one(client, jobcenter):
    response = client.get("/konto/confirm-email/not-a-valid-key/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dieser Bestätigungslink ist abgelaufen oder ungültig" in html
    assert "So bekommen Sie einen neuen Link" in html


def test_expired_confirmation_link_is_rejected(client, jobcenter):
    client.post("/konto/signup/", signup_data())
    link = path_of(links_in_last_mail("/konto/confirm-email/")[0])
    four_days_later = time.time() + 4 * 24 * 3600  # links are valid for three days
    with mock.patch("django.core.signing.time.time", return_value=four_days_later):
        response = client.get(link)
        assert "abgelaufen oder ungültig" in response.content.decode()
        assert client.post(link).status_code == 404
    assert not EmailAddress.objects.get(email="dana@example.org").verified


def test_mails_are_german_and_name_the_product(client, jobcenter, citizen):
    client.post("/konto/signup/", signup_data())
    confirmation = mail.outbox[-1]
    assert "Bitte bestätigen Sie Ihre E-Mail-Adresse" in confirmation.subject
    assert "Guten Tag," in confirmation.body and "Jobcenter Online" in confirmation.body
    client.post("/konto/signup/", signup_data(email=citizen.email))
    duplicate = mail.outbox[-1]
    assert "Sie haben schon ein Konto" in duplicate.subject
    assert "/konto/password/reset/" in duplicate.body
