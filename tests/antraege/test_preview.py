"""The "unverbindliche Vorabberechnung" on the summary page (needs the sgb2 package)."""

from __future__ import annotations

import pytest

from jobcenter.antraege.preview import preview_for_draft
from jobcenter.formengine import registry
from tests.antraege.test_mapping import single_no_income

pytestmark = pytest.mark.django_db


def test_a_complete_hauptantrag_gets_the_calculation_with_its_explanation(citizen, make_draft):
    pytest.importorskip("sgb2")
    result = preview_for_draft(make_draft(citizen))

    assert result["title"] == "Unverbindliche Vorabberechnung"
    assert result["missing"] == []
    html = str(result["html"])
    assert "Voraussichtlicher Zahlbetrag im Monat" in html
    assert "<table" in html and "jc-table-wrap" in html
    assert "unverbindlich" in html


def test_an_incomplete_hauptantrag_says_what_is_missing(citizen, make_draft):
    answers = single_no_income()
    del answers["kaltmiete"]
    result = preview_for_draft(make_draft(citizen, answers=answers))
    assert result["html"] == ""
    assert result["missing"] == ["Angaben zur Miete fehlen."]


def test_the_preview_explanation_escapes_nothing_the_citizen_typed(citizen, make_draft):
    pytest.importorskip("sgb2")
    answers = {**single_no_income(), "vorname": "<script>alert(1)</script>"}
    html = str(preview_for_draft(make_draft(citizen, answers=answers))["html"])
    assert "<script>" not in html


def test_erstausstattung_has_no_preview(citizen, make_draft):
    assert preview_for_draft(make_draft(citizen, "erstausstattung", {})) is None


def test_the_hooks_are_registered_for_our_forms():
    from jobcenter.antraege.hooks import submit

    for key in ("hauptantrag", "weiterbewilligung", "veraenderung", "erstausstattung"):
        assert registry.submit_handler(key) is submit
    for key in ("hauptantrag", "weiterbewilligung", "veraenderung"):
        assert registry.preview_hook(key) is preview_for_draft
