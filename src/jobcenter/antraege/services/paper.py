"""Staff entering a paper application: the scan (checked like a citizen's upload, kept byte for
byte), the date of receipt, the answers checked with the form's rules, and the entry's
draft; stored through the same path as an online submission.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobcenter.accounts.models import User
from jobcenter.antraege import forms_meta
from jobcenter.antraege.models import (
    PaperEntry,
    Submission,
)
from jobcenter.antraege.services.submission import (
    AttachmentSource,
    PaperAnswersInvalid,
    SubmissionError,
    _read,
    _store,
    form_accepted,
    form_is_concern,
)
from jobcenter.formengine import options, registry, uploads
from jobcenter.formengine import services as engine
from jobcenter.formengine.engine import check_answers, evaluate
from jobcenter.formengine.models import Draft
from jobcenter.formengine.services import (
    draft_delete,
    draft_mark_submitted,
    prefill_answers,
    upload_file_name,
)
from jobcenter.households.models import Person

PAPER_SCAN_KINDS = {"pdf", "jpeg", "png"}  # formengine.uploads.sniff of a scan


PAPER_SCAN_MAX_BYTES = 20 * 1024 * 1024


#: The question id under which the scan of a paper application is filed.
PAPER_SCAN_QUESTION = "papierantrag"


#: No date of receipt before the SGB II came into force.
EARLIEST_RECEIPT = dt.date(2005, 1, 1)


def paper_scan_read(scan: UploadedFile) -> Any:
    """The scan checked like a citizen's upload (``formengine.uploads.inspect``: the type
    from the content, the limits per type, complete decoding of images, no active content
    in PDFs) but kept byte for byte: PDF, JPEG or PNG, ≤ 20 MB. Returns the checked file
    (``content``, ``content_type`` and the detected type's ``extension``).

    Raises SubmissionError with a message for staff.
    """

    too_large = _("Der Scan ist größer als 20 MB. Bitte scannen Sie mit geringerer Auflösung.")
    if scan.size is not None and scan.size > PAPER_SCAN_MAX_BYTES:
        raise SubmissionError(too_large)
    content = scan.read(PAPER_SCAN_MAX_BYTES + 1)
    if len(content) > PAPER_SCAN_MAX_BYTES:
        raise SubmissionError(too_large)
    if not content:
        raise SubmissionError(_("Die Datei ist leer. Bitte wählen Sie eine andere Datei."))
    if uploads.sniff(content) not in PAPER_SCAN_KINDS:
        raise SubmissionError(_("Der Scan muss eine PDF-, JPEG- oder PNG-Datei sein."))
    try:
        return uploads.inspect(content)
    except ValidationError as exc:
        raise SubmissionError(" ".join(str(m) for m in exc.messages)) from exc


def received_on_check(received_on: dt.date) -> None:
    """The date of receipt of a paper application: not in the future, not before SGB II."""
    if received_on > timezone.localdate():
        raise SubmissionError(_("Das Eingangsdatum darf nicht in der Zukunft liegen."))
    if received_on < EARLIEST_RECEIPT:
        raise SubmissionError(_("Bitte prüfen Sie das Eingangsdatum."))


def paper_answers_check(form: Any, answers: dict, *, person: Person | None = None) -> dict:
    """The answers reduced to the questions asked under them, checked with the form's
    rules; file questions are exempt (the scan carries the documents). Choices that depend
    on the answers or on the ``person`` the paper is for (their Bescheide) are built for
    that person. Raises PaperAnswersInvalid."""

    form = options.resolve(form, answers, subject=person)
    answers = evaluate(form, answers).effective
    files = {q.id for q in form.questions.values() if q.type == "file"}
    problems = {
        page: errors
        for page, errors in (
            (page, [e for e in errors if e.name.split("-")[-1] not in files])
            for page, errors in check_answers(form, answers).items()
        )
        if errors
    }
    if problems:
        first = next(iter(problems.values()))[0]
        raise PaperAnswersInvalid(
            _("Die Angaben sind unvollständig oder fehlerhaft: %(label)s – %(message)s")
            % {"label": first.label, "message": first.message},
            problems,
        )
    return answers


def _paper_checks(*, entered_by: User, person: Person, form_key: str) -> None:
    if not entered_by.is_staff_member or entered_by.jobcenter_id is None:
        raise SubmissionError(_("Nur Beschäftigte eines Jobcenters können Papieranträge erfassen."))
    if person.jobcenter_id != entered_by.jobcenter_id:
        raise SubmissionError(_("Die Person gehört nicht zu Ihrem Jobcenter."))
    if not form_accepted(form_key):
        raise SubmissionError(_("Unbekanntes Formular."))


def paper_start_check(*, person: Person, form_key: str, form_title: str) -> None:
    """The start check of a concern (``formengine.registry.register_start_check``, e.g.
    "only with a current Bewilligung") applied to the person the paper is for — the same
    check the citizen meets online. Raises SubmissionError with a message for staff.

    The checks read what the person's online account shows (their Bescheide); a person
    without an account has none to check, and staff decide on the case. The four
    applications are exempt: on paper a Weiterbewilligung may also follow a Bescheid sent
    by post, which the account need not show."""

    if not form_is_concern(form_key) or person.user is None:
        return
    check = registry.start_check(form_key, person.user)
    if check is not None and not check.allowed:
        raise SubmissionError(
            _("„%(form)s“ kann für %(person)s nicht erfasst werden: Die Voraussetzung für "
              "dieses Anliegen ist nicht erfüllt. Online sieht die Person dazu: „%(text)s“")
            % {"form": form_title, "person": str(person), "text": check.text}
        )


def submission_create_paper(
    *,
    entered_by: User,
    person: Person,
    form_key: str,
    answers: dict,
    scan: UploadedFile,
    received_on: dt.date | None = None,
    draft_key: str | None = None,
) -> Submission:
    """Store a paper application entered by Jobcenter staff (channel "papier").

    The scan of the paper form becomes the first attachment; receipt, export and the
    ``submission.received`` event follow the same path as online submissions.
    ``received_on`` is the date of receipt (default today); ``draft_key`` (the staff
    draft's key) makes a repeated call return the first submission.
    """
    _paper_checks(entered_by=entered_by, person=person, form_key=form_key)
    if received_on is not None:
        received_on_check(received_on)
    if draft_key is not None:
        existing = Submission.objects.filter(draft_key=draft_key).first()
        if existing is not None:
            return existing

    checked = paper_scan_read(scan)
    form = forms_meta.definition(form_key, None)
    if form is None:
        raise SubmissionError(_("Unbekanntes Formular."))
    answers = paper_answers_check(form, answers, person=person)
    source = AttachmentSource(
        question_id=PAPER_SCAN_QUESTION,
        title=upload_file_name(scan.name or _("Scan des Papierantrags"), checked.extension),
        content_type=checked.content_type,
        read=lambda: checked.content,
    )
    try:
        with transaction.atomic():
            return _store(
                form_key=form_key,
                form_version=form.version,
                answers=answers,
                channel=Submission.Channel.PAPIER,
                jobcenter_id=person.jobcenter_id,
                user=person.user,
                person=person,
                entered_by=entered_by,
                draft_key=draft_key,
                attachments=[source],
                received_on=received_on,
            )
    except IntegrityError:
        existing = Submission.objects.filter(draft_key=draft_key).first() if draft_key else None
        if existing is None:
            raise
        return existing


def paper_draft_subject(draft: Draft) -> Person | None:
    """The person a staff draft is about: the person of its paper entry (registered with
    ``formengine.options.register_draft_subject`` in ``config/wiring.py``)."""
    entry = PaperEntry.objects.select_related("person").filter(draft=draft).first()
    return entry.person if entry is not None else None


def paper_prefill(*, form: Any, person: Person) -> dict[str, Any]:
    """Start answers for ``person`` (name, birth date, address, household, the current
    state of earlier applications), like the citizen flow's prefill — from the person's
    records, never from the staff member's own profile."""

    return prefill_answers(form, person, registers=False)


def paper_entry_start(
    *,
    entered_by: User,
    person: Person,
    form_key: str,
    received_on: dt.date,
    scan: UploadedFile,
) -> PaperEntry:
    """Begin entering a paper application: checks, the scan (checked like a citizen's
    upload, stored unchanged after the virus scan) and a staff draft prefilled for the
    person. Raises SubmissionError, or ``formengine.services.UploadRateLimited``."""

    _paper_checks(entered_by=entered_by, person=person, form_key=form_key)
    received_on_check(received_on)
    form = forms_meta.definition(form_key, None)
    if form is None:
        raise SubmissionError(_("Unbekanntes Formular."))
    paper_start_check(person=person, form_key=form_key,
                      form_title=forms_meta.title(form_key, received_on))
    engine.upload_rate_check(user=entered_by)  # raises UploadRateLimited (HTTP 429)
    checked = paper_scan_read(scan)
    with transaction.atomic():
        draft = engine.draft_start_for_staff(
            user=entered_by, form=form, answers=paper_prefill(form=form, person=person)
        )
        try:
            upload = engine.upload_store_verbatim(
                draft=draft,
                question_id=PAPER_SCAN_QUESTION,
                file_name=scan.name or "",
                content=checked.content,
                content_type=checked.content_type,
                extension=checked.extension,
            )
        except ValidationError as exc:
            raise SubmissionError(" ".join(str(m) for m in exc.messages)) from exc
        return PaperEntry.objects.create(
            jobcenter_id=entered_by.jobcenter_id,
            entered_by=entered_by,
            person=person,
            draft=draft,
            scan=upload,
            received_on=received_on,
        )


def paper_entry_submit(*, entry: PaperEntry, user: User) -> Submission:
    """"Erfassen": store the entry's submission exactly once (double click, retry, back
    button all return the first one). Raises SubmissionError / PaperAnswersInvalid."""

    with transaction.atomic():
        locked = (
            PaperEntry.objects.select_for_update(of=("self",))
            .select_related("person__jobcenter", "person__user", "scan")
            .get(pk=entry.pk)
        )
        if locked.submission_id is not None:
            return locked.submission
        draft = Draft.objects.select_for_update().get(pk=locked.draft_id)
        scan = ContentFile(_read(locked.scan.storage_name), name=locked.scan.original_name)
        submission = submission_create_paper(
            entered_by=user,
            person=locked.person,
            form_key=draft.form_key,
            answers=draft.answers,
            scan=scan,
            received_on=locked.received_on,
            draft_key=str(draft.public_id),
        )
        locked.submission = submission
        locked.save(update_fields=["submission"])
        draft_mark_submitted(draft=draft)
        return submission


def paper_entry_discard(*, entry: PaperEntry) -> None:
    """Throw away an entry that was not stored: its draft, the scan and the entry."""

    with transaction.atomic():
        locked = PaperEntry.objects.select_for_update().filter(pk=entry.pk).first()
        if locked is None or locked.submission_id is not None:
            return
        draft_delete(draft=locked.draft)
