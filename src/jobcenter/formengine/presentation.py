"""Turning a page (definition + answers + errors) into what the templates render."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from jobcenter.core import memorable_date
from jobcenter.formengine.definition import FormDefinition, Page, Question, translate
from jobcenter.formengine.display import answer_sections
from jobcenter.formengine.engine import (
    ADDRESS_PARTS,
    Evaluation,
    FieldError,
    field_name,
    html_id,
    inner_asked,
    input_value,
)
from jobcenter.formengine.models import Draft, Upload

INPUT_TYPES = {
    "text": "text",
    "number": "text",
    "money": "text",
    "date": "date",
    "iban": "text",
    "email": "email",
    "phone": "tel",
}
INPUT_MODES = {"number": "decimal", "money": "decimal", "phone": "tel", "email": "email"}
AUTOCOMPLETE = {"iban": "off"}
#: The applicant's own data (prefilled from their profile) gets the HTML autocomplete token
#: of its purpose (WCAG 2.1 SC 1.3.5); the same kind of field about someone else (a child's
#: birth date, a landlord's e-mail) gets none, so that the browser does not offer the
#: applicant's own values there.
OWN_DATA_AUTOCOMPLETE = {
    "profile.vorname": "given-name",
    "profile.nachname": "family-name",
    "profile.geburtsdatum": "bday",
    "profile.email": "email",
    "profile.telefon": "tel",
}
OWN_ADDRESS = "profile.anschrift"
ADDRESS_AUTOCOMPLETE = {"street": "address-line1", "postcode": "postal-code",
                        "city": "address-level2"}


def is_own_address(q: Question) -> bool:
    """The applicant's own address: prefilled from the profile, or one whose postcode must
    lie in the Jobcenter's area (``postcode_jobcenter``: where the applicant lives, e.g.
    the new address after a move) — not a landlord's or another person's."""
    return q.type == "address" and (q.prefill == OWN_ADDRESS
                                    or "postcode_jobcenter" in q.validators)


def autocomplete_for(q: Question, own_data: bool = True) -> str:
    """The autocomplete token of a question ("" for none). ``own_data=False``: the person
    typing is not the one the answers are about (staff entering a paper application), so
    the browser must not offer the typist's own values anywhere."""
    if not own_data:
        return "off" if q.prefill in OWN_DATA_AUTOCOMPLETE else AUTOCOMPLETE.get(q.type, "")
    return OWN_DATA_AUTOCOMPLETE.get(q.prefill or "", AUTOCOMPLETE.get(q.type, ""))


@dataclass
class FieldView:
    question: Question
    name: str
    id: str
    label: str
    help: str
    required: bool
    value: Any
    errors: list[str]
    input_type: str = "text"
    inputmode: str = ""
    autocomplete: str = ""
    options: list[dict] = field(default_factory=list)
    address: list[dict] = field(default_factory=list)
    #: a date's three boxes (day, month, year: core.memorable_date.boxes)
    date_parts: list[dict] = field(default_factory=list)
    uploads: list[Upload] = field(default_factory=list)
    items: list[dict] = field(default_factory=list)
    can_add: bool = False
    add_label: str = ""
    count: int = 0
    max_files: int = 10

    @property
    def optional_mark(self) -> bool:
        """Whether the label gets "– optional": an optional field whose label does not say
        so itself (many labels end in "(freiwillig)" or "(optional)"; both read twice)."""
        return not self.required and not self.label.rstrip().endswith(
            ("(freiwillig)", "(optional)"))

    @property
    def described_by(self) -> str:
        parts = []
        if self.help:
            parts.append(f"{self.id}-hint")
        if self.errors:
            parts.append(f"{self.id}-error")
        return " ".join(parts)


