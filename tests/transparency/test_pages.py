""""Wer hat meine Daten gesehen?" — the citizen's list, and the same list per person for
team leads and the data-protection officer. Three actors: the citizen sees only their own
reads, another citizen none of them, another Jobcenter's staff nothing at all."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from jobcenter.core.roles import Role
from jobcenter.transparency import chain
from jobcenter.transparency.models import AccessLogEntry
from jobcenter.transparency.selectors import access_log_rows_for_citizen
from jobcenter.transparency.services import Seen, access_log_record
from tests.conftest import login
from tests.factories import StaffFactory, TeamFactory
from tests.transparency.lanes import into_lane

URL = "/portal/zugriffe/"


@pytest.fixture
def reader(jobcenter):
    team = TeamFactory(jobcenter=jobcenter, name="Leistung Nord")
    return StaffFactory(jobcenter=jobcenter, role=Role.LEISTUNG, team=team,
                        first_name="Paula", last_name="Prüfer")


def read_person(client, staff, person):
    login(client, staff)
    assert client.get(reverse("backoffice:person_detail", args=[person.pk])).status_code == 200
    client.logout()


def test_the_citizen_sees_every_staff_read_in_plain_words(client, citizen, reader):
    read_person(client, reader, citizen.person)
    login(client, citizen)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    entry = AccessLogEntry.objects.get()
    assert timezone.localtime(entry.at).strftime("%H:%M") in html  # Europe/Berlin
    assert "Stammdaten (Name, Anschrift, Geburtsdatum, Kundennummer)" in html
    assert "Leistungssachbearbeitung" in html and "Team Leistung Nord" in html
    assert citizen.jobcenter.name in html
    assert "Prüfung Ihrer Stammdaten" in html
    assert "Paula" not in html and "Prüfer" not in html  # names off by default
    for internal in (entry.object_type, f">{entry.object_id}<", entry.purpose, entry.hash):
        assert internal not in html


def test_staff_names_appear_where_the_jobcenter_says_so(client, citizen, reader):
    citizen.jobcenter.access_log_shows_staff_names = True
    citizen.jobcenter.save()
    read_person(client, reader, citizen.person)
    login(client, citizen)
    assert "Paula Prüfer" in client.get(URL).content.decode()


def test_another_citizen_sees_none_of_it(client, citizen, other_citizen, reader):
    read_person(client, reader, citizen.person)
    login(client, other_citizen)
    html = client.get(URL).content.decode()
    assert "Bisher hat niemand" in html and "Leistung Nord" not in html
    # The staff view per person is not for citizens.
    url = reverse("backoffice:person_access_log", args=[citizen.person.pk])
    assert client.get(url).status_code == 403


def test_staff_of_another_jobcenter_get_404_and_see_nothing(client, citizen, reader,
                                                           other_jobcenter):
    read_person(client, reader, citizen.person)
    outsider = StaffFactory(jobcenter=other_jobcenter, role=Role.TEAMLEITUNG)
    login(client, outsider)
    url = reverse("backoffice:person_access_log", args=[citizen.person.pk])
    assert client.get(url).status_code == 404
    assert client.get(URL).status_code == 403  # the citizen's page is for citizens


def test_team_lead_and_data_protection_see_the_list_per_person_and_are_logged(
        client, citizen, reader, jobcenter):
    read_person(client, reader, citizen.person)
    url = reverse("backoffice:person_access_log", args=[citizen.person.pk])
    for role in (Role.TEAMLEITUNG, Role.DATENSCHUTZ):
        staff = StaffFactory(jobcenter=jobcenter, role=role)
        login(client, staff)
        html = client.get(url).content.decode()
        assert "Paula Prüfer" in html  # staff see who it was
        assert AccessLogEntry.objects.filter(
            actor=staff, person=citizen.person,
            purpose=AccessLogEntry.Purpose.DATA_PROTECTION).exists()
    login(client, reader)  # Leistungssachbearbeitung: not their business
    assert client.get(url).status_code == 403
    login(client, citizen)
    assert "Datenschutzkontrolle" in client.get(URL).content.decode()


#: The reads whose words differ by reader: (what, purpose) → the citizen's words (addressed
#: to them) and the staff's (neutral, about "the person").
WORDED_BY_READER = {
    "de": (["Protokoll der Zugriffe auf Ihre Daten",
            "Benachrichtigungen an Sie (Art, Zeitpunkt, Versandweg, Zustellung)",
            "Bearbeitung Ihrer Nachrichten im Postfach"],
           ["Protokoll der Zugriffe auf die Daten der Person",
            "Benachrichtigungen an die Person (Art, Zeitpunkt, Versandweg, Zustellung)",
            "Bearbeitung der Nachrichten der Person im Postfach"]),
    "en": (["Log of access to your data", "Notifications to you (kind, time, channel, "
            "delivery)", "Handling your messages in the Postfach"],
           ["Log of access to the person&#x27;s data", "Notifications to the person (kind, "
            "time, channel, delivery)", "Handling the person&#x27;s messages in the Postfach"]),
}


def read_what_differs_by_reader(reader, person):
    What, Purpose = AccessLogEntry.What, AccessLogEntry.Purpose
    for purpose, what in ((Purpose.DATA_PROTECTION, What.ACCESS_LOG),
                          (Purpose.ADMIN, What.NOTIFICATIONS),
                          (Purpose.MAILBOX, What.MESSAGES)):
        access_log_record(actor=reader, purpose=purpose, what=what, seen=[Seen(person)])


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_citizen_is_addressed_and_staff_read_neutral_words(client, citizen, reader,
                                                               jobcenter, language):
    """The same three reads: the citizen's page says "Ihre"/"Sie", the staff's access log
    of the person says "der Person" (team lead, data-protection officer)."""
    read_what_differs_by_reader(reader, citizen.person)
    for_citizen, for_staff = WORDED_BY_READER[language]
    login(client, citizen)
    html = client.get(URL, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert all(words in html for words in for_citizen), html
    assert not any(words in html for words in for_staff)
    url = reverse("backoffice:person_access_log", args=[citizen.person.pk])
    for role in (Role.TEAMLEITUNG, Role.DATENSCHUTZ):
        login(client, StaffFactory(jobcenter=jobcenter, role=role))
        html = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert all(words in html for words in for_staff), html
        assert not any(words in html for words in for_citizen)


def test_the_citizens_copy_of_their_data_uses_their_words(citizen, reader):
    """"Kopie meiner Daten" takes its access log rows from here: in the citizen's words."""
    read_what_differs_by_reader(reader, citizen.person)
    rows = access_log_rows_for_citizen(citizen)
    assert sorted((row.what, row.purpose) for row in rows) == sorted([
        ("Protokoll der Zugriffe auf Ihre Daten",
         "Datenschutzkontrolle: Prüfung, wer Ihre Daten gesehen hat"),
        ("Benachrichtigungen an Sie (Art, Zeitpunkt, Versandweg, Zustellung)", "Verwaltung"),
        ("Nachrichten im Postfach", "Bearbeitung Ihrer Nachrichten im Postfach"),
    ])


