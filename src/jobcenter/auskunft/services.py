"""Requesting, building, handing out and deleting the copy of a citizen's data."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import secrets
import zipfile

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from jobcenter.accounts.models import User
from jobcenter.auskunft import builder
from jobcenter.auskunft.models import DataCopy
from jobcenter.core import datastand
from jobcenter.notifications.services import notify
from jobcenter.outbox.services import outbox_enqueue

log = logging.getLogger(__name__)
Status = DataCopy.Status


class CopyRefused(Exception):
    """A request that cannot be taken now; ``code``: ``open`` (one is being built),
    ``too_soon`` (``next_at``: when the next one may be asked for) or ``no_jobcenter``."""

    def __init__(self, code: str, next_at: dt.datetime | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.next_at = next_at


def copy_request(*, user: User) -> DataCopy:
    """Record the request and hand the build to the outbox (after commit). At most one
    open request per citizen (a constraint, so a double click cannot make two) and one
    request per ``AUSKUNFT_MIN_HOURS_BETWEEN``."""
    now = timezone.now()
    try:
        with transaction.atomic():
            User.objects.select_for_update().filter(pk=user.pk).first()
            if user.jobcenter is None:  # a citizen always has one (sign-up by postcode)
                raise CopyRefused("no_jobcenter")
            if DataCopy.objects.filter(citizen=user, status=Status.REQUESTED).exists():
                raise CopyRefused("open")
            last = (DataCopy.objects.filter(citizen=user).exclude(status=Status.FAILED)
                    .order_by("-requested_at").first())
            wait = dt.timedelta(hours=settings.AUSKUNFT_MIN_HOURS_BETWEEN)
            if last is not None and last.requested_at + wait > now:
                raise CopyRefused("too_soon", next_at=last.requested_at + wait)
            copy = DataCopy.objects.create(
                jobcenter=user.jobcenter, citizen=user, requested_at=now,
                language=translation.get_language() or settings.LANGUAGE_CODE)
            from jobcenter.auskunft.tasks import copy_build

            outbox_enqueue(task=copy_build, kwargs={"copy_id": copy.pk},
                           key=f"auskunft:{copy.pk}")
            return copy
    except IntegrityError:  # a second request at the same moment: the first one counts
        raise CopyRefused("open") from None


def _archive(user: User, language: str, built_at: dt.datetime) -> bytes:
    with translation.override(language), timezone.override(settings.TIME_ZONE):
        data = builder.collect(user)
        summary = render_to_string("auskunft/summary.html", {
            "data": data, "built_at": built_at, "language": language,
            # a payment run is made before its day: a later day is still to be transferred
            "built_on": timezone.localdate(built_at),
            "download_days": settings.AUSKUNFT_DOWNLOAD_DAYS})
    document = {"erstellt_am": built_at, "sprache": language, **data}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("daten.json", json.dumps(document, default=builder.json_default,
                                                  ensure_ascii=False, indent=2))
        archive.writestr("uebersicht.html", summary)
    return buffer.getvalue()


def copy_build(*, copy_id: int) -> bool:
    """Build the ZIP once, store it, notify the citizen. Runs without a surrounding
    transaction (the outbox task is ``outbox_atomic=False``): a second run finds the copy
    no longer ``requested`` and does nothing; a run that lost the race deletes its file."""
    copy = DataCopy.objects.select_related("citizen").filter(pk=copy_id).first()
    if copy is None or copy.status != Status.REQUESTED:
        return False
    built_at = timezone.now()
    content = _archive(copy.citizen, copy.language, built_at)
    name = default_storage.save(f"auskunft/{secrets.token_hex(16)}.zip", ContentFile(content))
    with transaction.atomic():
        locked = DataCopy.objects.select_for_update().get(pk=copy_id)
        won = locked.status == Status.REQUESTED
        if won:
            locked.status = Status.READY
            locked.ready_at = built_at
            locked.expires_at = built_at + dt.timedelta(days=settings.AUSKUNFT_DOWNLOAD_DAYS)
            locked.storage_name = name
            locked.size = len(content)
            locked.save()
            notify(user=copy.citizen, template="data_copy_ready",
                   dedup_key=f"auskunft:{copy_id}", link_path=reverse("portal:data_copy"))
    if not won:  # another run stored its copy first
        default_storage.delete(name)
    return won


def copy_downloaded(*, copy: DataCopy) -> None:
    """Record a download (the Jobcenter sees that the copy was delivered)."""
    with transaction.atomic():
        locked = DataCopy.objects.select_for_update().get(pk=copy.pk)
        locked.downloads += 1
        if locked.first_downloaded_at is None:
            locked.first_downloaded_at = timezone.now()
        locked.save(update_fields=["downloads", "first_downloaded_at"])


#: A request not built this long after it was made is given up (the outbox's last attempt
#: lies about 11 hours after the first), so it no longer blocks a new one.
GIVE_UP_AFTER = dt.timedelta(hours=24)


def copies_purge_expired(*, now: dt.datetime | None = None) -> int:
    """Delete the files of copies past their download period; the rows stay as the
    record of request and delivery. Requests never built are marked failed. Idempotent."""
    now = now or timezone.now()
    stuck = DataCopy.objects.filter(status=Status.REQUESTED, requested_at__lte=now - GIVE_UP_AFTER)
    for copy in stuck:
        log.error("auskunft: copy %s was not built within %s; marked failed", copy.pk,
                  GIVE_UP_AFTER)
    datastand.changed(DataCopy, queryset=stuck)
    stuck.update(status=Status.FAILED)
    done = 0
    for copy in DataCopy.objects.filter(status=Status.READY, expires_at__lte=now):
        with transaction.atomic():
            locked = DataCopy.objects.select_for_update().get(pk=copy.pk)
            if locked.status != Status.READY:
                continue
            name = locked.storage_name
            locked.status = Status.EXPIRED
            locked.storage_name = ""
            locked.save(update_fields=["status", "storage_name"])
        if name:
            default_storage.delete(name)
        done += 1
    return done
