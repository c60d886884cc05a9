"""JSON Schema of a form's answers, derived from its definition (for the export).

Every question becomes a property of the type the engine stores (docs/formengine.md,
"answers shape"); repeating groups become arrays of objects. Nothing is ``required``:
which questions are asked depends on the conditions, which JSON Schema cannot express
faithfully — the engine's checks did that before the submission.
"""

from __future__ import annotations

from typing import Any

from jobcenter.formengine.definition import FormDefinition, Question

_DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_MONEY = {"type": "string", "pattern": r"^\d{1,8}\.\d{2}$"}


def _question_schema(question: Question) -> dict[str, Any]:
    kind = question.type
    if kind == "group":
        return {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "properties": {q.id: _question_schema(q) for q in question.questions},
            },
        }
    if kind == "money":
        return dict(_MONEY)
    if kind == "number":
        return {"type": "number"}
    if kind == "date":
        return dict(_DATE)
    if kind == "yes_no":
        return {"type": "boolean"}
    if kind == "single_choice" and question.options_from:
        # built from the answers (e.g. "selbst" or "<first name> (<date of birth>)")
        return {"type": "string", "minLength": 1}
    if kind == "single_choice":
        return {"type": "string", "enum": question.option_keys()}
    if kind == "multiple_choice":
        return {
            "type": "array",
            "uniqueItems": True,
            "items": {"type": "string", "enum": question.option_keys()},
        }
    if kind == "address":
        return {
            "type": "object",
            "additionalProperties": False,
            "properties": {k: {"type": "string"} for k in ("street", "postcode", "city")},
        }
    if kind == "iban":
        return {"type": "string", "pattern": r"^[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}$"}
    if kind == "file":
        return {"type": "array", "items": {"type": "integer"}}
    return {"type": "string"}


def answers_schema(form: FormDefinition) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    for page in form.pages:
        for question in page.questions:
            properties[question.id] = _question_schema(question)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:jobcenter-online:antraege:{form.key}:{form.version}",
        "title": f"{form.key} {form.version}",
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
    }
