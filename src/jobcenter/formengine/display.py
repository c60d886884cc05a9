"""Stored answers as a person reads them: the one display of the form engine.

Every surface that shows answers goes through here, so that what the citizen confirms on
"Angaben prüfen" is, word for word, what the receipt prints, what the eAkte shows and what
the export carries as its readable part:

* :func:`answer_text` — one stored value in the active language ("keine Angabe" for no
  answer, amounts and dates in the reader's format, the IBAN in groups of four, choice
  labels instead of keys, files by their names);
* :func:`answer_sections` — the asked pages with their asked questions (group entries
  numbered), in form order. Which pages and questions apply is the engine's own walk
  (:func:`~jobcenter.formengine.engine.evaluate`), the same one the pages and the checks use;
* :func:`as_topics` — the same sections as plain lists (for JSON and the PDF).

Texts follow the active language: render inside ``translation.override`` for another reader.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from jobcenter.core.iban import iban_grouped
from jobcenter.formengine.definition import FormDefinition, Page, Question, translate
from jobcenter.formengine.engine import (
    Evaluation,
    evaluate,
    field_name,
    first_input_id,
    html_id,
    inner_asked,
    is_empty,
    item_field_label,
)

#: upload id (as stored in a file answer) → the file's name as the person gave it
FileNames = Mapping[Any, str]


# --- one value -------------------------------------------------------------------------


def no_answer() -> str:
    return _("keine Angabe")


def money_text(value: Any) -> str:
    """A stored amount ("1234.56") in the reader's format: "1.234,56 €" / "€1,234.56"."""
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        return str(value)
    number = formats.number_format(amount, 2, use_l10n=True, force_grouping=True)
    return _("%(amount)s €") % {"amount": number}


