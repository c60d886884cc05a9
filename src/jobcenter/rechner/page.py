"""The calculator's answer to "berechnen" from a skeleton kept per process
(``core.page_skeleton``; docs/performance.md, "The Rechner POST").

Rendering the whole page for every calculation cost about 5 ms of CPU: the shell, the
intro and 20–40 fields with their labels, hints and choices, the same for everyone. Here
the page is rendered once per *shape* with a hole for every typed value, for the CSRF
token and for the result; a request fills in its own. The shape is what decides the
markup besides the typed values:

- the language, the path and the months offered (today's month decides the choices);
- the number of children (the child fieldsets and buttons);
- per field: whether it (or each box of a date) has a value — an empty input has no
  ``value`` attribute — and for a choice (month, partner, hot water) the chosen option;
- whether there is a result or the calculation failed.

So a skeleton holds no typed amount or date: the calculator keeps nothing of what a
person entered (the page promises it). A form with an error is rendered as before: its
markup depends on the posted value itself (a wrong date marks the boxes to fix), which a
skeleton would have to keep.

A value is put in as the template would have written it: the widget's formatted value
(``Widget.format_value``; a date's box as ``memorable_date.boxes`` shows it), escaped
(``conditional_escape``). Anything this does not know — an error, a signed-in user (the shell shows
their navigation), a message waiting, a query string, ``DEBUG``, a widget of another kind,
a choice that is not offered, a skeleton whose holes do not come out right — is rendered
as before (``render``). ``tests/rechner/test_page.py`` compares both over many inputs.
"""

from __future__ import annotations

import html
import threading
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from operator import attrgetter
from types import SimpleNamespace
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from jobcenter.core import memorable_date
from jobcenter.core.csrf import page_token
from jobcenter.core.date_field import MemorableDateWidget
from jobcenter.core.page_skeleton import ProcessCache, Skeleton, hole, split
from jobcenter.core.templatetags.jc_sheets import NEEDS_ESCAPE, sheet_tables
from jobcenter.rechner.forms import RechnerForm
from jobcenter.rechner.presentation import Ergebnis

TEMPLATE = "rechner/rechner.html"
CSRF, RESULT = "csrf", "ergebnis"
#: Shapes kept per process (a page is about 30 kB): the usual households and their
#: common mistakes; a rare one is rendered again when it comes back.
SKELETONS: ProcessCache[Skeleton] = ProcessCache(256)

_TEXT_WIDGETS = (forms.TextInput, forms.NumberInput)
_UTF8 = ("utf-8", "utf8")  # the response's charset: the page put together as UTF-8 bytes
_CHOICE_WIDGETS = (forms.Select, forms.RadioSelect)


class _Unknown(Exception):
    """Something the skeleton does not cover: render the page as usual."""


#: the names of the numbered holes and the holes themselves, made once (a request fills
#: 40–70 of them)
_NAMES = tuple(f"v{number}" for number in range(128))
_HOLES = tuple(hole(name) for name in _NAMES)
_NUMBERED = len(_NAMES)


def _hole(values: dict[str, Any], text: Any) -> str:
    """A new hole for ``text``, escaped as the template writes a variable (a plain ``str``
    through ``html.escape``, anything else through ``conditional_escape``); numbered: a
    date's box keeps ten characters of it. One call per hole (30–60 per request)."""
    if type(text) is not str:
        text = conditional_escape(text)
    elif NEEDS_ESCAPE(text):  # html.escape gives back a text without its five characters
        text = html.escape(text)
    number = len(values)
    if number < _NUMBERED:
        values[_NAMES[number]] = text
        return _HOLES[number]
    name = f"v{number}"
    values[name] = text
    return hole(name)


_DATE, _CHOICE, _TEXT, _PLAIN = "date", "choice", "text", "plain"
#: A field's kind by the classes of field and widget (None: not covered), found once per
#: pair. ``_PLAIN``: a text field whose shown value is its raw text — Django's own
#: ``Field.bound_data`` and ``Field.prepare_value`` (the data as it is) and
#: ``Widget.format_value`` (None for an empty value, else ``str``; a localized widget, an
#: instance's setting, is a ``_TEXT`` in the field's plan, ``_plan``).
_KINDS: dict[tuple[type, type], str | None] = {}


