"""The form logic without HTTP: visibility, parsing of a page's input, validation, rules.

``evaluate`` walks the definition in order and decides which pages and questions are asked
under the given answers (conditions may only read earlier questions, so one pass is
enough); ``effective`` is the answers restricted to what is asked — the final answers.
``parse_page`` turns a page's POST data into values of the answers shape plus messages;
``check_answers`` validates stored answers (before the summary and the submit).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jobcenter.core import memorable_date
from jobcenter.formengine import conditions, validators
from jobcenter.formengine.definition import FormDefinition, Page, Question, Rule, translate

EMPTY = (None, "", [], {})
MAX_GROUP_ITEMS = 50
ADDRESS_PARTS = ("street", "postcode", "city")


def is_empty(value: Any) -> bool:
    if isinstance(value, dict):
        return all(is_empty(v) for v in value.values())
    return value in EMPTY


# --- visibility ------------------------------------------------------------------------


@dataclass
class Evaluation:
    effective: dict = field(default_factory=dict)
    pages: list[Page] = field(default_factory=list)
    questions: dict[str, list[Question]] = field(default_factory=dict)
    #: (group id, entry index) -> inner questions asked in that entry
    inner: dict[tuple[str, int], list[Question]] = field(default_factory=dict)

    def page_keys(self) -> list[str]:
        return [p.key for p in self.pages]

    def is_asked(self, question: Question) -> bool:
        return any(q.id == question.id for q in self.questions.get(question.page_key, ()))


def evaluate(form: FormDefinition, answers: Mapping[str, Any]) -> Evaluation:
    result = Evaluation()
    eff = result.effective
    for page in form.pages:
        if not conditions.is_true(page.condition, eff):
            continue
        result.pages.append(page)
        asked: list[Question] = []
        for q in page.questions:
            if not conditions.is_true(q.condition, eff):
                continue
            asked.append(q)
            value = answers.get(q.id)
            if q.is_group:
                items = value if isinstance(value, list) else []
                eff_items = []
                for index, item in enumerate(items[:MAX_GROUP_ITEMS]):
                    item = item if isinstance(item, dict) else {}
                    item_eff: dict = {}
                    inner_asked = []
                    for inner in q.questions:
                        if conditions.is_true(inner.condition, {**eff, **item_eff}):
                            inner_asked.append(inner)
                            if not is_empty(item.get(inner.id)):
                                item_eff[inner.id] = item[inner.id]
                    result.inner[(q.id, index)] = inner_asked
                    eff_items.append(item_eff)
                if eff_items:
                    eff[q.id] = eff_items
            elif not is_empty(value):
                eff[q.id] = value
        result.questions[page.key] = asked
    return result


def inner_asked(
    group: Question, item: Mapping[str, Any], effective: Mapping[str, Any]
) -> list[Question]:
    item_eff: dict = {}
    asked = []
    for inner in group.questions:
        if conditions.is_true(inner.condition, {**effective, **item_eff}):
            asked.append(inner)
            if not is_empty(item.get(inner.id)):
                item_eff[inner.id] = item[inner.id]
    return asked


def item_field_label(group: Question, index: int, inner: Question) -> str:
    return _("%(item)s %(number)d: %(label)s") % {
        "item": translate(group.item_label) or translate(group.label),
        "number": index + 1,
        "label": translate(inner.label),
    }


# --- names of inputs -------------------------------------------------------------------


def field_name(question: Question, group: Question | None = None, index: int | None = None) -> str:
    if group is not None:
        return f"{group.id}-{index}-{question.id}"
    return question.id


def html_id(name: str) -> str:
    return f"f-{name}"


def first_input_id(question: Question, name: str) -> str:
    """The id the error summary links to (the first input of the question)."""
    if question.type == "address":
        return html_id(f"{name}-street")
    if question.type == "date":
        return html_id(f"{name}-{memorable_date.DAY}")
    if question.type in ("single_choice", "multiple_choice", "yes_no"):
        return html_id(f"{name}-0")
    return html_id(name)


# --- parsing one question --------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029\ufeff]")


def clean_text(raw: Any, max_length: int) -> str:
    text = unicodedata.normalize("NFC", str(raw or ""))
    text = _CONTROL.sub("", text).replace("\r\n", "\n").strip()
    # Lone surrogates cannot be stored (PostgreSQL JSON) or rendered.
    text = text.encode("utf-8", "replace").decode("utf-8")
    if len(text) > max_length:
        raise ValidationError(
            ngettext(
                "Bitte kürzen Sie Ihre Eingabe auf höchstens %(max)d Zeichen.",
                "Bitte kürzen Sie Ihre Eingabe auf höchstens %(max)d Zeichen.",
                max_length,
            )
            % {"max": max_length}
        )
    return text


def _messages(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


def parse_question(
    question: Question, data: Mapping[str, Any], name: str
) -> tuple[Any, Any, list[str]]:
    """(value, raw input, error messages) for one question from POST ``data``.

    ``value`` is None when nothing (valid) was given. File questions are not parsed here.
    """
    qtype = question.type

    def get(key: str) -> str:
        value = data.get(key, "")
        if isinstance(value, list):
            value = value[-1] if value else ""
        return str(value)[:20000]

    try:
        if qtype == "multiple_choice":
            getlist = getattr(data, "getlist", None)
            raw_list = getlist(name) if getlist else data.get(name, [])
            raw_list = [str(v) for v in (raw_list if isinstance(raw_list, list) else [raw_list])]
            keys = question.option_keys()
            chosen = [k for k in keys if k in raw_list]
            if len(chosen) != len(set(raw_list)):
                raise ValidationError(_("Bitte wählen Sie nur aus den angebotenen Antworten aus."))
            return (chosen or None), raw_list, []
        if qtype == "address":
            raw = {part: get(f"{name}-{part}") for part in ADDRESS_PARTS}
            parts = {part: clean_text(raw[part], 200) for part in ADDRESS_PARTS}
            if is_empty(parts):
                return None, raw, []
            missing = [p for p in ADDRESS_PARTS if not parts[p]]
            if missing:
                raise ValidationError(
                    _("Bitte geben Sie Straße und Hausnummer, Postleitzahl und Ort vollständig an.")
                )
            validators.validate_postcode(parts["postcode"])
            return parts, raw, []
        if qtype == "date" and any(f"{name}-{part}" in data for part in memorable_date.PARTS):
            # day, month and year in three boxes (core.memorable_date)
            parts = memorable_date.DateParts.of(
                {part: get(f"{name}-{part}") for part in memorable_date.PARTS})
            if parts.empty:
                return None, parts.as_dict(), []
            try:
                return memorable_date.parse(parts).isoformat(), parts.as_dict(), []
            except memorable_date.DateInputError as exc:
                return None, parts.as_dict(), [exc.message]
        raw = get(name)
        if qtype == "text":
            limit = question.max_length or (5000 if question.multiline else 500)
            text = clean_text(raw, limit)
            return (text or None), raw, []
        if raw.strip() == "":
            return None, raw, []
        if qtype == "number":
            number = validators.parse_number(raw)
            if question.min is not None and number < question.min:
                raise ValidationError(
                    _("Bitte geben Sie eine Zahl ab %(min)s an.") % {"min": _num(question.min)}
                )
            if question.max is not None and number > question.max:
                raise ValidationError(
                    _("Bitte geben Sie eine Zahl bis %(max)s an.") % {"max": _num(question.max)}
                )
            return number, raw, []
        if qtype == "money":
            amount = validators.parse_money(raw)
            if question.min is not None and Decimal(amount) < Decimal(str(question.min)):
                raise ValidationError(
                    _("Bitte geben Sie mindestens %(min)s € an.")
                    % {"min": validators.format_money(str(question.min))}
                )
            if question.max is not None and Decimal(amount) > Decimal(str(question.max)):
                raise ValidationError(
                    _("Bitte geben Sie höchstens %(max)s € an.")
                    % {"max": validators.format_money(str(question.max))}
                )
            return amount, raw, []
        if qtype == "date":
            return validators.parse_date(raw), raw, []
        if qtype == "yes_no":
            if raw not in ("ja", "nein"):
                raise ValidationError(_("Bitte wählen Sie „Ja“ oder „Nein“."))
            return raw == "ja", raw, []
        if qtype == "single_choice":
            if raw not in question.option_keys():
                raise ValidationError(_("Bitte wählen Sie eine der angebotenen Antworten aus."))
            return raw, raw, []
        if qtype == "iban":
            return validators.normalize_iban(clean_text(raw, 64)), raw, []
        if qtype == "email":
            text = clean_text(raw, 254)
            validators.validate_email(text)
            return text, raw, []
        if qtype == "phone":
            text = clean_text(raw, 40)
            validators.validate_phone(text)
            return text, raw, []
    except ValidationError as exc:
        return None, _raw_of(question, data, name), _messages(exc)
    return None, None, []


def _raw_of(question: Question, data: Mapping[str, Any], name: str) -> Any:
    if question.type == "date" and any(f"{name}-{p}" in data for p in memorable_date.PARTS):
        return {p: str(data.get(f"{name}-{p}", ""))[:10] for p in memorable_date.PARTS}
    if question.type == "address":
        return {part: str(data.get(f"{name}-{part}", ""))[:500] for part in ADDRESS_PARTS}
    if question.type == "multiple_choice":
        getlist = getattr(data, "getlist", None)
        return [str(v)[:100] for v in (getlist(name) if getlist else [])]
    value = data.get(name, "")
    if isinstance(value, list):
        value = value[-1] if value else ""
    return str(value)[:2000]


def _num(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def run_validators(question: Question, value: Any) -> list[str]:
    errors: list[str] = []
    for name in question.validators:
        func = validators.registry().get(name)
        if func is None:
            continue
        try:
            func(value)
        except ValidationError as exc:
            errors.extend(_messages(exc))
            break
    return errors


def required_message(question: Question) -> str:
    if question.type in ("single_choice", "yes_no"):
        return _("Bitte wählen Sie eine Antwort aus.")
    if question.type == "multiple_choice":
        return _("Bitte wählen Sie mindestens eine Antwort aus.")
    if question.type == "file":
        return _("Bitte laden Sie mindestens eine Datei hoch.")
    if question.type == "address":
        return _("Bitte geben Sie Straße und Hausnummer, Postleitzahl und Ort an.")
    if question.type == "date":
        return _("Bitte geben Sie ein Datum an.")
    return _("Bitte füllen Sie dieses Feld aus.")


# --- one page --------------------------------------------------------------------------


@dataclass
class FieldError:
    anchor: str  # html id to link to
    name: str  # input name (question id or group field name)
    label: str
    message: str


@dataclass
class PageResult:
    answers: dict  # the full answers after applying this page
    pending: dict  # raw input that was not valid: {input name: raw}
    errors: list[FieldError] = field(default_factory=list)
    #: questions that became visible through this page's own answers and were not shown
    revealed: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.errors and not self.revealed

    def errors_for(self, name: str) -> list[str]:
        return [e.message for e in self.errors if e.name == name]


def _group_count(group: Question, data: Mapping[str, Any], existing: Any) -> int:
    raw = data.get(f"{group.id}-count")
    if isinstance(raw, list):
        raw = raw[-1] if raw else None
    try:
        count = int(str(raw))
    except (TypeError, ValueError):
        count = len(existing) if isinstance(existing, list) else 0
    return max(0, min(count, group.group_max, MAX_GROUP_ITEMS))


def parse_page(
    form: FormDefinition,
    page: Page,
    answers: Mapping[str, Any],
    data: Mapping[str, Any],
    *,
    shown: set[str] | None = None,
    validate: bool = True,
) -> PageResult:
    """Apply the POST ``data`` of ``page`` to ``answers`` and validate it.

    ``shown``: the question ids that were on the rendered page (a hidden input); a
    question revealed by this page's own answers is not reported as an error but listed
    in ``revealed`` so the page is shown again. ``validate=False`` saves what is valid
    without reporting missing answers (used for "Zurück" and "add/remove entry").
    """
    new = dict(answers)
    pending: dict = {}
    errors: list[FieldError] = []
    parse_errors: dict[str, list[str]] = {}

    for q in page.questions:
        if q.type == "file":
            continue  # uploads are applied by the view before parsing
        if q.is_group:
            existing = answers.get(q.id) if isinstance(answers.get(q.id), list) else []
            count = _group_count(q, data, existing)
            items = []
            for index in range(count):
                old_item = (
                    existing[index]
                    if index < len(existing) and isinstance(existing[index], dict)
                    else {}
                )
                item = {}
                for inner in q.questions:
                    name = field_name(inner, q, index)
                    if inner.type == "file":
                        if not is_empty(old_item.get(inner.id)):
                            item[inner.id] = old_item[inner.id]
                        continue
                    if not _posted(inner, data, name):
                        if not is_empty(old_item.get(inner.id)):
                            item[inner.id] = old_item[inner.id]
                        continue
                    value, raw, errs = parse_question(inner, data, name)
                    if errs:
                        pending[name] = raw
                        parse_errors[name] = errs
                        if not is_empty(old_item.get(inner.id)):
                            item[inner.id] = old_item[inner.id]
                    elif value is not None:
                        item[inner.id] = value
                items.append(item)
            new[q.id] = items
            continue
        if not _posted(q, data, q.id):
            continue
        value, raw, errs = parse_question(q, data, q.id)
        if errs:
            pending[q.id] = raw
            parse_errors[q.id] = errs
        elif value is None:
            new.pop(q.id, None)
        else:
            new[q.id] = value

    evaluation = evaluate(form, new)
    asked = evaluation.questions.get(page.key, [])
    revealed: list[str] = []
    for q in asked:
        if q.is_group:
            items = new.get(q.id) or []
            for index, item in enumerate(items):
                for inner in evaluation.inner.get((q.id, index), []):
                    name = field_name(inner, q, index)
                    label = item_field_label(q, index, inner)
                    _check_one(
                        inner,
                        item.get(inner.id),
                        name,
                        label,
                        parse_errors,
                        errors,
                        validate,
                        shown,
                        revealed,
                        new,
                    )
            if len(items) < q.group_min and shown is not None and q.id not in shown:
                revealed.append(q.id)
            elif validate and len(items) < q.group_min:
                errors.append(
                    FieldError(
                        anchor=html_id(f"{q.id}-add"),
                        name=q.id,
                        label=translate(q.label),
                        message=ngettext(
                            "Bitte geben Sie mindestens %(min)d Eintrag an.",
                            "Bitte geben Sie mindestens %(min)d Einträge an.",
                            q.group_min,
                        )
                        % {"min": q.group_min},
                    )
                )
            continue
        _check_one(
            q,
            new.get(q.id),
            q.id,
            translate(q.label),
            parse_errors,
            errors,
            validate,
            shown,
            revealed,
            new,
        )
    # Parse errors of questions that are not asked (anymore) are dropped with their input.
    error_names = {e.name for e in errors}
    pending = {k: v for k, v in pending.items() if k in error_names}
    if validate and not errors:
        errors.extend(rule_errors(form, page, new, evaluation))
    return PageResult(answers=new, pending=pending, errors=errors, revealed=revealed)


def _posted(question: Question, data: Mapping[str, Any], name: str) -> bool:
    """Whether the page's form carried this question (unchecked boxes send nothing)."""
    if question.type == "address":
        return any(f"{name}-{p}" in data for p in ADDRESS_PARTS)
    if question.type == "date":
        return name in data or any(f"{name}-{p}" in data for p in memorable_date.PARTS)
    if question.type in ("multiple_choice", "single_choice", "yes_no"):
        return name in data or f"{name}-present" in data
    return name in data


