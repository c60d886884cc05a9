"""Autocomplete tokens (WCAG 2.1 SC 1.3.5, issue 18 item 7): the applicant's own data has the
token of its purpose; the same kind of field about someone else has none that would offer
the applicant's own values; staff typing a paper application get no token at all."""

from __future__ import annotations

import re

import pytest

from jobcenter.formengine import registry
from jobcenter.formengine.definition import Question
from jobcenter.formengine.presentation import (
    ADDRESS_AUTOCOMPLETE,
    OWN_DATA_AUTOCOMPLETE,
    autocomplete_for,
    is_own_address,
)
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


#: The tokens of the HTML standard's autofill field names this product uses (HTML Living
#: Standard, "Autofill"): there is no token for an IBAN, so IBAN fields turn autofill off.
SPEC_TOKENS = {"given-name", "family-name", "bday", "bday-day", "bday-month", "bday-year",
               "email", "tel", "address-line1", "postal-code", "address-level2", "off",
               "new-password", "current-password"}
#: Questions about the applicant (ids the forms use) and the purpose of each.
APPLICANT_QUESTIONS = {"vorname": "given-name", "nachname": "family-name",
                       "geburtsdatum": "bday", "email": "email", "telefon": "tel"}


def all_questions():
    for form in registry.all_forms():
        for page in form.pages:
            stack = list(page.questions)
            while stack:
                q = stack.pop()
                stack.extend(q.questions)
                yield form.key, q


def test_every_personal_data_field_of_every_form_carries_the_token_of_its_purpose():
    own_addresses, checked = [], 0
    for form_key, q in all_questions():
        token = autocomplete_for(q)
        where = f"{form_key}.{q.page_key}.{q.id}"
        assert token == "" or token in SPEC_TOKENS, where
        if q.prefill in OWN_DATA_AUTOCOMPLETE:
            assert token == OWN_DATA_AUTOCOMPLETE[q.prefill], where
            checked += 1
        if q.id in APPLICANT_QUESTIONS and q.group is None:
            assert token == APPLICANT_QUESTIONS[q.id], f"{where}: the applicant's, no token"
        if q.type == "iban":
            assert token == "off", where
        if q.id.startswith(("person_", "neues_kind_")):  # another household member
            assert token == "", where
        if is_own_address(q):
            own_addresses.append(where)
    assert checked >= 5
    # the applicant's address in the Hauptantrag and the new one after a move
    assert "hauptantrag.person.anschrift" in own_addresses
    assert "veraenderung.umzug.neue_anschrift" in own_addresses
    assert set(ADDRESS_AUTOCOMPLETE.values()) <= SPEC_TOKENS


@pytest.mark.django_db
def test_the_account_and_profile_forms_carry_the_tokens_too(client, citizen):
    signup = tokens(client.get("/konto/signup/").content.decode())
    assert signup["first_name"] == "given-name" and signup["last_name"] == "family-name"
    assert signup["postcode"] == "postal-code" and signup["email"] == "email"
    assert signup["password1"] == signup["password2"] == "new-password"
    login_form = tokens(client.get("/konto/login/").content.decode())
    assert login_form["login"] == "email" and login_form["password"] == "current-password"
    login(client, citizen)
    assert tokens(client.get("/portal/profil/kontakt/").content.decode())["phone"] == "tel"
    for path in ("/portal/profil/anschrift/", "/portal/profil/umzug/"):
        got = tokens(client.get(path).content.decode())
        assert (got["street"], got["postcode"], got["city"]) == (
            "address-line1", "postal-code", "address-level2"), path
    assert tokens(client.get("/portal/profil/bankverbindung/").content.decode())["iban"] == "off"