def _kind(field: forms.Field, widget: forms.Widget) -> str | None:
    classes = (type(field), type(widget))
    kind = _KINDS.get(classes, "")
    if kind == "":
        kind = (_DATE if isinstance(widget, MemorableDateWidget)
                else _CHOICE if isinstance(widget, _CHOICE_WIDGETS)
                else _TEXT if isinstance(widget, _TEXT_WIDGETS) else None)
        if kind is _TEXT and (type(field).bound_data is forms.Field.bound_data
                              and type(field).prepare_value is forms.Field.prepare_value
                              and type(widget).format_value is forms.Widget.format_value):
            kind = _PLAIN
        _KINDS[classes] = kind
    return kind


_MISSING = object()


@dataclass(frozen=True, eq=False)
class _ShapePlan:
    """What decides each field's part of the shape and is the same for every request: the
    field's kind, the data keys of a date's boxes, the choices offered — found once per set
    of field objects (a form's fields are its prototype's, ``RechnerForm``), not per field
    per request."""

    #: per field: name, kind, and for a date its boxes' parts and data keys, for a choice
    #: the values offered (as text)
    steps: tuple[tuple[str, str, Any], ...]
    #: the months offered (part of the page's key)
    months: tuple[str, ...]
    #: the names and kinds of the fields, as a small number (part of the page's key)
    signature: int
    #: a field of a kind not covered (or disabled): the page is rendered as usual
    unknown: bool


#: the plans by the form's names and field objects (these hashed and compared by identity:
#: a form's fields are its prototype's, 64 prototypes at most); a plan holds nothing a
#: setting changes
_PLANS: dict[tuple[tuple[str, ...], tuple[forms.Field, ...]], _ShapePlan] = {}
#: a number per list of names and kinds (a few: one per number of children)
_SIGNATURES: dict[tuple[tuple[str, str], ...], int] = {}
_SIGNATURES_LOCK = threading.Lock()


def _signature_number(signature: tuple[tuple[str, str], ...]) -> int:
    with _SIGNATURES_LOCK:  # two new signatures at once must not get one number
        return _SIGNATURES.setdefault(signature, len(_SIGNATURES))


def _plan(form: RechnerForm) -> _ShapePlan:
    fields = form.fields
    key = (tuple(fields), tuple(fields.values()))
    plan = _PLANS.get(key)
    if plan is None:
        steps: list[tuple[str, str, Any]] = []
        unknown = False
        for name, field in fields.items():
            widget = field.widget
            kind = _kind(field, widget)
            if kind is None or field.disabled:
                unknown = True
                break
            extra: Any = None
            if kind is _DATE:
                extra = tuple((part, f"{name}-{part}") for part in memorable_date.PARTS)
            elif kind is _CHOICE:
                extra = frozenset(str(value) for value, _l in getattr(field, "choices", ()))
            elif kind is _PLAIN and widget.is_localized:  # a localized widget formats
                kind = _TEXT
            steps.append((name, kind, extra))
        signature = tuple((name, kind) for name, kind, _extra in steps)
        plan = _ShapePlan(
            steps=tuple(steps),
            months=tuple(str(value) for value, _l in getattr(fields.get("monat"), "choices",
                                                              ())),
            signature=_signature_number(signature), unknown=unknown)
        if len(_PLANS) >= 128:
            _PLANS.clear()
        _PLANS[key] = plan
    return plan


def _shape(form: RechnerForm, plan: _ShapePlan, data: dict[str, Any],
           values: dict[str, str | bytes]) -> tuple[Hashable, ...]:
    """The fields' part of the shape (per field: for a text whether it has a value, for a
    date which boxes have one, for a choice the chosen value); fills the skeleton form's
    ``data`` and the request's ``values`` of its holes."""
    # each value as the form's validation read it (``RechnerForm._clean_fields``), else as
    # ``form[name].data`` reads it
    raw_values: Mapping[str, Any] = getattr(form, "raw_values", {})
    shape: list[Hashable] = []
    add = shape.append
    for name, kind, extra in plan.steps:
        raw = raw_values.get(name, _MISSING)
        if raw is _MISSING:
            raw = form.fields[name].widget.value_from_datadict(form.data, form.files,
                                                               form.add_prefix(name))
        if kind is _PLAIN and type(raw) is str:
            # ``form[name].value()`` of a posted text: Django's bound_data, prepare_value
            # and format_value give it back as it is (None for an empty one)
            if raw:
                data[name] = _hole(values, raw)
            add(bool(raw))
        elif kind is _DATE:
            if type(raw) is dict:  # the three boxes: ``DateParts.of``, part by part
                get = raw.get
                for part, key in extra:
                    value = str(get(part, "") or "").strip()[:10]
                    if value:
                        data[key] = _hole(values, value)
                    add(bool(value))
            elif raw is None:  # nothing posted: ``DateParts.from_value(None)``, no box
                shape.extend((False, False, False))
            else:
                parts = (memorable_date.DateParts.of(raw) if isinstance(raw, Mapping)
                         else memorable_date.DateParts.from_value(raw)).as_dict()
                for part, key in extra:
                    value = parts[part]
                    if value:
                        data[key] = _hole(values, value)
                    add(bool(value))
        elif kind is _CHOICE:
            if raw is None or raw == "":
                add("")
            elif isinstance(raw, str) and raw in extra:
                data[name] = raw
                add(raw)
            else:  # not one of the choices (or not a text): rendered as usual
                raise _Unknown
        else:  # a text field or value of another kind: ``form[name].value()``, formatted
            field = form.fields[name]
            shown = field.widget.format_value(field.prepare_value(field.bound_data(raw, None)))
            if shown is not None:
                data[name] = _hole(values, shown)
            add(shown is not None)
    return tuple(shape)


