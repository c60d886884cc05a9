"""The calculation as a citizen reads it (core/buergerbogen.py): names instead of ids, plain
labels, only notes with a citizen-facing text, months and amounts in the reader's format."""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from jobcenter.core import buergerbogen, sgb2_adapter

sgb2 = pytest.importorskip("sgb2")

from tests.sgb2.test_invarianten import anfrage  # noqa: E402 — after the engine is known

ENGINE = Path(sgb2.__file__).parent / "engine"

FAMILY = {
    "monat": "2026-11", "leistungsbeginn": "2026-11",
    "personen": [
        {"id": "P1", "rolle": "antragsteller", "geburtsdatum": "1988-02-14",
         "einkommen": [{"art": "erwerbseinkommen", "brutto": 2000, "netto": 1500}]},
        {"id": "P2", "rolle": "partner", "geburtsdatum": "1990-09-03"},
        {"id": "P3", "rolle": "kind", "geburtsdatum": "2016-05-21", "eltern": ["P1", "P2"],
         "einkommen": [{"art": "kindergeld", "empfaenger": "P1"}]},
    ],
    "unterkunft": {"bruttokaltmiete": 650, "heizkosten": 150, "warmwasser": "zentral",
                   "personen_im_haushalt": 3},
}
NAMES = {"P1": "Ayşe", "P2": "Mehmet", "P3": "Elif"}
INTERNAL = re.compile(r"\bP\d+\b|@\d{4}|\b\d{4}-\d\d\b|Rechtsstand|legal state|prüfen|"
                      r"nicht geprüft|not verified|Person\(en\)|\(\d/\d\)")


def _all_text(sheet: buergerbogen.Sheet) -> str:
    parts = [sheet.month, sheet.benefit, sheet.total, *sheet.notes]
    for p in sheet.persons:
        parts += [p.name, p.amount]
    for s in sheet.sections:
        parts += [s.title, s.subtitle]
        for g in s.groups:
            parts.append(g.title)
            parts += [f"{line.label} {line.amount} {line.legal_basis}" for line in g.lines]
    return "\n".join(parts)


@pytest.mark.parametrize("language", ["de", "en"])
def test_a_family_is_shown_by_first_name_without_internal_terms(language):
    result = sgb2_adapter.calculate(FAMILY)
    assert any("Rechtsstand" in h for h in result["hinweise"])  # the engine has staff notes
    with translation.override(language):
        sheet = buergerbogen.sheet(result, NAMES)
    text = _all_text(sheet)
    assert not INTERNAL.search(text), INTERNAL.search(text)
    assert [p.name for p in sheet.persons] == ["Ayşe", "Mehmet", "Elif"]
    assert [s.title for s in sheet.sections][1:] == ["Ayşe", "Mehmet", "Elif"]
    assert sheet.month == ("November 2026" if language == "de" else "November 2026")
    if language == "de":
        assert sheet.total.endswith(" €")
        assert "Bis einschließlich Oktober 2027" in " ".join(sheet.notes)
    else:
        assert sheet.total.startswith("€")
        assert "Up to and including October 2027" in " ".join(sheet.notes)


def test_a_person_alone_sees_no_lines_about_sharing_the_households_need():
    single = {**FAMILY, "personen": [{"id": "P1", "rolle": "antragsteller",
                                      "geburtsdatum": "1988-02-14"}],
              "unterkunft": {**FAMILY["unterkunft"], "personen_im_haushalt": 1}}
    with translation.override("de"):
        sheet = buergerbogen.sheet(sgb2_adapter.calculate(single), {"P1": "Ayşe"})
    text = _all_text(sheet)
    assert "Haushalt" not in text and "Kinder" not in text
    assert sheet.sections[0].title == "Wohnung"


def test_without_a_name_a_person_is_never_shown_by_id():
    with translation.override("de"):
        assert buergerbogen.person_name("P1", {}) == "Sie"
        assert buergerbogen.person_name("P3", {}) == "Weitere Person 3"


def test_a_note_without_a_citizen_text_is_not_shown():
    assert buergerbogen.citizen_note("Eine neue Regel der Engine: P1 prüfen.", {}) is None


def test_a_note_gets_names_amounts_and_months_in_the_readers_format():
    note = ("P2 gehört nicht zur Bedarfsgemeinschaft: das eigene Einkommen (1.200,00 €) deckt "
            "den Bedarf (900,50 €) (§ 7 Abs. 3 Nr. 4 SGB II).")
    with translation.override("en"):
        text = buergerbogen.citizen_note(note, {"P2": "Mehmet"})
    assert text == ("Mehmet is not part of the benefit household because their own income "
                    "(€1,200.00) covers their own need (€900.50) (§ 7 (3) no. 4 SGB II).")
    with translation.override("de"):
        text = buergerbogen.citizen_note(
            "Kostensenkungsfrist abgelaufen (2027-03): Unterkunftskosten nur bis zur "
            "Angemessenheitsgrenze von 500,00 € anerkannt (§ 22 Abs. 1 S. 1 SGB II).", {})
    assert "(März 2027)" in text and "500,00 €" in text


