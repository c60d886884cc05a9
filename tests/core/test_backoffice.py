"""Staff search and person view: tenant scoping and the access log."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jobcenter.accounts.models import User
from jobcenter.core.roles import Role
from jobcenter.households.models import Person
from jobcenter.transparency.models import AccessLogEntry
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_search_finds_people_of_the_own_jobcenter_and_logs_it(client, caseworker, citizen):
    login(client, caseworker)
    response = client.get(reverse("backoffice:search"), {"q": "Alice"})
    assert "Adler, Alice" in response.content.decode()
    entry = AccessLogEntry.objects.get()
    assert entry.actor == caseworker and entry.purpose == "suche"


def test_search_by_birth_date_in_german_format(client, caseworker, citizen):
    login(client, caseworker)
    response = client.get(reverse("backoffice:search"), {"geburtsdatum": "17.05.1985"})
    assert "Adler, Alice" in response.content.decode()


def test_search_of_another_jobcenter_finds_nothing(client, other_caseworker, citizen):
    login(client, other_caseworker)
    response = client.get(reverse("backoffice:search"), {"q": "Alice"})
    assert "Adler" not in response.content.decode()


def test_empty_or_bad_search_input_gets_a_clear_message(client, caseworker):
    login(client, caseworker)
    html = client.get(reverse("backoffice:search"), {"q": ""}).content.decode()
    assert "Bitte geben Sie einen Namen" in html
    html = client.get(reverse("backoffice:search"), {"geburtsdatum": "31.02.1980"}).content.decode()
    assert "Diesen Tag gibt es in diesem Monat nicht" in html
    boxes = {"geburtsdatum-tag": "1", "geburtsdatum-monat": "", "geburtsdatum-jahr": "1980"}
    html = client.get(reverse("backoffice:search"), boxes).content.decode()
    assert "Bitte ergänzen Sie den Monat." in html


def test_person_view_is_logged_with_the_person(client, caseworker, citizen):
    person = Person.objects.get(user=citizen)
    login(client, caseworker)
    response = client.get(reverse("backoffice:person_detail", args=[person.pk]))
    assert response.status_code == 200
    entry = AccessLogEntry.objects.get(purpose="person")
    assert entry.person == person and entry.jobcenter == caseworker.jobcenter


def test_person_of_another_jobcenter_is_404_and_not_logged(client, other_caseworker, citizen):
    person = Person.objects.get(user=citizen)
    login(client, other_caseworker)
    assert client.get(reverse("backoffice:person_detail", args=[person.pk])).status_code == 404
    assert not AccessLogEntry.objects.exists()


def test_citizens_cannot_open_staff_person_views(client, other_citizen, citizen):
    person = Person.objects.get(user=citizen)
    login(client, other_citizen)
    assert client.get(reverse("backoffice:person_detail", args=[person.pk])).status_code == 403


def test_jobcenter_admin_creates_staff_who_get_a_set_password_mail(
    client, jobcenter_admin, mailoutbox, django_capture_on_commit_callbacks
):
    login(client, jobcenter_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("backoffice:staff_create"), {
            "first_name": "Nina", "last_name": "Neu", "email": "nina@alpha.example",
            "role": Role.LEISTUNG,
        })
    assert response.status_code == 302
    user = User.objects.get(email="nina@alpha.example")
    assert user.role == Role.LEISTUNG and user.jobcenter == jobcenter_admin.jobcenter
    assert not user.has_usable_password()
    assert len(mailoutbox) == 1 and "nina@alpha.example" in mailoutbox[0].to


def test_duplicate_staff_email_gets_a_clear_message(client, jobcenter_admin, caseworker):
    login(client, jobcenter_admin)
    response = client.post(reverse("backoffice:staff_create"), {
        "first_name": "X", "last_name": "Y", "email": caseworker.email, "role": Role.LEISTUNG,
    })
    assert response.status_code == 200
    assert "bereits ein Konto" in response.content.decode()


def test_only_jobcenter_admins_create_staff(client, caseworker):
    login(client, caseworker)
    assert client.get(reverse("backoffice:staff_create")).status_code == 403


def test_staff_list_shows_only_the_own_jobcenter(client, jobcenter_admin, other_caseworker):
    login(client, jobcenter_admin)
    html = client.get(reverse("backoffice:administration")).content.decode()
    assert other_caseworker.last_name not in html
