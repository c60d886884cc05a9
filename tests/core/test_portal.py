from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_overview_shows_the_own_household_only(client, citizen, other_citizen):
    login(client, citizen)
    html = client.get(reverse("portal:overview")).content.decode()
    assert "Alice Adler" in html
    assert "Bauer" not in html


ADDRESS = {"street": "Neue Straße 5", "city": "Betastadt"}


def test_a_move_changes_the_responsible_jobcenter(client, citizen, other_jobcenter):
    login(client, citizen)
    response = client.post(reverse("portal:profile_address"), {**ADDRESS, "postcode": "22222"},
                           follow=True)
    citizen.refresh_from_db()
    assert citizen.jobcenter == other_jobcenter and citizen.postcode == "22222"
    html = response.content.decode()
    assert "Jobcenter Beta" in html and "Veränderungsmitteilung" in html
    # the old address of the page still works
    assert client.get(reverse("portal:move")).status_code == 200


def test_a_move_to_an_uncovered_postcode_is_explained(client, citizen, jobcenter):
    login(client, citizen)
    response = client.post(reverse("portal:profile_address"), {**ADDRESS, "postcode": "99999"})
    html = response.content.decode()
    assert response.status_code == 400 and "noch kein Jobcenter" in html
    assert 'value="Neue Straße 5"' in html  # nothing typed is lost
    citizen.refresh_from_db()
    assert citizen.jobcenter == jobcenter and citizen.street == ""


def test_a_malformed_postcode_is_explained(client, citizen):
    login(client, citizen)
    html = client.post(reverse("portal:profile_address"),
                       {**ADDRESS, "postcode": "12a"}).content.decode()
    assert "fünf Ziffern" in html


def test_staff_cannot_use_the_citizen_move(client, caseworker):
    login(client, caseworker)
    assert client.post(reverse("portal:profile_address"),
                       {**ADDRESS, "postcode": "22222"}).status_code == 403
