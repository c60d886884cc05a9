"""Storing a submission exactly once (docs/antraege.md): lock the draft → return the existing
submission if there is one → allocate the reference (per-year counter row, locked) → copy
the attachments → build the canonical data, fingerprint and JSON export → store it all in
one transaction, together with the outbox message that has the receipt rendered
(``handover``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import mimetypes
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jobcenter.accounts.models import User
from jobcenter.antraege import export_schema, forms_meta, receipt, selectors, sgb2_mapping
from jobcenter.antraege.models import (
    ReferenceCounter,
    Submission,
    SubmissionAttachment,
)
from jobcenter.antraege.services.sgb2_request import sgb2_request_for
from jobcenter.core import datastand
from jobcenter.formengine.display import file_ids
from jobcenter.formengine.models import Draft, Upload
from jobcenter.formengine.services import draft_mark_submitted
from jobcenter.households.models import Person
from jobcenter.outbox.services import outbox_enqueue

logger = logging.getLogger(__name__)


FORM_KEYS = ("hauptantrag", "weiterbewilligung", "veraenderung", "erstausstattung")

#: Further forms whose submissions this app stores and hands over (the concerns of
#: ``anliegen``, registered in ``config/wiring.py`` with :func:`form_register`).
_FURTHER_FORMS: set[str] = set()


def form_register(*, form_key: str) -> None:
    """Accept submissions of ``form_key`` (a form of another app, e.g. a concern)."""
    _FURTHER_FORMS.add(form_key)


def form_accepted(form_key: str) -> bool:
    return form_key in FORM_KEYS or form_key in _FURTHER_FORMS


def form_is_concern(form_key: str) -> bool:
    """A further form registered with :func:`form_register` (not one of the four
    applications)."""
    return form_key in _FURTHER_FORMS and form_key not in FORM_KEYS


class SubmissionError(ValueError):
    """A submission that cannot be stored; the message is for the person (translated)."""


class PaperAnswersInvalid(SubmissionError):
    """Answers of a paper application that the form's rules reject.

    ``problems`` maps page keys to the engine's ``FieldError``s (label and message), so the
    staff UI can show them like the engine does.
    """

    def __init__(self, message: str, problems: dict[str, list[Any]]):
        super().__init__(message)
        self.problems = problems


@dataclass(frozen=True)
class AttachmentSource:
    question_id: str
    title: str
    content_type: str
    read: Any  # callable() -> bytes
    upload_id: int | None = None


def reference_allocate(*, year: int) -> str:
    """The next reference of ``year`` (``JC-2026-000123``). Call inside a transaction.

    The counter row is created if missing (``ignore_conflicts`` makes concurrent creation
    safe) and then locked with ``SELECT … FOR UPDATE`` (PostgreSQL); SQLite serialises the
    whole write transaction (our connections begin IMMEDIATE). The unique constraint on
    ``Submission.reference`` is the last line of defence.
    """
    ReferenceCounter.objects.bulk_create(
        [ReferenceCounter(year=year, last=0)], ignore_conflicts=True
    )
    counter = ReferenceCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"JC-{year}-{counter.last:06d}"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _store(
    *,
    form_key: str,
    form_version: str,
    answers: dict[str, Any],
    channel: str,
    jobcenter_id: int,
    user: User | None,
    person: Person | None,
    entered_by: User | None,
    draft_key: str | None,
    attachments: list[AttachmentSource],
    received_on: dt.date | None = None,
) -> Submission:
    """Create the submission with its files. Runs inside the caller's transaction.

    ``received_on``: the day the application reached the Jobcenter (paper: as entered by
    staff); default the day of storing.
    """
    subject = person if channel == Submission.Channel.PAPIER else user
    form = forms_meta.definition(form_key, form_version, answers, subject=subject)
    now = timezone.now()
    local = timezone.localtime(now)
    received_on = received_on or local.date()
    reference = reference_allocate(year=local.year)
    written: list[str] = []
    try:
        stored: list[dict[str, Any]] = []
        for index, source in enumerate(attachments, start=1):
            content = source.read()
            extension = mimetypes.guess_extension(source.content_type) or ""
            name = default_storage.save(
                f"antraege/{local.year}/{reference}/anlage-{index:02d}{extension}",
                ContentFile(content),
            )
            written.append(name)
            stored.append(
                {
                    "question_id": source.question_id,
                    "title": source.title,
                    "content_type": source.content_type,
                    "sha256": _sha256(content),
                    "size": len(content),
                    "storage_name": name,
                    "upload_id": source.upload_id,
                }
            )
        nothing_changed = (
            form_key == "weiterbewilligung" and answers.get("etwas_geaendert") == "nein"
        )
        mapping = (
            sgb2_request_for(
                form_key=form_key, answers=answers, user=user, person=person, on=local.date()
            )
            if form_key in sgb2_mapping.MAPPABLE_FORMS
            else None
        )
        file_names = {s.upload_id: s.title for s in attachments if s.upload_id is not None}
        language = translation.get_language() or "de"
        shown = (
            selectors.answer_topics(form, answers, channel=channel, file_names=file_names)
            if form
            else []
        )
        data = {
            "reference": reference,
            "form_key": form_key,
            "form_version": form_version,
            "channel": channel,
            "submitted_at": now.isoformat(),
            "received_on": received_on.isoformat(),
            "jobcenter_id": jobcenter_id,
            "answers": answers,
            "attachments": [
                {k: a[k] for k in ("question_id", "title", "content_type", "sha256", "size")}
                for a in stored
            ],
        }
        fingerprint = receipt.fingerprint(data)
        export = receipt.build_export(
            data,
            schema=f"antraege/{form_key}/{form_version}",
            answers_schema=export_schema.answers_schema(form) if form else None,
            topics=shown,
            language=language,
        )
        export_name = default_storage.save(
            f"antraege/{local.year}/{reference}/export.json", ContentFile(export)
        )
        written.append(export_name)
        submission = Submission.objects.create(
            jobcenter_id=jobcenter_id,
            user=user,
            person=person,
            entered_by=entered_by,
            draft_key=draft_key,
            channel=channel,
            form_key=form_key,
            form_version=form_version,
            reference=reference,
            submitted_at=now,
            received_on=received_on,
            language=language,
            answers=answers,
            topics=shown,
            sgb2_request=mapping.request if mapping else None,
            nothing_changed=nothing_changed,
            fingerprint=fingerprint,
            export_name=export_name,
            export_sha256=_sha256(export),
            export_size=len(export),
        )
        SubmissionAttachment.objects.bulk_create(
            [
                SubmissionAttachment(
                    submission=submission,
                    question_id=a["question_id"],
                    title=a["title"],
                    content_type=a["content_type"],
                    sha256=a["sha256"],
                    storage_name=a["storage_name"],
                    size=a["size"],
                    upload_id=a["upload_id"],
                )
                for a in stored
            ]
        )
        datastand.changed(Submission, instances=[submission])  # its attachments
        # The receipt is rendered after commit, outside this transaction and its locks
        # (``handover.receipt_render``, which then hands the submission over to the eAkte);
        # the outbox message commits with the submission and is retried until done.
        from jobcenter.antraege.tasks import receipt_render  # tasks import the services

        outbox_enqueue(task=receipt_render, kwargs={"submission_id": submission.pk},
                       key=f"antraege.receipt_render:{submission.pk}")
    except BaseException:
        # Nothing half-stored stays behind: the transaction rolls back, the files go.
        for name in written:
            default_storage.delete(name)
        raise
    return submission


def submission_create_from_draft(*, draft: Any, user: User) -> Submission:
    """Store the submission of ``draft`` exactly once (double click, retry, back button).

    The draft row is locked first, so concurrent submits of the same draft queue up; the
    second finds the first's submission and returns it. The unique ``draft_key`` guards
    against everything else.
    """

    draft_key = str(draft.public_id)
    with transaction.atomic():
        locked = Draft.objects.select_for_update().get(pk=draft.pk, owner=user)
        existing = Submission.objects.filter(draft_key=draft_key).first()
        if existing is not None:
            return existing
        if not form_accepted(locked.form_key):
            raise SubmissionError(_("Dieses Formular kann hier nicht eingereicht werden."))
        answers = locked.final_answers()
        form = locked.definition
        person = getattr(user, "person", None) if hasattr(user, "person") else None
        jobcenter = user.jobcenter or locked.jobcenter
        if jobcenter is None:
            raise SubmissionError(
                _(
                    "Ihrem Konto ist noch kein Jobcenter zugeordnet. "
                    "Bitte prüfen Sie Ihre Postleitzahl im Profil."
                )
            )
        uploads = {
            u.pk: u
            for u in Upload.objects.filter(
                pk__in=[uid for _qid, uid in file_ids(form, answers)], owner=user
            )
        }
        sources: list[AttachmentSource] = []
        for question_id, upload_id in file_ids(form, answers):
            upload = uploads.get(upload_id)
            if upload is None:
                raise SubmissionError(
                    _(
                        "Eine hochgeladene Datei fehlt. "
                        "Bitte laden Sie sie auf der betreffenden Seite erneut hoch."
                    )
                )
            sources.append(
                AttachmentSource(
                    question_id=question_id,
                    title=upload.original_name,
                    content_type=upload.content_type,
                    read=lambda u=upload: _read(u.storage_name),
                    upload_id=upload.pk,
                )
            )
        try:
            with transaction.atomic():
                submission = _store(
                    form_key=locked.form_key,
                    form_version=locked.form_version,
                    answers=answers,
                    channel=Submission.Channel.ONLINE,
                    jobcenter_id=jobcenter.pk,
                    user=user,
                    person=person,
                    entered_by=None,
                    draft_key=draft_key,
                    attachments=sources,
                )
        except IntegrityError:
            existing = Submission.objects.filter(draft_key=draft_key).first()
            if existing is None:
                raise
            return existing
        draft_mark_submitted(draft=locked)
        return submission


def _read(name: str) -> bytes:
    with default_storage.open(name, "rb") as fh:
        return fh.read()
