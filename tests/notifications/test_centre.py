"""The notification centre (issue 13 item 3): list, unread count, open, mark read — and the
three actors: the citizen, another citizen, another Jobcenter's caseworker."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jobcenter.notifications.models import Notification
from jobcenter.notifications.services import notify
from tests.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def notices(citizen):
    first = notify(user=citizen, template="submission_received", dedup_key="c:1",
                   link_path="/portal/anliegen/")
    second = notify(user=citizen, template="weiterbewilligung_reminder", dedup_key="c:2",
                    link_path="/formulare/weiterbewilligung/",
                    params={"text_de": "Fragen? Siehe Kontakt.",
                            "text_en": "Questions? See contact.", "due": "2027-03-31"})
    return first, second


def test_the_centre_lists_notices_with_the_unread_count_in_the_navigation(client, citizen,
                                                                          notices):
    login(client, citizen)
    body = client.get(reverse("notifications_citizen:list")).content.decode()
    assert "Ihr Antrag ist eingegangen" in body
    assert "Erinnerung: Weiterbewilligung beantragen" in body
    assert "Fragen? Siehe Kontakt." in body
    assert "betrifft den 31.03.2027" in body and "2027-03-31" not in body
    assert "2 ungelesene Benachrichtigungen" in body
    assert 'class="jc-nav__count">2<' in body
    # the overview shows the badge too (every page does)
    overview = client.get(reverse("portal:overview")).content.decode()
    assert 'class="jc-nav__count">2<' in overview


def test_english_reader_gets_the_english_text_and_date(client, citizen, notices):
    login(client, citizen)
    client.cookies["django_language"] = "en"
    body = client.get(reverse("notifications_citizen:list"),
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Questions? See contact." in body and "Fragen? Siehe Kontakt." not in body
    assert "03/31/2027" in body or "31/03/2027" in body


def test_opening_a_notice_marks_it_read_and_follows_its_link(client, citizen, notices):
    first, _second = notices
    login(client, citizen)
    response = client.get(reverse("notifications_citizen:open", args=[first.pk]))
    assert response.status_code == 302 and response["Location"] == "/portal/anliegen/"
    first.refresh_from_db()
    assert first.read_at is not None
    body = client.get(reverse("notifications_citizen:list")).content.decode()
    assert "1 ungelesene Benachrichtigung" in body


def test_mark_one_and_all_read(client, citizen, notices):
    first, second = notices
    login(client, citizen)
    url = reverse("notifications_citizen:read", args=[first.pk])
    assert client.get(url).status_code == 405  # a change only by POST (CSRF-protected form)
    response = client.post(url, {"seite": "1"})
    assert response.status_code == 302
    assert response["Location"] == reverse("notifications_citizen:list") + "?seite=1"
    first.refresh_from_db()
    assert first.read_at is not None
    second.refresh_from_db()
    assert second.read_at is None
    client.post(reverse("notifications_citizen:read_all"))
    assert not Notification.objects.filter(user=citizen, read_at__isnull=True).exists()
    body = client.get(reverse("notifications_citizen:list")).content.decode()
    assert "Keine ungelesenen Benachrichtigungen" in body and "jc-nav__count" not in body


def test_reading_keeps_the_first_read_time(client, citizen, notices):
    first, _ = notices
    login(client, citizen)
    client.post(reverse("notifications_citizen:read", args=[first.pk]))
    first.refresh_from_db()
    stamp = first.read_at
    client.post(reverse("notifications_citizen:read", args=[first.pk]))
    first.refresh_from_db()
    assert first.read_at == stamp


def test_another_citizen_neither_sees_nor_marks_them(client, other_citizen, notices):
    first, _ = notices
    login(client, other_citizen)
    body = client.get(reverse("notifications_citizen:list")).content.decode()
    assert "Ihr Antrag ist eingegangen" not in body and "jc-nav__count" not in body
    assert client.get(reverse("notifications_citizen:open", args=[first.pk])).status_code == 404
    assert client.post(reverse("notifications_citizen:read", args=[first.pk])).status_code == 404
    client.post(reverse("notifications_citizen:read_all"))
    first.refresh_from_db()
    assert first.read_at is None


def test_staff_of_another_jobcenter_get_no_citizen_page(client, other_caseworker, notices):
    first, _ = notices
    login(client, other_caseworker)
    for url in (reverse("notifications_citizen:list"),
                reverse("notifications_citizen:open", args=[first.pk])):
        assert client.get(url).status_code in (302, 403, 404)
    assert client.post(reverse("notifications_citizen:read_all")).status_code in (302, 403)
    first.refresh_from_db()
    assert first.read_at is None


def test_anonymous_is_sent_to_the_login(client, notices):
    response = client.get(reverse("notifications_citizen:list"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_notice_link_never_leads_off_site(client, citizen):
    notice = notify(user=citizen, template="status_changed", dedup_key="x:1",
                    link_path="//evil.example/")
    login(client, citizen)
    response = client.get(reverse("notifications_citizen:open", args=[notice.pk]))
    assert response["Location"] == reverse("portal:overview")


def test_every_kind_of_notice_has_its_own_title_in_the_centre():
    from jobcenter.notifications import services

    assert set(services.TEMPLATES) <= set(services.TITLES)
