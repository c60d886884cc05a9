"""Mitwirkung: request with deadline and § 60/66 SGB I wording, one upload slot per item,
e-mail notice without personal data, return to the queue, reminders, overdue marks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from jobcenter.casefiles.models import (
    DocumentRequest,
    DocumentRequestItem,
)
from jobcenter.casefiles.services import (
    CasefilesError,
    document_request_create,
    document_requests_mark_overdue,
)
from jobcenter.notifications.models import Notification
from tests.casefiles.conftest import JPEG, PDF, PNG
from tests.conftest import login


def in_days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


@pytest.fixture
def doc_request(case, caseworker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return document_request_create(
            case=case, actor=caseworker, deadline=in_days(14),
            items=[("Kontoauszüge der letzten 3 Monate", "alle Seiten"), ("Mietvertrag", "")],
            message="Wir brauchen die Unterlagen für die Berechnung.",
        )


def test_caseworker_requests_documents(client, caseworker, citizen, case,
                                       django_capture_on_commit_callbacks):
    mail.outbox.clear()
    login(client, caseworker)
    url = reverse("casefiles:request_create", args=[case.pk])
    page = client.get(url)
    assert "§ 66" in page.content.decode()
    too_soon = client.post(url, {"version": case.version, "deadline": in_days(2).strftime(
        "%d.%m.%Y"), "item_1": "Mietvertrag"})
    assert too_soon.status_code == 200
    assert "mindestens 7 Tage" in too_soon.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {
            "version": case.version, "deadline": in_days(14).strftime("%d.%m.%Y"),
            "item_1": "Mietvertrag", "hint_1": "alle Seiten", "item_2": "Lohnabrechnung",
        })
    assert response.status_code == 302
    request = DocumentRequest.objects.get(case=case)
    assert [i.title for i in request.items.all()] == ["Mietvertrag", "Lohnabrechnung"]
    assert "§ 60" in request.legal_notice and "§ 66" in request.legal_notice
    assert in_days(14).strftime("%d.%m.%Y") in request.legal_notice
    case.refresh_from_db()
    assert case.status.key == "mitwirkung_angefordert"
    # One notice e-mail (plus the status notice is the same occasion? no: separate keys).
    to_citizen = [m for m in mail.outbox if citizen.email in m.to]
    assert len(to_citizen) == 1  # one notice, not one per status change plus the request
    notice = Notification.objects.get(user=citizen)
    assert (notice.template, notice.dedup_key, notice.link_path, notice.status) == (
        "document_request", f"request:{request.pk}:notice", "/portal/anliegen/",
        Notification.Status.SENT)
    for message in to_citizen:
        assert "Alice" not in message.body and "Adler" not in message.body
        assert case.reference not in message.body and "Mietvertrag" not in message.body
        assert "/portal/anliegen/" in message.body


def test_citizen_sees_one_upload_slot_per_item(client, citizen, doc_request):
    login(client, citizen)
    overview = client.get(reverse("portal:overview")).content.decode()
    assert "Unterlagen einreichen" in overview
    body = client.get(reverse("portal:concern", args=[doc_request.case.reference])
                      ).content.decode()
    for item in doc_request.items.all():
        assert reverse("casefiles_citizen:upload", args=[doc_request.case_id, item.pk]) in body
    assert "§ 66" in body


def test_upload_attaches_and_returns_the_case_to_the_queue(client, citizen, caseworker,
                                                           doc_request):
    case = doc_request.case
    first, second = doc_request.items.all()
    login(client, citizen)
    url = reverse("casefiles_citizen:upload", args=[case.pk, first.pk])
    response = client.post(url, {"file": SimpleUploadedFile("k.pdf", PDF, "application/pdf")})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.document.versions.get().content_type == "application/pdf"
    doc_request.refresh_from_db()
    assert doc_request.status == DocumentRequest.Status.OPEN
    # Lying about the type: a "PDF" that is a JPEG is stored as JPEG (sniffed).
    url2 = reverse("casefiles_citizen:upload", args=[case.pk, second.pk])
    client.post(url2, {"file": SimpleUploadedFile("m.pdf", JPEG, "application/pdf")})
    second.refresh_from_db()
    assert second.document.versions.get().content_type == "image/jpeg"
    doc_request.refresh_from_db()
    assert doc_request.status == DocumentRequest.Status.FULFILLED
    case.refresh_from_db()
    assert case.status.key == "unterlagen_eingegangen"
    assert case.timeline.filter(text__contains="Unterlage hochgeladen").count() == 2
    # A second upload to the same slot is a new version; the first stays.
    client.post(url, {"file": SimpleUploadedFile("k2.png", PNG, "image/png")})
    first.refresh_from_db()
    assert list(first.document.versions.values_list("number", flat=True)) == [1, 2]


@pytest.mark.parametrize(("content", "message"), [
    (b"MZ\x90\x00 not a document", "Diese Datei können wir nicht annehmen"),
    (b"%PDF-1.7 truncated", "beschädigt"),
    (b"", "leer"),
])
def test_bad_uploads_get_a_clear_message(client, citizen, doc_request, content, message):
    item = doc_request.items.first()
    login(client, citizen)
    response = client.post(
        reverse("casefiles_citizen:upload", args=[doc_request.case_id, item.pk]),
        {"file": SimpleUploadedFile("x.pdf", content, "application/pdf")})
    assert response.status_code == 400
    assert message in response.content.decode()
    item.refresh_from_db()
    assert item.document_id is None


def test_citizen_uploads_count_towards_the_upload_rate_limit(client, citizen, doc_request,
                                                             settings):
    settings.FORMENGINE_UPLOAD_RATE_LIMIT = 1
    item = doc_request.items.first()
    login(client, citizen)
    url = reverse("casefiles_citizen:upload", args=[doc_request.case_id, item.pk])
    assert client.post(url, {"file": SimpleUploadedFile("k.pdf", PDF)}).status_code == 302
    response = client.post(url, {"file": SimpleUploadedFile("k2.png", PNG, "image/png")})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "sehr viele Dateien hochgeladen" in response.content.decode()
    item.refresh_from_db()
    assert item.document.versions.count() == 1


def test_a_failed_virus_scan_refuses_the_upload(client, citizen, doc_request, settings):
    """The scanner not answering is not "clean" (before, only "infected" was refused)."""
    import socket

    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    settings.CLAMAV_URL = f"tcp://127.0.0.1:{port}"
    item = doc_request.items.first()
    login(client, citizen)
    response = client.post(
        reverse("casefiles_citizen:upload", args=[doc_request.case_id, item.pk]),
        {"file": SimpleUploadedFile("k.pdf", PDF)})
    assert response.status_code == 400
    assert "nicht auf Viren geprüft werden" in response.content.decode()
    item.refresh_from_db()
    assert item.document_id is None


def test_upload_slot_three_actors(client, other_citizen, other_caseworker, caseworker,
                                  doc_request):
    item = doc_request.items.first()
    url = reverse("casefiles_citizen:upload", args=[doc_request.case_id, item.pk])
    login(client, other_citizen)
    assert client.get(url).status_code == 404
    assert client.post(url, {"file": SimpleUploadedFile("k.pdf", PDF)}).status_code == 404
    client.logout()
    for staff in (other_caseworker, caseworker):
        login(client, staff)
        assert client.get(url).status_code == 403
        client.logout()
    # A slot id of another case under this case's URL is not found either.
    wrong = reverse("casefiles_citizen:upload", args=[doc_request.case_id + 999, item.pk])
    login(client, doc_request.case.applicant_user)
    assert client.get(wrong).status_code == 404
    item.refresh_from_db()
    assert item.document_id is None


def test_overdue_requests_are_marked_once(client, citizen, doc_request):
    after = doc_request.deadline + dt.timedelta(days=1)
    assert document_requests_mark_overdue(today=after) == 1
    assert document_requests_mark_overdue(today=after) == 0
    doc_request.refresh_from_db()
    assert doc_request.status == DocumentRequest.Status.OVERDUE
    login(client, citizen)
    body = client.get(reverse("portal:concern", args=[doc_request.case.reference])
                      ).content.decode()
    assert "Frist ist abgelaufen" in body
    # Late uploads are still accepted (§ 67 SGB I) and fulfil the request.
    for item in DocumentRequestItem.objects.filter(request=doc_request):
        client.post(reverse("casefiles_citizen:upload", args=[doc_request.case_id, item.pk]),
                    {"file": SimpleUploadedFile("k.pdf", PDF, "application/pdf")})
    doc_request.refresh_from_db()
    assert doc_request.status == DocumentRequest.Status.FULFILLED


def test_daily_task_runs_both(doc_request):
    from jobcenter.casefiles.tasks import document_requests_daily

    assert document_requests_daily.delay().get() == {"overdue": 0}


def test_request_needs_an_item(case, caseworker):
    with pytest.raises(CasefilesError):
        document_request_create(case=case, actor=caseworker, deadline=in_days(14),
                                items=[("  ", "")])


def test_beat_schedule_has_the_daily_task(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["casefiles-document-requests-daily"]
    assert entry["task"] == "jobcenter.casefiles.tasks.document_requests_daily"


def test_notice_links_to_the_public_address(settings, case, caseworker,
                                            django_capture_on_commit_callbacks):
    settings.PUBLIC_BASE_URL = "https://jobcenter.example/"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        document_request_create(case=case, actor=caseworker, deadline=in_days(14),
                                items=[("Mietvertrag", "")])
    assert "https://jobcenter.example/portal/anliegen/" in mail.outbox[0].body
