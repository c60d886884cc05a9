"""Sign-up with a real Celery worker: the answer comes first, the worker creates the account."""

from __future__ import annotations

import pytest
from django.core import mail

from jobcenter.accounts.models import SignupRequest, User
from tests.integration.test_celery_worker import wait_for, worker  # noqa: F401 (fixture)

pytestmark = [pytest.mark.celery_worker, pytest.mark.xdist_group("celery")]

PASSWORD = "Gute-Laune-Passwort-2026"


def test_the_answer_comes_first_and_the_worker_creates_the_account(worker, client,  # noqa: F811
                                                                   citizen):
    data = {"first_name": "Dana", "last_name": "Dorn", "postcode": "11111",
            "email": "dana@example.org", "password1": PASSWORD, "password2": PASSWORD}
    assert client.post("/konto/signup/", data)["Location"] == "/konto/confirm-email/"
    assert client.post("/konto/signup/", {**data, "email": citizen.email}).status_code == 302
    assert wait_for(lambda: len(mail.outbox) == 2 and not SignupRequest.objects.exists())
    assert User.objects.get(email="dana@example.org").check_password(PASSWORD)
    by_address = {m.to[0]: m for m in mail.outbox}
    assert "/konto/confirm-email/" in by_address["dana@example.org"].body
    assert "Sie haben schon ein Konto" in by_address[citizen.email].subject
