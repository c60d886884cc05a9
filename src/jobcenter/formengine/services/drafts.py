"""Drafts: prefilled start (citizen or staff), page saves with optimistic concurrency, the
submitted mark, deletion (files after commit, through the outbox) and the purge of expired
drafts.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from jobcenter.formengine.definition import FormDefinition
from jobcenter.formengine.engine import PageResult, normalize_prefill
from jobcenter.formengine.models import Draft, FunnelCount, Upload
from jobcenter.formengine.options import resolve_question
from jobcenter.formengine.prefill import PrefillContext, item_value
from jobcenter.formengine.services.funnel import funnel_record
from jobcenter.formengine.services.limits import _expiry
from jobcenter.formengine.tasks import delete_upload_files
from jobcenter.jobcenters.selectors import jobcenter_for_postcode
from jobcenter.outbox.services import outbox_enqueue

logger = logging.getLogger(__name__)


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
