"""Each producer's hand-over goes through the outbox, and its consumer runs exactly once:
submission → eAkte (+ automation, notices), notices, deleted upload files.

Eager Celery (the worker's code path, in process); the real worker is in
tests/integration/test_outbox_worker.py.
"""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.urls import reverse
from django.utils import timezone

from jobcenter.antraege import services as antraege_services
from jobcenter.antraege.models import Submission
from jobcenter.antraege.tasks import submission_received
from jobcenter.casefiles.models import Case
from jobcenter.formengine import registry
from jobcenter.formengine.services import draft_start
from jobcenter.notifications.models import Notification
from jobcenter.notifications.services import notify
from jobcenter.outbox.delivery import deliver
from jobcenter.outbox.models import OutboxMessage
from jobcenter.outbox.services import outbox_enqueue, outbox_sweep
from tests.antraege.test_mapping import single_no_income

pytestmark = pytest.mark.django_db


def make_draft(user):
    draft = draft_start(user=user, form=registry.get_form("hauptantrag"))
    draft.answers = single_no_income()
    draft.save(update_fields=["answers"])
    return draft


def hand_over_of(submission: Submission) -> OutboxMessage:
    return OutboxMessage.objects.get(key=f"antraege.submission_received:{submission.pk}")


def notices_of(submission: Submission) -> list[Notification]:
    return list(Notification.objects.filter(dedup_key=f"submission:{submission.pk}"))


def assert_handed_over_once(submission: Submission) -> None:
    submission.refresh_from_db()
    assert submission.handed_over_at is not None
    assert Case.objects.filter(submission_id=submission.pk).count() == 1
    (notice,) = notices_of(submission)
    assert notice.status == Notification.Status.SENT and notice.attempts == 1
    received = [m for m in mail.outbox if submission.reference in m.subject + m.body]
    assert len(received) == 1
    assert hand_over_of(submission).status == OutboxMessage.Status.DONE


def make_due(message: OutboxMessage) -> None:
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())


def test_the_hand_over_is_written_with_the_submission_and_runs_once(
        citizen, published, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submission = antraege_services.submission_create_from_draft(
            draft=make_draft(citizen), user=citizen)
    # The submit writes the receipt's render; the render writes the hand-over.
    render = OutboxMessage.objects.get(key=f"antraege.receipt_render:{submission.pk}")
    assert published == [render.pk]  # after commit; nothing ran yet
    with django_capture_on_commit_callbacks(execute=True):
        assert deliver(render.pk) == "done"
    message = hand_over_of(submission)
    assert (message.task, message.kwargs) == (submission_received.name,
                                             {"submission_id": submission.pk})
    assert published == [render.pk, message.pk]
    assert not Case.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        assert deliver(message.pk) == "done"
    # The case, the automation's and the notices' messages were written in the hand-over's
    # transaction and published after it.
    case = Case.objects.get(submission_id=submission.pk)
    follow_ups = set(OutboxMessage.objects.exclude(pk=message.pk).values_list("key", flat=True))
    assert f"decisions.automation_for_case:{case.pk}" in follow_ups
    notice = notices_of(submission)[0]
    assert f"notifications.send:{notice.pk}" in follow_ups

    assert deliver(message.pk) == "done"  # delivered twice: nothing more
    assert Case.objects.count() == 1
    assert len(notices_of(submission)) == 1


def test_a_worker_that_dies_half_way_leaves_nothing_and_the_sweeper_finishes_it(
        citizen, monkeypatch, django_capture_on_commit_callbacks):
    class WorkerKilled(BaseException):
        """What the task sees of a SIGKILL: nothing after this line runs."""

    from jobcenter.casefiles import services as casefiles_services

    intake = casefiles_services.case_intake

    def intake_then_die(**kwargs):
        intake(**kwargs)  # the case exists (uncommitted) when the worker dies
        raise WorkerKilled

    monkeypatch.setattr(casefiles_services, "case_intake", intake_then_die)
    with pytest.raises(WorkerKilled), django_capture_on_commit_callbacks(execute=True):
        submission = antraege_services.submission_create_from_draft(
            draft=make_draft(citizen), user=citizen)
    submission = Submission.objects.get()  # the submission itself was committed before
    message = hand_over_of(submission)
    assert message.status == OutboxMessage.Status.PENDING
    assert not Case.objects.exists()
    assert submission.handed_over_at is None
    assert notices_of(submission) == []
    assert mail.outbox == []

    monkeypatch.setattr(casefiles_services, "case_intake", intake)  # a new worker
    make_due(message)
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_sweep().dispatched == 1
    assert_handed_over_once(submission)
    assert hand_over_of(submission).attempts == 2


def test_broker_down_at_submit_the_citizen_gets_the_receipt_and_the_case_comes_later(
        client, citizen, broker_down, django_capture_on_commit_callbacks):
    draft = make_draft(citizen)
    client.force_login(citizen)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("formengine:submit", kwargs={"draft_id": draft.public_id}),
                               {"declaration": "1"})
    submission = Submission.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("antraege:detail", kwargs={"reference": submission.reference})
    receipt_page = client.get(response.url)
    assert receipt_page.status_code == 200
    assert submission.reference in receipt_page.content.decode()
    # The receipt's render (which then hands over) waits for the broker; the citizen's
    # page says the receipt is being made.
    assert "wird gerade erstellt" in receipt_page.content.decode()
    message = OutboxMessage.objects.get(key=f"antraege.receipt_render:{submission.pk}")
    assert (message.status, message.attempts) == (OutboxMessage.Status.PENDING, 0)
    assert not Case.objects.exists()

    broker_down.restore()  # the broker is back
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_sweep().dispatched == 1
        assert outbox_sweep().dispatched == 0
    assert_handed_over_once(submission)


