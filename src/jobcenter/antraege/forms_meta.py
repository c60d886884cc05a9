"""Our forms as the engine knows them, plus what only we know (titles by date)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jobcenter.core.arbeitstage import berlin_date
from jobcenter.formengine import options, registry
from jobcenter.formengine.definition import FormDefinition, translate


def definition(
    form_key: str, version: str | None, answers: dict | None = None, *, subject: Any = None
) -> FormDefinition | None:
    """The form (that version, else the newest); with ``answers``, its choices that depend
    on answers (``options_from``) built from them — and from the ``subject`` (the citizen's
    account, or the person of a paper application) for a source that needs it."""
    form = registry.get_form(form_key, version) or registry.get_form(form_key)
    if form is None or answers is None:
        return form
    return options.resolve(form, answers, subject=subject)


def title(form_key: str, on: dt.date, version: str | None = None) -> str:
    """The form's title in the active language; the Hauptantrag's name depends on the date
    (Bürgergeld until 30 June 2026, Grundsicherungsgeld from 1 July 2026)."""
    form = definition(form_key, version)
    if form is None:
        return form_key
    chosen = form.title
    for entry in form.meta.get("titles_by_date", []):
        if dt.date.fromisoformat(str(entry["from"])) <= on:
            chosen = {"de": entry["de"], "en": entry["en"]}
    return translate(chosen)


def submission_title(submission: Any) -> str:
    """A submitted form's title: as of the Europe/Berlin date it was submitted (one sent at
    00:30 on 1 July 2026 in Berlin — 22:30 UTC on 30 June — is a Grundsicherungsgeld
    application, as its receipt says), in the form's version."""
    return title(submission.form_key, berlin_date(submission.submitted_at),
                 submission.form_version)
