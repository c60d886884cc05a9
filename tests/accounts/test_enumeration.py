"""No oracle: whether an address has an account must not show in the answer or in the work
done before the answer (which is what its timing depends on).

Each test sends the same request for an address without an account and for addresses with
one, and compares what happened *before the answer went out*: the page, the password hashes
computed, the database statements (without their values), the tasks queued and the mails
sent. The time itself is measured by ``bench/signup_bench.py``, not here.
"""

from __future__ import annotations

import re
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from jobcenter.accounts import tasks
from jobcenter.accounts.models import SignupRequest, User
from tests.accounts.helpers import counting_hasher, password_login, query_shapes
from tests.factories import PASSWORD, CitizenFactory, StaffFactory

NEW_PASSWORD = "Gute-Laune-Passwort-2026"


def observe(client, settings, url, data, task):
    """POST and record everything that happens before the answer (the queued task is
    counted, not run: it runs after the answer, in the worker). A task goes either through
    the outbox (``outbox.deliver``) or, for the password mail, straight to the broker."""
    from jobcenter.outbox.delivery import deliver

    hasher = counting_hasher(settings)
    mails_before = len(mail.outbox)
    with mock.patch.object(task, "delay") as delay, \
            mock.patch.object(deliver, "apply_async") as outbox_publish, \
            CaptureQueriesContext(connection) as queries, \
            TestCase.captureOnCommitCallbacks(using=connection.alias, execute=True):
        response = client.post(url, data)
    page = client.get(response["Location"]).content.decode() if response.status_code == 302 \
        else response.content.decode()
    typed = data.get("email") or data.get("login")
    return {
        "status": response.status_code,
        "location": response.get("Location"),
        "page": re.sub(r"csrfmiddlewaretoken\" value=\"[^\"]+", "", page).replace(
            typed, "…").replace(typed.lower(), "…"),
        "hashes": hasher.calls,
        "queries": query_shapes(queries.captured_queries),
        "tasks": delay.call_count + outbox_publish.call_count,
        "mails": len(mail.outbox) - mails_before,
    }


def existing_accounts(jobcenter):
    """Addresses with an account, of every kind an attacker might probe."""
    verified = CitizenFactory(jobcenter=jobcenter, email="vera@example.org")
    unverified = CitizenFactory(jobcenter=jobcenter, email="uwe@example.org")
    EmailAddress.objects.filter(user=unverified).update(verified=False)
    staff = StaffFactory(jobcenter=jobcenter, email="sina@alpha.example")  # with TOTP
    staff_unset = StaffFactory(jobcenter=jobcenter, email="nico@alpha.example", mfa=False)
    staff_unset.set_unusable_password()  # created by an admin, link not used yet
    staff_unset.save()
    return [verified.email, unverified.email, staff.email, staff_unset.email]