def _covered(request: HttpRequest, form: RechnerForm) -> bool:
    user = getattr(request, "user", None)
    # any query string (even one without parameters) is in the language switch's "next"
    return (not form.errors and not settings.DEBUG and not request.META.get("QUERY_STRING")
            and user is not None
            and not user.is_authenticated and not len(get_messages(request)))


#: The result section's skeletons (≈ 5 kB each) by shape: the language, the links, and what
#: decides its markup besides the amounts and names — entitled or not and why, one person or
#: several and for each whether it belongs to the Bedarfsgemeinschaft and gets a
#: Kindersofortzuschlag, which Mehrbedarf sentences are shown, the number of notes and the
#: months of the award period.
RESULT_SKELETONS: ProcessCache[Skeleton] = ProcessCache(512)
RESULT_TEMPLATE = "rechner/_ergebnis.html"
TABLES = "tabellen"



class _Attributes:
    """The attributes of an item of the result the template reads — its texts (holes)
    and what decides its markup (kept as it is) — each group read by one ``attrgetter``."""

    def __init__(self, texts: tuple[str, ...], shape: tuple[str, ...]) -> None:
        self.texts, self.shape = texts, shape
        self.read_texts, self.read_shape = _reader(texts), _reader(shape)


def _reader(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The named attributes of an item as a tuple (also for one name)."""
    read = attrgetter(*names)
    return read if len(names) > 1 else lambda item: (read(item),)


_RESULT = _Attributes(("monat_text", "leistungsname", "zahlbetrag", "anspruch_summe",
                       "kindersofortzuschlag", "alleinerziehend", "schwangerschaft"),
                      ("anspruch", "kindersofortzuschlag_positiv", "bewilligungszeitraum_monate"))
_PERSON = _Attributes(("label", "leistungsart", "kindersofortzuschlag", "zahlbetrag"),
                      ("in_bg", "kindersofortzuschlag_positiv"))
_GRUND = _Attributes(("vermoegen", "freibetrag", "bedarf", "einkommen"), ("art",))


def _holes(item: Any, attributes: _Attributes, values: dict[str, str]
           ) -> tuple[tuple[str, ...], tuple[Hashable, ...]]:
    """``item``'s texts as holes (an empty one stays empty: the template asks whether it is
    there) and its part of the key: whether each text is there, each attribute of the
    shape as it is."""
    texts = attributes.read_texts(item)
    holes = tuple([_hole(values, text) if text else "" for text in texts])
    return holes, (*map(bool, texts), *attributes.read_shape(item))


def _stand_in(attributes: _Attributes, holes: tuple[str, ...], key: tuple[Hashable, ...]
              ) -> SimpleNamespace:
    """The item for a new skeleton (made only then): each text its hole, each attribute of
    the shape as it is (from the key). An attribute named in neither is not there, so a
    template using it renders differently from the full render (the tests compare both)."""
    shape = key[len(attributes.texts):]
    return SimpleNamespace(**dict(zip(attributes.texts, holes, strict=True)),
                           **dict(zip(attributes.shape, shape, strict=True)))


def _render_result(ergebnis: Any, tables: str, context: Mapping[str, Any]) -> SafeString:
    return render_to_string(RESULT_TEMPLATE, {
        "ergebnis": ergebnis, "tabellen": tables, "antrag_url": context["antrag_url"],
        "beratung_url": context["beratung_url"]})


def _result_from_skeleton(context: Mapping[str, Any], tables: str, language: str | None
                          ) -> tuple[Skeleton, dict[str, str]] | None:
    """The result section's skeleton and the values to fill it with; None where there is
    none to be had."""
    if settings.DEBUG:
        return None
    ergebnis: Ergebnis = context["ergebnis"]
    values: dict[str, str] = {}
    own = _holes(ergebnis, _RESULT, values)
    persons = [_holes(person, _PERSON, values) for person in ergebnis.personen]
    grund = None if ergebnis.grund is None else _holes(ergebnis.grund, _GRUND, values)
    notes = [_hole(values, note) for note in ergebnis.sheet.notes]
    key = (language, context["antrag_url"], context["beratung_url"], own[1],
           tuple(person_key for _holes_, person_key in persons), grund and grund[1],
           len(notes))
    values[TABLES] = tables
    skeleton = RESULT_SKELETONS.get(key)
    if skeleton is None:
        # the result as the template reads it, with holes: made only for a new skeleton
        stand_in = _stand_in(_RESULT, *own)
        stand_in.personen = [_stand_in(_PERSON, *person) for person in persons]
        stand_in.grund = grund and _stand_in(_GRUND, *grund)
        stand_in.sheet = SimpleNamespace(notes=notes)
        html_ = _render_result(stand_in, hole(TABLES), context)
        skeleton = split(html_, values, partial=True)
        if skeleton is None:
            return None
        RESULT_SKELETONS.put(key, skeleton)
    # the template's text with every value escaped as the template escapes it
    return skeleton, values


def _result(context: Mapping[str, Any], language: str | None
            ) -> tuple[Skeleton, dict[str, str]] | SafeString:
    """The result section: its shape's skeleton and the values to fill it with, or — where
    there is no skeleton to be had — the section rendered."""
    tables = sheet_tables(context["ergebnis"].sheet)
    filled = _result_from_skeleton(context, tables, language)
    if filled is not None:
        return filled
    return _render_result(context["ergebnis"], tables, context)


def _as_html(result: tuple[Skeleton, dict[str, str]] | SafeString) -> SafeString:
    if isinstance(result, tuple):
        skeleton, values = result
        return mark_safe(skeleton.fill(values))  # noqa: S308 - escaped values
    return result


def result_html(context: Mapping[str, Any], language: str | None = None) -> SafeString:
    """The result section (``rechner/_ergebnis.html``), computed anew for every request: its
    amounts, names and notes put into the skeleton of its shape (rendered once per process
    with holes, as the page's), the sheet's tables written in Python
    (``jc_sheets.sheet_tables``)."""
    return _as_html(_result(context, language or get_language()))


def respond(request: HttpRequest, form: RechnerForm, context: dict[str, Any],
            language: str | None = None) -> HttpResponse:
    """The page for a bound form (after "berechnen"): from the shape's skeleton where it
    covers the request, else rendered as usual. ``context`` is the page's context,
    ``language`` the active language's code (asked for when not given). From a skeleton the
    page (and its result section) is put together as UTF-8 bytes
    (``Skeleton.fill_bytes``)."""
    language = language or get_language()
    result = _result(context, language) if context.get("ergebnis") else None

    def rendered() -> HttpResponse:
        if result is not None:
            context["ergebnis_html"] = _as_html(result)
        return render(request, TEMPLATE, context)

    if not _covered(request, form) or settings.DEFAULT_CHARSET.lower() not in _UTF8:
        return rendered()
    data: dict[str, Any] = {"kinder": str(form.anzahl_kinder)}
    values: dict[str, str | bytes] = {}
    plan = _plan(form)
    if plan.unknown:
        return rendered()
    try:
        fields = _shape(form, plan, data, values)
    except _Unknown:
        return rendered()
    key = (language, request.path, plan.months, form.anzahl_kinder, plan.signature, fields,
           bool(context.get("ergebnis")), bool(context.get("berechnung_fehlgeschlagen")),
           context.get("status", ""))
    if result is not None:
        values[RESULT] = (result[0].fill_bytes(result[1]) if isinstance(result, tuple)
                          else result)
    skeleton = SKELETONS.get(key)
    if skeleton is None:
        shell = RechnerForm(data=data, kinder=form.anzahl_kinder)
        shell._errors = form.errors  # none (a skeleton never validates its holes)
        html = render_to_string(TEMPLATE, {
            **context, "form": shell, "csrf_token": hole(CSRF),
            **({"ergebnis_html": hole(RESULT)} if RESULT in values else {}),
        }, request=request)
        skeleton = split(html, [*values, CSRF])
        if skeleton is None:
            return rendered()
        SKELETONS.put(key, skeleton)
    values[CSRF] = page_token(request)  # Django's get_token with a cheaper mask
    return HttpResponse(skeleton.fill_bytes(values))
