"""Citizen self-registration: name, postcode → responsible Jobcenter, e-mail verification."""

from __future__ import annotations

import datetime as dt
import time
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone

from jobcenter.accounts.models import SignupRequest, User
from jobcenter.core.roles import Role
from tests.accounts.helpers import (
    links_in_last_mail,
    password_login,
    path_of,
    post_and_run_tasks,
)

NEW_PASSWORD = "Gute-Laune-Passwort-2026"


def signup_data(**overrides):
    data = {
        "first_name": "Dana", "last_name": "Dorn", "postcode": "11111",
        "email": "dana@example.org", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD,
    }
    data.update(overrides)
    return data


def signup(client, data):
    return post_and_run_tasks(client, "/konto/signup/", data)


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
    response = signup(client, signup_data())
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
    signup(client, signup_data(role=Role.JOBCENTER_ADMIN, is_staff="on",
                           is_superuser="on", jobcenter="999"))
    user = User.objects.get(email="dana@example.org")
    assert user.role == Role.CITIZEN
    assert not user.is_staff and not user.is_superuser
    assert user.jobcenter == jobcenter


def test_unknown_postcode_gives_a_clear_message_and_creates_nothing(client, jobcenter):
    response = signup(client, signup_data(postcode="99999"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Für die Postleitzahl 99999 ist noch kein Jobcenter" in html
    assert 'href="#id_postcode"' in html  # error summary links to the field
    assert 'aria-invalid="true"' in html
    assert not User.objects.filter(email="dana@example.org").exists()
    assert not mail.outbox


def test_malformed_postcode_says_what_to_fix(client, jobcenter):
    response = signup(client, signup_data(postcode="12a"))
    assert "fünf Ziffern" in response.content.decode()
    assert not User.objects.filter(email="dana@example.org").exists()


def test_duplicate_email_does_not_reveal_the_account_but_mails_the_owner(client, citizen):
    response = signup(client, signup_data(email=citizen.email))
    # Same answer as for a new address: "we sent you an e-mail".
    assert response.status_code == 302
    assert response["Location"] == "/konto/confirm-email/"
    assert User.objects.filter(email=citizen.email).count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [citizen.email]


def test_verification_link_confirms_and_then_login_works(client, jobcenter):
    signup(client, signup_data())
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
    signup(client, signup_data())
    link = path_of(links_in_last_mail("/konto/confirm-email/")[0])
    four_days_later = time.time() + 4 * 24 * 3600  # links are valid for three days
    with mock.patch("django.core.signing.time.time", return_value=four_days_later):
        response = client.get(link)
        assert "abgelaufen oder ungültig" in response.content.decode()
        assert client.post(link).status_code == 404
    assert not EmailAddress.objects.get(email="dana@example.org").verified


def test_mails_are_german_and_name_the_product(client, jobcenter, citizen):
    signup(client, signup_data())
    confirmation = mail.outbox[-1]
    assert "Bitte bestätigen Sie Ihre E-Mail-Adresse" in confirmation.subject
    assert "Guten Tag," in confirmation.body and "Jobcenter Online" in confirmation.body
    signup(client, signup_data(email=citizen.email))
    duplicate = mail.outbox[-1]
    assert "Sie haben schon ein Konto" in duplicate.subject
    assert "/konto/password/reset/" in duplicate.body


def test_the_registration_is_processed_once_even_if_the_task_runs_twice(jobcenter):
    from jobcenter.accounts import services

    request = services.signup_request_create(
        email="Dana@Example.org", first_name=" Dana ", last_name="Dorn", postcode="11111",
        password=NEW_PASSWORD, language="de")
    assert services.signup_request_process(signup_request_id=request.pk) == "created"
    assert services.signup_request_process(signup_request_id=request.pk) == "done before"
    user = User.objects.get(email="dana@example.org")
    assert (user.first_name, user.jobcenter, user.role) == ("Dana", jobcenter, Role.CITIZEN)
    assert len(mail.outbox) == 1
    assert not SignupRequest.objects.exists()  # the password hash does not stay behind


def test_a_mail_failure_keeps_the_registration_for_the_retry(jobcenter):
    from jobcenter.accounts import services

    request = services.signup_request_create(
        email="dana@example.org", first_name="Dana", last_name="Dorn", postcode="11111",
        password=NEW_PASSWORD, language="de")
    with mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages",
                    side_effect=OSError("SMTP down")), pytest.raises(OSError):
        services.signup_request_process(signup_request_id=request.pk)
    assert not User.objects.filter(email="dana@example.org").exists()  # nothing half-done
    assert SignupRequest.objects.filter(pk=request.pk).exists()
    assert services.signup_request_process(signup_request_id=request.pk) == "created"
    assert mail.outbox[-1].to == ["dana@example.org"]


def test_broker_down_at_signup_still_answers_and_the_outbox_hands_it_over_later(
        client, jobcenter, broker_down, django_capture_on_commit_callbacks):
    from jobcenter.accounts import services
    from jobcenter.outbox.services import outbox_sweep

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/konto/signup/", signup_data())
    assert response["Location"] == "/konto/confirm-email/"
    assert SignupRequest.objects.exists()
    assert not User.objects.filter(email="dana@example.org").exists()
    broker_down.restore()  # the broker is back: the outbox's sweeper hands it over
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_sweep().dispatched == 1
    assert User.objects.filter(email="dana@example.org").exists()
    assert not SignupRequest.objects.exists()
    # What cannot be done within three days is dropped (it holds personal data).
    services.signup_request_create(email="x@example.org", first_name="X", last_name="Y",
                                   postcode="11111", password=NEW_PASSWORD, language="de")
    SignupRequest.objects.update(created_at=timezone.now() - dt.timedelta(days=4))
    assert services.signup_requests_sweep() == {"dropped": 1}


def test_the_mail_is_in_the_language_of_the_signup_page(client, jobcenter):
    client.cookies["django_language"] = "en"
    signup(client, signup_data())
    assert "Please confirm your email address" in mail.outbox[-1].subject
