"""``{% buergerbogen_tabellen %}`` writes the calculation sheet's tables in Python: byte for
byte what the template ``core/includes/buergerbogen_tabellen.html`` rendered before (kept as
``templates/buergerbogen_tabellen_reference.html``), for sheets of the engine in German and
English and for the edge cases of escaping (core/templatetags/jc_sheets.py)."""

from __future__ import annotations

import copy
import dataclasses
from pathlib import Path

import pytest
from django.template import engines
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from jobcenter.core import buergerbogen, sgb2_adapter
from jobcenter.core.buergerbogen import Group, Line, Section
from jobcenter.core.templatetags.jc_sheets import sheet_tables
from tests.core.test_buergerbogen import FAMILY, NAMES

sgb2 = pytest.importorskip("sgb2")

from tests.sgb2.test_invarianten import anfrage  # noqa: E402 — after the engine is known

REFERENCE = engines["django"].from_string(
    (Path(__file__).parent / "templates" / "buergerbogen_tabellen_reference.html")
    .read_text(encoding="utf-8"))
TAG = engines["django"].from_string("{% load jc_sheets %}{% buergerbogen_tabellen sheet %}")


def _households() -> list[dict]:
    single = copy.deepcopy(FAMILY)
    single["personen"] = single["personen"][:1]
    single["unterkunft"]["personen_im_haushalt"] = 1
    rich = copy.deepcopy(FAMILY)
    rich["personen"][0]["vermoegen"] = 90000
    pregnant = copy.deepcopy(FAMILY)
    pregnant["personen"][1]["schwangerschaftswoche"] = 20
    return [FAMILY, single, rich, pregnant]


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("household", range(4))
def test_the_tag_writes_what_the_template_wrote(language, household):
    result = sgb2_adapter.calculate(_households()[household])
    with translation.override(language):
        sheet = buergerbogen.sheet(result, NAMES)
        assert len(sheet.sections) > 1
        html = TAG.render({"sheet": sheet})
        assert html == REFERENCE.render({"sheet": sheet})
        assert sheet_tables(sheet) == html  # the same without a template around it
    assert 'class="jc-bb-row"' in html


@pytest.mark.parametrize("autoescape", [True, False])
def test_escaping_and_lazy_texts_as_in_the_template(autoescape):
    result = sgb2_adapter.calculate(FAMILY)
    sheet = buergerbogen.sheet(result, {"P1": "<b>Ayşe & Co</b>", "P2": "O'Neil \"M\"",
                                        "P3": mark_safe("<i>Elif</i>")})
    odd = Section(title=gettext_lazy("Bedarf"), subtitle="a < b",
                  groups=[Group(title=mark_safe("<u>G</u>"), lines=[
                      Line(label="x & y", amount="1.000,00 €", legal_basis="§ 20 <SGB II>"),
                      Line(label=gettext_lazy("Betrag"), amount="", legal_basis="")]),
                      Group(title="", lines=[])])
    sheet = dataclasses.replace(sheet, sections=[*sheet.sections, odd])
    tag_source = "{% load jc_sheets %}{% buergerbogen_tabellen sheet %}"
    reference_source = (Path(__file__).parent / "templates"
                        / "buergerbogen_tabellen_reference.html").read_text(encoding="utf-8")
    if not autoescape:
        tag_source = f"{{% autoescape off %}}{tag_source}{{% endautoescape %}}"
        reference_source = f"{{% autoescape off %}}{reference_source}{{% endautoescape %}}"
    tag = engines["django"].from_string(tag_source)
    reference = engines["django"].from_string(reference_source)
    with translation.override("en"):
        html = tag.render({"sheet": sheet})
        assert html == reference.render({"sheet": sheet})
        if autoescape:  # as in a page
            assert sheet_tables(sheet) == html
    assert ("&lt;b&gt;Ayşe &amp; Co&lt;/b&gt;" in html) is autoescape
    assert "<i>Elif</i>" in html and "<u>G</u>" in html


def test_only_fixed_texts_are_kept_escaped():
    """The process keeps the escaped labels, legal bases, group titles and benefit names —
    never a person's name or an amount (they are escaped per request)."""
    from jobcenter.core.templatetags import jc_sheets

    jc_sheets._ESCAPED.clear()
    result = sgb2_adapter.calculate(FAMILY)
    with translation.override("de"):
        sheet = buergerbogen.sheet(result, {"P1": "Ayşe <Y>", "P2": "Mehmet", "P3": "Elif"})
        first = sheet_tables(sheet)
        assert sheet_tables(sheet) == first  # kept texts give the same tables
    kept = set(jc_sheets._ESCAPED) | set(jc_sheets._ESCAPED.values())
    assert kept and "SGB II" in " ".join(kept)
    # the labels' and group titles' parts of the rows, written once per language
    texts = buergerbogen._texts("de")
    kept |= {row_start for _label, _group, row_start in texts.kinds.values()}
    kept |= set(texts.group_heads.values())
    assert "Regelbedarf" in " ".join(kept)
    amounts = {line.amount for section in sheet.sections for group in section.groups
               for line in group.lines}
    assert not kept & amounts
    assert not any(name in text for text in kept for name in ("Ayşe", "Mehmet", "Elif"))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(request=anfrage(), language=st.sampled_from(["de", "en"]), named=st.booleans())
def test_the_rows_written_in_the_sheets_walk_are_the_templates(request, language, named):
    """The groups' HTML that ``buergerbogen.sheet`` writes in its walk (``Group.html``) is
    what the reference template writes of the same sheet — and what the tag writes from the
    groups' titles and lines when they have none."""
    try:
        result = sgb2.berechnen_json(request)
    except (sgb2.Eingabefehler, sgb2.NichtModelliert):
        assume(False)
    names = {p["id"]: f"<Name {p['id']}> & Co" for p in request["personen"]} if named else {}
    with translation.override(language):
        sheet = buergerbogen.sheet(result, names)
        groups = [group for section in sheet.sections for group in section.groups]
        assert all(group.html is not None for group in groups)
        html = sheet_tables(sheet)
        assert html == REFERENCE.render({"sheet": sheet})
        for group in groups:
            group.html = None
        assert sheet_tables(sheet) == html
    if groups:
        assert 'class="jc-bb-row"' in html
