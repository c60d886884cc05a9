"""The contact page: how to reach the responsible Jobcenter and arrange an appointment —
real contact data, no promise of a Postfach or booking that does not exist yet."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_the_citizen_sees_how_to_reach_the_own_jobcenter(client, citizen, jobcenter):
    login(client, citizen)
    page = client.get(reverse("portal:contact")).content.decode()
    assert f"So erreichen Sie {jobcenter.name}" in page
    assert jobcenter.phone in page and jobcenter.email in page
    assert "Einen Termin vereinbaren" in page
    assert "im Aufbau" not in page


def test_the_appointment_link_leads_to_the_appointments_and_the_contact_page_to_booking(
        client, citizen):
    """/portal/termine/ is the appointments page now (issue 13); the contact page and the
    navigation lead there."""
    login(client, citizen)
    response = client.get("/portal/termine/")
    assert response.status_code == 200 and "im Aufbau" not in response.content.decode()
    page = client.get(reverse("portal:contact")).content.decode()
    assert f'href="{reverse("portal:appointments")}"' in page


def test_another_jobcenters_caseworker_and_anonymous_visitors_get_no_contact_page(
        client, other_caseworker):
    anonymous = client.get(reverse("portal:contact"))
    assert anonymous.status_code == 302 and "/konto/login/" in anonymous["Location"]
    login(client, other_caseworker)
    assert client.get(reverse("portal:contact")).status_code in (403, 404)


def test_the_navigation_names_kontakt_and_promises_nothing_under_construction(
        client, citizen):
    login(client, citizen)
    page = client.get(reverse("portal:overview")).content.decode()
    assert f'href="{reverse("portal:contact")}"' in page
    assert f'href="{reverse("portal:mailbox")}">Postfach<' in page  # issue 13 built it
    assert "im Aufbau" not in page