def test_every_note_of_the_engine_for_citizens_has_a_citizen_text():
    """The engine's notes that are not for staff only (``Hinweis(`` as opposed to
    ``InternerHinweis(``) each need an entry in ``buergerbogen._NOTES`` — otherwise the
    citizen would silently miss it. A new note fails here until it has its text."""
    count = sum(len(re.findall(r"(?<!Interner)\bHinweis\(\s*\n?\s*f?\"", path.read_text()))
                for path in ENGINE.glob("*.py"))
    assert count == len(buergerbogen._NOTES), (
        f"the engine has {count} notes for citizens, core/buergerbogen.py knows "
        f"{len(buergerbogen._NOTES)}")


def test_the_notes_of_the_newer_rules_read_plainly_with_names():
    """§ 9 Abs. 3, § 20 Abs. 3 with § 22 Abs. 5 and the gemischte Bedarfsgemeinschaft: the
    engine's notes reach the citizen by first name, with amounts, without ids (issue 16)."""
    names = {"P2": "Erika", "P3": "Lena"}
    mixed = buergerbogen.citizen_note(
        "P2 bezieht eine Altersrente (§ 7 Abs. 4 SGB II) und erhält keine Leistungen nach dem "
        "SGB II (gemischte Bedarfsgemeinschaft). Bedarf nach dem SGB XII 1.000,00 €, "
        "Einkommen 1.200,00 €; der Überschuss von 200,00 € zählt als Einkommen der "
        "Bedarfsgemeinschaft (§ 9 Abs. 2 S. 1 SGB II).", names)
    assert mixed is not None and mixed.startswith("Erika bekommt keine Leistungen vom Jobcenter")
    assert "1.000,00 €" in mixed and "1.200,00 €" in mixed and "P2" not in mixed
    own_unit = buergerbogen.citizen_note(
        "P3 ist schwanger oder betreut ein eigenes Kind unter sechs Jahren: Einkommen und "
        "Vermögen der Eltern werden für sie und ihr Kind nicht berücksichtigt; beide werden "
        "gesondert berechnet (§ 9 Abs. 3 SGB II).", names)
    assert own_unit is not None and own_unit.startswith("Lena ist schwanger")
    assert "(§ 9 Abs. 3 SGB II)" in own_unit
    moved = buergerbogen.citizen_note(
        "P3 ist vor Vollendung des 25. Lebensjahres ohne Zusicherung des Jobcenters "
        "umgezogen: Regelbedarf nach Stufe 3 (§ 20 Abs. 3 SGB II), Kosten für Unterkunft und "
        "Heizung werden nicht anerkannt (§ 22 Abs. 5 SGB II).", names)
    assert moved is not None and moved.startswith("Lena ist vor dem 25. Geburtstag")


def test_the_schulbedarf_reads_plainly_with_the_pupils_name():
    """§ 28 Abs. 3 with § 19 Abs. 3 S. 3: the line and, when income covers part of it, the
    note — by first name, amounts in the reader's format, no ids or working texts."""
    request = {
        "monat": "2026-08", "leistungsbeginn": "2026-01",
        "personen": [{"id": "P1", "rolle": "antragsteller", "geburtsdatum": "2007-01-15",
                      "schueler": True, "einkommen": [{"art": "sonstiges", "betrag": 1130}]}],
        "unterkunft": {"bruttokaltmiete": 400, "heizkosten": 80, "warmwasser": "zentral"},
    }
    result = sgb2.berechnen_json(request)
    names = {"P1": "Mia"}
    with translation.override("de"):
        notes = buergerbogen.citizen_notes(result, names)
        sheet = buergerbogen.sheet(result, names)
    assert [n for n in notes if "Schulbedarf" in n] == [
        "Mia: Der Schulbedarf beträgt in diesem Monat 73,00 € statt 130,00 €, weil nach allen "
        "übrigen Bedarfen noch Einkommen übrig bleibt. Es wird zuletzt für den Schulbedarf "
        "angerechnet (§ 19 Abs. 3 S. 3 SGB II)."]
    (mia,) = [s for s in sheet.sections if s.title == "Mia"]
    (group,) = [g for g in mia.groups if g.title == "Schulbedarf"]
    assert [(line.label, line.amount) for line in group.lines] == [
        ("Schulbedarf für das Schulhalbjahr (Bedarf)", "130,00 €"),
        ("davon durch Einkommen gedeckt, das nach allen übrigen Bedarfen bleibt", "−57,00 €"),
        ("Schulbedarf (§ 28 Abs. 3 SGB II)", "73,00 €"),
    ]
    assert sheet.total == "73,00 €" and "P1" not in _all_text(sheet)