def test_pages_and_month_filter_in_berlin_time(client, citizen, reader, monkeypatch):
    utc = dt.UTC
    # 22:30 UTC on 31 October is 23:30 in Berlin (October); 23:30 UTC is 00:30 on 1 November.
    for stamp in (dt.datetime(2026, 10, 31, 22, 30, tzinfo=utc),
                  dt.datetime(2026, 10, 31, 23, 30, tzinfo=utc)):
        monkeypatch.setattr(chain.timezone, "now", lambda stamp=stamp: stamp)
        read_person(client, reader, citizen.person)
    monkeypatch.setattr(chain.timezone, "now",
                        lambda: dt.datetime(2026, 11, 3, 9, 0, tzinfo=utc))
    for _ in range(29):
        read_person(client, reader, citizen.person)
    login(client, citizen)
    first = client.get(URL)
    assert first.context["page"].paginator.count == 31
    assert len(first.context["page"].object_list) == 25
    assert "Seite 1 von 2" in first.content.decode()
    assert len(client.get(URL, {"seite": 2}).context["page"].object_list) == 6
    months = dict(first.context["months"].fields["monat"].choices)
    assert set(months) == {"", "2026-11", "2026-10"}
    assert months["2026-10"] == "Oktober 2026"
    only_october = client.get(URL, {"monat": "2026-10"})
    assert only_october.context["page"].paginator.count == 1
    assert "31. Oktober 2026" in only_october.content.decode()
    assert "23:30" in only_october.content.decode()
    assert client.get(URL, {"monat": "2026-11"}).context["page"].paginator.count == 30
    bad = client.get(URL, {"monat": "2026-13"})
    assert bad.status_code == 200 and bad.context["page"].paginator.count == 31
    assert "Bitte wählen Sie einen Monat aus der Liste." in bad.content.decode()
    assert client.get(URL, {"seite": "x"}).status_code == 200


