"""Berechnungsbogen renderer: structured data and accessible HTML, German and English."""

from __future__ import annotations

import re
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import pytest

from sgb2 import berechnen, berechnen_json, parse_request
from sgb2.explain import berechnungsbogen, betrag_text, render_html

FAMILIE: dict[str, Any] = {
    "monat": "2024-03",
    "leistungsbeginn": "2024-01",
    "personen": [
        {
            "id": "P1",
            "rolle": "antragsteller",
            "geburtsdatum": "1985-05-01",
            "einkommen": [{"art": "erwerbseinkommen", "brutto": 2000, "netto": 1500}],
            "leistungsminderung": {"prozent": 10},
        },
        {"id": "P2", "rolle": "partner", "geburtsdatum": "1987-02-01", "schwangerschaftswoche": 20},
        {
            "id": "K1",
            "rolle": "kind",
            "geburtsdatum": "2015-08-01",
            "einkommen": [{"art": "kindergeld", "betrag": 250, "empfaenger": "P1"}],
        },
    ],
    "unterkunft": {"bruttokaltmiete": 700, "heizkosten": 120, "warmwasser": "zentral"},
}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_structured_sections_per_person_with_legal_basis() -> None:
    bogen = berechnungsbogen(berechnen(parse_request(FAMILIE)), "de")
    personen = [a.person for a in bogen.abschnitte]
    assert personen == [None, "P1", "P2", "K1"]
    p1 = bogen.abschnitte[1]
    gruppen = [g.schluessel for g in p1.gruppen]
    assert gruppen == [
        "regelbedarf",
        "kdu",
        "bedarf",
        "einkommen",
        "anspruch",
        "minderung",
        "zahlbetrag",
    ]
    einkommen = next(g for g in p1.gruppen if g.schluessel == "einkommen")
    arten = [z.art for z in einkommen.zeilen]
    assert "grundfreibetrag" in arten and arten.count("erwerbstaetigenfreibetrag") == 3
    assert all(z.rechtsgrundlage for g in p1.gruppen for z in g.zeilen)
    p2 = bogen.abschnitte[2]
    assert any(g.schluessel == "mehrbedarf" for g in p2.gruppen)
    k1 = bogen.abschnitte[3]
    assert any(g.schluessel == "sofortzuschlag" for g in k1.gruppen)
    assert bogen.summe[-1] == Decimal(str(berechnen_json(FAMILIE)["summe"]["zahlbetrag"]))


@pytest.mark.parametrize("lang", ["de", "en"])
def test_html_is_accessible_and_has_no_styles_or_scripts(lang: str) -> None:
    html = render_html(berechnen_json(FAMILIE), lang)  # works on the JSON dict, too
    parser = _Tags()
    parser.feed(html)
    tags = parser.tags
    assert sum(1 for t, _ in tags if t == "table") == sum(1 for t, _ in tags if t == "caption")
    assert all("scope" in a for t, a in tags if t == "th")
    assert not any(t in ("script", "style") for t, _ in tags)
    assert not any("style" in a or any(k.startswith("on") for k in a) for _, a in tags)
    assert any(a.get("class") == "betrag" for t, a in tags if t == "td")
    assert f'lang="{lang}"' in html


def test_html_german_and_english_texts() -> None:
    de = render_html(berechnen_json(FAMILIE), "de")
    en = render_html(berechnen_json(FAMILIE), "en")
    assert "Berechnungsbogen Bürgergeld für März 2024" in de
    assert "Erwerbstätigenfreibetrag" in de and "§ 11b Abs. 3 SGB II" in de
    assert "Benefit calculation Bürgergeld for March 2024" in en
    assert "Earnings allowance" in en and "Legal basis" in en
    assert "<h3>Notes</h3><ul>" in en and "Priority check (§ 12a SGB II)" in en
    assert "Vorrangprüfung" not in en


def test_every_note_has_an_english_text_and_staff_notes_are_flagged() -> None:
    """Across the full contract: one English note per German note, in the same order,
    never the German text; the notes for staff only are a subset, flagged in both
    languages; results stored without English notes fall back to German, marked."""
    from sgb2.batch_beispiele import erzeuge
    from sgb2.explain import buerger_hinweise

    seen = 0
    for request in erzeuge(600, seed=11, nur_gemeinsame_regeln=False):
        try:
            result = berechnen_json(request)
        except ValueError:
            continue
        de, en, intern = result["hinweise"], result["hinweise_en"], result["hinweise_intern"]
        assert len(en) == len(de) and set(intern) <= set(de)
        for german, english in zip(de, en, strict=True):
            assert english != german and "ä" not in english.replace("Mehrbedarf", "")
            seen += 1
        bogen = berechnungsbogen(result, "en")
        assert bogen.hinweise == tuple(en) and bogen.hinweise_lang == "en"
        assert len(bogen.hinweise_intern) == len(intern)
        assert len(buerger_hinweise(result, "en")) == len(de) - len(intern)
    assert seen > 1000

    result = berechnen_json(FAMILIE)
    del result["hinweise_en"]
    html = render_html(result, "en")
    assert "Notes (in German)" in html and '<ul lang="de">' in html
    assert berechnungsbogen(result, "en").hinweise == tuple(result["hinweise"])


def test_html_escapes_all_text() -> None:
    req = dict(FAMILIE)
    req["personen"] = [dict(FAMILIE["personen"][0], id="<script>alert(1)</script>")]
    html = render_html(berechnen_json(req), "de")
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_money_formats() -> None:
    assert betrag_text(Decimal("1234.5"), "de") == "1.234,50 €"
    assert betrag_text(Decimal("-29.76"), "de") == "−29,76 €"
    assert betrag_text(Decimal("1234.5"), "en") == "€1,234.50"


def test_unknown_language_rejected() -> None:
    with pytest.raises(ValueError):
        berechnungsbogen(berechnen_json(FAMILIE), "fr")  # type: ignore[arg-type]


def test_no_inline_style_attribute_anywhere() -> None:
    assert not re.search(r"\sstyle=", render_html(berechnen_json(FAMILIE), "de"))
