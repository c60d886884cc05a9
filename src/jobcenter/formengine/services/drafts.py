"""Writes of the form engine: drafts, uploads, funnel counts."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import time
import uuid
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from jobcenter.formengine import scanning, uploads
from jobcenter.formengine.definition import FormDefinition
from jobcenter.formengine.engine import PageResult, normalize_prefill
from jobcenter.formengine.models import Draft, FunnelCount, Upload
from jobcenter.formengine.options import resolve_question
from jobcenter.formengine.prefill import PrefillContext, item_value
from jobcenter.outbox.services import outbox_enqueue

logger = logging.getLogger(__name__)


def retention_days() -> int:
    return int(getattr(settings, "FORMENGINE_DRAFT_RETENTION_DAYS", 30))


def warning_days() -> int:
    return int(getattr(settings, "FORMENGINE_EXPIRY_WARNING_DAYS", 7))


def upload_max_bytes() -> int:
    return int(getattr(settings, "FORMENGINE_UPLOAD_MAX_BYTES", 10 * 1024 * 1024))


def upload_quota_bytes() -> int:
    return int(getattr(settings, "FORMENGINE_UPLOAD_QUOTA_BYTES", 100 * 1024 * 1024))


def upload_rate() -> tuple[int, int]:
    """(uploads, seconds): how many files one account may send per window."""
    return (int(getattr(settings, "FORMENGINE_UPLOAD_RATE_LIMIT", 40)),
            int(getattr(settings, "FORMENGINE_UPLOAD_RATE_WINDOW_SECONDS", 600)))


def _expiry() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=retention_days())


# --- funnel ----------------------------------------------------------------------------


def funnel_record(*, form_key: str, form_version: str, event: str, page_key: str = "") -> None:
    """Count one anonymous event (no user, no answers) for today."""
    day = timezone.localdate()
    lookup = {
        "day": day,
        "form_key": form_key,
        "form_version": form_version,
        "page_key": page_key,
        "event": event,
    }
    with transaction.atomic():
        updated = FunnelCount.objects.filter(**lookup).update(count=F("count") + 1)
        if updated:
            return
        try:
            with transaction.atomic():
                FunnelCount.objects.create(**lookup, count=1)
        except IntegrityError:
            FunnelCount.objects.filter(**lookup).update(count=F("count") + 1)


# --- drafts ----------------------------------------------------------------------------


def prefill_answers(form: FormDefinition, user: Any, *, registers: bool = True) -> dict:
    """The answers the registered providers propose for ``user`` (the subject: a citizen's
    account, or a ``households.Person`` when staff enter a paper application — then
    ``registers=False``: register adapters need the citizen's own consent)."""
    context = PrefillContext(user, registers=registers)
    answers: dict = {}
    for page in form.pages:
        for q in page.questions:
            if not q.prefill:
                continue
            value = context.value(q.prefill)
            if q.is_group:
                if not isinstance(value, list):
                    continue
                items = []
                for source in value[: q.group_max]:
                    item = {}
                    for inner in q.questions:
                        if inner.prefill and isinstance(source, dict):
                            # choices from earlier answers (e.g. the household's persons)
                            inner = resolve_question(inner, answers)
                            v = normalize_prefill(inner, item_value(source, inner.prefill))
                            if v is not None:
                                item[inner.id] = v
                    items.append(item)
                if items:
                    answers[q.id] = items
            else:
                v = normalize_prefill(resolve_question(q, answers), value)
                if v is not None:
                    answers[q.id] = v
    return answers


def _jobcenter_for(user: Any):
    if getattr(user, "jobcenter_id", None):
        return user.jobcenter
    from jobcenter.jobcenters.selectors import jobcenter_for_postcode

    return jobcenter_for_postcode(user.postcode) if getattr(user, "postcode", "") else None


@transaction.atomic
def draft_start(*, user: Any, form: FormDefinition, answers: dict | None = None) -> Draft:
    """A new draft of ``form`` for ``user``, prefilled from the registered providers.

    ``answers`` (optional) start values that take precedence over the prefill (e.g. the
    owning app's "start from the current state").
    """
    start = prefill_answers(form, user)
    start.update(answers or {})
    draft = Draft.objects.create(
        owner=user,
        jobcenter=_jobcenter_for(user),
        form_key=form.key,
        form_version=form.version,
        answers=start,
        current_page=form.pages[0].key,
        expires_at=_expiry(),
    )
    funnel_record(form_key=form.key, form_version=form.version, event=FunnelCount.Event.STARTED)
    return draft


@transaction.atomic
def draft_start_for_staff(*, user: Any, form: FormDefinition, answers: dict) -> Draft:
    """A draft a staff member fills in on behalf of a person (paper application).

    Owned by the staff member, in their Jobcenter; ``answers`` are the start values (the
    caller's prefill for the person — never the staff member's own profile); not counted
    in the funnel.
    """
    return Draft.objects.create(
        owner=user,
        jobcenter_id=user.jobcenter_id,
        form_key=form.key,
        form_version=form.version,
        answers=answers,
        current_page=form.pages[0].key,
        expires_at=_expiry(),
        entered_by_staff=True,
    )


class DraftConflict(Exception):
    """The same page was saved in another window since this one was shown."""


@transaction.atomic
def draft_save_page(
    *,
    draft: Draft,
    page_key: str,
    result: PageResult,
    base_version: int,
    next_page: str,
    force: bool = False,
) -> Draft:
    """Store the answers of one page (merging with saves of other pages made meanwhile).

    Raises :class:`DraftConflict` when this page was saved after ``base_version`` (two
    tabs on the same page) unless ``force`` (the citizen confirmed to overwrite).
    """
    locked = Draft.objects.select_for_update().get(pk=draft.pk)
    if locked.status != Draft.Status.OPEN:
        raise DraftConflict("submitted")
    saved_at = int((locked.page_versions or {}).get(page_key, 0))
    if not force and saved_at > base_version:
        raise DraftConflict(page_key)
    form = locked.definition
    page = form.page(page_key)
    answers = dict(locked.answers)
    own_ids = {q.id for q in page.questions}
    for qid in own_ids:
        if qid in result.answers:
            answers[qid] = result.answers[qid]
        else:
            answers.pop(qid, None)
    pending = {
        k: v for k, v in (locked.pending_input or {}).items() if k.split("-")[0] not in own_ids
    }
    pending.update(result.pending)
    locked.version += 1
    locked.answers = answers
    locked.pending_input = pending
    locked.page_versions = {**(locked.page_versions or {}), page_key: locked.version}
    locked.current_page = next_page
    locked.expires_at = _expiry()
    locked.save()
    return locked


@transaction.atomic
def draft_touch_page(*, draft: Draft, page_key: str) -> Draft:
    """Note that the citizen reached ``page_key`` (funnel: counted once per draft)."""
    locked = Draft.objects.select_for_update().get(pk=draft.pk)
    reached = list(locked.reached_pages or [])
    if page_key not in reached:
        reached.append(page_key)
        locked.reached_pages = reached
        locked.save(update_fields=["reached_pages"])
        if not locked.entered_by_staff:
            funnel_record(
                form_key=locked.form_key,
                form_version=locked.form_version,
                event=FunnelCount.Event.PAGE_REACHED,
                page_key=page_key,
            )
    return locked


@transaction.atomic
def draft_set_answers(*, draft: Draft, answers: dict) -> Draft:
    """Replace the answers (used by upload changes and the owning app)."""
    locked = Draft.objects.select_for_update().get(pk=draft.pk)
    locked.answers = answers
    locked.version += 1
    locked.expires_at = _expiry()
    locked.save()
    return locked


@transaction.atomic
def draft_mark_submitted(*, draft: Draft) -> Draft:
    """Called by the submit handler once its submission is stored (idempotent)."""
    locked = Draft.objects.select_for_update().get(pk=draft.pk)
    if locked.status == Draft.Status.SUBMITTED:
        return locked
    locked.status = Draft.Status.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.pending_input = {}
    locked.save()
    if not locked.entered_by_staff:
        funnel_record(
            form_key=locked.form_key,
            form_version=locked.form_version,
            event=FunnelCount.Event.SUBMITTED,
        )
    return locked


def _delete_upload_files(names: list[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:  # a file that is already gone is fine; the row is gone either way
            logger.warning("could not delete upload file %s", name)


def upload_files_delete(*, names: list[str]) -> None:
    """Delete stored upload files; a file that is already gone counts as deleted. Raises if
    the storage fails, so that the outbox tries again."""
    for name in names:
        default_storage.delete(name)


def _delete_upload_files_after_commit(names: list[str]) -> None:
    """The files of deleted upload rows go after commit, through the outbox: a crash between
    the commit and the deletion leaves no personal document behind for good."""
    from jobcenter.formengine.tasks import delete_upload_files

    outbox_enqueue(task=delete_upload_files, kwargs={"names": names})


@transaction.atomic
def draft_delete(*, draft: Draft) -> None:
    """Delete a draft and its uploads (files after commit). An open draft counts as abandoned."""
    locked = Draft.objects.select_for_update().filter(pk=draft.pk).first()
    if locked is None:
        return
    if locked.status == Draft.Status.OPEN and not locked.entered_by_staff:
        funnel_record(
            form_key=locked.form_key,
            form_version=locked.form_version,
            event=FunnelCount.Event.ABANDONED,
        )
    uploads_qs = Upload.objects.filter(draft=locked)
    names = list(uploads_qs.values_list("storage_name", flat=True))
    uploads_qs.delete()
    locked.delete()
    if names:
        _delete_upload_files_after_commit(names)


def drafts_purge_expired(*, now: dt.datetime | None = None) -> int:
    """Delete every open draft past its expiry, with its uploads. Safe to run twice."""
    now = now or timezone.now()
    count = 0
    for draft in Draft.objects.filter(status=Draft.Status.OPEN, expires_at__lte=now).iterator():
        draft_delete(draft=draft)
        count += 1
    return count


# --- uploads ---------------------------------------------------------------------------


class UploadRateLimited(ValidationError):
    """Too many uploads from one account in the current window (answer with HTTP 429)."""

    def __init__(self, retry_after: int):
        minutes = max(1, -(-retry_after // 60))
        super().__init__(
            ngettext(
                "Sie haben in kurzer Zeit sehr viele Dateien hochgeladen. Bitte warten Sie "
                "%(minutes)s Minute und versuchen Sie es dann noch einmal.",
                "Sie haben in kurzer Zeit sehr viele Dateien hochgeladen. Bitte warten Sie "
                "%(minutes)s Minuten und versuchen Sie es dann noch einmal.",
                minutes,
            )
            % {"minutes": minutes},
            code="rate",
        )
        self.retry_after = retry_after


def upload_rate_check(*, user: Any) -> None:
    """Count one upload attempt of ``user`` (every upload path, before any checking work)
    in the shared cache; raise :class:`UploadRateLimited` beyond the limit. A fixed window
    per account: at most ``FORMENGINE_UPLOAD_RATE_LIMIT`` files per
    ``FORMENGINE_UPLOAD_RATE_WINDOW_SECONDS``."""
    limit, window = upload_rate()
    now = time.time()
    key = f"formengine:upload-rate:{user.pk}:{int(now // window)}"
    cache.add(key, 0, timeout=window + 60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 60)
        count = 1
    if count > limit:
        logger.info("upload rate limit reached for user %s", user.pk)
        raise UploadRateLimited(retry_after=int(window - now % window) + 1)


def _quota_error() -> ValidationError:
    return ValidationError(
        _(
            "Ihr Speicherplatz für Nachweise ist voll (höchstens %(mb)s MB). Bitte löschen Sie "
            "nicht mehr benötigte Dateien oder Entwürfe."
        )
        % {"mb": f"{upload_quota_bytes() / (1024 * 1024):g}"},
        code="quota",
    )


def _quota_used(owner_id: int) -> int:
    return Upload.objects.filter(owner_id=owner_id).aggregate(total=Sum("size"))["total"] or 0


def _read_limited(file: UploadedFile, limit: int) -> bytes:
    if file.size is not None and file.size > limit:
        raise ValidationError(_too_large(limit), code="too_large")
    data = b""
    for chunk in file.chunks():
        data += chunk
        if len(data) > limit:
            raise ValidationError(_too_large(limit), code="too_large")
    return data


def _too_large(limit: int) -> str:
    return _("Diese Datei ist zu groß. Erlaubt sind höchstens %(mb)s MB je Datei.") % {
        "mb": f"{limit / (1024 * 1024):g}".replace(".", ",")
    }


def _same_upload(draft: Draft, question_id: str, source_sha: str) -> Upload | None:
    """The draft's upload of the same bytes for the same question (a retried or doubled
    upload returns it instead of storing the file twice)."""
    return Upload.objects.filter(
        draft=draft, question_id=question_id, source_sha256=source_sha
    ).first()


def upload_create(*, draft: Draft, question_id: str, file: UploadedFile) -> Upload:
    """Check, sanitise, scan and store one file for ``question_id`` of ``draft``.

    The same file sent twice for the same question (double click, retry) returns the
    existing upload. Raises ValidationError with a message for the citizen.
    """
    upload_rate_check(user=draft.owner)
    data = _read_limited(file, upload_max_bytes())
    if not data:
        raise ValidationError(
            _("Die Datei ist leer. Bitte wählen Sie eine andere Datei."), code="empty"
        )
    source_sha = hashlib.sha256(data).hexdigest()
    existing = _same_upload(draft, question_id, source_sha)
    if existing:
        return existing
    if _quota_used(draft.owner_id) >= upload_quota_bytes():
        raise _quota_error()  # full already: spare the checking work
    clean = uploads.sanitize(data)
    result = upload_scan(clean.content)
    original = upload_file_name(getattr(file, "name", ""), clean.extension)
    return _upload_save(
        draft=draft,
        question_id=question_id,
        original=original,
        content=clean.content,
        content_type=clean.content_type,
        extension=clean.extension,
        source_sha=source_sha,
        result=result,
    )


def upload_store_verbatim(
    *, draft: Draft, question_id: str, file_name: str, content: bytes, content_type: str,
    extension: str,
) -> Upload:
    """Store ``content`` unchanged for ``draft`` after the virus scan (no re-encoding).

    For documents whose bytes must stay as received, such as the scan of a paper
    application; the caller has checked the content with ``uploads.inspect`` (the same
    checks as :func:`upload_create`, without re-encoding) and passes the detected type and
    extension. The same content for the same question returns the existing upload. Raises
    ValidationError like :func:`upload_create` for infected files or a failed scan.
    """
    source_sha = hashlib.sha256(content).hexdigest()
    existing = _same_upload(draft, question_id, source_sha)
    if existing:
        return existing
    return _upload_save(
        draft=draft,
        question_id=question_id,
        original=upload_file_name(file_name, extension),
        content=content,
        content_type=content_type,
        extension=extension,
        source_sha=source_sha,
        result=upload_scan(content),
    )


def upload_scan(content: bytes) -> scanning.ScanResult:
    """Scan ``content`` with the configured scanner; raise ValidationError (with a message
    for the person) when it is infected or could not be scanned."""
    result = scanning.get_scanner().scan(content)
    if result.status == scanning.INFECTED:
        logger.warning("upload refused: malware signature %s", result.detail)
        raise ValidationError(
            _("In dieser Datei wurde Schadsoftware gefunden. Die Datei wurde nicht gespeichert."),
            code="infected",
        )
    if result.status == scanning.ERROR:
        logger.error("virus scan failed: %s", result.detail)
        raise ValidationError(
            _(
                "Die Datei konnte gerade nicht auf Viren geprüft werden. Bitte versuchen Sie es in "
                "einigen Minuten noch einmal."
            ),
            code="scan_error",
        )
    return result


#: Extensions that name a detected type correctly (others are replaced).
_EXTENSION_ALIASES = {"jpg": ("jpg", "jpeg"), "heic": ("heic", "heif")}


def upload_file_name(name: str, extension: str) -> str:
    """The name a file is kept and offered under: the last path part of ``name``, printable
    characters only, with the detected type's ``extension`` ("scan.exe" holding a PDF
    becomes "scan.pdf", "foto.heic" converted to JPEG becomes "foto.jpg")."""
    original = (name or "datei").replace("\\", "/").split("/")[-1]
    original = "".join(ch for ch in original if ch.isprintable())[:200] or "datei"
    stem, dot, current = original.rpartition(".")
    if dot and current.lower() in _EXTENSION_ALIASES.get(extension, (extension,)):
        return original
    return f"{stem if dot and stem else original}.{extension}"


def _upload_save(
    *, draft: Draft, question_id: str, original: str, content: bytes, content_type: str,
    extension: str, source_sha: str, result: scanning.ScanResult,
) -> Upload:
    """Store the file and its row; nothing stays behind when either fails.

    The quota of a citizen's drafts holds under parallel uploads: the owner's row is locked
    (``SELECT … FOR UPDATE``; SQLite serialises write transactions anyway) while the sizes
    are summed and the new row is written, so two uploads cannot both see the old total.
    """
    name = f"formengine/{draft.owner_id}/{uuid.uuid4().hex}.{extension}"
    stored = default_storage.save(name, ContentFile(content))
    try:
        with transaction.atomic():
            if not draft.entered_by_staff:
                get_user_model().objects.select_for_update().only("pk").get(pk=draft.owner_id)
                if _quota_used(draft.owner_id) + len(content) > upload_quota_bytes():
                    raise _quota_error()
            upload = Upload.objects.create(
                owner=draft.owner,
                jobcenter=draft.jobcenter,
                draft=draft,
                question_id=question_id,
                original_name=original,
                content_type=content_type,
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
                source_sha256=source_sha,
                storage_name=stored,
                scan_status=result.status,
                scan_detail=result.detail,
            )
    except IntegrityError:
        # A parallel request stored the same file first: keep theirs, drop ours.
        _delete_upload_files([stored])
        return Upload.objects.get(draft=draft, question_id=question_id, source_sha256=source_sha)
    except BaseException:
        _delete_upload_files([stored])  # a refused quota, a busy database: no orphan file
        raise
    return upload


@transaction.atomic
def upload_delete(*, upload: Upload) -> None:
    name = upload.storage_name
    draft = upload.draft
    if draft is not None:
        locked = Draft.objects.select_for_update().get(pk=draft.pk)
        answers = dict(locked.answers)
        if isinstance(answers.get(upload.question_id), list):
            answers[upload.question_id] = [i for i in answers[upload.question_id] if i != upload.pk]
        locked.answers = answers
        locked.version += 1
        locked.save()
    upload.delete()
    _delete_upload_files_after_commit([name])
