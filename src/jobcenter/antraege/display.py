"""Walk a form definition with a set of answers: visible pages and questions, display values.

Used for the receipt, the intake topics for the eAkte, and the page/question measurement.
Visibility follows the engine's conditions (JSON Logic via ``formengine.conditions``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from django.utils import formats
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from jobcenter.formengine.conditions import is_true
from jobcenter.formengine.definition import FormDefinition, Page, Question, translate


def visible_pages(form: FormDefinition, answers: dict[str, Any]) -> list[Page]:
    return [page for page in form.pages if is_true(page.condition, answers)]


def visible_questions(page: Page, answers: dict[str, Any]) -> list[Question]:
    return [q for q in page.questions if is_true(q.condition, answers)]


def count_pages_and_questions(form: FormDefinition, answers: dict[str, Any]) -> tuple[int, int]:
    """Pages and questions a person with these answers is shown (a group's inner
    questions count once per entry, an empty group as the group question itself)."""
    pages = visible_pages(form, answers)
    questions = 0
    for page in pages:
        for question in visible_questions(page, answers):
            if question.is_group:
                items = answers.get(question.id) or [{}]
                for item in items:
                    data = {**answers, **(item if isinstance(item, dict) else {})}
                    questions += sum(
                        1 for inner in question.questions if is_true(inner.condition, data)
                    )
            else:
                questions += 1
    return len(pages), questions


def _money(value: Any) -> str:
    from jobcenter.formengine.validators import format_money

    return f"{format_money(str(value))} €"


def display_value(
    question: Question, value: Any, *, file_name: Callable[[Any], str] | None = None
) -> str:
    """The answer as a person reads it (in the active language)."""
    if value in (None, "", []):
        return "–"
    kind = question.type
    if kind == "money":
        return _money(value)
    if kind == "number":
        return formats.number_format(value)
    if kind == "date":
        day = parse_date(str(value))
        return formats.date_format(day, "SHORT_DATE_FORMAT") if day else str(value)
    if kind == "yes_no":
        return _("Ja") if value else _("Nein")
    if kind == "single_choice":
        return question.option_label(str(value))
    if kind == "multiple_choice":
        chosen = value if isinstance(value, list) else [value]  # tolerate a stored scalar
        return ", ".join(question.option_label(str(v)) for v in chosen)
    if kind == "address" and isinstance(value, dict):
        street = value.get("street", "")
        place = f"{value.get('postcode', '')} {value.get('city', '')}".strip()
        return ", ".join(part for part in (street, place) if part)
    if kind == "file":
        files = value if isinstance(value, list) else [value]
        names = [file_name(v) if file_name else str(v) for v in files]
        return ", ".join(names)
    return str(value)


def topics(
    form: FormDefinition,
    answers: dict[str, Any],
    *,
    file_name: Callable[[Any], str] | None = None,
) -> list[list[Any]]:
    """``[[page key, page title, [[label, display value], …]], …]`` for the visible pages."""
    result: list[list[Any]] = []
    for page in visible_pages(form, answers):
        rows: list[list[str]] = []
        for question in visible_questions(page, answers):
            if question.is_group:
                rows.extend(_group_rows(question, answers, file_name))
            elif question.id in answers:
                rows.append(
                    [
                        translate(question.label),
                        display_value(question, answers[question.id], file_name=file_name),
                    ]
                )
        if rows:
            result.append([page.key, translate(page.title), rows])
    return result


def _group_rows(
    group: Question, answers: dict[str, Any], file_name: Callable[[Any], str] | None
) -> Iterator[list[str]]:
    items = answers.get(group.id) or []
    item_label = translate(group.item_label) or translate(group.label)
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            continue
        data = {**answers, **item}
        for inner in group.questions:
            if inner.id in item and is_true(inner.condition, data):
                label = f"{item_label} {number}: {translate(inner.label)}"
                yield [label, display_value(inner, item[inner.id], file_name=file_name)]


def file_ids(form: FormDefinition, answers: dict[str, Any]) -> list[tuple[str, Any]]:
    """(question id, upload id) of every file answer, in document order."""
    found: list[tuple[str, Any]] = []
    for page in form.pages:
        for question in page.questions:
            if question.type == "file":
                found += [(question.id, v) for v in answers.get(question.id) or []]
            elif question.is_group:
                for item in answers.get(question.id) or []:
                    for inner in question.questions:
                        if inner.type == "file" and isinstance(item, dict):
                            found += [(inner.id, v) for v in item.get(inner.id) or []]
    return found
