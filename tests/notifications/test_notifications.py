from __future__ import annotations

import pytest
from celery.exceptions import Retry
from django.core import mail

from jobcenter.notifications.models import Notification
from jobcenter.notifications.services import notify
from jobcenter.notifications.tasks import send_notification


@pytest.mark.django_db(transaction=True)
def test_notice_contains_no_personal_data(citizen):
    citizen.first_name = "Alice"
    citizen.last_name = "Adler"
    citizen.save()
    notify(user=citizen, template="bescheid_available", dedup_key="b:1",
           link_path="/portal/dokumente/")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    text = message.subject + message.body
    assert "Alice" not in text and "Adler" not in text
    assert "/portal/dokumente/" in message.body
    assert "keine persönlichen Angaben" in message.body


@pytest.mark.django_db(transaction=True)
def test_running_the_task_twice_sends_once(citizen):
    notification = notify(user=citizen, template="status_changed", dedup_key="s:1")
    assert send_notification(notification.pk) == "already sent"
    assert len(mail.outbox) == 1
    assert Notification.objects.get(pk=notification.pk).attempts == 1


@pytest.mark.django_db
def test_unknown_template_is_refused(citizen):
    with pytest.raises(KeyError):
        notify(user=citizen, template="nope", dedup_key="x")


@pytest.mark.django_db(transaction=True)
def test_a_failed_send_is_recorded_and_retried(citizen, settings, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("smtp down")

    monkeypatch.setattr("jobcenter.notifications.tasks.send_mail", broken)
    with pytest.raises((OSError, Retry)):
        notify(user=citizen, template="status_changed", dedup_key="f:1")
    notification = Notification.objects.get(dedup_key="f:1")
    assert notification.status == Notification.Status.FAILED
    assert "smtp down" in notification.last_error
