"""Autocomplete tokens (WCAG 2.1 SC 1.3.5, issue 18 item 7): the applicant's own data has the
token of its purpose; the same kind of field about someone else has none that would offer
the applicant's own values; staff typing a paper application get no token at all."""

from __future__ import annotations

import re

import pytest

from jobcenter.formengine.definition import Question
from jobcenter.formengine.presentation import autocomplete_for
from tests.conftest import login
from tests.formengine.helpers import page_url, start


def tokens(html: str) -> dict[str, str]:
    """name → autocomplete of every input."""
    found = {}
    for tag in re.findall(r"<input\b[^>]*>", html):
        name = re.search(r'\bname="([^"]+)"', tag)
        token = re.search(r'\bautocomplete="([^"]*)"', tag)
        if name:
            found[name.group(1)] = token.group(1) if token else ""
    return found


@pytest.mark.django_db
def test_the_applicants_own_data_has_the_tokens_of_its_purpose(client, citizen):
    login(client, citizen)
    draft = start(client, "hauptantrag")
    got = tokens(client.get(page_url(draft, "person")).content.decode())
    assert got["vorname"] == "given-name"
    assert got["nachname"] == "family-name"
    assert got["geburtsdatum-tag"] == "bday-day"
    assert got["geburtsdatum-monat"] == "bday-month"
    assert got["geburtsdatum-jahr"] == "bday-year"
    assert got["anschrift-street"] == "address-line1"  # a single line, not street-address
    assert got["anschrift-postcode"] == "postal-code"
    assert got["anschrift-city"] == "address-level2"
    assert got["telefon"] == "tel"
    assert got["email"] == "email"


def test_fields_about_other_people_get_no_personal_token():
    child_birthday = Question(id="geburtsdatum", type="date", label={"de": "Geburtsdatum"},
                              page_key="kinder", validators=("birth_date",))
    landlord_mail = Question(id="vermieter_email", type="email", label={"de": "E-Mail"},
                             page_key="wohnung")
    own = Question(id="vorname", type="text", label={"de": "Vorname"}, page_key="person",
                   prefill="profile.vorname")
    assert autocomplete_for(child_birthday) == ""
    assert autocomplete_for(landlord_mail) == ""
    assert autocomplete_for(own) == "given-name"
    assert autocomplete_for(own, own_data=False) == "off"  # staff typing a paper form
