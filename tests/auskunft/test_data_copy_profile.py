"""The copy shows the account's address and phone as the profile page shows them: the
account's own entry, else the person record's (the copy had only the postcode where the
profile showed street, postcode and city)."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from jobcenter.households.models import Person
from tests.auskunft.test_data_copy import archive, request_and_build
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_the_copy_has_the_address_of_the_profile(client, citizen,
                                                 django_capture_on_commit_callbacks):
    Person.objects.filter(user=citizen).update(street="Lindenweg 4", postcode="11111",
                                               city="Teststadt", phone="0301 555")
    login(client, citizen)
    profile = client.get(reverse("portal:profile")).content.decode()
    assert "Lindenweg 4" in profile and "Teststadt" in profile
    copy = request_and_build(client, citizen, django_capture_on_commit_callbacks)
    files = archive(client.get(reverse("portal:data_copy_download", args=[copy.pk])))
    konto = json.loads(files.read("daten.json"))["konto"]
    assert (konto["strasse"], konto["postleitzahl"], konto["ort"]) == (
        "Lindenweg 4", "11111", "Teststadt")
    assert konto["telefon"] == "0301 555"
    html = files.read("uebersicht.html").decode()
    assert "Lindenweg 4, 11111 Teststadt" in html
