"""The message storage with the lazily made cookie signer is Django's storage (settings
``MESSAGE_STORAGE``; core/messages_storage.py)."""

from __future__ import annotations

import random

import pytest
from django.contrib import messages
from django.contrib.messages import constants
from django.contrib.messages.storage import cookie, default_storage
from django.contrib.messages.storage.base import BaseStorage, Message
from django.http import HttpRequest, HttpResponse
from django.test import override_settings

from jobcenter.core import messages_storage


def _request() -> HttpRequest:
    request = HttpRequest()
    request.session = {}  # type: ignore[attr-defined]
    return request


def test_the_setting_selects_it() -> None:
    assert isinstance(default_storage(_request()), messages_storage.FallbackStorage)


def test_djangos_cookie_storage_init_makes_nothing_but_the_signer() -> None:
    """The storage skips ``cookie.CookieStorage.__init__`` and makes the signer later: if
    Django's ``__init__`` ever sets more, this fails."""
    django_storage = cookie.CookieStorage(HttpRequest())
    base = BaseStorage(HttpRequest())
    assert set(vars(django_storage)) - set(vars(base)) == {"signer"}
    ours = messages_storage.CookieStorage(HttpRequest())
    assert "signer" not in vars(ours)  # not made until needed
    assert set(vars(ours)) == set(vars(base))


@pytest.mark.parametrize("secret", ["erstes-geheimnis-" * 4, "zweites-geheimnis-" * 4])
def test_the_cookie_is_djangos_byte_for_byte(secret: str) -> None:
    with override_settings(SECRET_KEY=secret):
        stored = [Message(constants.SUCCESS, "Ihre Angaben wurden gespeichert."),
                  Message(constants.ERROR, "Bitte prüfen Sie <b>das Datum</b>.", "x")]
        ours = messages_storage.CookieStorage(HttpRequest())
        theirs = cookie.CookieStorage(HttpRequest())
        # the signature part is deterministic (no timestamp), so the encodings are equal
        assert ours._encode(stored) == theirs._encode(stored)
        assert [m.message for m in ours._decode(theirs._encode(stored))] == [
            m.message for m in stored]
        assert ours._decode(theirs._encode(stored)[:-3] + "xyz") is None  # a forged cookie


def test_messages_travel_through_the_cookie_and_the_session() -> None:
    request = _request()
    storage = default_storage(request)
    request._messages = storage  # type: ignore[attr-defined]
    messages.info(request, "Sie wurden abgemeldet.")
    response = HttpResponse()
    storage.update(response)
    value = response.cookies["messages"].value
    follow_up = _request()
    follow_up.COOKIES["messages"] = value
    assert [m.message for m in default_storage(follow_up)] == ["Sie wurden abgemeldet."]

    big = _request()
    storage = default_storage(big)
    for number in range(40):  # too much for one cookie: the rest goes to the session
        storage.add(constants.INFO, f"Nachricht {number}: {random.randbytes(40).hex()}")
    storage.update(HttpResponse())
    assert big.session.get("_messages")  # type: ignore[attr-defined]


def test_a_request_without_messages_makes_no_signer() -> None:
    request = _request()
    storage = default_storage(request)
    assert list(storage) == []
    storage.update(HttpResponse())
    assert "signer" not in vars(storage.storages[0])