def _check_one(
    q: Question,
    value: Any,
    name: str,
    label: str,
    parse_errors: dict,
    errors: list[FieldError],
    validate: bool,
    shown: set[str] | None,
    revealed: list[str],
    answers: dict,
) -> None:
    anchor = first_input_id(q, name)
    if name in parse_errors:
        for message in parse_errors[name]:
            errors.append(FieldError(anchor=anchor, name=name, label=label, message=message))
        return
    if is_empty(value):
        if shown is not None and name not in shown:
            revealed.append(name)
        elif validate and q.required:
            errors.append(
                FieldError(anchor=anchor, name=name, label=label, message=required_message(q))
            )
        return
    if q.type == "single_choice" and str(value) not in q.option_keys():
        # e.g. a person chosen on this page who was renamed or removed later
        errors.append(
            FieldError(
                anchor=anchor,
                name=name,
                label=label,
                message=str(_("Bitte wählen Sie eine der angebotenen Antworten aus.")),
            )
        )
        return
    for message in run_validators(q, value):
        errors.append(FieldError(anchor=anchor, name=name, label=label, message=message))


# --- rules -----------------------------------------------------------------------------


def _rule_applies(rule: Rule, data: dict) -> bool:
    try:
        refs = set(conditions.references(rule.expression))
    except conditions.ExpressionError:
        return False
    if any(is_empty(conditions.evaluate({"var": ref}, data)) for ref in refs):
        return False
    return rule.when is None or conditions.is_true(rule.when, data)