def _field(
    q: Question,
    name: str,
    value: Any,
    pending: dict,
    errors: dict[str, list[str]],
    uploads: dict[int, Upload],
    label: str | None = None,
    own_data: bool = True,
) -> FieldView:
    raw = pending.get(name)
    shown_value = raw if raw is not None else input_value(q, value)
    view = FieldView(
        question=q,
        name=name,
        id=html_id(name),
        label=label or translate(q.label),
        help=translate(q.help),
        required=q.required,
        value=shown_value,
        errors=errors.get(name, []),
        input_type=INPUT_TYPES.get(q.type, "text"),
        inputmode=INPUT_MODES.get(q.type, ""),
        autocomplete=autocomplete_for(q, own_data),
        max_files=q.max_files,
    )
    if q.type in ("single_choice", "multiple_choice"):
        chosen = shown_value if isinstance(shown_value, list) else [shown_value]
        view.options = [
            {
                "key": o.key,
                "label": translate(o.label),
                "help": translate(o.help),
                "id": html_id(f"{name}-{i}"),
                "checked": o.key in chosen,
            }
            for i, o in enumerate(q.options)
        ]
    elif q.type == "yes_no":
        view.options = [
            {
                "key": "ja",
                "label": _("Ja"),
                "id": html_id(f"{name}-0"),
                "checked": shown_value == "ja",
            },
            {
                "key": "nein",
                "label": _("Nein"),
                "id": html_id(f"{name}-1"),
                "checked": shown_value == "nein",
            },
        ]
    elif q.type == "address":
        parts = shown_value if isinstance(shown_value, dict) else {}
        view.address = [
            {
                "part": p,
                "name": f"{name}-{p}",
                "id": html_id(f"{name}-{p}"),
                "value": parts.get(p, ""),
                "autocomplete": (ADDRESS_AUTOCOMPLETE.get(p, "off")
                                 if own_data and is_own_address(q) else "off"),
            }
            for p in ADDRESS_PARTS
        ]
    elif q.type == "date":
        view.date_parts = memorable_date.boxes(
            name, view.id, shown_value, errors=bool(view.errors),
            autocomplete=autocomplete_for(q, own_data))
    elif q.type == "file":
        ids = value if isinstance(value, list) else []
        view.uploads = [uploads[i] for i in ids if i in uploads]
    return view


def page_fields(
    form: FormDefinition,
    page: Page,
    evaluation: Evaluation,
    answers: dict,
    pending: dict,
    errors: list[FieldError],
    uploads: dict[int, Upload],
    own_data: bool = True,
) -> list[FieldView]:
    by_name: dict[str, list[str]] = {}
    for error in errors:
        by_name.setdefault(error.name, []).append(error.message)
    views = []
    for q in evaluation.questions.get(page.key, []):
        if not q.is_group:
            views.append(_field(q, q.id, answers.get(q.id), pending, by_name, uploads,
                                own_data=own_data))
            continue
        items = answers.get(q.id) if isinstance(answers.get(q.id), list) else []
        if not items and q.group_min > 0:
            items = [{} for _ in range(q.group_min)]
        group = _field(q, q.id, None, pending, by_name, uploads)
        group.id = html_id(f"{q.id}-add")
        for index, item in enumerate(items):
            item = item if isinstance(item, dict) else {}
            inner_fields = [
                _field(
                    inner,
                    field_name(inner, q, index),
                    item.get(inner.id),
                    pending,
                    by_name,
                    uploads,
                    own_data=own_data,
                )
                for inner in inner_asked(q, item, evaluation.effective)
            ]
            group.items.append(
                {
                    "index": index,
                    "number": index + 1,
                    "title": f"{translate(q.item_label) or translate(q.label)} {index + 1}",
                    "fields": inner_fields,
                    "removable": len(items) > q.group_min,
                }
            )
        group.count = len(items)
        group.can_add = len(items) < q.group_max
        group.add_label = translate(q.add_label)
        views.append(group)
    return views


def shown_names(fields: list[FieldView]) -> list[str]:
    names = []
    for f in fields:
        if f.question.is_group:
            names.append(f.name)
            for item in f.items:
                names += [inner.name for inner in item["fields"]]
        else:
            names.append(f.name)
    return names


@dataclass
class SummaryRow:
    label: str
    value: str
    change_url: str
    anchor: str
    level: int = 0


def _citizen_page_url(draft: Draft, page_key: str, back_to_summary: bool = False) -> str:
    url = reverse("formengine:page", args=[draft.public_id, page_key])
    return url + ("?return=summary" if back_to_summary else "")


def summary_sections(
    draft: Draft,
    form: FormDefinition,
    evaluation: Evaluation,
    uploads: dict[int, Upload],
    *,
    page_url: Callable[..., str] = _citizen_page_url,
    ask_files: bool = True,
) -> list[dict]:
    """The answers per page for "Angaben prüfen" — the texts of :mod:`formengine.display`,
    the one display the receipt and the eAkte use too; ``page_url(draft, key, True)``
    links "Ändern", ``ask_files=False`` leaves out file questions (paper entry)."""
    names = {pk: u.original_name for pk, u in uploads.items()}
    sections = []
    for section in answer_sections(
        form, draft.answers, file_names=names, ask_files=ask_files, evaluation=evaluation
    ):
        url = page_url(draft, section.key, True)
        rows = [
            SummaryRow(row.label, row.value, url, row.anchor, level=row.level)
            for row in section.rows
        ]
        sections.append({"page": section.page, "title": section.title, "rows": rows, "url": url})
    return sections