def signup_data(email):
    return {"first_name": "Dana", "last_name": "Dorn", "postcode": "11111", "email": email,
            "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}


def test_signup_answers_and_works_the_same_for_new_and_existing_addresses(
        client, jobcenter, settings):
    existing = existing_accounts(jobcenter)
    seen = {}
    for email in ["neu@example.org", *existing, "Vera@Example.org"]:
        client.cookies.clear()
        seen[email] = observe(client, settings, "/konto/signup/", signup_data(email),
                              tasks.process_signup_request)
    new = seen["neu@example.org"]
    assert new["status"] == 302 and new["location"] == "/konto/confirm-email/"
    assert new["hashes"] == 1  # the password is hashed on every path …
    assert new["tasks"] == 1  # … one task is queued …
    assert new["mails"] == 0  # … and no mail is sent before the answer
    for email, observed in seen.items():
        assert observed == new, email
    # Nothing was looked up or created yet: one row per attempt, no new account.
    assert SignupRequest.objects.count() == len(seen)
    assert not User.objects.filter(email="neu@example.org").exists()


def test_after_the_answer_the_task_creates_the_account_or_tells_the_owner(
        client, jobcenter, settings, django_capture_on_commit_callbacks):
    existing = existing_accounts(jobcenter)
    for email in ["neu@example.org", *existing]:
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/konto/signup/", signup_data(email))
    assert not SignupRequest.objects.exists()
    assert [m.to for m in mail.outbox] == [[e] for e in ["neu@example.org", *existing]]
    assert "/konto/confirm-email/" in mail.outbox[0].body
    for message in mail.outbox[1:]:
        assert "Sie haben schon ein Konto" in message.subject
        assert "/konto/password/reset/" in message.body
    # The existing accounts are untouched: the typed password did not replace theirs.
    vera = User.objects.get(email="vera@example.org")
    assert vera.check_password(PASSWORD) and not vera.check_password(NEW_PASSWORD)
    assert User.objects.filter(email="neu@example.org").get().check_password(NEW_PASSWORD)


def test_password_reset_answers_and_works_the_same_for_every_address(
        client, jobcenter, settings):
    existing = existing_accounts(jobcenter)
    seen = {}
    for email in ["niemand@example.org", *existing]:
        client.cookies.clear()
        seen[email] = observe(client, settings, "/konto/password/reset/", {"email": email},
                              tasks.send_password_reset)
    unknown = seen["niemand@example.org"]
    assert unknown["location"] == "/konto/password/reset/done/"
    assert (unknown["hashes"], unknown["tasks"], unknown["mails"]) == (0, 1, 0)
    for email, observed in seen.items():
        assert observed == unknown, email


def test_password_reset_mails_after_the_answer(client, jobcenter,
                                               django_capture_on_commit_callbacks):
    existing_accounts(jobcenter)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/konto/password/reset/", {"email": "niemand@example.org"})
        client.post("/konto/password/reset/", {"email": "vera@example.org"})
    unknown, known = mail.outbox
    assert unknown.to == ["niemand@example.org"]
    assert "/konto/password/reset/key/" not in unknown.body
    assert "/konto/password/reset/key/" in known.body


@pytest.mark.parametrize("kind", ["verified", "unverified (resend path)", "staff",
                                  "staff without password"])
def test_a_wrong_password_answers_and_works_the_same_as_an_unknown_address(
        client, jobcenter, settings, kind):
    """Login, and the "resend the confirmation" path (signing in with an unverified
    address re-sends the link, but only after the right password)."""
    existing = dict(zip(["verified", "unverified (resend path)", "staff",
                         "staff without password"], existing_accounts(jobcenter), strict=True))

    def attempt(email):
        client.cookies.clear()
        hasher = counting_hasher(settings)
        with CaptureQueriesContext(connection) as queries:
            response = password_login(client, email, "falsch-falsch-falsch")
        page = re.sub(r"csrfmiddlewaretoken\" value=\"[^\"]+", "",
                      response.content.decode()).replace(email, "…")
        return response.status_code, page, hasher.calls, len(queries.captured_queries)

    unknown = attempt("niemand@example.org")
    known = attempt(existing[kind])
    assert unknown[0] == known[0] == 200
    assert known[1] == unknown[1]
    assert known[2] == unknown[2] == 2  # Django's backend and allauth's: one hash each
    # allauth looks some addresses up once more (the user table after the e-mail table):
    # one index lookup, microseconds against the hashes' milliseconds (measured by
    # bench/signup_bench.py).
    assert abs(known[3] - unknown[3]) <= 1
    assert not mail.outbox  # the resend happens only after the right password


def test_the_resend_happens_only_with_the_right_password(client, jobcenter):
    existing_accounts(jobcenter)
    response = password_login(client, "uwe@example.org", PASSWORD)
    assert response["Location"] == "/konto/confirm-email/"
    assert mail.outbox[-1].to == ["uwe@example.org"]
    assert "/konto/confirm-email/" in mail.outbox[-1].body