def rule_errors(
    form: FormDefinition,
    page: Page,
    answers: Mapping[str, Any],
    evaluation: Evaluation | None = None,
) -> list[FieldError]:
    evaluation = evaluation or evaluate(form, answers)
    eff = evaluation.effective
    questions = form.questions
    errors: list[FieldError] = []
    for rule in form.rules_for_page(page.key):
        target = questions[rule.field]
        if rule.group:
            group = questions[rule.group]
            if not evaluation.is_asked(group):
                continue
            for index, item in enumerate(eff.get(group.id, [])):
                if target not in evaluation.inner.get((group.id, index), []):
                    continue
                data = {**eff, **item}
                if _rule_applies(rule, data) and not conditions.is_true(rule.expression, data):
                    name = field_name(target, group, index)
                    label = item_field_label(group, index, target)
                    errors.append(
                        FieldError(
                            anchor=first_input_id(target, name),
                            name=name,
                            label=label,
                            message=translate(rule.message),
                        )
                    )
        else:
            if not evaluation.is_asked(target):
                continue
            if _rule_applies(rule, eff) and not conditions.is_true(rule.expression, eff):
                errors.append(
                    FieldError(
                        anchor=first_input_id(target, target.id),
                        name=target.id,
                        label=translate(target.label),
                        message=translate(rule.message),
                    )
                )
    return errors


