"""Uploads: rate and quota checks, the content check and virus scan, storing (sanitised, or
byte for byte for a paper scan), names and deletion.
"""

from __future__ import annotations

import hashlib
import logging
import time
import uuid
from typing import Any

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from jobcenter.formengine import scanning, uploads
from jobcenter.formengine.models import Draft, Upload
from jobcenter.formengine.services.drafts import (
    _delete_upload_files,
    _delete_upload_files_after_commit,
)
from jobcenter.formengine.services.limits import upload_max_bytes, upload_quota_bytes, upload_rate

logger = logging.getLogger(__name__)


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
