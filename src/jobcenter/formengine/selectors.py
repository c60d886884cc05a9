"""Reads of the form engine."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from jobcenter.core.access import scope
from jobcenter.formengine import registry
from jobcenter.formengine.definition import translate
from jobcenter.formengine.models import Draft, Upload


@dataclass(frozen=True)
class DraftRow:
    draft: Draft
    title: str
    updated_at: dt.datetime
    expires_at: dt.datetime
    expires_soon: bool
    days_left: int
    available: bool


def open_drafts(user: Any) -> QuerySet[Draft]:
    return scope(Draft.objects.filter(status=Draft.Status.OPEN), user).order_by("-updated_at")


def draft_rows(user: Any) -> list[DraftRow]:
    """The citizen's open drafts for "Meine Entwürfe", with the expiry warning."""
    from jobcenter.formengine.services import warning_days

    now = timezone.now()
    rows = []
    for draft in open_drafts(user):
        form = draft.definition
        left = draft.expires_at - now
        rows.append(
            DraftRow(
                draft=draft,
                title=translate(form.title) if form else draft.form_key,
                updated_at=draft.updated_at,
                expires_at=draft.expires_at,
                expires_soon=left <= dt.timedelta(days=warning_days()),
                days_left=max(0, left.days),
                available=form is not None,
            )
        )
    return rows


def uploads_for(draft: Draft) -> dict[int, Upload]:
    return {u.pk: u for u in Upload.objects.filter(draft=draft)}


def open_draft_for_form(user: Any, form_key: str) -> Draft | None:
    return open_drafts(user).filter(form_key=form_key).first()


def available_forms() -> list:
    return [registry.get_form(key) for key in registry.form_keys()]
