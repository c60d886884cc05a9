"""Every form of the project names the field in its required and format messages."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.utils import translation

import jobcenter
from jobcenter.core.field_messages import NamedMessagesMixin

GENERIC = {
    "Bitte füllen Sie dieses Feld aus.", "Dieses Feld ist zwingend erforderlich.",
    "This field is required.", "Bitte eine gültige E-Mail-Adresse eingeben.",
    "Enter a valid email address.", "Bitte ein gültiges Datum eingeben.", "Enter a valid date.",
    "Ganze Zahl eingeben.", "Enter a whole number.", "Bitte eine Zahl eingeben.",
    "Enter a number.",
}


def _form_classes():
    for module in pkgutil.walk_packages(jobcenter.__path__, "jobcenter."):
        if not module.name.rsplit(".", 1)[-1].endswith("forms"):
            continue
        loaded = importlib.import_module(module.name)
        for _name, cls in inspect.getmembers(loaded, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == loaded.__name__:
                yield cls


FORMS = sorted(_form_classes(), key=lambda c: f"{c.__module__}.{c.__name__}")


@pytest.mark.parametrize("form_class", FORMS, ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_every_form_uses_field_specific_messages(form_class):
    assert issubclass(form_class, NamedMessagesMixin), (
        f"{form_class.__name__}: add jobcenter.core.field_messages.NamedMessagesMixin first "
        "in its bases")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["de", "en"])
def test_empty_and_malformed_input_gets_messages_that_name_the_field(language):
    class Example(NamedMessagesMixin, forms.Form):
        postcode = forms.CharField(label="Postleitzahl")
        email = forms.EmailField(label="E-Mail-Adresse", required=False)
        day = forms.DateField(label="Umzugsdatum", required=False)
        channel = forms.ChoiceField(label="Zustellung", choices=[("post", "Post")])
        agreed = forms.BooleanField(label="Ich stimme zu")

    with translation.override(language):
        form = Example(data={"email": "kein-at-zeichen", "day": "31.02.", "channel": "fax"})
        errors = {name: [str(m) for m in messages] for name, messages in form.errors.items()}
    if language == "de":
        assert errors == {
            "postcode": ["Bitte füllen Sie „Postleitzahl“ aus."],
            "email": ["Bitte geben Sie bei „E-Mail-Adresse“ eine gültige E-Mail-Adresse an, "
                      "zum Beispiel name@beispiel.de."],
            "day": ["Bitte geben Sie bei „Umzugsdatum“ ein gültiges Datum an, zum Beispiel "
                    "31.01.2026."],
            "channel": ["Bitte wählen Sie bei „Zustellung“ eine der angebotenen Antworten aus."],
            "agreed": ["Bitte bestätigen Sie „Ich stimme zu“."],
        }
    else:
        assert not any(m in GENERIC for ms in errors.values() for m in ms)
        assert "Postleitzahl" in errors["postcode"][0]


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", FORMS, ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_no_form_shows_a_generic_message(form_class):
    try:
        form = form_class(data={})
        errors = form.errors
    except (TypeError, KeyError):
        pytest.skip("needs arguments of its view (covered by the mixin check above)")
    generic = {name: m for name, messages in errors.items() for m in messages if m in GENERIC}
    assert not generic, generic
