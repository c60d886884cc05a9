"""Reads of the antraege app, including the hand-over read API for the eAkte."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext_noop

from jobcenter.antraege import forms_meta
from jobcenter.antraege.intake import IntakeDocument, SubmissionForIntake
from jobcenter.antraege.models import Submission
from jobcenter.core.access import scope
from jobcenter.formengine import display
from jobcenter.formengine.definition import FormDefinition

__all__ = ["IntakeDocument", "SubmissionForIntake", "submission_for_intake", "submissions_for_user"]


def submissions_for_user(user) -> QuerySet[Submission]:
    """The submissions ``user`` may see (own ones for citizens), newest first."""
    return scope(Submission.objects.all(), user).order_by("-submitted_at", "-pk")


def answer_topics(
    form: FormDefinition, answers: dict[str, Any], *, channel: str, file_names: dict[Any, str]
) -> list[list[Any]]:
    """The answers per page as the citizen confirmed them on "Angaben prüfen" (the form
    engine's one display, ``formengine.display``), in the active language. A paper
    application asks no file questions (the scan carries the documents)."""
    sections = display.answer_sections(
        form, answers, file_names=file_names, ask_files=channel != Submission.Channel.PAPIER
    )
    return display.as_topics(sections)


def submission_subject(submission: Submission) -> Any:
    """Whom a submission's answers are about (``formengine.options``): the person of a
    paper application, else the citizen's account."""
    if submission.channel == Submission.Channel.PAPIER:
        return submission.person
    return submission.user


def submission_topics(submission: Submission) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """The answers grouped by page, in the active language (stored snapshot as fallback)."""
    form = forms_meta.definition(submission.form_key, submission.form_version,
                                 submission.answers, subject=submission_subject(submission))
    if form is None or form.version != submission.form_version:
        raw = submission.topics
    else:
        names = {
            a.upload_id: a.title for a in submission.attachments.all() if a.upload_id is not None
        }
        raw = answer_topics(
            form, submission.answers, channel=submission.channel, file_names=names
        )
    return [(key, title, [(label, value) for label, value in rows]) for key, title, rows in raw]


def submission_topics_by_id(submission_id: int) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """:func:`submission_topics` of a submission known by its id (the eAkte's link to it);
    empty if it does not exist. Not scoped: the caller decided the reader may see it."""
    submission = Submission.objects.prefetch_related("attachments").filter(pk=submission_id)
    found = submission.first()
    return submission_topics(found) if found is not None else []


def submission_for_intake(submission_id: int) -> SubmissionForIntake:
    """Everything the eAkte needs to file one submission (raises Submission.DoesNotExist).

    Called by the ``submission.received`` subscriber (no request user): it is not scoped;
    the caller is the system. Texts follow the active language.
    """
    submission = Submission.objects.prefetch_related("attachments").get(pk=submission_id)
    with translation.override(translation.get_language() or submission.language or "de"):
        topics = submission_topics(submission)
    return SubmissionForIntake(
        submission_id=submission.pk,
        reference=submission.reference,
        form_key=submission.form_key,
        form_version=submission.form_version,
        channel=submission.channel,
        user_id=submission.user_id,
        person_id=submission.person_id,
        jobcenter_id=submission.jobcenter_id,
        submitted_at=submission.submitted_at,
        received_on=submission.received_on,
        answers=submission.answers,
        topics=topics,
        sgb2_request=submission.sgb2_request,
        nothing_changed=submission.nothing_changed,
        receipt=IntakeDocument(
            title=gettext_noop("Eingangsbestätigung"),  # stored German, shown |translated
            content_type="application/pdf",
            sha256=submission.receipt_sha256,
            storage_name=submission.receipt_name,
            size=submission.receipt_size,
        ),
        export=IntakeDocument(
            title=gettext_noop("Antragsdaten (JSON-Datei)"),
            content_type="application/json",
            sha256=submission.export_sha256,
            storage_name=submission.export_name,
            size=submission.export_size,
        ),
        attachments=[
            IntakeDocument(
                title=a.title,
                content_type=a.content_type,
                sha256=a.sha256,
                storage_name=a.storage_name,
                size=a.size,
                question_id=a.question_id or None,
            )
            for a in submission.attachments.all()
        ],
    )
