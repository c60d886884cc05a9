"""``{% kern_field %}`` writes a form field in Python: byte for byte what the template
``includes/field.html`` rendered before (kept as ``templates/field_reference.html``), for
every field of the project's forms — unbound, with an error, with a value — in German and
English, and for the edge cases of escaping (core/templatetags/jc_forms.py)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from django import forms
from django.template import engines
from django.template.loader import get_template
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from jobcenter.core.date_field import MemorableDateField
from tests.core.test_form_renderer import _project_form_classes

REFERENCE = engines["django"].from_string(
    (Path(__file__).parent / "templates" / "field_reference.html").read_text(encoding="utf-8"))
FIELD = get_template("includes/field.html")


def _form_with(name: str, field: forms.Field) -> type[forms.Form]:
    return type("OneField", (forms.Form,), {name: copy.deepcopy(field)})


def _variants(name: str, field: forms.Field) -> list[forms.BoundField]:
    form_class = _form_with(name, field)
    values: list[object] = ["x", "1"]
    choices = list(getattr(field, "choices", []) or [])
    if choices:
        values.append(choices[-1][0])
        values.append(choices[0][0])
    bound = [form_class()[name], form_class(data={})[name]]
    for value in values:
        bound.append(form_class(data={name: value})[name])
    for b in bound:
        b.form.is_valid()  # errors are computed (an error message where a value is wrong)
    return bound


def _same(bound_field: forms.BoundField) -> None:
    context = {"field": bound_field}
    assert FIELD.render(context) == REFERENCE.render(context), bound_field.name


EDGE_FIELDS = {
    "text": forms.CharField(label="A <b>&", help_text=mark_safe("<em>Hinweis</em>")),
    "optional": forms.CharField(label=gettext_lazy("Vorname"), required=False,
                                help_text="1 < 2"),
    "number": forms.DecimalField(label="Betrag", required=False, initial=1234.5),
    "select": forms.ChoiceField(label="Wahl", choices=[("", "–"), ("a", "A & B"), (3, 1234)]),
    "radios": forms.ChoiceField(label="Ja oder nein", widget=forms.RadioSelect,
                                choices=[("ja", "Ja"), ("nein", mark_safe("<i>Nein</i>"))],
                                help_text="Bitte wählen"),
    "boxes": forms.MultipleChoiceField(label="Mehrere", widget=forms.CheckboxSelectMultiple,
                                       choices=[(1, "eins"), (2, "zwei")], required=False),
    "check": forms.BooleanField(label="Einverstanden", help_text="<Pflicht>"),
    "date": MemorableDateField(label="Geburtsdatum", help_text="Tag, Monat, Jahr"),
    "date_optional": MemorableDateField(label="Seit", required=False),
    "hidden": forms.IntegerField(widget=forms.HiddenInput, initial=5),
    "area": forms.CharField(label="Text", widget=forms.Textarea(attrs={"rows": 2})),
}


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("name", sorted(EDGE_FIELDS))
def test_the_tag_writes_what_the_template_wrote(name, language):
    with translation.override(language):
        for bound_field in _variants(name, EDGE_FIELDS[name]):
            _same(bound_field)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["de", "en"])
def test_every_field_of_the_project_s_forms_renders_the_same(language):
    compared = 0
    with translation.override(language):
        for cls in _project_form_classes():
            for name, field in cls.base_fields.items():
                for bound_field in _variants(name, field):
                    _same(bound_field)
                    compared += 1
    assert compared > 500  # the walk found the project's forms


def test_a_field_outside_a_form_page_is_escaped_like_a_variable():
    """Autoescaping off (e.g. a plain-text template) writes the raw values, as the
    template's variables did."""
    source = "{% autoescape off %}{% load jc_forms %}{% kern_field field %}{% endautoescape %}"
    form = _form_with("t", forms.CharField(label="A & B"))()
    rendered = engines["django"].from_string(source).render({"field": form["t"]})
    assert 'for="id_t">A & B</label>' in rendered
