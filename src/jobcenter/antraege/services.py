"""Writes of the antraege app: storing a submission (online or paper) exactly once.

The pipeline (docs/antraege.md): lock the draft → return the existing submission if there is
one → allocate the reference (per-year counter row, locked) → copy the attachments →
build the canonical data, fingerprint, JSON export and the PDF/A receipt → store it all in
one transaction, together with the outbox message of the hand-over → the Celery task
``submission_received`` publishes ``submission.received`` and sends the e-mail notice (both
exactly once, ``submission_hand_over``).
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
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jobcenter.accounts.models import User
from jobcenter.antraege import export_schema, forms_meta, receipt, selectors, sgb2_mapping
from jobcenter.antraege.models import (
    PaperEntry,
    ReferenceCounter,
    Submission,
    SubmissionAttachment,
)
from jobcenter.core import events
from jobcenter.formengine.display import file_ids
from jobcenter.households.models import Person
from jobcenter.notifications.services import notify
from jobcenter.outbox.services import outbox_enqueue

logger = logging.getLogger(__name__)

FORM_KEYS = ("hauptantrag", "weiterbewilligung", "veraenderung", "erstausstattung")
PAPER_SCAN_KINDS = {"pdf", "jpeg", "png"}  # formengine.uploads.sniff of a scan
PAPER_SCAN_MAX_BYTES = 20 * 1024 * 1024
#: The question id under which the scan of a paper application is filed.
PAPER_SCAN_QUESTION = "papierantrag"
#: No date of receipt before the SGB II came into force.
EARLIEST_RECEIPT = dt.date(2005, 1, 1)


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


def _leistungsbeginn(user: User | None, person: Person | None, on: dt.date) -> dt.date:
    """First month of receipt: the month of the earliest Hauptantrag we hold, else ``on``."""
    qs = Submission.objects.filter(form_key="hauptantrag")
    if user is not None:
        qs = qs.filter(user=user)
    elif person is not None:
        qs = qs.filter(person=person)
    else:
        return on
    first = qs.order_by("submitted_at").values_list("submitted_at", flat=True).first()
    return timezone.localtime(first).date() if first else on


def base_answers_for(*, user: User | None, person: Person | None) -> dict[str, Any]:
    """The current state: answers of the latest Hauptantrag/WBA/VÄM merged in order."""
    qs = Submission.objects.filter(form_key__in=sgb2_mapping.MAPPABLE_FORMS)
    if user is not None:
        qs = qs.filter(user=user)
    elif person is not None:
        qs = qs.filter(person=person)
    else:
        return {}
    state: dict[str, Any] = {}
    for form_key, answers in qs.order_by("submitted_at", "pk").values_list("form_key", "answers"):
        if form_key == "weiterbewilligung" and answers.get("etwas_geaendert") == "nein":
            continue
        state = sgb2_mapping.current_state(answers, state)
    return state


def sgb2_request_for(
    *, form_key: str, answers: dict[str, Any], user: User | None, person: Person | None, on: dt.date
) -> sgb2_mapping.MappingResult:
    base = base_answers_for(user=user, person=person) if form_key != "hauptantrag" else None
    return sgb2_mapping.map_answers(
        form_key, answers, on=on, base=base, leistungsbeginn=_leistungsbeginn(user, person, on)
    )


def _store(
    *,
    form_key: str,
    form_version: str,
    answers: dict[str, Any],
    channel: str,
    jobcenter_id: int,
    jobcenter_name: str,
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
    form = forms_meta.definition(form_key, form_version, answers)
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
        pdf = receipt.render_receipt(
            reference=reference,
            form_title=forms_meta.title(form_key, local.date()),
            form_version=form_version,
            jobcenter=jobcenter_name,
            submitted_at_display=_received_display(received_on, local),
            channel_display=str(Submission.Channel(channel).label),
            topics=shown,
            attachments=stored,
            fingerprint_value=fingerprint,
            language=language,
            timestamp=int(now.timestamp()),
        )
        receipt_name = default_storage.save(
            f"antraege/{local.year}/{reference}/eingangsbestaetigung.pdf", ContentFile(pdf)
        )
        written.append(receipt_name)
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
            receipt_name=receipt_name,
            receipt_sha256=_sha256(pdf),
            receipt_size=len(pdf),
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
        # The hand-over to the eAkte commits with the submission (the outbox publishes it
        # after commit and hands it over again until it is done).
        from jobcenter.antraege.tasks import submission_received

        outbox_enqueue(task=submission_received, kwargs={"submission_id": submission.pk},
                       key=f"antraege.submission_received:{submission.pk}")
    except BaseException:
        # Nothing half-stored stays behind: the transaction rolls back, the files go.
        for name in written:
            default_storage.delete(name)
        raise
    return submission


def _received_display(received_on: dt.date, stored: dt.datetime) -> str:
    """"24.11.2026 18:34:00 CET", or for a paper form received earlier
    "03.11.2026 (erfasst am 24.11.2026 18:34:00 CET)"."""
    moment = stored.strftime("%d.%m.%Y %H:%M:%S %Z")
    if received_on == stored.date():
        return moment
    return _("%(day)s (erfasst am %(moment)s)") % {
        "day": received_on.strftime("%d.%m.%Y"),
        "moment": moment,
    }


def submission_create_from_draft(*, draft: Any, user: User) -> Submission:
    """Store the submission of ``draft`` exactly once (double click, retry, back button).

    The draft row is locked first, so concurrent submits of the same draft queue up; the
    second finds the first's submission and returns it. The unique ``draft_key`` guards
    against everything else.
    """
    from jobcenter.formengine.models import Draft, Upload
    from jobcenter.formengine.services import draft_mark_submitted

    draft_key = str(draft.public_id)
    with transaction.atomic():
        locked = Draft.objects.select_for_update().get(pk=draft.pk, owner=user)
        existing = Submission.objects.filter(draft_key=draft_key).first()
        if existing is not None:
            return existing
        if locked.form_key not in FORM_KEYS:
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
                    jobcenter_name=jobcenter.name,
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


#: the Veränderungsmitteilung's answers for a new bank account from the profile
BANK_CHANGE_FORM = "veraenderung"


def bank_account_change(*, user: User, iban: str, key: str) -> Submission:
    """A new bank account entered in the profile, sent as a Veränderungsmitteilung
    ("Neue Bankverbindung", valid from today): the same path as the form — reference,
    receipt, export, hand-over to the eAkte — so the caseworker finds it in the case list
    like any other notification of changes.

    ``key`` (a random token of the profile page, ≤ 48 characters) makes it idempotent: a
    double click or a retry returns the first submission. The IBAN is checked by the
    form's own rules (``iban`` type: checksum and country format, schwifty).
    """
    if not user.is_citizen:
        raise SubmissionError(_("Nur Kundinnen und Kunden können eine Bankverbindung ändern."))
    draft_key = f"profil-konto:{key}"[:64]
    existing = Submission.objects.filter(draft_key=draft_key, user=user).first()
    if existing is not None:
        return existing
    form = forms_meta.definition(BANK_CHANGE_FORM, None)
    if form is None:
        raise SubmissionError(_("Unbekanntes Formular."))
    jobcenter = user.jobcenter
    if jobcenter is None:
        raise SubmissionError(
            _("Ihrem Konto ist noch kein Jobcenter zugeordnet. "
              "Bitte prüfen Sie Ihre Postleitzahl im Profil."))
    answers = paper_answers_check(form, {
        "aenderungen": ["konto"],
        "aenderung_ab": timezone.localdate().isoformat(),
        "iban": iban,
    })
    person = getattr(user, "person", None) if hasattr(user, "person") else None
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()  # one change at a time
        existing = Submission.objects.filter(draft_key=draft_key).first()
        if existing is not None:
            return existing
        return _store(
            form_key=form.key,
            form_version=form.version,
            answers=answers,
            channel=Submission.Channel.ONLINE,
            jobcenter_id=jobcenter.pk,
            jobcenter_name=jobcenter.name,
            user=user,
            person=person,
            entered_by=None,
            draft_key=draft_key,
            attachments=[],
        )


def _read(name: str) -> bytes:
    with default_storage.open(name, "rb") as fh:
        return fh.read()


def paper_scan_read(scan: UploadedFile) -> Any:
    """The scan checked like a citizen's upload (``formengine.uploads.inspect``: the type
    from the content, the limits per type, complete decoding of images, no active content
    in PDFs) but kept byte for byte: PDF, JPEG or PNG, ≤ 20 MB. Returns the checked file
    (``content``, ``content_type`` and the detected type's ``extension``).

    Raises SubmissionError with a message for staff.
    """
    from django.core.exceptions import ValidationError

    from jobcenter.formengine import uploads

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


def paper_answers_check(form: Any, answers: dict) -> dict:
    """The answers reduced to the questions asked under them, checked with the form's
    rules; file questions are exempt (the scan carries the documents). Raises
    PaperAnswersInvalid."""
    from jobcenter.formengine import options
    from jobcenter.formengine.engine import check_answers, evaluate

    form = options.resolve(form, answers)  # choices built from the answers (persons)
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
    if form_key not in FORM_KEYS:
        raise SubmissionError(_("Unbekanntes Formular."))


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
    from jobcenter.formengine.services import upload_file_name

    checked = paper_scan_read(scan)
    form = forms_meta.definition(form_key, None)
    if form is None:
        raise SubmissionError(_("Unbekanntes Formular."))
    answers = paper_answers_check(form, answers)
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
                jobcenter_name=person.jobcenter.name,
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


# --- staff entering a paper application -----------------------------------------------


def paper_prefill(*, form: Any, person: Person) -> dict[str, Any]:
    """Start answers for ``person`` (name, birth date, address, household, the current
    state of earlier applications), like the citizen flow's prefill — from the person's
    records, never from the staff member's own profile."""
    from jobcenter.formengine.services import prefill_answers

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
    from django.core.exceptions import ValidationError

    from jobcenter.formengine import services as engine

    _paper_checks(entered_by=entered_by, person=person, form_key=form_key)
    received_on_check(received_on)
    form = forms_meta.definition(form_key, None)
    if form is None:
        raise SubmissionError(_("Unbekanntes Formular."))
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
    from jobcenter.formengine.models import Draft
    from jobcenter.formengine.services import draft_mark_submitted

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
    from jobcenter.formengine.services import draft_delete

    with transaction.atomic():
        locked = PaperEntry.objects.select_for_update().filter(pk=entry.pk).first()
        if locked is None or locked.submission_id is not None:
            return
        draft_delete(draft=locked.draft)


def submission_hand_over(*, submission_id: int) -> None:
    """Publish ``submission.received`` once, then notify the citizen once.

    One transaction with the submission row locked: the eAkte's case, the other
    subscribers' work, ``handed_over_at`` and the notice commit together or not at all, and a
    second run (a duplicate delivery) waits for the first and then finds it handed over.
    """
    with transaction.atomic():
        submission = (
            Submission.objects.select_for_update(of=("self",)).select_related("user")
            .filter(pk=submission_id).first()
        )
        if submission is None:
            return
        if submission.handed_over_at is None:
            events.publish("submission.received", submission_id=submission.pk)
            submission.handed_over_at = timezone.now()
            submission.save(update_fields=["handed_over_at"])
        if submission.user is not None and submission.user.email:
            # No personal data: the notice says only that the application arrived and links
            # to it; the same submission is notified once (notifications de-duplicates).
            notify(
                user=submission.user,
                template="submission_received",
                dedup_key=f"submission:{submission.pk}",
                link_path=reverse("antraege:detail", kwargs={"reference": submission.reference}),
            )