# --- whole form ------------------------------------------------------------------------


def check_answers(form: FormDefinition, answers: Mapping[str, Any]) -> dict[str, list[FieldError]]:
    """Problems of stored answers per page key (only asked pages; empty dict = complete)."""
    evaluation = evaluate(form, answers)
    problems: dict[str, list[FieldError]] = {}
    for page in evaluation.pages:
        errors: list[FieldError] = []
        for q in evaluation.questions[page.key]:
            if q.is_group:
                items = answers.get(q.id) if isinstance(answers.get(q.id), list) else []
                for index, item in enumerate(items[:MAX_GROUP_ITEMS]):
                    item = item if isinstance(item, dict) else {}
                    for inner in evaluation.inner.get((q.id, index), []):
                        name = field_name(inner, q, index)
                        _check_one(
                            inner,
                            item.get(inner.id),
                            name,
                            item_field_label(q, index, inner),
                            {},
                            errors,
                            True,
                            None,
                            [],
                            dict(answers),
                        )
                if len(items) < q.group_min:
                    errors.append(
                        FieldError(
                            anchor=html_id(f"{q.id}-add"),
                            name=q.id,
                            label=translate(q.label),
                            message=_("Bitte ergänzen Sie die Einträge."),
                        )
                    )
                continue
            _check_one(
                q,
                answers.get(q.id),
                q.id,
                translate(q.label),
                {},
                errors,
                True,
                None,
                [],
                dict(answers),
            )
        errors.extend(rule_errors(form, page, answers, evaluation))
        if errors:
            problems[page.key] = errors
    return problems