# --- the sheet in one walk is the sheet as it was built from the engine's Berechnungsbogen --


def _sheet_from_the_engines_bogen(result, names) -> buergerbogen.Sheet:
    """The sheet as it was built before (from ``sgb2_adapter.berechnungsbogen``, each label
    translated per sheet): the reference for the one walk over the result's lines."""
    language = sgb2_adapter.page_language()
    bogen = sgb2_adapter.berechnungsbogen(result, language)
    alone = sum(1 for p in result["personen"] if p["in_bg"]) <= 1
    benefits = buergerbogen._BENEFITS
    sections = []
    for abschnitt in bogen.abschnitte:
        groups = []
        for gruppe in abschnitt.gruppen:
            lines = [buergerbogen.Line(str(buergerbogen.LINE_LABELS[z.art]),
                                       sgb2_adapter.amount_text(z.betrag, language),
                                       z.rechtsgrundlage)
                     for z in gruppe.zeilen if z.art in buergerbogen.LINE_LABELS
                     and not (alone and z.art in buergerbogen._SHARING)]
            if lines:
                groups.append(buergerbogen.Group(
                    str(buergerbogen.GROUP_TITLES.get(gruppe.schluessel, gruppe.titel)), lines))
        if abschnitt.person is None:
            title = translation.gettext("Wohnung" if alone else "Wohnung und Haushalt")
            subtitle = ""
        else:
            title = buergerbogen.person_name(abschnitt.person, names)
            person = next(p for p in result["personen"] if str(p["id"]) == abschnitt.person)
            subtitle = (str(benefits.get(person["leistungsart"], person["leistungsart"]))
                        if person["in_bg"]
                        else translation.gettext("gehört nicht zur Bedarfsgemeinschaft"))
        if groups:
            sections.append(buergerbogen.Section(title, subtitle, groups, abschnitt.person or ""))
    arten = [p["leistungsart"] for p in result["personen"] if p["in_bg"]]
    key = next((k for k in ("grundsicherungsgeld", "buergergeld") if k in arten),
               arten[0] if arten else "keine")
    return buergerbogen.Sheet(
        month=buergerbogen._month(result["monat"]),
        benefit=str(benefits.get(key, result["leistungsname"])),
        entitled=bool(result["anspruch"]), total=sgb2_adapter.amount_text(
            result["summe"]["zahlbetrag"], language),
        persons=[buergerbogen.PersonAmount(buergerbogen.person_name(p["id"], names),
                                           sgb2_adapter.amount_text(p["zahlbetrag"], language),
                                           bool(p["in_bg"])) for p in result["personen"]],
        sections=sections, notes=buergerbogen.citizen_notes(result, names),
        award_months=int(result["bewilligungszeitraum_monate"]), lang=language)


def test_every_line_the_citizen_reads_has_a_group_with_a_title():
    for art in buergerbogen.LINE_LABELS:
        assert sgb2_adapter.sheet_group(art) in buergerbogen.GROUP_TITLES, art


def _same_sheet_as_from_the_engines_bogen(result, names, language):
    with translation.override(language):
        walked = buergerbogen.sheet(result, names)
        before = _sheet_from_the_engines_bogen(result, names)
    assert dataclasses.replace(walked, totals={}) == before
    sums: dict[str, Decimal] = {}
    for position in result["positionen"]:
        sums[position["art"]] = sums.get(position["art"], 0) + Decimal(str(position["betrag"]))
    assert walked.totals == sums
    fresh = buergerbogen.Totals(result["positionen"])  # read by get() first, as a page does
    missing = object()
    for art in (*sums, "mehrbedarf_alleinerziehend", "vermoegen", "keine_art"):
        assert fresh.get(art, missing) == sums.get(art, missing)
        assert (art in fresh) is (art in sums)
    return walked


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_sheet_is_the_engines_bogen_in_the_citizens_words(language):
    single = {**FAMILY, "personen": FAMILY["personen"][:1]}
    for request, names in ((FAMILY, NAMES), (FAMILY, {}), (single, {"P1": "Ayşe"})):
        sheet = _same_sheet_as_from_the_engines_bogen(sgb2_adapter.calculate(request), names,
                                                      language)
        assert sheet.sections and sheet.totals["regelbedarf"] > 0


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(request=anfrage(), language=st.sampled_from(["de", "en"]), named=st.booleans())
def test_any_result_gets_the_sheet_built_from_the_engines_bogen(request, language, named):
    try:
        result = sgb2.berechnen_json(request)
    except (sgb2.Eingabefehler, sgb2.NichtModelliert):
        assume(False)
    names = {p["id"]: f"<Name {p['id']}>" for p in request["personen"]} if named else {}
    _same_sheet_as_from_the_engines_bogen(result, names, language)
