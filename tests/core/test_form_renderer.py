"""The project's form renderer writes plain widgets in Python: byte for byte what Django's
widget templates give (core/form_renderer.py)."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

import jobcenter
from jobcenter.core.form_renderer import FormRenderer

TEMPLATES = DjangoTemplates()
FAST = FormRenderer()


def both(widget: forms.Widget, value, attrs=None) -> tuple[str, str]:
    return (widget.render("feld", value, attrs=attrs, renderer=TEMPLATES),
            widget.render("feld", value, attrs=attrs, renderer=FAST))


EDGE_CASES = [
    (forms.TextInput(), None, None),
    (forms.TextInput(), "", None),
    (forms.TextInput(), 'a "quoted" <b>&amp;</b>', {"class": "x", "aria-invalid": "true"}),
    (forms.TextInput(attrs={"required": True, "disabled": False, "maxlength": 10,
                            "data-x": 0, "data-y": 1}), "v", None),
    (forms.TextInput(attrs={"placeholder": gettext_lazy("Beispiel")}), None, None),
    (forms.TextInput(attrs={"title": mark_safe("<i>safe</i>")}), mark_safe("<b>"), None),
    (forms.NumberInput(attrs={"step": "0.01", "min": 0}), 12.5, None),
    (forms.EmailInput(), "a@b.example", {"autocomplete": "email"}),
    (forms.PasswordInput(render_value=True), "geheim", None),
    (forms.HiddenInput(), 5, None),
    (forms.DateInput(), "2026-12-04", None),
    (forms.Select(choices=[("", "—"), ("a", "A & B"), (1, 2)]), "a", {"required": True}),
    (forms.Select(choices=[("g", [("1", "eins"), ("2", "zwei")]), ("3", "drei")]), "2", None),
    (forms.Select(choices=[(True, "ja"), (False, "nein")]), True, None),
    (forms.SelectMultiple(choices=[("1", "eins"), ("2", "zwei")]), ["1", "2"], None),
    (forms.Select(choices=[("x", gettext_lazy("Deutsch"))]), None, {"class": "a b"}),
    (forms.Select(choices=[(1, 1.5), (2, 1234567)]), 1, None),  # numbers: localized
    (forms.Select(choices=[("a", mark_safe("<b>fett</b>")), ("b", "<b>")]), "b", None),
    (forms.NullBooleanSelect(), None, None),
    (forms.Textarea(), "text <script>", None),  # not written in Python: the template path
    (forms.CheckboxInput(), True, None),
    (forms.RadioSelect(choices=[("1", "eins")]), "1", None),
]


@pytest.mark.parametrize(("widget", "value", "attrs"), EDGE_CASES)
def test_the_python_path_writes_what_the_templates_write(widget, value, attrs):
    expected, fast = both(widget, value, attrs)
    assert fast == expected


def _project_form_classes() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(jobcenter.__path__, "jobcenter."):
        if module.name.rsplit(".", 1)[-1] in {"forms", "mfa_forms"} or ".forms." in module.name:
            importlib.import_module(module.name)
    found: list[type[forms.BaseForm]] = []
    todo = [forms.Form, forms.ModelForm]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("jobcenter."):
                found.append(sub)
    return found


@pytest.mark.django_db
def test_every_widget_of_the_project_s_forms_renders_the_same():
    classes = _project_form_classes()
    assert len(classes) > 20  # the walk found the project's forms
    rendered = 0
    for cls in classes:
        for name, field in cls.base_fields.items():
            widget = field.widget
            values = [None, ""]
            choices = list(getattr(widget, "choices", []) or [])
            if choices:
                values.append(choices[-1][0])
            for value in values:
                expected = widget.render(name, value, renderer=TEMPLATES)
                assert widget.render(name, value, renderer=FAST) == expected, (cls, name, value)
                rendered += 1
    assert rendered > 100


def test_the_project_uses_it(settings):
    assert settings.FORM_RENDERER == "jobcenter.core.form_renderer.FormRenderer"
    assert isinstance(forms.Form().renderer or forms.renderers.get_default_renderer(),
                      FormRenderer)


def test_an_overridden_widget_template_is_used(tmp_path):
    """Should the project or an app override a widget template of Django's, the Python path
    steps aside and the override renders."""
    override = tmp_path / "django" / "forms" / "widgets"
    override.mkdir(parents=True)
    (override / "input.html").write_text('<input data-override name="{{ widget.name }}">')

    class Overridden(FormRenderer):
        def get_template(self, template_name):
            from django.template import TemplateDoesNotExist
            from django.template.backends.django import DjangoTemplates as Backend

            backend = Backend({"NAME": "override", "DIRS": [str(tmp_path)], "APP_DIRS": False,
                               "OPTIONS": {}})
            try:
                return backend.get_template(template_name)
            except TemplateDoesNotExist:  # the rest from Django's own directory
                return super().get_template(template_name)

    class Plain(forms.TextInput):
        template_name = "django/forms/widgets/input.html"

    html = Plain().render("feld", "x", renderer=Overridden())
    assert html == '<input data-override name="feld">'
    assert FAST._django_templates