def test_both_views_order_by_time_across_lanes(client, citizen, reader, jobcenter,
                                               monkeypatch):
    """Lane 4's rows 1–2 are newer than lane 0's rows 1–3: newest first means lane 4's
    first, though their ``seq`` is lower."""
    utc = dt.UTC
    times = [dt.datetime(2026, 11, 2, 9, minute, tzinfo=utc) for minute in range(5)]
    for index, (number, stamp) in enumerate(zip([0, 0, 0, 4, 4], times, strict=True)):
        monkeypatch.setattr(chain.timezone, "now", lambda stamp=stamp: stamp)
        with into_lane(number):
            reader.team.name = f"Team {index}"  # which read is which, on the page
            reader.team.save()
            read_person(client, reader, citizen.person)
    newest_first = [f"Team {index}" for index in (4, 3, 2, 1, 0)]
    login(client, citizen)
    rows = client.get(URL).context["page"].object_list
    assert [row.team for row in rows] == newest_first
    lead = StaffFactory(jobcenter=jobcenter, role=Role.TEAMLEITUNG)
    login(client, lead)
    staff_view = client.get(reverse("backoffice:person_access_log",
                                    args=[citizen.person.pk]))
    assert [row.team for row in staff_view.context["page"].object_list][1:] == newest_first


def test_english(client, citizen, reader):
    read_person(client, reader, citizen.person)
    login(client, citizen)
    html = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Who has seen my data?" in html
    assert "Checking your master data" in html
    assert "Benefits caseworker" in html or "Leistungssachbearbeitung" not in html


def test_linked_from_the_citizens_navigation_and_overview(client, citizen):
    login(client, citizen)
    html = client.get(reverse("portal:overview")).content.decode()
    assert html.count(f'href="{URL}"') >= 2


def test_checkpoints_are_not_shown_to_anyone(client, citizen, reader):
    read_person(client, reader, citizen.person)
    login(client, citizen)
    assert "Prüfpunkt" not in client.get(URL).content.decode()


def test_the_platform_admin_sets_the_name_policy_in_the_django_admin(client, jobcenter):
    admin = StaffFactory(role=Role.PLATFORM_ADMIN, jobcenter=None, is_staff=True,
                         is_superuser=True, email="root@example.org")
    login(client, admin)
    url = f"/plattform/admin/jobcenters/jobcenter/{jobcenter.pk}/change/"
    html = client.get(url).content.decode()
    assert 'name="access_log_shows_staff_names"' in html
    assert "Namen der Mitarbeitenden im Zugriffsprotokoll zeigen" in html


def test_jobcenter_admins_can_create_the_data_protection_role(client, jobcenter_admin):
    login(client, jobcenter_admin)
    html = client.get(reverse("backoffice:staff_create")).content.decode()
    assert f'value="{Role.DATENSCHUTZ}"' in html
