""""Kopie meiner Daten" (Art. 15 Abs. 3 DSGVO): request, build through the outbox, notice,
download with its record, expiry. Three actors: the citizen gets their copy, another
citizen and another Jobcenter's caseworker get nothing (404/403)."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone, translation

from jobcenter.auskunft import services
from jobcenter.auskunft.models import DataCopy
from jobcenter.casefiles.models import Document
from jobcenter.households.models import Membership
from jobcenter.notifications.models import Notification
from jobcenter.outbox.models import OutboxMessage
from jobcenter.transparency.models import AccessLogEntry
from tests.conftest import login
from tests.factories import MembershipFactory, PersonFactory

PAGE = "/portal/meine-daten/"


def request_and_build(client, user, capture):
    login(client, user)
    with capture(execute=True):
        response = client.post(PAGE)
    assert response.status_code == 302
    return DataCopy.objects.get(citizen=user)


def archive(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_page_offers_the_request_with_csrf(client, citizen):
    login(client, citizen)
    response = client.get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kopie meiner Daten anfordern" in html and "csrfmiddlewaretoken" in html
    assert "14 Tage lang herunterladen" in html
    assert "Art. 15 Abs. 3" in html and "§ 83 SGB X" in html


def test_request_builds_notifies_and_downloads(client, citizen, make_case,
                                               django_capture_on_commit_callbacks):
    case = make_case(user=citizen)
    Document.objects.filter(case=case).update(visible_to_citizen=True)
    copy = request_and_build(client, citizen, django_capture_on_commit_callbacks)
    assert copy.status == DataCopy.Status.READY
    assert copy.expires_at - copy.ready_at == dt.timedelta(days=14)
    assert OutboxMessage.objects.filter(key=f"auskunft:{copy.pk}").exists()
    notice = Notification.objects.get(user=citizen, template="data_copy_ready")
    assert notice.link_path == PAGE
    page = client.get(PAGE).content.decode()
    url = reverse("portal:data_copy_download", args=[copy.pk])
    assert url in page
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "no-store" in response["Cache-Control"]
    files = archive(response)
    assert sorted(files.namelist()) == ["daten.json", "uebersicht.html"]
    data = json.loads(files.read("daten.json"))
    assert data["konto"]["email"] == citizen.email
    assert data["konto"]["nachname"] == citizen.last_name
    assert [c["aktenzeichen"] for c in data["anliegen"]] == [case.reference]
    titles = {d.title for d in Document.objects.filter(case=case)}
    assert {d["titel"] for d in data["anliegen"][0]["dokumente"]} == titles
    assert data["erstellt_am"].endswith(("+01:00", "+02:00"))  # Berlin time
    html = files.read("uebersicht.html").decode()
    assert case.reference in html and "Kopie Ihrer Daten" in html
    copy.refresh_from_db()
    assert copy.downloads == 1 and copy.first_downloaded_at is not None


def test_only_documents_the_citizen_may_see_are_listed(client, citizen, make_case,
                                                       django_capture_on_commit_callbacks):
    case = make_case(user=citizen)
    Document.objects.filter(case=case).update(visible_to_citizen=False)
    copy = request_and_build(client, citizen, django_capture_on_commit_callbacks)
    response = client.get(reverse("portal:data_copy_download", args=[copy.pk]))
    data = json.loads(archive(response).read("daten.json"))
    assert data["anliegen"][0]["dokumente"] == []


def test_other_adults_appear_only_as_the_overview_shows_them(
        client, citizen, django_capture_on_commit_callbacks):
    bg = Membership.objects.get(person__user=citizen).bedarfsgemeinschaft
    partner = PersonFactory(jobcenter=citizen.jobcenter, first_name="Pia", last_name="Partner",
                            birth_date=dt.date(1980, 3, 4), customer_number="K-PIA-7")
    MembershipFactory(person=partner, bedarfsgemeinschaft=bg, role=Membership.Role.PARTNER)
    copy = request_and_build(client, citizen, django_capture_on_commit_callbacks)
    files = archive(client.get(reverse("portal:data_copy_download", args=[copy.pk])))
    data = json.loads(files.read("daten.json"))
    names = {p["name"] for p in data["bedarfsgemeinschaft"]["personen"]}
    assert "Pia Partner" in names
    everything = files.read("daten.json").decode() + files.read("uebersicht.html").decode()
    assert "1980-03-04" not in everything and "K-PIA-7" not in everything
    assert "04.03.1980" not in everything


def test_no_internal_keys_or_iso_dates_in_the_summary(client, citizen, make_case,
                                                      django_capture_on_commit_callbacks):
    make_case(user=citizen)
    copy = request_and_build(client, citizen, django_capture_on_commit_callbacks)
    files = archive(client.get(reverse("portal:data_copy_download", args=[copy.pk])))
    html = files.read("uebersicht.html").decode()
    import re
    assert not re.search(r"\d{4}-\d{2}-\d{2}", html)
    data = json.loads(files.read("daten.json"))
    assert "id" not in data["konto"] and "pk" not in json.dumps(data)


def test_english_summary_for_an_english_reader(client, citizen,
                                               django_capture_on_commit_callbacks):
    login(client, citizen)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.copy_request(user=citizen)
    copy = DataCopy.objects.get(citizen=citizen)
    assert copy.language == "en"
    files = archive(client.get(reverse("portal:data_copy_download", args=[copy.pk])))
    html = files.read("uebersicht.html").decode()
    assert 'lang="en"' in html and "Copy of your data" in html


def test_the_access_log_is_in_the_copy_as_the_page_shows_it(
        client, citizen, caseworker, django_capture_on_commit_callbacks):
    login(client, caseworker)
    assert client.get(reverse("backoffice:person_detail",
                              args=[citizen.person.pk])).status_code == 200
    client.logout()
    copy = request_and_build(client, citizen, django_capture_on_commit_callbacks)
    data = json.loads(archive(client.get(reverse(
        "portal:data_copy_download", args=[copy.pk]))).read("daten.json"))
    entry = AccessLogEntry.objects.exclude(what=AccessLogEntry.What.CHECKPOINT).get()
    assert len(data["zugriffe"]) == 1
    assert data["zugriffe"][0]["warum"] == "Prüfung Ihrer Stammdaten"
    assert caseworker.last_name not in json.dumps(data)  # names off by default
    assert entry.hash not in json.dumps(data)


def test_one_open_request_and_one_per_day(client, citizen):
    login(client, citizen)
    client.post(PAGE)  # not built: the outbox has not run (no commit callbacks)
    response = client.post(PAGE, follow=True)
    assert "wird gerade erstellt" in response.content.decode()
    assert DataCopy.objects.filter(citizen=citizen).count() == 1
    with pytest.raises(services.CopyRefused) as refused:
        services.copy_request(user=citizen)
    assert refused.value.code == "open"
    DataCopy.objects.filter(citizen=citizen).update(status=DataCopy.Status.READY)
    response = client.post(PAGE, follow=True)
    assert "vor Kurzem schon eine Kopie" in response.content.decode()
    assert DataCopy.objects.filter(citizen=citizen).count() == 1
    DataCopy.objects.filter(citizen=citizen).update(
        requested_at=timezone.now() - dt.timedelta(hours=25))
    client.post(PAGE)
    assert DataCopy.objects.filter(citizen=citizen).count() == 2


def test_a_second_build_does_nothing(client, citizen, django_capture_on_commit_callbacks):
    copy = request_and_build(client, citizen, django_capture_on_commit_callbacks)
    assert services.copy_build(copy_id=copy.pk) is False
    assert len(default_storage.listdir("auskunft")[1]) == 1


def test_another_citizen_and_other_jobcenter_staff_get_nothing(
        client, citizen, other_citizen, other_caseworker, caseworker,
        django_capture_on_commit_callbacks):
    copy = request_and_build(client, citizen, django_capture_on_commit_callbacks)
    url = reverse("portal:data_copy_download", args=[copy.pk])
    client.logout()
    login(client, other_citizen)
    assert client.get(url).status_code == 404
    assert "Angefordert am" not in client.get(PAGE).content.decode()
    for staff in (other_caseworker, caseworker):
        client.logout()
        login(client, staff)
        assert client.get(url).status_code == 403
        assert client.get(PAGE).status_code == 403
    copy.refresh_from_db()
    assert copy.downloads == 0


def test_expired_copies_are_deleted_and_the_record_stays(client, citizen,
                                                         django_capture_on_commit_callbacks):
    copy = request_and_build(client, citizen, django_capture_on_commit_callbacks)
    name = copy.storage_name
    assert services.copies_purge_expired(now=timezone.now()) == 0
    assert services.copies_purge_expired(now=copy.expires_at + dt.timedelta(seconds=1)) == 1
    copy.refresh_from_db()
    assert copy.status == DataCopy.Status.EXPIRED and not default_storage.exists(name)
    assert copy.requested_at and copy.ready_at  # the record of the request stays
    assert client.get(reverse("portal:data_copy_download", args=[copy.pk])).status_code == 404
    assert "abgelaufen und gelöscht" in client.get(PAGE).content.decode()
    assert services.copies_purge_expired(now=copy.expires_at + dt.timedelta(days=1)) == 0


def test_payments_amounts_in_the_readers_format():
    from jobcenter.auskunft.builder import json_default

    assert json_default(Decimal("1113.50")) == "1113.50"


def test_the_jobcenter_sees_that_a_copy_was_requested_and_delivered(
        client, citizen, other_jobcenter, django_capture_on_commit_callbacks):
    from jobcenter.core.roles import Role
    from tests.factories import StaffFactory

    copy = request_and_build(client, citizen, django_capture_on_commit_callbacks)
    client.get(reverse("portal:data_copy_download", args=[copy.pk]))
    client.logout()
    url = reverse("backoffice:person_access_log", args=[citizen.person.pk])
    login(client, StaffFactory(jobcenter=citizen.jobcenter, role=Role.TEAMLEITUNG))
    html = client.get(url).content.decode()
    assert "Kopien der Daten" in html and "zuerst heruntergeladen am" in html
    berlin = timezone.localtime(copy.requested_at)  # the test settings' zone: Berlin
    assert berlin.strftime("%H:%M") in html
    client.logout()
    login(client, StaffFactory(jobcenter=other_jobcenter, role=Role.TEAMLEITUNG))
    assert client.get(url).status_code == 404


def test_golden_legal_text_of_the_page(client, citizen):
    """The norms as the page cites them (checked against Art. 12, 15 DSGVO and § 83 SGB X)."""
    login(client, citizen)
    html = client.get(PAGE).content.decode()
    assert ("Sie haben das Recht, eine Kopie Ihrer Daten zu bekommen (Art. 15 Abs. 3 der "
            "Datenschutz-Grundverordnung, § 83 SGB X). Hier können Sie sie kostenlos "
            "anfordern.") in html
    assert ("Eine vollständige Auskunft über alle Daten, die Zwecke, die Empfänger und die "
            "Speicherdauer können Sie jederzeit formlos bei Ihrem Jobcenter beantragen, zum "
            "Beispiel mit einer Nachricht im Postfach. Ihr Jobcenter antwortet innerhalb eines "
            "Monats (Art. 12 Abs. 3 DSGVO).") in html


def test_an_account_without_jobcenter_gets_a_message_not_a_500(client, citizen):
    type(citizen).objects.filter(pk=citizen.pk).update(jobcenter=None)
    citizen.refresh_from_db()
    login(client, citizen)
    response = client.post(PAGE, follow=True)
    assert response.status_code == 200
    assert "Ihrem Konto ist noch kein Jobcenter zugeordnet" in response.content.decode()
    assert not DataCopy.objects.exists()


def test_a_request_never_built_is_given_up_and_does_not_block(client, citizen):
    login(client, citizen)
    client.post(PAGE)  # the outbox never runs it
    copy = DataCopy.objects.get(citizen=citizen)
    assert services.copies_purge_expired(now=copy.requested_at + dt.timedelta(hours=23)) == 0
    copy.refresh_from_db()
    assert copy.status == DataCopy.Status.REQUESTED
    services.copies_purge_expired(now=copy.requested_at + dt.timedelta(hours=24))
    copy.refresh_from_db()
    assert copy.status == DataCopy.Status.FAILED
    assert "konnte leider nicht erstellt werden" in client.get(PAGE).content.decode()
    assert services.copy_build(copy_id=copy.pk) is False  # a late delivery stores nothing
    client.post(PAGE)
    assert DataCopy.objects.filter(citizen=citizen, status=DataCopy.Status.REQUESTED).count() == 1
