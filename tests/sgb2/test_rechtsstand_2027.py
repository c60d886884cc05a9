"""The Rechtsstand of 1 January 2027 (issue 16, item 6): each value with its source.

Sources (as of 2026-12-04; docs/sgb2.md, "Rechtsstand 2027"):

* Regelbedarfe: no Fortschreibungsverordnung for 2027 — the BMAS announced with the RBSFV
  2026 (cabinet, 10.9.2025) a statutory new determination based on the EVS 2023 instead; no
  such act is promulgated, so the amounts of the Anlage zu § 28 SGB XII (RBSFV 2026) remain
  in force: 563/506/451/471/390/357 € — vorläufig, the note says why.
* § 11b Abs. 2b = Geringfügigkeitsgrenze (§ 8 Abs. 1a SGB IV) = Mindestlohn × 130 / 3,
  rounded up to whole euros; Mindestlohn 14.60 € from 1.1.2027 (§ 1 Nr. 2 MiLoV5 of
  5.11.2025, BGBl. 2025 I Nr. 268) → 632.67 → 633 €.
* Kindergeld: § 66 Abs. 1 EStG, 259 € since 2026, no change for 2027 found.
* Kindersofortzuschlag: § 72, 25 € (the vorläufig version of 2026-07 stays in force).
* Mehrbedarfe: the percentages of § 21 are unchanged, so the amounts derived from RBS 1
  are those of 2026.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Any

from sgb2 import berechnen_json, parameters_for
from sgb2.params import load_versions, rechtsstand_vor

JAN_2027 = dt.date(2027, 1, 1)


def version(name: str, datum: str) -> Any:
    return next(v for v in load_versions()[name] if v.gueltig_ab.isoformat() == datum)


def test_regelbedarfe_2027_with_source_and_vorlaeufig_basis() -> None:
    p = parameters_for(JAN_2027)
    assert {i: int(p.regelbedarf[i]) for i in range(1, 7)} == {
        1: 563, 2: 506, 3: 451, 4: 471, 5: 390, 6: 357}
    v = version("regelbedarf", "2027-01-01")
    assert "Anlage zu § 28 SGB XII" in v.quelle and "RBSFV 2026" in v.quelle
    assert "EVS 2023" in v.quelle
    assert v.vorlaeufig and "2027" in v.vorlaeufig_grund and v.vorlaeufig_grund_en
    assert "regelbedarf@2027-01-01" in p.rechtsstand
    assert "regelbedarf" in p.vorlaeufig_themen


def test_freibetrag_11b_abs_2b_2027_is_the_geringfuegigkeitsgrenze() -> None:
    mindestlohn = Decimal("14.60")  # § 1 Nr. 2 MiLoV5
    grenze = math.ceil(mindestlohn * 130 / 3)  # § 8 Abs. 1a SGB IV: rounded up
    assert grenze == 633
    assert parameters_for(JAN_2027).freibetrag_u25_ausbildung == Decimal(grenze)
    assert parameters_for(dt.date(2026, 12, 1)).freibetrag_u25_ausbildung == Decimal(603)
    v = version("einkommen", "2027-01-01")
    assert "MiLoV5" in v.quelle and "BGBl. 2025 I Nr. 268" in v.quelle
    assert "§ 8 Abs. 1a SGB IV" in v.quelle


def test_unchanged_2027_values_keep_their_sources() -> None:
    p = parameters_for(JAN_2027)
    assert p.kindergeld == Decimal(259)
    assert "§ 66 Abs. 1 EStG" in p.quellen["kindergeld"]
    assert p.kindersofortzuschlag == Decimal(25)
    assert "kindersofortzuschlag@2026-07-01" in p.rechtsstand
    assert p.leistungsname == "Grundsicherungsgeld"
    # the other steps of the reform (in force since 2026-07) stay in force
    assert {"vermoegen@2026-07-01", "unterkunft@2026-07-01", "minderung@2026-07-01"} <= set(
        p.rechtsstand)


def req(personen: list[dict[str, Any]], monat: str) -> dict[str, Any]:
    return {"monat": monat, "leistungsbeginn": "2025-01", "personen": personen,
            "unterkunft": {"bruttokaltmiete": 400, "heizkosten": 80, "warmwasser": "zentral"}}


def test_mehrbedarfe_derived_from_rbs1_in_2027() -> None:
    """Single parent of a 3-year-old, dezentrale Warmwasser: Alleinerziehende
    36 % × 563 = 202.68; Warmwasser 2.3 % × 563 = 12.949 → 12.95 (the child, RBS 6:
    0.8 % × 357 = 2.856 → 2.86) — the same lines as in December 2026."""
    zeilen = _mehrbedarf_zeilen("2027-01")
    assert zeilen == _mehrbedarf_zeilen("2026-12")
    assert zeilen["P1"]["mehrbedarf_alleinerziehend"] == 202.68
    assert zeilen["P1"]["mehrbedarf_warmwasser"] == 12.95
    assert zeilen["K1"]["mehrbedarf_warmwasser"] == 2.86


def _mehrbedarf_zeilen(monat: str) -> dict[str, dict[str, float]]:
    r = berechnen_json({
        "monat": monat, "leistungsbeginn": "2025-01",
        "personen": [
            {"id": "P1", "rolle": "antragsteller", "geburtsdatum": "1995-05-10"},
            {"id": "K1", "rolle": "kind", "geburtsdatum": "2023-05-10", "eltern": ["P1"]}],
        "unterkunft": {"bruttokaltmiete": 400, "heizkosten": 80, "warmwasser": "dezentral"},
    })
    out: dict[str, dict[str, float]] = {}
    for pos in r["positionen"]:
        if pos["art"].startswith("mehrbedarf_"):
            out.setdefault(pos["person"], {})[pos["art"]] = pos["betrag"]
    return out


def test_trainee_under_25_gets_the_2027_allowance() -> None:
    """Trainee aged 21 living alone, gross 1,000 / net 800 (Ausbildungsvergütung):

    December 2026: 603 + 30 % × (1,000 − 603) = 603 + 119.10 = 722.10 → countable 77.90;
    Bedarf 563 + 400 + 80 = 1,043 → Anspruch 965.10.
    January 2027: 633 + 30 % × (1,000 − 633) = 633 + 110.10 = 743.10 → countable 56.90;
    Anspruch 986.10 — 21.00 € more (= 70 % of the 30 € rise of the Geringfügigkeitsgrenze).
    """
    trainee = {"id": "P1", "rolle": "antragsteller", "geburtsdatum": "2005-06-01",
               "in_ausbildung": True,
               "einkommen": [{"art": "erwerbseinkommen", "brutto": 1000, "netto": 800}]}
    dez = berechnen_json(req([trainee], "2026-12"))
    jan = berechnen_json(req([trainee], "2027-01"))

    def zeile(r: dict[str, Any], art: str) -> list[float]:
        return [p["betrag"] for p in r["positionen"] if p["person"] == "P1" and p["art"] == art]

    assert zeile(dez, "freibetrag_ausbildung") == [-603]
    assert zeile(jan, "freibetrag_ausbildung") == [-633]
    assert zeile(jan, "erwerbstaetigenfreibetrag") == [-110.10]
    assert dez["personen"][0]["einkommen_anrechenbar"] == 77.90
    assert jan["personen"][0]["einkommen_anrechenbar"] == 56.90
    assert dez["summe"]["zahlbetrag"] == 965.10
    assert jan["summe"]["zahlbetrag"] == 986.10
    assert "regelbedarf@2027-01-01" in jan["rechtsstand"]
    assert any("Regelbedarfe ab 1.1.2027" in h for h in jan["hinweise_intern"])
    assert not any("Regelbedarfe ab 1.1.2027" in h for h in dez["hinweise"])


def _azubi_ueber_603(anfrage: dict[str, Any]) -> bool:
    """A person under 25 in training with gross earnings above 603 € (§ 11b Abs. 2b)."""
    for p in anfrage["personen"]:
        brutto = sum(e.get("brutto", 0) for e in p.get("einkommen", [])
                     if e["art"] in ("erwerbseinkommen", "minijob"))
        if p.get("in_ausbildung") and p["geburtsdatum"] > "2002-01-01" and brutto > 603:
            return True
    return False


def test_january_2027_changes_exactly_the_trainees_above_603() -> None:
    """The same January 2027 request with and without the 2027 versions: only households
    with a trainee under 25 earning more than 603 € gross get a different payment; all
    others compute the same amounts (only the notes and the Rechtsstand differ) — the
    work the mass recalculation must find, and no more."""
    from sgb2.batch_beispiele import erzeuge

    anfragen = erzeuge(400, seed=2027, nur_gemeinsame_regeln=False, monat="2027-01")
    for i in range(0, 400, 4):  # make every fourth adult a trainee aged 20
        p = anfragen[i]["personen"][0]
        p["geburtsdatum"], p["in_ausbildung"] = "2006-03-15", True
    with rechtsstand_vor(JAN_2027):
        vorher = [berechnen_json(a) for a in anfragen]
    nachher = [berechnen_json(a) for a in anfragen]
    geaendert = azubis = 0
    for a, v, n in zip(anfragen, vorher, nachher, strict=True):
        if v["summe"] != n["summe"]:
            assert _azubi_ueber_603(a), a
            assert n["summe"]["einkommen_anrechenbar"] < v["summe"]["einkommen_anrechenbar"]
            assert n["summe"]["zahlbetrag"] >= v["summe"]["zahlbetrag"]
            geaendert += n["summe"]["zahlbetrag"] > v["summe"]["zahlbetrag"]
        elif _azubi_ueber_603(a):
            azubis += 1  # countable income 0 before, or no claim either way
    assert geaendert >= 10, (geaendert, azubis)


def test_rechtsstand_vor_shows_the_state_before_the_2027_versions() -> None:
    with rechtsstand_vor(JAN_2027):
        p = parameters_for(JAN_2027)
        assert p.freibetrag_u25_ausbildung == Decimal(603)
        assert "regelbedarf@2026-01-01" in p.rechtsstand
        assert "einkommen@2026-07-01" in p.rechtsstand
    assert parameters_for(JAN_2027).freibetrag_u25_ausbildung == Decimal(633)
