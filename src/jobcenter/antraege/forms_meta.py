"""Our forms as the engine knows them, plus what only we know (titles by date)."""

from __future__ import annotations

import datetime as dt

from jobcenter.formengine import registry
from jobcenter.formengine.definition import FormDefinition, translate


def definition(form_key: str, version: str | None) -> FormDefinition | None:
    return registry.get_form(form_key, version) or registry.get_form(form_key)


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
