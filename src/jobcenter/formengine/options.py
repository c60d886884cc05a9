"""Choices built from the answers so far, e.g. "Who works?" offering the persons of the
household entered on an earlier page.

A single-choice question with ``options_from: <source>`` has no options in its file; a
source registered here (by the app that owns the forms, in ``AppConfig.ready``) builds them
from the draft's answers. :func:`resolve` returns the definition with those options filled
in; every path that reads a draft or a submission uses it (``Draft.definition``), so
validation, rendering, the summary and the display of stored answers all see the same
choices. An answer whose option no longer exists (the person was renamed or removed) is then
an invalid choice: the summary asks to choose again instead of silently assigning it to
somebody else.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

from jobcenter.formengine.definition import FormDefinition, Option, Question

Source = Callable[[Mapping[str, Any]], list[Option]]

_sources: dict[str, Source] = {}


def register_source(name: str, source: Source) -> None:
    _sources[name] = source


def source_names() -> set[str]:
    return set(_sources)


def resolve_question(question: Question, answers: Mapping[str, Any]) -> Question:
    """``question`` (or a group's inner questions) with dynamic options built from ``answers``."""
    if question.options_from is not None:
        source = _sources.get(question.options_from)
        if source is None:  # a deployment error; the static check reports it first
            raise LookupError(f"unknown options source {question.options_from!r}")
        return dataclasses.replace(question, options=tuple(source(answers)))
    if question.questions and any(q.options_from for q in question.questions):
        return dataclasses.replace(
            question, questions=tuple(resolve_question(q, answers) for q in question.questions)
        )
    return question


def resolve(form: FormDefinition, answers: Mapping[str, Any] | None) -> FormDefinition:
    """``form`` with the options of every ``options_from`` question built from ``answers``
    (``form`` itself when it has none)."""
    if not form.has_dynamic_options:
        return form
    answers = answers if isinstance(answers, Mapping) else {}
    pages = tuple(
        dataclasses.replace(
            page, questions=tuple(resolve_question(q, answers) for q in page.questions)
        )
        for page in form.pages
    )
    return dataclasses.replace(form, pages=pages, _index={})
