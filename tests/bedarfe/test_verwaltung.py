"""Verwaltung → Angemessenheitsgrenzen: the Jobcenter admin reads and adds tables; nobody
else changes them; another Jobcenter sees only its own."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from jobcenter.bedarfe.models import Angemessenheitsgrenze
from jobcenter.core.roles import Role
from tests.conftest import login
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db
URL = reverse("backoffice:angemessenheit")


def test_admin_adds_a_table_from_a_day(client, jobcenter_admin, limits):
    login(client, jobcenter_admin)
    page = client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "520,00 €" in html and "Diese Tabelle gilt seit dem 1. Januar 2025." in html
    response = client.post(URL, {"valid_from": "2027-01-01", "miete_1": "550,00",
                                 "heizung_1": "99,50", "miete_2": "660", "heizung_2": "125"})
    assert response.status_code == 302
    rows = Angemessenheitsgrenze.objects.filter(jobcenter=limits, valid_from=dt.date(2027, 1, 1))
    assert sorted((r.personen, str(r.bruttokaltmiete), str(r.heizkosten)) for r in rows) == [
        (1, "550.00", "99.50"), (2, "660.00", "125.00")]
    assert rows.first().created_by == jobcenter_admin


def test_bad_input_is_answered_at_the_field_and_nothing_is_stored(client, jobcenter_admin,
                                                                   limits):
    login(client, jobcenter_admin)
    before = Angemessenheitsgrenze.objects.count()
    response = client.post(URL, {"valid_from": "2027-01-01", "miete_1": "viel",
                                 "heizung_1": "80"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bitte korrigieren Sie Ihre Angaben" in html
    assert "Bitte geben Sie die Bruttokaltmiete für 1 Personen als Betrag über 0 an" in html
    assert Angemessenheitsgrenze.objects.count() == before


@pytest.mark.parametrize("role", [Role.LEISTUNG, Role.TEAMLEITUNG])
def test_other_staff_may_not_change_the_table(client, jobcenter, limits, role):
    staff = StaffFactory(jobcenter=jobcenter, email=f"{role}@alpha.example", role=role)
    login(client, staff)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"valid_from": "2027-01-01", "miete_1": "1",
                             "heizung_1": "1"}).status_code == 403


def test_citizen_gets_no_admin_page(client, citizen):
    login(client, citizen)
    assert client.get(URL).status_code in (302, 403, 404)


def test_another_jobcenters_admin_sees_only_its_own(client, limits, other_jobcenter):
    foreign = StaffFactory(jobcenter=other_jobcenter, email="admin@beta.example",
                           role=Role.JOBCENTER_ADMIN)
    login(client, foreign)
    html = client.get(URL).content.decode()
    assert "520,00 €" not in html and "Für heute ist keine Tabelle hinterlegt" in html
    client.post(URL, {"valid_from": "2027-01-01", "miete_1": "400", "heizung_1": "70"})
    assert not Angemessenheitsgrenze.objects.filter(jobcenter=limits,
                                                    valid_from=dt.date(2027, 1, 1)).exists()
    assert Angemessenheitsgrenze.objects.filter(jobcenter=other_jobcenter).count() == 1
