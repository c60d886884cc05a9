"""Three actors on a money concern: the citizen sees their submission and its receipt, another
citizen does not, another Jobcenter's caseworker cannot open or answer the case; the own
caseworker sees the facts that decide it on the staff screen of the base."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import login

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("form_key", ["umzug", "darlehen", "bildung_teilhabe", "kv_zuschuss",
                                      "auszubildende"])
def test_citizen_other_citizen_and_foreign_caseworker(client, citizen, other_citizen,
                                                      caseworker, other_caseworker, submit,
                                                      limits, form_key):
    submission, case = submit(citizen, form_key)
    page = reverse("antraege:detail", kwargs={"reference": submission.reference})
    login(client, citizen)
    assert client.get(page).status_code == 200
    client.logout()
    login(client, other_citizen)
    assert client.get(page).status_code == 404
    client.logout()
    staff_page = reverse("anliegen:decide", kwargs={"pk": case.pk})
    login(client, other_caseworker)
    assert client.get(staff_page).status_code in (403, 404)
    response = client.post(staff_page, {"outcome": "ablehnung", "reasons_text": "x"})
    assert response.status_code in (403, 404)
    assert not case.decisions.exists()
    client.logout()
    login(client, caseworker)
    response = client.get(staff_page)
    assert response.status_code == 200
    html = response.content.decode()
    if form_key == "umzug":
        assert "Ergebnis der Vorprüfung" in html and "angemessen" in html
    if form_key == "darlehen":
        assert "Tilgung (§ 42a Abs. 2 SGB II)" in html or "Monatliche Aufrechnung" in html
    if form_key == "kv_zuschuss":
        assert "Obergrenze Krankenversicherung" in html and "Der Rechenkern bildet" in html
        assert "der Betrag im Monat" in html  # the amount's help names the monthly outcome
    if form_key == "auszubildende":
        assert "§ 42a Abs. 5 SGB II" in html