# --- input values (how a reader sees an answer: ``formengine.display``) ----------------


def input_value(question: Question, value: Any) -> Any:
    """A stored value as it goes back into an input field."""
    if value is None:
        return (
            ""
            if question.type not in ("multiple_choice", "address")
            else ([] if question.type == "multiple_choice" else {})
        )
    if question.type == "money":
        return validators.format_money(value)
    if question.type == "number":
        return _num(value) if isinstance(value, (int, float)) else str(value)
    if question.type == "yes_no":
        return "ja" if value is True else ("nein" if value is False else "")
    return value


def normalize_prefill(question: Question, value: Any) -> Any:
    """A provider's value in the answers shape, or None if it does not fit."""
    if value is None:
        return None
    try:
        if question.type == "date":
            if isinstance(value, dt.datetime):
                value = value.date()
            if isinstance(value, dt.date):
                return value.isoformat()
            return validators.parse_date(str(value))
        if question.type == "money":
            return str(Decimal(str(value)).quantize(Decimal("0.01")))
        if question.type == "number":
            return validators.parse_number(str(value))
        if question.type == "yes_no":
            return value if isinstance(value, bool) else None
        if question.type == "single_choice":
            return str(value) if str(value) in question.option_keys() else None
        if question.type == "multiple_choice":
            return (
                [v for v in value if v in question.option_keys()]
                if isinstance(value, list)
                else None
            )
        if question.type == "address":
            if not isinstance(value, dict):
                return None
            parts = {p: str(value.get(p) or "") for p in ADDRESS_PARTS}
            return None if is_empty(parts) else parts
        if question.type == "file" or question.is_group:
            return None
        text = str(value).strip()
        return text or None
    except (ValidationError, InvalidOperation, ValueError, TypeError):
        return None