def number_text(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return str(value)
    return formats.number_format(value, use_l10n=True)


def date_text(value: Any) -> str:
    """A stored date ("1990-05-01") in the reader's format: "01.05.1990" / "01/05/1990"."""
    try:
        day = dt.date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def iban_text(value: Any) -> str:
    """In groups of four, as printed on bank cards (DIN 5008)."""
    return iban_grouped(value)


def answer_text(question: Question, value: Any, *, file_names: FileNames | None = None) -> str:
    """The stored ``value`` of ``question`` as a person reads it, in the active language."""
    if is_empty(value):
        return no_answer()
    kind = question.type
    if kind == "money":
        return money_text(value)
    if kind == "number":
        return number_text(value)
    if kind == "date":
        return date_text(value)
    if kind == "yes_no":
        if isinstance(value, bool):
            return _("Ja") if value else _("Nein")
        return str(value)
    if kind == "single_choice":
        return question.option_label(str(value))
    if kind == "multiple_choice":
        chosen = value if isinstance(value, list) else [value]  # tolerate a stored scalar
        return ", ".join(question.option_label(str(v)) for v in chosen)
    if kind == "address" and isinstance(value, dict):
        street = str(value.get("street") or "").strip()
        place = f"{value.get('postcode') or ''} {value.get('city') or ''}".strip()
        return ", ".join(part for part in (street, place) if part) or no_answer()
    if kind == "iban":
        return iban_text(value)
    if kind == "file":
        ids = value if isinstance(value, list) else [value]
        # upload ids are numbers; anything else (a damaged stored value) names no file
        names = [(file_names or {}).get(i) for i in ids if isinstance(i, int | str)]
        return ", ".join(n for n in names if n) or no_answer()
    return str(value)


# --- which pages and questions apply ---------------------------------------------------


def asks(question: Question, *, ask_files: bool = True) -> bool:
    """Whether a flow asks ``question``: paper entry by staff skips file questions (the
    scan of the paper carries the documents)."""
    return ask_files or question.type != "file"


def asked_pages(evaluation: Evaluation, *, ask_files: bool = True) -> list[Page]:
    """The pages asked under the evaluated answers (a page with nothing to ask is skipped)."""
    return [
        page
        for page in evaluation.pages
        if any(asks(q, ask_files=ask_files) for q in evaluation.questions.get(page.key, ()))
    ]


def asked_questions(
    form: FormDefinition, answers: Mapping[str, Any], page_key: str
) -> list[Question]:
    """The questions of one page asked under ``answers`` (none if the page is not asked)."""
    return list(evaluate(form, answers).questions.get(page_key, ()))


def count_pages_and_questions(form: FormDefinition, answers: Mapping[str, Any]) -> tuple[int, int]:
    """Pages and questions a person with these answers is shown (a group's inner
    questions count once per entry; an empty group as the inner questions of one entry)."""
    evaluation = evaluate(form, answers)
    questions = 0
    for page in evaluation.pages:
        for question in evaluation.questions.get(page.key, ()):
            if not question.is_group:
                questions += 1
                continue
            entries = evaluation.effective.get(question.id) or []
            if not entries:
                questions += len(inner_asked(question, {}, evaluation.effective))
            for index in range(len(entries)):
                questions += len(evaluation.inner.get((question.id, index), ()))
    return len(evaluation.pages), questions


# --- the answers per page --------------------------------------------------------------


@dataclass(frozen=True)
class AnswerRow:
    label: str
    value: str
    #: the input's name (``group-0-inner`` inside a group entry) and the id of its first
    #: input, which the summary's "Ändern" link jumps to
    name: str
    anchor: str
    level: int = 0


@dataclass(frozen=True)
class AnswerSection:
    page: Page
    title: str
    rows: tuple[AnswerRow, ...]

    @property
    def key(self) -> str:
        return self.page.key


def answer_sections(
    form: FormDefinition,
    answers: Mapping[str, Any],
    *,
    file_names: FileNames | None = None,
    ask_files: bool = True,
    evaluation: Evaluation | None = None,
) -> list[AnswerSection]:
    """Every asked page with every asked question and its answer text, in form order.

    Questions asked but not answered (optional ones) read "keine Angabe"; a group without
    entries is one row under the group's label. ``ask_files=False``: file questions are left
    out, as the paper entry by staff does not ask them.
    """
    evaluation = evaluation or evaluate(form, answers)
    effective = evaluation.effective
    sections = []
    for page in asked_pages(evaluation, ask_files=ask_files):
        rows: list[AnswerRow] = []
        for question in evaluation.questions.get(page.key, ()):
            if not asks(question, ask_files=ask_files):
                continue
            if question.is_group:
                rows.extend(_group_rows(question, evaluation, file_names, ask_files))
                continue
            rows.append(
                AnswerRow(
                    label=translate(question.label),
                    value=answer_text(question, effective.get(question.id), file_names=file_names),
                    name=question.id,
                    anchor=first_input_id(question, question.id),
                )
            )
        sections.append(AnswerSection(page=page, title=translate(page.title), rows=tuple(rows)))
    return sections


def _group_rows(
    group: Question, evaluation: Evaluation, file_names: FileNames | None, ask_files: bool
) -> Iterable[AnswerRow]:
    entries = evaluation.effective.get(group.id) or []
    if not entries:
        yield AnswerRow(
            label=translate(group.label),
            value=no_answer(),
            name=group.id,
            anchor=html_id(f"{group.id}-add"),
        )
    for index, entry in enumerate(entries):
        for inner in evaluation.inner.get((group.id, index), ()):
            if not asks(inner, ask_files=ask_files):
                continue
            name = field_name(inner, group, index)
            yield AnswerRow(
                label=item_field_label(group, index, inner),
                value=answer_text(inner, entry.get(inner.id), file_names=file_names),
                name=name,
                anchor=first_input_id(inner, name),
                level=1,
            )


@dataclass(frozen=True)
class FieldRef:
    """Where an input lives, for a message about it elsewhere (e.g. the preview)."""

    page_key: str
    label: str
    anchor: str


def field_ref(form: FormDefinition, answers: Mapping[str, Any], name: str) -> FieldRef | None:
    """The asked question behind an input ``name`` (``field_name``: ``kaltmiete`` or
    ``personen-1-beziehung``) with its label as the summary shows it; None if that input
    is not asked under ``answers``."""
    evaluation = evaluate(form, answers)
    group_id, _sep, rest = name.partition("-")
    question = form.questions.get(group_id)
    if question is None or question not in evaluation.questions.get(question.page_key, ()):
        return None
    if not rest:
        if question.is_group:
            return FieldRef(question.page_key, translate(question.label),
                            html_id(f"{question.id}-add"))
        return FieldRef(question.page_key, translate(question.label),
                        first_input_id(question, name))
    index_text, _sep, inner_id = rest.partition("-")
    if not question.is_group or not index_text.isdigit():
        return None
    index = int(index_text)
    inner = next(
        (q for q in evaluation.inner.get((question.id, index), ()) if q.id == inner_id), None
    )
    if inner is None:
        return None
    return FieldRef(question.page_key, item_field_label(question, index, inner),
                    first_input_id(inner, name))


def as_topics(sections: Iterable[AnswerSection]) -> list[list[Any]]:
    """``[[page key, page title, [[label, text], …]], …]`` — for JSON and the PDF."""
    return [
        [section.key, section.title, [[row.label, row.value] for row in section.rows]]
        for section in sections
    ]


def file_ids(form: FormDefinition, answers: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """(question id, upload id) of every file answer, in form order."""
    found: list[tuple[str, Any]] = []
    for page in form.pages:
        for question in page.questions:
            if question.type == "file":
                found += [(question.id, v) for v in _list(answers.get(question.id))]
            elif question.is_group:
                for item in _list(answers.get(question.id)):
                    for inner in question.questions:
                        if inner.type == "file" and isinstance(item, dict):
                            found += [(inner.id, v) for v in _list(item.get(inner.id))]
    return found


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
