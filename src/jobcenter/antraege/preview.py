"""The "unverbindliche Vorabberechnung" on the engine's "Angaben prüfen" page."""

from __future__ import annotations

import logging
from typing import Any

from django.templatetags.static import static
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from jobcenter.antraege import services, sgb2_mapping

logger = logging.getLogger(__name__)


def compute(request: dict[str, Any]) -> tuple[dict[str, Any] | None, str]:
    """(sgb2 result, explanation HTML) or (None, "") when the engine refuses or is missing."""
    try:
        import sgb2
        from sgb2 import explain
    except ImportError:  # the law engine is not installed in this deployment
        return None, ""
    try:
        result = sgb2.berechnen_json(request)
    except ValueError:
        logger.warning("sgb2 rejected a mapped request", exc_info=True)
        return None, ""
    lang = "en" if (translation.get_language() or "de").startswith("en") else "de"
    return result, explain.render_html(result, lang)


def preview_for_draft(draft: Any) -> dict[str, Any] | None:
    """Context for ``formengine/includes/preview.html``: title, html, missing."""
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
    result, html = compute(mapping.request)
    if result is None:
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
        "Nach Ihren Angaben ergibt sich voraussichtlich dieser Monatsbetrag. Die Berechnung ist "
        "unverbindlich: Verbindlich entscheidet das Jobcenter mit dem Bescheid, nachdem es Ihre "
        "Angaben und Nachweise geprüft hat."
    )
    from django.utils.html import format_html

    total = result.get("summe", {}).get("zahlbetrag")
    summary = format_html(
        '<p class="kern-body">{}</p><p class="kern-body"><strong>{}</strong></p>',
        intro,
        _("Voraussichtlicher Zahlbetrag im Monat: %(betrag)s €") % {"betrag": _format_euro(total)},
    )
    stylesheet = format_html('<link rel="stylesheet" href="{}">', static("css/antraege.css"))
    wrapper = format_html(
        '<div class="jc-table-wrap jc-ag-preview" role="region" tabindex="0" aria-label="{}">',
        _("Berechnungsbogen"),
    )
    return {
        "title": title,
        "html": mark_safe(  # noqa: S308 — sgb2 escapes its HTML, ours is format_html
            stylesheet + summary + wrapper + html + "</div>"
        ),
        "missing": [],
    }


def _format_euro(value: Any) -> str:
    from django.utils import formats

    try:
        return formats.number_format(float(value), 2, use_l10n=True, force_grouping=True)
    except (TypeError, ValueError):
        return "–"


def _has_person(user: Any) -> bool:
    try:
        return user.person is not None
    except Exception:
        return False
