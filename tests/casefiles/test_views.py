"""Staff and citizen views: three actors each, access log, concurrency, viewer headers."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from jobcenter.casefiles.models import Case, DocumentVersion
from jobcenter.casefiles.services import case_assign, case_set_status
from jobcenter.transparency.models import AccessLogEntry
from tests.conftest import login


def staff_urls(case: Case) -> list[str]:
    version = DocumentVersion.objects.filter(document__case=case).first()
    return [
        reverse("casefiles:case", args=[case.pk]),
        reverse("casefiles:request_create", args=[case.pk]),
        reverse("casefiles:document", args=[case.pk, version.pk]),
        reverse("casefiles:document_content", args=[case.pk, version.pk]),
    ]


def test_caseworker_opens_case_and_it_is_logged(client, caseworker, case):
    login(client, caseworker)
    response = client.get(reverse("casefiles:case", args=[case.pk]))
    assert response.status_code == 200
    assert case.reference in response.content.decode()
    assert "Angaben zur Person" in response.content.decode()
    entry = AccessLogEntry.objects.get(purpose=AccessLogEntry.Purpose.CASE_WORK)
    assert entry.actor == caseworker
    assert entry.person == case.applicant
    assert entry.object_id == str(case.pk)


def test_document_viewer_is_inline_same_origin_and_logged(client, caseworker, case):
    login(client, caseworker)
    version = DocumentVersion.objects.get(document__case=case,
                                          document__document_type__key="eingangsbestaetigung")
    page = client.get(reverse("casefiles:document", args=[case.pk, version.pk]))
    assert page.status_code == 200
    assert "frame-src 'self'" in page["Content-Security-Policy"]
    # 'none' never stands beside a source: the browser would log an error on every page
    assert "object-src 'self'" in page["Content-Security-Policy"]
    for response in (page, client.get(reverse("casefiles:case", args=[case.pk]))):
        for directive in response["Content-Security-Policy"].split(";"):
            sources = directive.split()[1:]
            assert "'none'" not in sources or sources == ["'none'"], directive
    assert "<object" in page.content.decode()
    content = client.get(reverse("casefiles:document_content", args=[case.pk, version.pk]))
    assert content.status_code == 200
    assert content["Content-Disposition"].startswith("inline")
    assert content["Content-Type"] == "application/pdf"
    assert content["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in content["Content-Security-Policy"]
    assert b"".join(content.streaming_content).startswith(b"%PDF")
    # Other pages keep the strict global policy.
    queue = client.get(reverse("casefiles:queue"))
    assert queue["X-Frame-Options"] == "DENY"
    assert AccessLogEntry.objects.filter(purpose=AccessLogEntry.Purpose.DOCUMENT,
                                         person=case.applicant).count() == 2


@pytest.mark.parametrize("actor", ["citizen", "other_citizen"])
def test_citizens_cannot_reach_staff_views(client, request, case, actor):
    login(client, request.getfixturevalue(actor))
    for url in staff_urls(case):
        assert client.get(url).status_code == 403, url


def test_staff_of_another_jobcenter_get_404_everywhere(client, other_caseworker, case):
    login(client, other_caseworker)
    for url in staff_urls(case):
        assert client.get(url).status_code == 404, url
    version = case.version
    for name in ["casefiles:case_assign", "casefiles:case_status", "casefiles:note_add",
                 "casefiles:request_create"]:
        response = client.post(reverse(name, args=[case.pk]),
                               {"version": version, "uebernehmen": "1", "status": "entschieden",
                                "text": "x", "deadline": "01.01.2099", "item_1": "x"})
        assert response.status_code == 404, name
    queue = client.get(reverse("casefiles:queue"), {"q": case.reference, "status": "alle"})
    assert queue.context["page"].paginator.count == 0
    assert reverse("casefiles:case", args=[case.pk]) not in queue.content.decode()
    case.refresh_from_db()
    assert case.version == version
    assert not AccessLogEntry.objects.filter(object_id=str(case.pk)).exists()


def test_bulk_assign_of_another_jobcenter_changes_nothing(client, other_jobcenter, case):
    from jobcenter.core.roles import Role
    from tests.factories import StaffFactory

    lead = StaffFactory(jobcenter=other_jobcenter, role=Role.TEAMLEITUNG)
    login(client, lead)
    client.post(reverse("casefiles:bulk_assign"), {"faelle": [case.pk], "zuweisen_an": lead.pk})
    case.refresh_from_db()
    assert case.assignee_id is None


def test_claim_and_assign(client, caseworker, colleague, case):
    login(client, caseworker)
    url = reverse("casefiles:case_assign", args=[case.pk])
    response = client.post(url, {"version": case.version, "uebernehmen": "1"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.assignee == caseworker
    client.post(url, {"version": case.version, "assignee": colleague.pk})
    case.refresh_from_db()
    assert case.assignee == colleague
    assert case.timeline.filter(kind="assignment").count() == 2


def test_assigning_to_staff_of_another_jobcenter_is_refused(client, caseworker,
                                                            other_caseworker, case):
    login(client, caseworker)
    response = client.post(reverse("casefiles:case_assign", args=[case.pk]),
                           {"version": case.version, "assignee": other_caseworker.pk})
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.assignee is None


def test_stale_version_shows_conflict_and_keeps_input(client, caseworker, colleague, case):
    stale = case.version
    case_assign(case=case, assignee=colleague, actor=colleague, expected_version=stale)
    login(client, caseworker)
    response = client.post(reverse("casefiles:case_status", args=[case.pk]), {
        "version": stale, "status": "in_bearbeitung",
        "citizen_text": "Mein sorgfältig formulierter Text",
    })
    assert response.status_code == 409
    body = response.content.decode()
    assert "inzwischen geändert" in body
    assert "Übernommen von" in body  # what the other person changed
    assert "Mein sorgfältig formulierter Text" in body  # own input preserved
    # Read for the change, read again for the conflict page: both logged.
    assert AccessLogEntry.objects.filter(purpose=AccessLogEntry.Purpose.CASE_WORK,
                                         actor=caseworker).count() == 2
    case.refresh_from_db()
    assert case.status.key == "eingegangen"
    # Saving again with the version offered in the re-rendered form works.
    response = client.post(reverse("casefiles:case_status", args=[case.pk]), {
        "version": case.version, "status": "in_bearbeitung",
        "citizen_text": "Mein sorgfältig formulierter Text",
    })
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status.key == "in_bearbeitung"
    assert case.timeline.filter(citizen_text="Mein sorgfältig formulierter Text").exists()


def test_service_conflict_raises(case, caseworker):
    from jobcenter.casefiles.services import CaseConflict

    case_set_status(case=case, status_key="in_bearbeitung", actor=caseworker,
                    expected_version=1)
    with pytest.raises(CaseConflict) as info:
        case_set_status(case=Case.objects.get(pk=case.pk), status_key="entschieden",
                        actor=caseworker, expected_version=1)
    assert [e.case_version for e in info.value.changes] == [2]


def test_notes_are_internal(client, caseworker, citizen, case):
    login(client, caseworker)
    client.post(reverse("casefiles:note_add", args=[case.pk]), {"text": "Vermieter anrufen"})
    assert case.notes.get().text == "Vermieter anrufen"
    empty = client.post(reverse("casefiles:note_add", args=[case.pk]), {"text": ""})
    assert empty.status_code == 400
    client.logout()
    login(client, citizen)
    body = client.get(reverse("portal:concern", args=[case.reference])).content.decode()
    assert "Vermieter anrufen" not in body
    assert "Interne Notiz" not in body


def test_backoffice_start_redirects_to_the_queue(client, caseworker):
    login(client, caseworker)
    assert client.get(reverse("backoffice:queue"))["Location"] == reverse("casefiles:queue")


# --- Citizen side ---------------------------------------------------------------------


def citizen_urls(case: Case) -> list[str]:
    version = DocumentVersion.objects.filter(document__case=case).first()
    return [
        reverse("portal:concern", args=[case.reference]),
        reverse("casefiles_citizen:document", args=[case.pk, version.pk]),
    ]


def test_citizen_sees_status_in_plain_language(client, citizen, case, caseworker):
    case_set_status(case=case, status_key="in_bearbeitung", actor=caseworker)
    login(client, citizen)
    listing = client.get(reverse("portal:concerns")).content.decode()
    assert "Neuantrag" in listing and "In Bearbeitung" in listing
    assert "voraussichtlich bis zum" in listing
    body = client.get(reverse("portal:concern", args=[case.reference])).content.decode()
    assert "Ihr Antrag ist bei uns angekommen." in body
    assert "Wir bearbeiten Ihren Antrag." in body
    assert "Status:" not in body  # staff text never shown
    assert timezone.localtime(case.due_at).strftime("%d.%m.%Y") in body  # Berlin date
    download = client.get(citizen_urls(case)[1])
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")


def test_other_citizen_and_staff_cannot_see_the_citizens_case(client, other_citizen,
                                                               other_caseworker, case):
    login(client, other_citizen)
    for url in citizen_urls(case):
        assert client.get(url).status_code == 404, url
    assert case.reference not in client.get(reverse("portal:concerns")).content.decode()
    assert case.reference not in client.get(reverse("portal:documents")).content.decode()
    client.logout()
    login(client, other_caseworker)
    for url in citizen_urls(case):
        assert client.get(url).status_code == 403, url


def test_citizen_documents_page(client, citizen, case):
    login(client, citizen)
    body = client.get(reverse("portal:documents")).content.decode()
    assert "Eingangsbestätigung" in body
    assert "mietvertrag.png" in body


def test_status_notice_is_sent_once_and_without_personal_data(case, caseworker, citizen,
                                                              django_capture_on_commit_callbacks):
    from django.core import mail

    from jobcenter.notifications.models import Notification
    from jobcenter.notifications.tasks import send_notification

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        case_set_status(case=case, status_key="in_bearbeitung", actor=caseworker)
    assert mail.outbox == []  # this status does not notify
    with django_capture_on_commit_callbacks(execute=True):
        case_set_status(case=case, status_key="entschieden", actor=caseworker)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [citizen.email]
    assert "Alice" not in message.body and case.reference not in message.body
    assert "/portal/anliegen/" in message.body
    notice = Notification.objects.get(user=citizen)
    entry = case.timeline.filter(kind="status").latest("pk")
    assert (notice.template, notice.dedup_key, notice.status) == (
        "status_changed", f"status:{entry.pk}", Notification.Status.SENT)
    assert send_notification(notice.pk) == "already sent"  # a retry sends nothing twice
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("account", ["none", "no_email"])
def test_no_status_notice_without_an_account_with_email(
    account, citizen, caseworker, make_case, jobcenter, django_capture_on_commit_callbacks
):
    from django.core import mail

    from jobcenter.notifications.models import Notification

    if account == "none":
        case = make_case(jobcenter=jobcenter)
    else:
        case = make_case(user=citizen)
        type(citizen).objects.filter(pk=citizen.pk).update(email="")
        case.refresh_from_db()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        case_set_status(case=case, status_key="entschieden", actor=caseworker)
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_flow_statuses_cannot_be_set_by_hand(client, caseworker, case):
    """„entschieden“ comes only with an approved Bescheid (decisions), Mitwirkung statuses
    only with a request or upload."""
    login(client, caseworker)
    page = client.get(reverse("casefiles:case", args=[case.pk])).content.decode()
    assert 'value="entschieden"' not in page
    response = client.post(reverse("casefiles:case_status", args=[case.pk]),
                           {"version": case.version, "status": "entschieden"})
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.status.key == "eingegangen"
