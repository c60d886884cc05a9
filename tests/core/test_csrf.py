"""The CSRF token put into pages served again (core/csrf.py): what Django's ``get_token``
gives — a token of the request's secret, the cookie renewed, a new mask every time —
with a mask that is uniform over the 62 token characters."""

from __future__ import annotations

import string
from collections import Counter
from unittest import mock

import pytest
from django.middleware.csrf import (  # type: ignore[attr-defined]
    CSRF_ALLOWED_CHARS,
    _mask_cipher_secret,
    _unmask_cipher_token,
)
from django.test import Client, RequestFactory
from hypothesis import given, settings
from hypothesis import strategies as st

from jobcenter.core import csrf
from jobcenter.core.csrf import mask_secret, page_token

SECRET = "aB3" * 10 + "Zz"  # 32 characters of the alphabet


def test_the_token_unmasks_to_the_secret_and_renews_the_cookie():
    request = RequestFactory().get("/")
    request.META["CSRF_COOKIE"] = SECRET
    tokens = {page_token(request) for _ in range(50)}
    assert len(tokens) == 50  # a new mask every time (BREACH)
    for token in tokens:
        assert len(token) == 64 and set(token) <= set(CSRF_ALLOWED_CHARS)
        assert _unmask_cipher_token(token) == SECRET
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True


def test_a_request_without_a_cookie_gets_a_new_secret_set_as_the_cookie():
    secrets_ = set()
    for _ in range(20):
        request = RequestFactory().get("/")
        token = page_token(request)
        secret = request.META["CSRF_COOKIE"]
        assert len(secret) == 32 and set(secret) <= set(CSRF_ALLOWED_CHARS)
        assert _unmask_cipher_token(token) == secret
        assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True
        secrets_.add(secret)
    assert len(secrets_) == 20


def test_the_mask_is_uniform_over_the_alphabet():
    # 6,000 masks, 192,000 characters: 3,097 per character expected. Reducing a byte
    # modulo 62 without drawing again would make the first eight characters 25 % more
    # likely (5 byte values each instead of 4): far outside the band.
    counts = Counter()
    for _ in range(6000):
        counts.update(mask_secret(SECRET)[:32])
    expected = 6000 * 32 / 62
    assert set(counts) == set(CSRF_ALLOWED_CHARS)
    assert all(abs(n - expected) < 0.1 * expected for n in counts.values()), counts
    assert set(CSRF_ALLOWED_CHARS) == set(string.ascii_letters + string.digits)


@pytest.mark.django_db
def test_a_first_visit_gets_the_cookie_and_its_form_posts():
    checked = Client(enforce_csrf_checks=True)
    page = checked.get("/").content.decode()  # no cookie yet: the kept page makes one
    token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    assert _unmask_cipher_token(token) == checked.cookies["csrftoken"].value
    answer = checked.post("/i18n/setlang/", {"csrfmiddlewaretoken": token,
                                             "language": "en", "next": "/"})
    assert answer.status_code == 302


@pytest.mark.django_db
def test_a_form_of_a_page_served_again_posts():
    # the anonymous home page is kept per process (site/anonymous_pages.py) and gets its
    # token from page_token: the language switch posts with it under the CSRF check
    checked = Client(enforce_csrf_checks=True)
    checked.get("/")  # sets the cookie
    page = checked.get("/").content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    assert _unmask_cipher_token(token) == checked.cookies["csrftoken"].value
    answer = checked.post("/i18n/setlang/", {"csrfmiddlewaretoken": token,
                                             "language": "en", "next": "/"})
    assert answer.status_code == 302


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=CSRF_ALLOWED_CHARS, min_size=32, max_size=32),
       st.binary(min_size=40, max_size=40), st.binary(min_size=40, max_size=40))
def test_the_token_is_djangos_masking_of_the_same_mask(secret, first, second):
    """Masked on all characters at once: exactly the token Django's ``_mask_cipher_secret``
    makes with the mask drawn from the same random bytes (drawn again where a byte is 248
    or more), and the same mask as ``_random_chars`` draws from them."""
    draws = iter([first, second] * 8)
    with mock.patch.object(csrf.os, "urandom", lambda n: next(draws)):
        token = mask_secret(secret)
    draws = iter([first, second] * 8)
    with mock.patch.object(csrf.os, "urandom", lambda n: next(draws)):
        mask = csrf._random_chars()
    with mock.patch("django.middleware.csrf.get_random_string", lambda *args, **kwargs: mask):
        assert token == _mask_cipher_secret(secret)
    assert token[:32] == mask and _unmask_cipher_token(token) == secret


@pytest.mark.parametrize("secret", ["", "a" * 31, "a" * 33, "ä" * 32, "-" * 32])
def test_a_secret_not_of_the_alphabet_takes_the_step_per_character(secret):
    with pytest.raises((ValueError, KeyError)):
        mask_secret(secret)
