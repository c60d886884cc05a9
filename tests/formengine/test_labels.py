"""Labels as the reader reads them: an optional question reads "optional" once (a label
that says "(freiwillig)" or "(optional)" itself gets no second "– optional"; the
Hauptantrag's first page showed "Telefonnummer (freiwillig) – optional"), and a missing
answer in a repeating group names its entry on "Angaben prüfen"."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from jobcenter.formengine import registry
from jobcenter.formengine.presentation import FieldView
from jobcenter.formengine.services import draft_start
from tests.conftest import login

pytestmark = pytest.mark.django_db

MARK = '<span class="kern-label__optional">'


def _view(label: str, *, required: bool = False) -> FieldView:
    return FieldView(question=None, name="x", id="x", label=label, help="",  # type: ignore[arg-type]
                     required=required, value="", errors=[])


def test_the_mark_is_added_only_where_the_label_does_not_say_it():
    assert _view("Telefonnummer (freiwillig)").optional_mark is False
    assert _view("Your income per month (optional)").optional_mark is False
    assert _view("Anhänge").optional_mark is True
    assert _view("Vorname", required=True).optional_mark is False


def test_the_hauptantrag_page_says_optional_once(client, citizen):
    login(client, citizen)
    form = registry.get_form("hauptantrag")
    draft = draft_start(user=citizen, form=form)
    page = client.get(reverse("formengine:page", args=[draft.public_id, form.pages[0].key]))
    html = page.content.decode()
    assert "Telefonnummer (freiwillig)" in html
    assert not re.search(r"\((freiwillig|optional)\)\s*" + re.escape(MARK), html)


def test_the_summary_names_the_entry_of_a_missing_group_answer():
    """Two children without a first name gave two identical lines in "Es fehlen noch
    Angaben" ("Vorname des Kindes: …"); the summary now says which entry, as the page does."""
    from jobcenter.formengine.engine import check_answers

    form = registry.get_form("engine_test")
    answers = {"hat_kinder": True, "kinder": [{"kind_geburtsdatum": "2015-03-01"},
                                              {"kind_geburtsdatum": "2017-06-01"}]}
    labels = [e.label for errors in check_answers(form, answers).values() for e in errors
              if e.name.startswith("kinder")]
    assert "Kind 1: Vorname des Kindes" in labels and "Kind 2: Vorname des Kindes" in labels
