"""The "unverbindliche Vorabberechnung" on the engine's "Angaben prüfen" page.

The answers are mapped to a request (``sgb2_mapping``); the call, the engine's errors and
the amounts go through the one adapter to the engine (``core.sgb2_adapter``), as in the
Rechner and the caseworker's calculation. An answer the engine refuses (two partners, a
partner under 15, an implausible amount) is named with its question and a link to it.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from jobcenter.antraege import forms_meta, services, sgb2_mapping
from jobcenter.core import buergerbogen, sgb2_adapter
from jobcenter.formengine import display, flow
from jobcenter.formengine.display import field_ref


def preview_for_draft(draft: Any) -> dict[str, Any] | None:
    """Context for ``formengine/includes/preview.html``: title, html, missing, problems, and
    for a Weiterbewilligung the answers it carries over from the last applications
    (``carried_over``: the current state as the Hauptantrag's pages show it)."""
    context = _calculation(draft)
    if context is not None and draft.form_key == "weiterbewilligung":
        context["carried_over"] = carried_over(draft)
        context["show_carried_over"] = True
    return context


def carried_over(draft: Any) -> list[list[Any]]:
    """The answers a Weiterbewilligung takes over (the merged current state), per topic, in
    the reader's language — what "Es hat sich nichts geändert" confirms."""
    base = services.base_answers_for(user=draft.owner, person=None)
    form = forms_meta.definition("hauptantrag", None)
    if not base or form is None:
        return []
    return display.as_topics(display.answer_sections(form, base, ask_files=False))


def _calculation(draft: Any) -> dict[str, Any] | None:
    if draft.form_key not in sgb2_mapping.MAPPABLE_FORMS:
        return None
    user = draft.owner
    person = getattr(user, "person", None) if _has_person(user) else None
    mapping = services.sgb2_request_for(
        form_key=draft.form_key,
        answers=draft.final_answers(),
        user=user,
        person=person,
        on=timezone.localdate(),
    )
    title = _("Unverbindliche Vorabberechnung")
    if not mapping.computable:
        return {"title": title, "html": "", "missing": mapping.missing}
    try:
        result = sgb2_adapter.calculate(mapping.request)
    except sgb2_adapter.CalculationInputError as exc:
        return {"title": title, "html": "", "missing": [],
                "problems": _problems(draft, exc.errors, mapping.fields)}
    except sgb2_adapter.CalculationFailed:  # logged by the adapter, without the answers
        return {
            "title": title,
            "html": "",
            "missing": [
                _(
                    "Die Vorabberechnung ist zurzeit nicht möglich. "
                    "Ihr Antrag wird trotzdem vollständig geprüft."
                )
            ],
        }
    intro = _(
        "Die Berechnung ist unverbindlich: Verbindlich entscheidet das Jobcenter mit dem "
        "Bescheid, nachdem es Ihre Angaben und Nachweise geprüft hat."
    )
    html = render_to_string("core/includes/buergerbogen.html", {
        "sheet": buergerbogen.sheet(result, mapping.names),
    })
    return {
        "title": title,
        "html": mark_safe(  # noqa: S308 — a template rendered with autoescaping, our own text
            format_html('<link rel="stylesheet" href="{}">', static("css/antraege.css"))
            + html + format_html('<p class="kern-body">{}</p>', intro)
        ),
        "missing": [],
    }


def _problems(
    draft: Any, errors: list[tuple[str, str]], fields: sgb2_adapter.FieldMap
) -> list[dict[str, str]]:
    """The engine's objections as the citizen reads them: the question (linked to its page
    when the form asks it) and what to check — one entry per question."""
    form, answers = draft.definition, draft.answers
    found: dict[tuple[str, str], dict[str, str]] = {}
    for problem in sgb2_adapter.place(errors, fields):
        ref = field_ref(form, answers, problem.field) if problem.field and form else None
        entry = {
            "label": ref.label if ref else "",
            "message": problem.message,
            "url": (
                flow.CITIZEN.page_url(draft, ref.page_key, True) + "#" + ref.anchor if ref else ""
            ),
        }
        found.setdefault((entry["label"], entry["message"]), entry)
    return list(found.values())


def _has_person(user: Any) -> bool:
    try:
        return user.person is not None
    except Exception:
        return False