def test_the_task_delivered_twice_outside_the_outbox_still_creates_one_case_and_notice(
        citizen, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submission = antraege_services.submission_create_from_draft(
            draft=make_draft(citizen), user=citizen)
        submission_received(submission.pk)
        submission_received.apply(args=(submission.pk,))
    assert_handed_over_once(submission)


def test_a_notice_that_cannot_be_sent_is_retried_until_it_is_sent_once(
        citizen, monkeypatch, django_capture_on_commit_callbacks):
    from jobcenter.notifications import tasks as notification_tasks

    send_mail = notification_tasks.send_mail

    def smtp_down(*args, **kwargs):
        raise OSError("smtp down")

    monkeypatch.setattr(notification_tasks, "send_mail", smtp_down)
    with pytest.raises(OSError), django_capture_on_commit_callbacks(execute=True):
        notification = notify(user=citizen, template="status_changed", dedup_key="s:1")
    notification = Notification.objects.get(dedup_key="s:1")
    assert notification.status == Notification.Status.FAILED
    message = OutboxMessage.objects.get(key=f"notifications.send:{notification.pk}")
    assert message.status == OutboxMessage.Status.PENDING
    assert "smtp down" in message.last_error

    monkeypatch.setattr(notification_tasks, "send_mail", send_mail)
    make_due(message)
    outbox_sweep()
    outbox_sweep()
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert len(mail.outbox) == 1


def test_deleted_upload_files_go_through_the_outbox_and_a_failure_is_retried(
        monkeypatch, django_capture_on_commit_callbacks):
    from jobcenter.formengine.tasks import delete_upload_files

    name = default_storage.save("formengine/1/abc.png", ContentFile(b"x"))
    delete = FileSystemStorage.delete

    def storage_down(self, name):
        raise OSError("storage unavailable")

    monkeypatch.setattr(FileSystemStorage, "delete", storage_down)
    with pytest.raises(OSError), django_capture_on_commit_callbacks(execute=True):
        outbox_enqueue(task=delete_upload_files, kwargs={"names": [name]})
    message = OutboxMessage.objects.get(task=delete_upload_files.name)
    assert message.status == OutboxMessage.Status.PENDING
    assert default_storage.exists(name)

    monkeypatch.setattr(FileSystemStorage, "delete", delete)
    make_due(message)
    outbox_sweep()
    assert not default_storage.exists(name)
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.DONE


def test_the_migration_recovers_submissions_and_notices_lost_before_the_outbox(
        citizen, django_capture_on_commit_callbacks):
    """What the operator found: a receipt, but no case and no notice — and nothing retried.
    The migrations give such submissions and unsent notices their outbox message."""
    import importlib

    from django.apps import apps

    submission = antraege_services.submission_create_from_draft(
        draft=make_draft(citizen), user=citizen)  # its after-commit hand-over never ran
    lost_notice = notify(user=citizen, template="status_changed", dedup_key="lost:1")
    OutboxMessage.objects.all().delete()  # as before the outbox existed
    Notification.objects.filter(pk=lost_notice.pk).update(status=Notification.Status.FAILED)

    for module in ("jobcenter.antraege.migrations.0004_outbox_hand_over_waiting_submissions",
                   "jobcenter.notifications.migrations.0002_outbox_send_waiting_notices"):
        importlib.import_module(module).forwards(apps, None)
        importlib.import_module(module).forwards(apps, None)  # a second run adds nothing
    assert OutboxMessage.objects.count() == 2

    with django_capture_on_commit_callbacks(execute=True):
        outbox_sweep()
    assert_handed_over_once(submission)
    lost_notice.refresh_from_db()
    assert lost_notice.status == Notification.Status.SENT
