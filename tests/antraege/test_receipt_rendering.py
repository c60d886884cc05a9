"""The Eingangsbestätigung is rendered after the submit, outside its transaction (issue 11):
the submit renders nothing, a duplicate delivery gives one receipt, a failing render is
retried and loses nothing, and meanwhile the citizen sees "wird erstellt"."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from jobcenter.antraege import receipt, services
from jobcenter.antraege.models import Submission
from jobcenter.antraege.services import handover
from jobcenter.casefiles.models import Case
from jobcenter.core import pending
from jobcenter.core.typst_pdf import PdfRenderError
from jobcenter.outbox.models import OutboxMessage
from jobcenter.outbox.services import outbox_sweep
from tests.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch):
    """Every call of the receipt renderer, counted (the real renderer still runs)."""
    calls: list[str] = []
    real = receipt.render_receipt

    def counting(**kwargs):
        calls.append(kwargs["reference"])
        return real(**kwargs)

    monkeypatch.setattr(receipt, "render_receipt", counting)
    return calls


def render_message(submission: Submission) -> OutboxMessage:
    return OutboxMessage.objects.get(key=f"antraege.receipt_render:{submission.pk}")


def receipt_url(submission: Submission) -> str:
    return reverse("antraege:receipt", kwargs={"reference": submission.reference})


def test_the_submit_renders_nothing_the_task_renders_once_after_commit(
        citizen, make_draft, renders, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        submission = services.submission_create_from_draft(draft=make_draft(citizen),
                                                           user=citizen)
    assert renders == []  # nothing rendered inside the submit's transaction
    assert not submission.receipt_ready
    assert render_message(submission).status == OutboxMessage.Status.PENDING
    assert not OutboxMessage.objects.filter(task__endswith="submission_received").exists()

    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:  # the publish after commit runs the task (eager)
            callback()
    assert renders == [submission.reference]
    submission.refresh_from_db()
    assert submission.receipt_ready and submission.receipt_size > 0
    assert render_message(submission).status == OutboxMessage.Status.DONE
    # the render handed the submission over to the eAkte, with the receipt filed there
    case = Case.objects.get(submission_id=submission.pk)
    assert case.documents.filter(document_type__key="eingangsbestaetigung").count() == 1


def test_a_duplicate_delivery_renders_nothing_twice_and_keeps_one_receipt(
        citizen, make_draft, renders, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submission = services.submission_create_from_draft(draft=make_draft(citizen),
                                                           user=citizen)
    submission.refresh_from_db()
    first = (submission.receipt_name, submission.receipt_sha256)

    assert services.receipt_render(submission_id=submission.pk) is False  # found it ready
    from jobcenter.antraege.tasks import receipt_render

    receipt_render.apply(args=(submission.pk,))
    submission.refresh_from_db()
    assert (submission.receipt_name, submission.receipt_sha256) == first
    assert renders == [submission.reference]
    assert Case.objects.filter(submission_id=submission.pk).count() == 1


def test_two_renders_at_once_store_one_receipt_and_drop_the_other(
        citizen, make_draft, monkeypatch, django_capture_on_commit_callbacks):
    """The second worker finishes while the first still renders: the first finds the
    receipt under the row lock and throws its own result away (no second file)."""
    with django_capture_on_commit_callbacks():
        submission = services.submission_create_from_draft(draft=make_draft(citizen),
                                                           user=citizen)
    real = handover.receipt_pdf
    raced: list[bool] = []

    def slow_render(sub):
        pdf = real(sub)
        if not raced:
            raced.append(True)
            assert handover.receipt_render(submission_id=sub.pk) is True  # the other worker
        return pdf

    monkeypatch.setattr(handover, "receipt_pdf", slow_render)
    assert handover.receipt_render(submission_id=submission.pk) is False
    submission.refresh_from_db()
    folder = submission.receipt_name.rsplit("/", 1)[0]
    files = [f for f in default_storage.listdir(folder)[1] if f.startswith("eingangs")]
    assert files == ["eingangsbestaetigung.pdf"]
    assert OutboxMessage.objects.filter(
        key=f"antraege.submission_received:{submission.pk}").count() == 1


def test_the_same_submission_renders_to_the_same_bytes(citizen, make_draft,
                                                       django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submission = services.submission_create_from_draft(draft=make_draft(citizen),
                                                           user=citizen)
    submission.refresh_from_db()
    with default_storage.open(submission.receipt_name, "rb") as handle:
        stored = handle.read()
    assert handover.receipt_pdf(submission) == stored


def test_a_failing_render_is_retried_and_the_submission_is_never_lost(
        client, citizen, make_draft, monkeypatch, django_capture_on_commit_callbacks):
    real = receipt.render_receipt

    def broken(**kwargs):
        raise PdfRenderError("font missing")

    monkeypatch.setattr(receipt, "render_receipt", broken)
    with pytest.raises(PdfRenderError), django_capture_on_commit_callbacks(execute=True):
        submission = services.submission_create_from_draft(draft=make_draft(citizen),
                                                           user=citizen)
    submission = Submission.objects.get()  # committed before the render ran
    assert not submission.receipt_ready
    message = render_message(submission)
    assert message.status == OutboxMessage.Status.PENDING and "font missing" in message.last_error
    assert not Case.objects.exists()  # the hand-over follows the receipt

    login(client, citizen)
    page = client.get(reverse("antraege:detail", kwargs={"reference": submission.reference}))
    assert page.status_code == 200 and "wird gerade erstellt" in page.content.decode()
    assert client.get(receipt_url(submission)).status_code == 202

    monkeypatch.setattr(receipt, "render_receipt", real)  # fixed; the sweeper retries
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_sweep().dispatched == 1
    submission.refresh_from_db()
    assert submission.receipt_ready
    assert render_message(submission).status == OutboxMessage.Status.DONE
    assert Case.objects.filter(submission_id=submission.pk).count() == 1
    response = client.get(receipt_url(submission))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_the_citizen_sees_wird_erstellt_that_refreshes_without_javascript(
        client, citizen, make_draft, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():  # the render has not run yet
        submission = services.submission_create_from_draft(draft=make_draft(citizen),
                                                           user=citizen)
    login(client, citizen)
    response = client.get(receipt_url(submission))
    assert response.status_code == 202
    html = response.content.decode()
    assert "Eingangsbestätigung wird erstellt" in html and 'role="status"' in html
    url = receipt_url(submission)
    assert response["Refresh"] == f"{pending.REFRESH_SECONDS}; url={url}?versuch=1"
    assert response["Cache-Control"] == "private, no-store"
    assert "<meta http-equiv" not in html  # the header refreshes; no markup timer

    # English as well
    client.cookies["django_language"] = "en"
    english = client.get(receipt_url(submission)).content.decode()
    assert "Confirmation of receipt is being prepared" in english

    # after the last attempt the page stops refreshing and says why, still no error
    client.cookies["django_language"] = "de"
    last = client.get(f"{receipt_url(submission)}?versuch={pending.MAX_ATTEMPTS}")
    assert last.status_code == 202 and "Refresh" not in last
    assert "länger als üblich" in last.content.decode()
    assert client.get(f"{receipt_url(submission)}?versuch=abc").status_code == 202


@pytest.mark.parametrize("actor", ["other_citizen", "other_caseworker", "caseworker"])
def test_only_the_owner_gets_the_receipt_ready_or_not(
        client, request, citizen, make_draft, actor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():  # pending
        pending_one = services.submission_create_from_draft(draft=make_draft(citizen),
                                                            user=citizen)
    with django_capture_on_commit_callbacks(execute=True):  # ready
        ready_one = services.submission_create_from_draft(draft=make_draft(citizen),
                                                          user=citizen)
    login(client, request.getfixturevalue(actor))
    for submission in (pending_one, ready_one):
        response = client.get(receipt_url(submission))
        assert response.status_code in {403, 404}
        assert "wird erstellt" not in response.content.decode()
    login(client, citizen)
    assert client.get(receipt_url(pending_one)).status_code == 202
    assert client.get(receipt_url(ready_one)).status_code == 200
