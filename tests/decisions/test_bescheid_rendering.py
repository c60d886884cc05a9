"""The Bescheid's PDF/A is rendered after it was issued, outside the row lock (issue 11):
issuing renders nothing, a duplicate delivery files one document, a failing render is
retried and loses nothing, and meanwhile citizen and staff see "wird erstellt"."""

from __future__ import annotations

import pytest
from django.utils import timezone

from jobcenter.casefiles.models import DocumentVersion
from jobcenter.core.typst_pdf import PdfRenderError
from jobcenter.decisions import documents, services
from jobcenter.decisions.models import Decision, DeliveryPreference
from jobcenter.outbox.models import OutboxMessage
from jobcenter.outbox.services import outbox_sweep
from tests.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch):
    """Every call of the Bescheid renderer, counted (the real renderer still runs)."""
    calls: list[int] = []
    real = documents.bescheid_pdf

    def counting(decision):
        calls.append(decision.pk)
        return real(decision)

    monkeypatch.setattr(documents, "bescheid_pdf", counting)
    return calls


@pytest.fixture
def issue(calc_case, caseworker, citizen, django_capture_on_commit_callbacks):
    """Issue an online Bescheid; ``render=False`` leaves its render waiting."""

    def issue(*, render: bool) -> Decision:
        services.delivery_preference_set(user=citizen,
                                         channel=DeliveryPreference.Channel.ONLINE)
        decision = services.decision_create(case=calc_case, decision_type_key="bewilligung",
                                            actor=caseworker)
        with django_capture_on_commit_callbacks(execute=render):
            services.decision_finalize(decision=decision, actor=caseworker)
        decision.refresh_from_db()
        return decision

    return issue


def bescheid_versions(decision: Decision) -> int:
    return DocumentVersion.objects.filter(document__case=decision.case,
                                          document__document_type__key="bescheid").count()


def render_message(decision: Decision) -> OutboxMessage:
    return OutboxMessage.objects.get(key=f"decisions.bescheid_render:{decision.pk}")


def test_issuing_renders_nothing_the_task_renders_once_after_commit(
        issue, renders, django_capture_on_commit_callbacks):
    decision = issue(render=False)
    assert renders == []  # nothing rendered under the Bescheid's row lock
    assert decision.status == Decision.Status.DELIVERED and decision.document_version is None
    assert render_message(decision).status == OutboxMessage.Status.PENDING

    with django_capture_on_commit_callbacks(execute=True):
        outbox_sweep_due(render_message(decision))
    decision.refresh_from_db()
    assert renders == [decision.pk]
    assert decision.document_version is not None
    assert decision.document_version.document.visible_to_citizen
    assert bescheid_versions(decision) == 1


def outbox_sweep_due(message: OutboxMessage) -> None:
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    assert outbox_sweep().dispatched == 1


def test_a_duplicate_delivery_files_one_document(issue, renders):
    decision = issue(render=True)
    version = decision.document_version_id
    assert services.bescheid_render(decision_id=decision.pk) is False
    from jobcenter.decisions.tasks import bescheid_render

    bescheid_render.apply(args=(decision.pk,))
    decision.refresh_from_db()
    assert decision.document_version_id == version
    assert bescheid_versions(decision) == 1
    assert renders == [decision.pk]


def test_two_renders_at_once_file_one_document(issue, monkeypatch):
    """The other worker files the PDF while this one renders: this one finds it under the
    lock and drops its own result."""
    decision = issue(render=False)
    real = documents.bescheid_pdf
    raced: list[bool] = []

    def slow(d):
        pdf = real(d)
        if not raced:
            raced.append(True)
            assert services.bescheid_render(decision_id=d.pk) is True
        return pdf

    monkeypatch.setattr(documents, "bescheid_pdf", slow)
    assert services.bescheid_render(decision_id=decision.pk) is False
    assert bescheid_versions(decision) == 1


def test_a_draft_is_never_rendered(calc_case, caseworker, renders):
    draft = services.decision_create(case=calc_case, decision_type_key="bewilligung",
                                     actor=caseworker)
    assert services.bescheid_render(decision_id=draft.pk) is False
    assert renders == []


def test_a_failing_render_is_retried_and_the_bescheid_stays_issued(
        issue, monkeypatch, client, citizen, django_capture_on_commit_callbacks):
    real = documents.bescheid_pdf

    def broken(decision):
        raise PdfRenderError("template error")

    monkeypatch.setattr(documents, "bescheid_pdf", broken)
    with pytest.raises(PdfRenderError):
        issue(render=True)
    decision = Decision.objects.get()
    assert decision.status == Decision.Status.DELIVERED and decision.document_version is None
    message = render_message(decision)
    assert message.status == OutboxMessage.Status.PENDING
    assert "template error" in message.last_error

    login(client, citizen)
    listing = client.get("/portal/dokumente/").content.decode()
    assert decision.download_url in listing and "wird gerade erstellt" in listing
    assert client.get(decision.download_url).status_code == 202

    monkeypatch.setattr(documents, "bescheid_pdf", real)
    with django_capture_on_commit_callbacks(execute=True):
        outbox_sweep_due(message)
    decision.refresh_from_db()
    assert decision.document_version is not None
    response = client.get(decision.download_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_citizen_and_staff_see_wird_erstellt(issue, client, citizen, caseworker):
    decision = issue(render=False)
    login(client, citizen)
    listing = client.get("/portal/dokumente/").content.decode()
    assert "wird gerade erstellt" in listing
    response = client.get(decision.download_url)
    assert response.status_code == 202 and "Refresh" in response
    assert "Ihr Bescheid wird erstellt" in response.content.decode()

    client.logout()
    login(client, caseworker)
    detail = client.get(f"/arbeitsbereich/bescheide/{decision.pk}/").content.decode()
    assert "wird gerade erstellt" in detail
    response = client.get(f"/arbeitsbereich/bescheide/{decision.pk}/pdf/")
    assert response.status_code == 202
    assert "Bescheid wird erstellt" in response.content.decode()


def test_a_drafts_pdf_is_not_found_not_pending(calc_case, caseworker, client):
    draft = services.decision_create(case=calc_case, decision_type_key="bewilligung",
                                     actor=caseworker)
    login(client, caseworker)
    assert client.get(f"/arbeitsbereich/bescheide/{draft.pk}/pdf/").status_code == 404


@pytest.mark.parametrize("actor", ["other_citizen", "other_caseworker"])
def test_only_the_citizen_and_own_jobcenter_reach_the_pending_bescheid(
        issue, client, request, actor, citizen, caseworker):
    decision = issue(render=False)
    login(client, request.getfixturevalue(actor))
    for url in (decision.download_url, f"/arbeitsbereich/bescheide/{decision.pk}/pdf/"):
        response = client.get(url)
        assert response.status_code in {403, 404}, url
        assert "wird erstellt" not in response.content.decode()
    client.logout()
    login(client, citizen)
    assert client.get(decision.download_url).status_code == 202
    client.logout()
    login(client, caseworker)
    assert client.get(f"/arbeitsbereich/bescheide/{decision.pk}/pdf/").status_code == 202
