"""E-mail and SMS channels (issue 13 item 3): the HTTP SMS gateway against a local fake
server, bounces and retries in the delivery log, preferences per kind, and no personal data
in any e-mail or SMS body."""

from __future__ import annotations

import json
import smtplib
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core import mail
from django.urls import reverse

from jobcenter.notifications import preferences
from jobcenter.notifications.models import DeliveryAttempt, Notification
from jobcenter.notifications.services import TEMPLATES, notify
from jobcenter.notifications.sms import HttpSmsGateway, mobile_number
from jobcenter.notifications.tasks import send_notification, send_sms_notification
from tests.conftest import login


class FakeGateway(BaseHTTPRequestHandler):
    """Answers with the status the test sets; records what it received."""

    status = 200
    received: list[dict] = []

    def do_POST(self) -> None:  # noqa: N802  (http.server's name)
        length = int(self.headers["Content-Length"])
        FakeGateway.received.append({"auth": self.headers["Authorization"],
                                     "body": json.loads(self.rfile.read(length))})
        self.send_response(FakeGateway.status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"id": "msg-77"}')

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def gateway():
    FakeGateway.received = []
    FakeGateway.status = 200
    server = HTTPServer(("127.0.0.1", 0), FakeGateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/sms"
    server.shutdown()
    server.server_close()


def test_http_gateway_sends_json_with_the_token(gateway):
    result = HttpSmsGateway(url=gateway, token="t0k", sender="JC").send(to="+4915112345678",
                                                                       text="Hallo")
    assert result.ok and result.reference == "msg-77"
    assert FakeGateway.received == [{"auth": "Bearer t0k", "body": {
        "to": "+4915112345678", "text": "Hallo", "sender": "JC"}}]


@pytest.mark.parametrize(("status", "permanent"), [(422, True), (404, True), (503, False),
                                                   (429, False)])
def test_http_gateway_tells_bounces_from_temporary_failures(gateway, status, permanent):
    FakeGateway.status = status
    result = HttpSmsGateway(url=gateway, token="t", sender="JC").send(to="+491511", text="x")
    assert not result.ok and result.permanent is permanent and str(status) in result.error


def test_http_gateway_unreachable_is_temporary():
    result = HttpSmsGateway(url="http://127.0.0.1:9/sms", token="t", sender="JC",
                            timeout=1).send(to="+491511", text="x")
    assert not result.ok and not result.permanent


def test_gateway_refuses_other_schemes():
    with pytest.raises(ValueError):
        HttpSmsGateway(url="file:///etc/passwd", token="t", sender="JC")


@pytest.mark.parametrize(("phone", "number"), [
    ("0151 123 456 78", "+4915112345678"), ("+49 (151) 1234-5678", "+4915112345678"),
    ("0049151 12345678", "+4915112345678"), ("12", ""), ("call me", "")])
def test_mobile_number(phone, number):
    assert mobile_number(phone) == number


@pytest.fixture
def sms_citizen(citizen, settings, gateway):
    settings.SMS_BACKEND = "http"
    settings.SMS_GATEWAY_URL = gateway
    settings.SMS_GATEWAY_TOKEN = "secret"
    citizen.phone = "0151 12345678"
    citizen.last_name = "Adler"
    citizen.save()
    preferences.settings_set(user=citizen, case_updates=True, reminders=True,
                             sms_reminders=True)
    return citizen


@pytest.mark.django_db(transaction=True)
def test_a_reminder_goes_by_sms_and_email_and_is_logged(sms_citizen):
    notification = notify(user=sms_citizen, template="weiterbewilligung_reminder",
                          dedup_key="r:1", link_path="/formulare/weiterbewilligung/",
                          params={"text_de": "Bitte rechtzeitig.", "text_en": "In time please."})
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert notification.sms_status == Notification.Status.SENT
    [sent] = FakeGateway.received
    assert sent["body"]["to"] == "+4915112345678"
    assert "Bitte rechtzeitig." in sent["body"]["text"]
    assert "/formulare/weiterbewilligung/" in sent["body"]["text"]
    log = list(notification.delivery_attempts.values_list("channel", "outcome", "provider"))
    assert sorted(log) == [("email", "sent", "locmem"), ("sms", "sent", "http")]
    # a second run of either task sends nothing again
    assert send_sms_notification(notification.pk) == "already sent"
    assert send_notification(notification.pk) == "already sent"
    assert len(FakeGateway.received) == 1 and len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_no_sms_for_a_kind_switched_off_or_without_a_number(sms_citizen):
    notify(user=sms_citizen, template="status_changed", dedup_key="s:1")  # sms_case_updates off
    assert FakeGateway.received == []
    assert Notification.objects.get(dedup_key="s:1").sms_status == ""
    sms_citizen.phone = ""
    sms_citizen.save()
    notify(user=sms_citizen, template="weiterbewilligung_reminder", dedup_key="s:2")
    assert FakeGateway.received == []


@pytest.mark.django_db(transaction=True)
def test_sms_only_rule_falls_back_to_email_for_people_without_sms(citizen, settings):
    settings.SMS_BACKEND = "console"
    notification = notify(user=citizen, template="weiterbewilligung_reminder", dedup_key="f:1",
                          channels=("sms",))
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT and notification.sms_status == ""
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_sms_only_rule_sends_no_email_to_people_with_sms(sms_citizen):
    notification = notify(user=sms_citizen, template="weiterbewilligung_reminder",
                          dedup_key="f:2", channels=("sms",))
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SKIPPED
    assert notification.sms_status == Notification.Status.SENT
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_a_refused_number_is_a_bounce_and_not_retried(sms_citizen):
    FakeGateway.status = 422
    notification = notify(user=sms_citizen, template="weiterbewilligung_reminder",
                          dedup_key="b:1")
    notification.refresh_from_db()
    assert notification.sms_status == Notification.Status.BOUNCED
    attempt = notification.delivery_attempts.get(channel="sms")
    assert attempt.outcome == DeliveryAttempt.Outcome.BOUNCED and attempt.detail == "HTTP 422"
    assert send_sms_notification(notification.pk) == "already sent"


@pytest.mark.django_db(transaction=True)
def test_a_gateway_failure_is_logged_and_retried(sms_citizen):
    FakeGateway.status = 503
    with pytest.raises(OSError):
        notify(user=sms_citizen, template="weiterbewilligung_reminder", dedup_key="t:1")
    notification = Notification.objects.get(dedup_key="t:1")
    assert notification.sms_status == Notification.Status.FAILED
    FakeGateway.status = 200
    assert send_sms_notification(notification.pk) == "sent"  # the outbox's next attempt
    outcomes = list(notification.delivery_attempts.filter(channel="sms")
                    .order_by("pk").values_list("outcome", flat=True))
    assert outcomes == ["failed", "sent"]


@pytest.mark.django_db(transaction=True)
def test_a_refused_email_address_is_a_bounce(citizen, monkeypatch):
    def refuse(*args, **kwargs):
        raise smtplib.SMTPRecipientsRefused(
            {citizen.email: (550, b"5.1.1 <alice@example.org>: user unknown")})

    monkeypatch.setattr("jobcenter.notifications.tasks.send_mail", refuse)
    notification = notify(user=citizen, template="status_changed", dedup_key="e:1")
    notification.refresh_from_db()
    assert notification.status == Notification.Status.BOUNCED
    attempt = notification.delivery_attempts.get()
    assert attempt.outcome == "bounced" and "550" in attempt.detail
    assert citizen.email not in attempt.detail  # the refused address is not kept


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_no_personal_data_in_any_email_or_sms(template, sms_citizen):
    preferences.settings_set(user=sms_citizen, case_updates=True, reminders=True,
                             sms_important=True, sms_case_updates=True, sms_reminders=True)
    sms_citizen.first_name = "Alice"
    sms_citizen.save()
    notify(user=sms_citizen, template=template, dedup_key=f"p:{template}",
           link_path="/portal/", params={"text_de": "Hinweis", "text_en": "Note",
                                         "due": "2027-03-31"})
    message = mail.outbox[-1]
    [sms] = FakeGateway.received
    for text in (message.subject, message.body, sms["body"]["text"]):
        for personal in ("Alice", "Adler", sms_citizen.email, "12345678", "2027", "31.03"):
            assert personal not in text, (template, personal)
    assert "http://" in sms["body"]["text"]  # the link into the account
    assert len(sms["body"]["text"]) <= 320  # at most two SMS segments


def test_preferences_page_offers_sms_and_needs_a_mobile_number(client, citizen, settings):
    settings.SMS_BACKEND = "console"
    login(client, citizen)
    url = reverse("portal:profile_notifications")
    body = client.get(url).content.decode()
    assert "SMS bei Erinnerungen" in body and "Mobilfunknummer eintragen" in body
    response = client.post(url, {"case_updates": "on", "reminders": "on", "sms_reminders": "on"})
    assert response.status_code == 400
    assert "Mobilfunknummer" in response.content.decode()
    assert not preferences.settings_for(citizen).sms_reminders
    citizen.phone = "0151 12345678"
    citizen.save()
    response = client.post(url, {"case_updates": "on", "reminders": "on", "sms_reminders": "on"})
    assert response.status_code == 302
    chosen = preferences.settings_for(citizen)
    assert chosen.sms_reminders and not chosen.sms_important and chosen.case_updates


def test_without_an_sms_provider_the_page_offers_no_sms(client, citizen, settings):
    settings.SMS_BACKEND = ""
    login(client, citizen)
    body = client.get(reverse("portal:profile_notifications")).content.decode()
    assert "SMS" not in body
