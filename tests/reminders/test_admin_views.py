"""Verwaltung → Erinnerungen (the Jobcenter's rules) and a person's notices with their
delivery log: who may read and change them, validation, other Jobcenters, the access log."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jobcenter.core.roles import Role
from jobcenter.notifications.models import DeliveryAttempt
from jobcenter.notifications.services import notify
from jobcenter.reminders.models import ReminderRule
from jobcenter.transparency.models import AccessLogEntry
from tests.conftest import login
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db
LIST = reverse("reminders_admin:list")
CREATE = reverse("reminders_admin:create")


def _post(**fields):
    data = {"source": "weiterbewilligung", "days_before": "28", "channel": "email_sms",
            "text_de": "Bitte vergessen Sie die Nebenkostenabrechnung nicht.",
            "text_en": "Please include the service charge statement.", "active": "on"}
    data.update(fields)
    return data


def test_the_admin_adds_changes_and_deletes_a_rule(client, jobcenter, jobcenter_admin):
    login(client, jobcenter_admin)
    body = client.get(LIST).content.decode()
    assert "Ende des Bewilligungszeitraums (Weiterbewilligung)" in body
    assert "42 Tage vorher" in body and "Erinnerung hinzufügen" in body
    response = client.post(CREATE, _post())
    assert response.status_code == 302 and response["Location"] == LIST
    rule = ReminderRule.objects.get(jobcenter=jobcenter, days_before=28)
    assert rule.channel == "email_sms" and rule.updated_by == jobcenter_admin
    edit = reverse("reminders_admin:edit", args=[rule.pk])
    assert "Nebenkostenabrechnung" in client.get(edit).content.decode()
    client.post(edit, _post(days_before="21", active=""))
    rule.refresh_from_db()
    assert rule.days_before == 21 and not rule.active
    assert client.get(reverse("reminders_admin:delete", args=[rule.pk])).status_code == 405
    client.post(reverse("reminders_admin:delete", args=[rule.pk]))
    assert not ReminderRule.objects.filter(pk=rule.pk).exists()


@pytest.mark.parametrize(("fields", "message"), [
    ({"days_before": "0"}, "mindestens 1 Tag"),
    ({"days_before": "abc"}, "ganze Zahl"),
    ({"days_before": "42"}, "schon eine Erinnerung"),
    ({"text_de": "Hallo {name}"}, "ohne Platzhalter"),
    ({"text_en": "Call 0301 12345-67"}, "keine E-Mail-Adressen"),
    ({"text_de": "Mail an info@jc.example"}, "keine E-Mail-Adressen"),
    ({"source": "unbekannt"}, "Anlass"),
])
def test_bad_input_is_explained(client, jobcenter_admin, fields, message):
    login(client, jobcenter_admin)
    before = ReminderRule.objects.count()
    response = client.post(CREATE, _post(**fields))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert ReminderRule.objects.count() == before


def test_a_caseworker_reads_but_does_not_change(client, jobcenter, caseworker):
    rule = ReminderRule.objects.filter(jobcenter=jobcenter).first()
    login(client, caseworker)
    body = client.get(LIST).content.decode()
    assert "42 Tage vorher" in body and "Erinnerung hinzufügen" not in body
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, _post()).status_code == 403
    assert client.post(reverse("reminders_admin:delete", args=[rule.pk])).status_code == 403


def test_another_jobcenters_admin_cannot_touch_the_rules(client, jobcenter, other_jobcenter):
    rule = ReminderRule.objects.filter(jobcenter=jobcenter).first()
    outsider = StaffFactory(jobcenter=other_jobcenter, role=Role.JOBCENTER_ADMIN)
    login(client, outsider)
    assert client.get(reverse("reminders_admin:edit", args=[rule.pk])).status_code == 404
    assert client.post(reverse("reminders_admin:delete", args=[rule.pk])).status_code == 404
    assert ReminderRule.objects.filter(pk=rule.pk).exists()
    client.post(CREATE, _post(days_before="30"))
    assert not ReminderRule.objects.filter(jobcenter=jobcenter, days_before=30).exists()
    assert ReminderRule.objects.filter(jobcenter=other_jobcenter, days_before=30).exists()


def test_a_citizen_gets_no_staff_page(client, citizen):
    login(client, citizen)
    assert client.get(LIST).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_the_delivery_figures_count_attempts_without_naming_anyone(client, citizen,
                                                                    jobcenter_admin):
    notify(user=citizen, template="status_changed", dedup_key="f:1")
    login(client, jobcenter_admin)
    body = client.get(LIST).content.decode()
    figures = body.split('id="delivery-title"')[1]
    assert "data-label=\"übergeben\">1</td>" in figures
    assert citizen.first_name not in body and citizen.email not in body


@pytest.mark.django_db(transaction=True)
def test_a_persons_notices_and_delivery_log_for_staff(client, citizen, caseworker,
                                                      other_caseworker, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr("jobcenter.notifications.tasks.send_mail", broken)
    with pytest.raises(OSError):
        notify(user=citizen, template="document_request", dedup_key="d:1")
    person = citizen.person
    url = reverse("backoffice:person_notifications", args=[person.pk])
    login(client, caseworker)
    before = AccessLogEntry.objects.filter(person_id=person.pk).count()
    body = client.get(url).content.decode()
    assert "Ihr Jobcenter braucht Unterlagen von Ihnen" in body
    assert "fehlgeschlagen, wird wiederholt" in body and "connection refused" in body
    assert DeliveryAttempt.objects.filter(outcome="failed").count() == 1
    whats = set(AccessLogEntry.objects.filter(person_id=person.pk).values_list("what", flat=True))
    assert AccessLogEntry.objects.filter(person_id=person.pk).count() > before
    assert AccessLogEntry.What.NOTIFICATIONS in whats
    client.logout()
    login(client, other_caseworker)
    assert client.get(url).status_code == 404
