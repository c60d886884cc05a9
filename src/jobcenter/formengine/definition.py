"""Form definitions: parsed from YAML, checked statically, immutable at run time."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from django.utils.translation import get_language

from jobcenter.formengine import conditions

SCHEMA_PATH = Path(__file__).parent / "schema" / "form.schema.json"

QUESTION_TYPES = (
    "text",
    "number",
    "money",
    "date",
    "single_choice",
    "multiple_choice",
    "yes_no",
    "address",
    "iban",
    "email",
    "phone",
    "file",
    "group",
)
CHOICE_TYPES = ("single_choice", "multiple_choice")


class DefinitionError(ValueError):
    """A form definition that must not be used; ``problems`` lists every finding."""

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = problems
        super().__init__(f"{source}: " + "; ".join(problems))


def translate(text: dict[str, str] | None) -> str:
    """The text in the active language (German as the fallback)."""
    if not text:
        return ""
    lang = (get_language() or "de").split("-")[0]
    return text.get(lang) or text.get("de") or next(iter(text.values()))


@dataclass(frozen=True)
class Option:
    key: str
    label: dict[str, str]
    help: dict[str, str] | None = None


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    label: dict[str, str]
    page_key: str
    help: dict[str, str] | None = None
    required: bool = True
    condition: Any = None
    prefill: str | None = None
    validators: tuple[str, ...] = ()
    options: tuple[Option, ...] = ()
    #: a named source that builds the options from the answers (``formengine.options``)
    options_from: str | None = None
    multiline: bool = False
    max_length: int | None = None
    min: float | None = None
    max: float | None = None
    max_files: int = 10
    group: str | None = None  # id of the repeating group this question belongs to
    questions: tuple[Question, ...] = ()  # for type "group"
    item_label: dict[str, str] | None = None
    add_label: dict[str, str] | None = None
    group_min: int = 0
    group_max: int = 20

    @property
    def is_group(self) -> bool:
        return self.type == "group"

    def option_keys(self) -> list[str]:
        return [o.key for o in self.options]

    def option_label(self, key: str) -> str:
        for option in self.options:
            if option.key == key:
                return translate(option.label)
        return key


@dataclass(frozen=True)
class Page:
    key: str
    title: dict[str, str]
    questions: tuple[Question, ...]
    intro: dict[str, str] | None = None
    condition: Any = None


@dataclass(frozen=True)
class Rule:
    id: str
    expression: Any
    message: dict[str, str]
    field: str
    group: str | None = None
    when: Any = None


@dataclass(frozen=True)
class FormDefinition:
    key: str
    version: str
    title: dict[str, str]
    pages: tuple[Page, ...]
    rules: tuple[Rule, ...] = ()
    description: dict[str, str] | None = None
    declaration: dict[str, str] | None = None
    meta: dict = field(default_factory=dict)
    source: str = ""
    _index: dict = field(default_factory=dict, compare=False, repr=False)
    #: some question builds its options from the answers (``options_from``)
    has_dynamic_options: bool = field(default=False, init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        for page in self.pages:
            for q in page.questions:
                self._index.setdefault(q.id, q)
                for inner in q.questions:
                    self._index.setdefault(inner.id, inner)
        dynamic = any(q.options_from for q in self._index.values())
        object.__setattr__(self, "has_dynamic_options", dynamic)

    # --- lookups -------------------------------------------------------------------
    @property
    def questions(self) -> dict[str, Question]:
        """Every question by id, including those inside repeating groups."""
        return self._index

    def page(self, key: str) -> Page | None:
        for page in self.pages:
            if page.key == key:
                return page
        return None

    def page_index(self, key: str) -> int:
        for index, page in enumerate(self.pages):
            if page.key == key:
                return index
        raise KeyError(key)

    def question_order(self) -> dict[str, int]:
        """Document order of every question (groups' inner questions follow their group)."""
        order: dict[str, int] = {}
        for page in self.pages:
            for q in page.questions:
                order[q.id] = len(order)
                for inner in q.questions:
                    order[inner.id] = len(order)
        return order

    def rules_for_page(self, page_key: str) -> list[Rule]:
        questions = self.questions
        return [
            r
            for r in self.rules
            if r.field in questions and questions[r.field].page_key == page_key
        ]


# --- parsing ---------------------------------------------------------------------------


@cache
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _question(data: dict, page_key: str, group: str | None = None) -> Question:
    options = tuple(
        Option(key=str(o["key"]), label=o["label"], help=o.get("help"))
        for o in data.get("options", ())
    )
    inner = tuple(_question(q, page_key, group=data["id"]) for q in data.get("questions", ()))
    is_group = data["type"] == "group"
    return Question(
        id=data["id"],
        type=data["type"],
        label=data["label"],
        page_key=page_key,
        help=data.get("help"),
        required=data.get("required", not is_group),
        condition=data.get("condition"),
        prefill=data.get("prefill"),
        validators=tuple(data.get("validators", ())),
        options=options,
        options_from=data.get("options_from"),
        multiline=data.get("multiline", False),
        max_length=data.get("max_length"),
        min=None if is_group else data.get("min"),
        max=None if is_group else data.get("max"),
        max_files=data.get("max_files", 10),
        group=group,
        questions=inner,
        item_label=data.get("item_label"),
        add_label=data.get("add_label"),
        group_min=data.get("min", 0) if is_group else 0,
        group_max=data.get("max", 20) if is_group else 0,
    )


def parse(data: Any, source: str = "<memory>") -> FormDefinition:
    """Schema-validate ``data`` and build the definition (no cross-reference checks)."""
    validator = jsonschema.Draft202012Validator(schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        problems = []
        for error in errors:
            where = "/".join(str(p) for p in error.absolute_path) or "(root)"
            problems.append(f"schema: {where}: {error.message[:300]}")
        raise DefinitionError(source, problems)
    pages = tuple(
        Page(
            key=p["key"],
            title=p["title"],
            intro=p.get("intro"),
            condition=p.get("condition"),
            questions=tuple(_question(q, p["key"]) for q in p["questions"]),
        )
        for p in data["pages"]
    )
    rules = tuple(
        Rule(
            id=r["id"],
            expression=r["expression"],
            message=r["message"],
            field=r["field"],
            group=r.get("group"),
            when=r.get("when"),
        )
        for r in data.get("rules", ())
    )
    return FormDefinition(
        key=data["key"],
        version=str(data["version"]),
        title=data["title"],
        description=data.get("description"),
        declaration=data.get("declaration"),
        pages=pages,
        rules=rules,
        meta=data.get("meta") or {},
        source=source,
    )


# --- static checks ---------------------------------------------------------------------

_VALIDATOR_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def check(
    form: FormDefinition,
    *,
    validator_names: set[str] | None = None,
    prefill_providers: set[str] | None = None,
    option_sources: set[str] | None = None,
) -> list[str]:
    """Every problem found in ``form`` beyond the schema (empty list = fine).

    Unknown references (conditions, rules, prefill, validators), duplicate ids,
    references to later questions (their page or question could never be decided when it is
    asked: unreachable), conditions comparing a choice with an option that does not exist
    (never true), and cyclic conditions.
    """
    problems: list[str] = []
    order: dict[str, int] = {}
    seen_pages: set[str] = set()
    for page in form.pages:
        if page.key in seen_pages:
            problems.append(f"page {page.key}: duplicate page key")
        seen_pages.add(page.key)
        for q in page.questions:
            for item in (q, *q.questions):
                if item.id in order:
                    problems.append(f"question {item.id}: duplicate question id")
                order[item.id] = len(order)
    questions = form.questions

    def refs_of(expression: Any, where: str, *, group: Question | None = None) -> set[str]:
        found: set[str] = set()
        try:
            for op in conditions.operators(expression):
                if op not in conditions.SUPPORTED_OPERATORS:
                    problems.append(f"{where}: unknown operator {op!r}")
            paths = list(conditions.references(expression))
        except conditions.ExpressionError as exc:
            problems.append(f"{where}: {exc}")
            return found
        for path in paths:
            head = path.split(".")[0]
            if head not in questions:
                problems.append(f"{where}: unknown reference {path!r}")
                continue
            target = questions[head]
            if target.group is not None and (group is None or target.group != group.id):
                problems.append(
                    f"{where}: {path!r} is inside the repeating group {target.group!r}; "
                    "refer to the group (e.g. with 'count' or 'some') instead"
                )
                continue
            found.add(head)
        for name, literal in conditions.literal_comparisons(expression):
            head = name.split(".")[0]
            target = questions.get(head)
            if (
                target is not None
                and target.type in CHOICE_TYPES
                and target.options_from is None  # options known only at run time
                and "." not in name
                and str(literal) not in target.option_keys()
            ):
                problems.append(
                    f"{where}: condition can never be true: {literal!r} is not an "
                    f"option of {head!r}"
                )
            if target is not None and target.type == "yes_no" and not isinstance(literal, bool):
                problems.append(f"{where}: yes/no answers are true/false, not {literal!r}")
        return found

    for page in form.pages:
        if page.condition is False:
            problems.append(f"page {page.key}: unreachable — its condition is always false")
        for q in page.questions:
            for item in (q, *q.questions):
                if item.condition is False:
                    problems.append(
                        f"question {item.id}: never asked — its condition is always false"
                    )

    # Dependency graph for cycle detection: node -> the question ids it depends on.
    graph: dict[str, set[str]] = {}
    for page in form.pages:
        page_node = f"page:{page.key}"
        page_refs = refs_of(page.condition, f"page {page.key} condition")
        graph[page_node] = page_refs
        first_on_page = min((order[q.id] for q in page.questions), default=0)
        for ref in page_refs:
            if order[ref] >= first_on_page:
                problems.append(
                    f"page {page.key}: unreachable — its condition refers to {ref!r}, "
                    "which is asked on this or a later page"
                )
        for q in page.questions:
            deps = refs_of(q.condition, f"question {q.id} condition") | {page_node}
            graph[q.id] = deps
            for ref in deps - {page_node}:
                if order[ref] >= order[q.id] and ref != q.id:
                    problems.append(
                        f"question {q.id}: unreachable — its condition refers to the "
                        f"later question {ref!r}"
                    )
            for inner in q.questions:
                inner_deps = refs_of(inner.condition, f"question {inner.id} condition", group=q) | {
                    q.id
                }
                graph[inner.id] = inner_deps
                for ref in inner_deps - {q.id}:
                    if order[ref] >= order[inner.id] and ref != inner.id:
                        problems.append(
                            f"question {inner.id}: unreachable — its condition refers "
                            f"to the later question {ref!r}"
                        )
            for item in (q, *q.questions):
                if item.type in CHOICE_TYPES and len(set(item.option_keys())) != len(item.options):
                    problems.append(f"question {item.id}: duplicate option keys")
                if (
                    item.options_from
                    and option_sources is not None
                    and item.options_from not in option_sources
                ):
                    problems.append(
                        f"question {item.id}: unknown options source {item.options_from!r}"
                    )
                if item.prefill and prefill_providers is not None:
                    provider = item.prefill.split(".")[0]
                    if item.group is None and provider not in prefill_providers:
                        problems.append(
                            f"question {item.id}: unknown prefill provider {provider!r}"
                        )
                for name in item.validators:
                    if validator_names is not None and name not in validator_names:
                        problems.append(f"question {item.id}: unknown validator {name!r}")
                if item.is_group and item.group_min > item.group_max:
                    problems.append(f"question {item.id}: min is larger than max")

    # Cycles (self-reference included).
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for dep in sorted(graph.get(node, ())):
            if state.get(dep) == 1:
                cycle = trail[trail.index(dep) :] + [dep] if dep in trail else [node, dep]
                problems.append("cyclic condition: " + " -> ".join(cycle))
            elif state.get(dep) is None:
                visit(dep, trail + [dep])
        state[node] = 2

    for node in list(graph):
        if node not in state:
            visit(node, [node])

    rule_ids: set[str] = set()
    for rule in form.rules:
        where = f"rule {rule.id}"
        if rule.id in rule_ids:
            problems.append(f"{where}: duplicate rule id")
        rule_ids.add(rule.id)
        group = None
        if rule.group is not None:
            group = questions.get(rule.group)
            if group is None or not group.is_group:
                problems.append(f"{where}: {rule.group!r} is not a repeating group")
                group = None
        target = questions.get(rule.field)
        if target is None:
            problems.append(f"{where}: unknown field {rule.field!r}")
            continue
        if target.group != (group.id if group else None):
            problems.append(
                f"{where}: field {rule.field!r} must be a question of "
                + (f"group {group.id!r}" if group else "the form, not inside a group")
            )
        for expression, label in ((rule.expression, "expression"), (rule.when, "when")):
            for ref in refs_of(expression, f"{where} {label}", group=group):
                if questions[ref].page_key != target.page_key and form.page_index(
                    questions[ref].page_key
                ) > form.page_index(target.page_key):
                    problems.append(
                        f"{where}: refers to {ref!r}, which is asked after the field {rule.field!r}"
                    )
    return problems
