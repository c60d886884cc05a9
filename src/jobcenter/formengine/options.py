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

A source registered with ``subject=True`` also gets the *subject* of the form — whom the
answers are about: the citizen's account for an online draft or submission, the
``households.Person`` when staff enter a paper application (the same convention as
``prefill_answers``) — so it can offer that person's own records (e.g. their issued
Bescheide). The subject of a draft is :func:`draft_subject`: its owner, unless staff
entered it, then what the resolvers registered with :func:`register_draft_subject` name
(the paper entry's person). Without a subject (``None``) such a source must offer nothing
personal.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

from jobcenter.formengine.definition import FormDefinition, Option, Question

Source = Callable[[Mapping[str, Any]], list[Option]]
#: ``source(answers, subject)``: see the module's docstring.
SubjectSource = Callable[[Mapping[str, Any], Any], list[Option]]

_sources: dict[str, Callable[..., list[Option]]] = {}
_with_subject: set[str] = set()
_draft_subjects: list[Callable[[Any], Any]] = []


def register_source(name: str, source: Source | SubjectSource, *, subject: bool = False) -> None:
    _sources[name] = source
    if subject:
        _with_subject.add(name)
    else:
        _with_subject.discard(name)


def source_names() -> set[str]:
    return set(_sources)


def register_draft_subject(resolver: Callable[[Any], Any]) -> None:
    """``resolver(draft)`` names the subject of a draft staff entered (or None)."""
    if resolver not in _draft_subjects:
        _draft_subjects.append(resolver)


def needs_subject(form: FormDefinition) -> bool:
    """Some question of ``form`` takes its options from a source that needs the subject."""
    return form.has_dynamic_options and any(
        q.options_from in _with_subject for q in form.questions.values()
    )


def draft_subject(draft: Any) -> Any:
    """Whom a draft's answers are about: the owner (a citizen's own draft), or for a
    draft entered by staff what a registered resolver names (None if none does)."""
    if not draft.entered_by_staff:
        return draft.owner
    for resolver in _draft_subjects:
        subject = resolver(draft)
        if subject is not None:
            return subject
    return None


def resolve_question(
    question: Question, answers: Mapping[str, Any], subject: Any = None
) -> Question:
    """``question`` (or a group's inner questions) with dynamic options built from ``answers``
    (and the ``subject``, for a source that needs it)."""
    if question.options_from is not None:
        source = _sources.get(question.options_from)
        if source is None:  # a deployment error; the static check reports it first
            raise LookupError(f"unknown options source {question.options_from!r}")
        if question.options_from in _with_subject:
            return dataclasses.replace(question, options=tuple(source(answers, subject)))
        return dataclasses.replace(question, options=tuple(source(answers)))
    if question.questions and any(q.options_from for q in question.questions):
        return dataclasses.replace(
            question,
            questions=tuple(resolve_question(q, answers, subject) for q in question.questions),
        )
    return question


def resolve(
    form: FormDefinition, answers: Mapping[str, Any] | None, *, subject: Any = None
) -> FormDefinition:
    """``form`` with the options of every ``options_from`` question built from ``answers``
    and the ``subject`` (``form`` itself when it has none)."""
    if not form.has_dynamic_options:
        return form
    answers = answers if isinstance(answers, Mapping) else {}
    pages = tuple(
        dataclasses.replace(
            page, questions=tuple(resolve_question(q, answers, subject) for q in page.questions)
        )
        for page in form.pages
    )
    return dataclasses.replace(form, pages=pages, _index={})
