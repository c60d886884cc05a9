"""Hand-computed cases for the rules of issue 16 (§ 9 Abs. 3, § 11b Abs. 3 S. 3 per
earner, changes within a month, § 20 Abs. 3 / § 22 Abs. 5, the Karenzzeit after an
interruption, the income types, the gemischte Bedarfsgemeinschaft).

Each test states its derivation line by line with the norm. Amounts in euros; r2 = round
half up to cents (§ 41 Abs. 2 SGB II). 2024: Regelbedarfe 563/506/451/471/390/357,
Kindergeld 250, Kindersofortzuschlag 20 €.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from sgb2 import berechnen_json
from sgb2.batch import berechnen_batch, columns_from_requests

sys.path.insert(0, str(Path(__file__).parent))
from test_batch_equivalence import vergleiche  # noqa: E402
from test_engine_faelle import has_pos, pers, person, pos, req  # noqa: E402


def eltern_paar(brutto: float = 0, netto: float = 0) -> list[dict[str, Any]]:
    ek = [{"art": "erwerbseinkommen", "brutto": brutto, "netto": netto}] if brutto else []
    return [
        person("P1", "antragsteller", "1975-04-10", einkommen=ek),
        person("P2", "partner", "1976-08-20"),
    ]


# --------------------------------------------------------------------------- § 9 Abs. 3
def test_9_abs_3_schwangere_tochter_eltern_einkommen_zaehlt_nicht() -> None:
    """Parents P1/P2 and their pregnant daughter T (18, 20th week), 2024-03, rent 600 +
    heating 120 for 3 heads.

    T (own unit, § 9 Abs. 3):
      Regelbedarf RBS 3                                451.00  § 20 Abs. 2 S. 2 Nr. 2
      Mehrbedarf Schwangerschaft r2(17 % × 451)         76.67  § 21 Abs. 2
      KdU 600/3 + 120/3                                240.00  § 22 Abs. 1
      Bedarf                                           767.67  § 19 Abs. 1
      Kindergeld 250 − Versicherungspauschale 30       220.00  § 11 Abs. 1 S. 5, § 11b Abs. 1 Nr. 3
      Anspruch 767.67 − 220                            547.67  § 9 Abs. 3, § 19
      Kindersofortzuschlag                              20.00  § 72
    Parents: P1 earns 3,000 gross / 2,100 net; Freibeträge 100 + 84 + 144 + 20 = 348
    (cap 1,200: no minor child) → 1,752 countable ≥ their need 2 × (506 + 240) = 1,492:
    no claim, and nothing of the 260 surplus reaches T (§ 9 Abs. 2 S. 2 does not apply).
    """
    t = person(
        "T",
        "kind",
        "2005-06-01",
        schwangerschaftswoche=20,
        einkommen=[{"art": "kindergeld", "betrag": 250}],
    )
    r = berechnen_json(req([*eltern_paar(3000, 2100), t], miete=600, heizung=120))
    pt = pers(r, "T")
    assert pt["bedarf"] == 767.67 and pt["einkommen_anrechenbar"] == 220
    assert pt["anspruch"] == 547.67 and pt["kindersofortzuschlag"] == 20
    assert pt["zahlbetrag"] == 567.67
    assert pers(r, "P1")["anspruch"] == 0 and pers(r, "P2")["anspruch"] == 0
    assert pos(r, None, "anspruch_bg") == 547.67
    assert any("§ 9 Abs. 3 SGB II" in h for h in r["hinweise"])
    assert any(
        p["rechtsgrundlage"] == "§ 9 Abs. 2 S. 3, Abs. 3 SGB II" and p["art"] == "anspruch_bg"
        for p in r["positionen"]
    )


def test_9_abs_3_ohne_schwangerschaft_zaehlt_elterneinkommen() -> None:
    """Control: the same daughter not pregnant — § 9 Abs. 2 S. 2 applies, the parents'
    surplus 1,752 − 1,492 = 260 covers part of her need 451 + 240 = 691 less her
    Kindergeld 220: the BG's claim is 691 − 220 − 260 = 211.00."""
    t = person("T", "kind", "2005-06-01", einkommen=[{"art": "kindergeld", "betrag": 250}])
    r = berechnen_json(req([*eltern_paar(3000, 2100), t], miete=600, heizung=120))
    assert r["summe"]["anspruch"] == 211
    assert not any("§ 9 Abs. 3" in h for h in r["hinweise"])


def mutter_mit_kind(eltern_brutto: float, eltern_netto: float) -> dict[str, Any]:
    t = person(
        "T",
        "kind",
        "2004-02-01",
        einkommen=[{"art": "minijob", "brutto": 300, "netto": 300}],
    )
    e = person(
        "E",
        "kind",
        "2022-05-01",
        eltern=["T"],
        einkommen=[{"art": "kindergeld", "betrag": 250, "empfaenger": "T"}],
    )
    return req(
        [*eltern_paar(eltern_brutto, eltern_netto), t, e],
        miete=800,
        heizung=160,
    )


def test_9_abs_3_tochter_mit_eigenem_kind_unter_6() -> None:
    """Daughter T (20) with her own child E (1), living with her parents; 2024-03, rent 800
    + heating 160 for 4 heads = 200 + 40 each.

    T: RBS 3 451.00 (§ 20 Abs. 2 S. 2 Nr. 2) + Alleinerziehende r2(36 % × 563) = 202.68
       (§ 21 Abs. 3 Nr. 1, child under 7) + KdU 240 = Bedarf 893.68 (§ 19 Abs. 1)
       Minijob 300: Grundfreibetrag 100 (§ 11b Abs. 2) + 20 % × 200 = 40 (§ 11b Abs. 3)
       → countable 160.00
    E: RBS 6 357 + KdU 240 = 597.00; Kindergeld 250 used in full (§ 11 Abs. 1 S. 5)
       → uncovered 347.00
    Unit of § 9 Abs. 3: ΣU = 893.68 + 347 = 1,240.68; E = 160 → claim 1,080.68
       T: r2(893.68 × 1,080.68 / 1,240.68) = r2(778.4297) = 778.43;
       E: r2(347 × 1,080.68 / 1,240.68) = r2(302.2503) = 302.25, no cent left over
       (§ 9 Abs. 2 S. 3); Sofortzuschlag 20 each (§ 72).
    The parents' income (3,000 / 2,100) changes nothing for T and E.
    """
    for brutto, netto in ((0, 0), (3000, 2100)):
        r = berechnen_json(mutter_mit_kind(brutto, netto))
        pt, pe = pers(r, "T"), pers(r, "E")
        assert pt["bedarf"] == 893.68 and pt["einkommen_anrechenbar"] == 160
        assert pt["anspruch"] == 778.43 and pe["anspruch"] == 302.25
        assert pt["kindersofortzuschlag"] == 20 and pe["kindersofortzuschlag"] == 20
        assert pe["einkommen_anrechenbar"] == 250
    # without earnings the parents get their own full need 2 × (506 + 240)
    r0 = berechnen_json(mutter_mit_kind(0, 0))
    assert pers(r0, "P1")["anspruch"] == 746 and pers(r0, "P2")["anspruch"] == 746


def test_9_abs_3_wird_im_batch_skalar_gerechnet() -> None:
    """The batch path reports such a household for the scalar path (Columns.braucht_skalar);
    all others of the list are computed in the batch and agree."""
    rs = [mutter_mit_kind(0, 0), req(eltern_paar(1000, 800))]
    cols = columns_from_requests(rs, "2024-03")
    assert set(cols.braucht_skalar) == {0} and "§ 9 Abs. 3" in cols.braucht_skalar[0]
    assert not vergleiche(rs, cols, berechnen_batch(cols))


# --------------------------------------------------------------------------- § 11b Abs. 3 S. 3
def _jugendlicher_verdiener(geschwister: bool) -> dict[str, Any]:
    k = person(
        "K",
        "kind",
        "2006-09-01",
        einkommen=[{"art": "erwerbseinkommen", "brutto": 1400, "netto": 1100}],
    )
    ps = [person("P1", "antragsteller", "1980-01-15"), k]
    if geschwister:
        ps.append(person("S", "kind", "2012-03-05"))
    return req(ps)


def test_11b_abs_3_s_3_siebzehnjaehriger_ist_nicht_sein_eigenes_kind() -> None:
    """K (17, the only child) earns 1,400 gross / 1,100 net, 2024-03:
    Grundfreibetrag min(1,400, 100)                     100.00  § 11b Abs. 2 S. 1
    20 % × (520 − 100)                                   84.00  § 11b Abs. 3 S. 2 Nr. 1
    30 % × (1,000 − 520)                                144.00  § 11b Abs. 3 S. 2 Nr. 2
    10 % × (1,200 − 1,000): K neither lives with a minor child other than himself nor
    has one, so the cap is 1,200                         20.00  § 11b Abs. 3 S. 2 Nr. 3
    countable 1,100 − 348                               752.00  § 11b
    """
    r = berechnen_json(_jugendlicher_verdiener(geschwister=False))
    assert pos(r, "K", "erwerbseinkommen_anrechenbar") == 752
    assert pos(r, "K", "erwerbstaetigenfreibetrag") == -(84 + 144 + 20)


def test_11b_abs_3_s_3_mit_minderjaehrigem_geschwister() -> None:
    """The same K with a minor sibling S in the BG: he lives with a minor child in the BG,
    cap 1,500 (§ 11b Abs. 3 S. 3): top band 10 % × (1,400 − 1,000) = 40; allowances
    100 + 84 + 144 + 40 = 368; countable 1,100 − 368 = 732.00."""
    r = berechnen_json(_jugendlicher_verdiener(geschwister=True))
    assert pos(r, "K", "erwerbseinkommen_anrechenbar") == 732
    assert any(
        p["person"] == "K" and p["rechtsgrundlage"] == "§ 11b Abs. 3 S. 3 SGB II"
        for p in r["positionen"]
    )


@pytest.mark.parametrize(("ausserhalb", "anrechenbar"), [(False, 1152), (True, 1122)])
def test_11b_abs_3_s_3_kind_ausserhalb(ausserhalb: bool, anrechenbar: float) -> None:
    """Single earner, 2,000 gross / 1,500 net, no child in the household. Allowances
    100 + 84 + 144 + 10 % × (cap − 1,000): cap 1,200 → 20, total 348, countable 1,152;
    with a minor child living elsewhere (request field ``minderjaehriges_kind_ausserhalb``)
    cap 1,500 → 50, total 378, countable 1,122 (§ 11b Abs. 3 S. 3 "oder die mindestens ein
    minderjähriges Kind haben")."""
    p1 = person(
        "P1",
        "antragsteller",
        "1985-05-01",
        einkommen=[{"art": "erwerbseinkommen", "brutto": 2000, "netto": 1500}],
        minderjaehriges_kind_ausserhalb=ausserhalb,
    )
    r = berechnen_json(req([p1]))
    assert pers(r, "P1")["einkommen_anrechenbar"] == anrechenbar
    cols = columns_from_requests([req([p1])], "2024-03")
    assert not vergleiche([req([p1])], cols, berechnen_batch(cols))


# ------------------------------------------------------------ § 41 Abs. 1 within a month
def test_geburtstag_aendert_rbs_im_monat() -> None:
    """K turns 6 on 16 March 2024: RBS 6 until the 15th, RBS 5 from the 16th (§ 23 Nr. 1,
    § 41 Abs. 1 S. 1–3, 30-day month: positions 0–14 = 15 days, 15–29 = 15 days).
      K Regelbedarf r2(357 × 15/30) + r2(390 × 15/30) = 178.50 + 195.00  373.50
      K KdU (400 + 80) / 2                                              240.00
      K Bedarf 613.50 − Kindergeld 250 = uncovered                      363.50
      P1 563 + Alleinerziehende r2(36 % × 563) = 202.68 + KdU 240     1,005.68
      claim 1,005.68 + 363.50                                         1,369.18
    """
    k = person("K", "kind", "2018-03-16", einkommen=[{"art": "kindergeld"}])
    r = berechnen_json(req([person("P1", "antragsteller", "1990-05-10"), k]))
    pk = pers(r, "K")
    assert pk["regelbedarfsstufe"] == 6 and pk["regelbedarf"] == 373.5
    assert r["summe"]["anspruch"] == 1369.18 and pk["kindersofortzuschlag"] == 20
    assert any("§ 41 Abs. 1" in p["rechtsgrundlage"] for p in r["positionen"] if p["person"] == "K")


def test_partner_wird_18_im_monat() -> None:
    """B turns 18 on 11 March 2024 (10 days before, 20 days from the birthday):
    B: RBS 4 (minor with partner) then RBS 2: r2(471 × 10/30) + r2(506 × 20/30)
       = 157.00 + 337.33 = 494.33                       § 20 Abs. 2 S. 2 Nr. 1, Abs. 4
    A: RBS 1 (partner a minor) then RBS 2: r2(563 × 10/30) + 337.33
       = 187.67 + 337.33 = 525.00                       § 20 Abs. 2 S. 1, Abs. 4
    """
    r = berechnen_json(
        req([person("A", "antragsteller", "1990-01-01"), person("B", "partner", "2006-03-11")])
    )
    assert pers(r, "B")["regelbedarf"] == 494.33 and pers(r, "A")["regelbedarf"] == 525


def test_geburt_im_monat_taggenau() -> None:
    """N is born on 16 March 2024 to the single P1 (rent 400 + heating 80): from the 16th
    two heads, before it one (§ 22 Abs. 1 Kopfteil, § 41 Abs. 1, 15 + 15 days).
      N Regelbedarf r2(357 × 15/30)                                    178.50
      N KdU r2(200 × 15/30) + r2(40 × 15/30) = 100 + 20               120.00
      P1 KdU rent 200 + 100 = 300, heating 40 + 20 = 60                360.00
      P1 563 + Alleinerziehende 202.68 (the newborn counts all month) + 360 = 1,125.68
      N uncovered 298.50 − Kindergeld 250 = 48.50; claim 1,174.18; Sofortzuschlag 20
    """
    n = person("N", "kind", "2024-03-16", einkommen=[{"art": "kindergeld"}])
    r = berechnen_json(req([person("P1", "antragsteller", "1990-05-10"), n]))
    assert pers(r, "N")["regelbedarf"] == 178.5 and pers(r, "N")["kdu"] == 120
    assert pers(r, "P1")["kdu"] == 360 and pers(r, "P1")["bedarf"] == 1125.68
    assert r["summe"]["anspruch"] == 1174.18
    assert not any("ganzen Monat" in h for h in r["hinweise"])


def test_auszug_im_monat_taggenau() -> None:
    """K (20) moves out; last day in the household 10 March 2024 (10 days of 30):
    K Regelbedarf RBS 3 r2(451 × 10/30)                              150.33
    K KdU r2(200 × 10/30) + r2(40 × 10/30) = 66.67 + 13.33           80.00
    P1 KdU rent r2(200 × 10/30) + r2(400 × 20/30) = 66.67 + 266.67  333.34
           heating 13.33 + r2(80 × 20/30) = 13.33 + 53.33             66.66
    P1 Bedarf 563 + 400.00                                          963.00
    """
    k = person("K", "kind", "2003-07-01", anwesend_bis="2024-03-10")
    r = berechnen_json(req([person("P1", "antragsteller", "1970-05-10"), k]))
    pk, p1 = pers(r, "K"), pers(r, "P1")
    assert pk["regelbedarf"] == 150.33 and pk["kdu"] == 80
    assert p1["kdu"] == 400 and p1["bedarf"] == 963
    assert r["summe"]["anspruch"] == 963 + 230.33


def test_einzug_nur_skalar_im_batch() -> None:
    """A move within the month is computed by the scalar path (batch: braucht_skalar)."""
    k = person("K", "kind", "2003-07-01", anwesend_ab="2024-03-20")
    rs = [req([person("P1", "antragsteller", "1970-05-10"), k])]
    cols = columns_from_requests(rs, "2024-03")
    assert "Ein- oder Auszug" in cols.braucht_skalar[0]


# ------------------------------------------------------------ § 20 Abs. 3, § 22 Abs. 5
def test_unter_25_ohne_zusicherung_umgezogen() -> None:
    """P1 (22) moved out without the Zusicherung: Regelbedarf of RBS 3 = 451 instead of 563
    (§ 20 Abs. 3); no Unterkunft and Heizung (§ 22 Abs. 5): claim 451.00. At 25 the rule
    no longer applies (RBS 1, KdU 480: 1,043)."""
    jung = person("P1", "antragsteller", "2001-06-01", umzug_ohne_zusicherung=True)
    r = berechnen_json(req([jung]))
    p1 = pers(r, "P1")
    assert p1["regelbedarfsstufe"] == 3 and p1["kdu"] == 0 and p1["anspruch"] == 451
    assert any("§ 22 Abs. 5 SGB II" in h for h in r["hinweise"])
    alt = person("P1", "antragsteller", "1998-06-01", umzug_ohne_zusicherung=True)
    assert pers(berechnen_json(req([alt])), "P1")["anspruch"] == 1043


# --------------------------------------------------------------------------- Karenzzeit
def _karenz_req(monat: str, unterbrechungen: list[dict[str, str]], **kw: Any) -> dict[str, Any]:
    r = req([person("P1", "antragsteller", "1980-05-10", **kw)], monat=monat, beginn="2023-01")
    r["unterkunft"]["angemessenheitsgrenze_bruttokalt"] = 300
    r["bezugsunterbrechungen"] = unterbrechungen
    return r


def test_karenzzeit_verlaengert_um_monate_ohne_bezug() -> None:
    """Leistungsbeginn 2023-01, rent 400 above the limit 300, month 2024-09 (20 months).
    Without interruption: Karenzzeit 2023-01 … 2023-12, Kostensenkungsfrist (default 6
    months) until 2024-06 → limit 300: Bedarf 563 + 300 + 80 = 943.
    With 4 months without receipt (2023-05 … 2023-08, § 22 Abs. 1 S. 3) only 16 months of
    receipt: Karenzzeit until 2024-04, Frist until 2024-10 → actual rent: 563 + 480 = 1,043."""
    assert berechnen_json(_karenz_req("2024-09", []))["summe"]["bedarf"] == 943
    mit = _karenz_req("2024-09", [{"von": "2023-05", "bis": "2023-08"}])
    assert berechnen_json(mit)["summe"]["bedarf"] == 1043


def test_neue_karenzzeit_nach_drei_jahren() -> None:
    """Leistungsbeginn 2023-01, receipt 2023-01 … 2023-10 (10 months of the Karenzzeit),
    then no benefits; month 2026-12, rent 400 above the limit 300, Kostensenkungsfrist
    ended 2026-11.
    36 months without benefits (2023-11 … 2026-10): a new Karenzzeit began in 2026-11
    (§ 22 Abs. 1 S. 4): the actual rent (within 1.5 × 300 = 450, the 2026-07 cap):
    Bedarf 563 + 400 + 80 = 1,043.
    35 months (2023-11 … 2026-09): the Karenzzeit was only extended (S. 3): 10 months +
    2026-10 + 2026-11 = 12 months used, 2026-12 is after it: limit 300, Bedarf 943."""
    neu = _karenz_req("2026-12", [{"von": "2023-11", "bis": "2026-10"}])
    neu["unterkunft"]["kostensenkung_frist_ende"] = "2026-11"
    assert berechnen_json(neu)["summe"]["bedarf"] == 1043
    alt = _karenz_req("2026-12", [{"von": "2023-11", "bis": "2026-09"}])
    alt["unterkunft"]["kostensenkung_frist_ende"] = "2026-11"
    assert berechnen_json(alt)["summe"]["bedarf"] == 943


def test_neue_karenzzeit_auch_fuer_vermoegen() -> None:
    """§ 12 Abs. 3 with § 22 Abs. 1 S. 3 (Leistungsbeginn 2023-01, month 2024-09 = 20
    months, assets 30,000):
      8 months without benefits (2023-02 … 2023-09): 12 months of receipt, the Karenzzeit is
      over: allowance 15,000 (§ 12 Abs. 2) < 30,000 → no claim (§ 9 Abs. 1);
      9 months (2023-02 … 2023-10): 11 months of receipt, still in the Karenzzeit: allowance
      40,000 (§ 12 Abs. 4), actual rent (§ 22 Abs. 1 S. 2): claim 563 + 400 + 80 = 1,043."""
    ohne = _karenz_req("2024-09", [{"von": "2023-02", "bis": "2023-09"}], vermoegen=30000)
    assert berechnen_json(ohne)["summe"]["anspruch"] == 0
    mit = _karenz_req("2024-09", [{"von": "2023-02", "bis": "2023-10"}], vermoegen=30000)
    assert berechnen_json(mit)["summe"]["anspruch"] == 1043


def test_neue_regeln_batch_gleich_skalar() -> None:
    rs = [
        _karenz_req("2024-09", [{"von": "2023-05", "bis": "2023-08"}]),
        req(
            [person("P1", "antragsteller", "2001-06-01", umzug_ohne_zusicherung=True)],
            monat="2024-09",
        ),
        req(
            [person("A", "antragsteller", "1990-01-01"), person("B", "partner", "2006-09-11")],
            monat="2024-09",
        ),
        req(
            [person("P1", "antragsteller", "1990-05-10"), person("K", "kind", "2010-09-30")],
            monat="2024-09",
        ),
    ]
    cols = columns_from_requests(rs, "2024-09")
    assert not cols.braucht_skalar
    assert not vergleiche(rs, cols, berechnen_batch(cols))


# --------------------------------------------------------------------------- income types
def test_elterngeld_freibetrag_10_abs_5_beeg() -> None:
    """P1 (single, 2024-03, rent 400 + 80) receives Elterngeld 900 based on earnings of
    1,200 before the birth; her child N (3 months) has Kindergeld 250.
      Elterngeld                                           900.00  § 11 Abs. 1 SGB II
      free: earnings before the birth, at most 300        −300.00  § 10 Abs. 5 S. 2 BEEG
      Versicherungspauschale (no earnings)                 −30.00  § 11b Abs. 1 S. 1 Nr. 3
      countable                                            570.00
    With Elterngeld Plus 450 the free part is half: 150 → 450 − 150 − 30 = 270.00.
    Mindestelterngeld 300 without prior earnings counts in full: 300 − 30 = 270.00."""

    def fall(betrag: float, vor: float | None, plus: bool) -> dict[str, Any]:
        eg: dict[str, Any] = {"art": "elterngeld", "betrag": betrag, "elterngeld_plus": plus}
        if vor is not None:
            eg["einkommen_vor_geburt"] = vor
        p1 = person("P1", "antragsteller", "1992-02-02", einkommen=[eg])
        n = person("N", "kind", "2023-12-05", einkommen=[{"art": "kindergeld"}])
        return req([p1, n])

    assert pers(berechnen_json(fall(900, 1200, False)), "P1")["einkommen_anrechenbar"] == 570
    r = berechnen_json(fall(450, 1200, True))
    assert pers(r, "P1")["einkommen_anrechenbar"] == 270
    assert pos(r, "P1", "elterngeld_freibetrag") == -150
    assert pers(berechnen_json(fall(300, None, False)), "P1")["einkommen_anrechenbar"] == 270


def test_bafoeg_und_ausbildungsverguetung_11b_abs_2b() -> None:
    """2024-03 (Geringfügigkeitsgrenze 538). P1 (single) with two children:
    S (20, student, BAföG 500, no earnings):
      BAföG 500 − Absetzbetrag min(500, 538) = 0 countable  § 11a Abs. 3 S. 2 Nr. 3, § 11b Abs. 2b
      (no Versicherungspauschale besides: Abs. 2b replaces it)
    A (19, trainee, Ausbildungsvergütung 900 gross / 720 net — a trainee by the income type):
      Freibetrag Ausbildung min(900, 538)                  538.00  § 11b Abs. 2b
      30 % × (900 − 538)                                   108.60  § 11b Abs. 3 S. 2 Nr. 2
      countable 720 − 646.60                                73.40
    """
    s = person("S", "kind", "2003-09-09", einkommen=[{"art": "bafoeg", "betrag": 500}])
    a = person(
        "A",
        "kind",
        "2004-10-10",
        einkommen=[{"art": "ausbildungsverguetung", "brutto": 900, "netto": 720}],
    )
    r = berechnen_json(req([person("P1", "antragsteller", "1975-01-01"), s, a]))
    assert pers(r, "S")["einkommen_anrechenbar"] == 0
    assert pos(r, "S", "freibetrag_bafoeg") == -500
    assert pers(r, "A")["einkommen_anrechenbar"] == 73.4
    assert pos(r, "A", "freibetrag_ausbildung") == -538


def test_renten_alg_krankengeld_waisenrente_kinderzuschlag_wohngeld() -> None:
    """P1 (single, 2024-03) receives Arbeitslosengeld 400 and Wohngeld 100; her child K (10)
    a Waisenrente 150, Kinderzuschlag 50 and Kindergeld 250.
      P1: 400 + 100 − Versicherungspauschale 30 = 470.00    § 11 Abs. 1, § 11b Abs. 1 Nr. 3
      K: Waisenrente 150 + Kinderzuschlag 50 (§ 11 Abs. 1 S. 4) = 200 own income; need
         390 + 240 = 630; Kindergeld used 250; uncovered 180.00, countable 450.00
      P1 need 563 + Alleinerziehende 12 % × 563 = 67.56 (§ 21 Abs. 3 Nr. 2, one child
         aged 10) + KdU 240 = 870.56
      claim 870.56 + 180 − 470 = 580.56
    The Wohngeld/Kinderzuschlag note (§ 7 Abs. 1 WoGG, § 12a) is for staff."""
    p1 = person(
        "P1",
        "antragsteller",
        "1980-01-01",
        einkommen=[
            {"art": "arbeitslosengeld", "betrag": 400},
            {"art": "wohngeld", "betrag": 100},
        ],
    )
    k = person(
        "K",
        "kind",
        "2013-06-06",
        einkommen=[
            {"art": "waisenrente", "betrag": 150},
            {"art": "kinderzuschlag", "betrag": 50},
            {"art": "kindergeld"},
        ],
    )
    r = berechnen_json(req([p1, k]))
    assert pers(r, "P1")["einkommen_anrechenbar"] == 470
    assert pers(r, "K")["einkommen_anrechenbar"] == 450
    assert pers(r, "P1")["bedarf"] == 870.56
    assert r["summe"]["anspruch"] == 580.56
    assert any("§ 7 Abs. 1 WoGG" in h for h in r["hinweise_intern"])
    kg = person(
        "P1", "antragsteller", "1980-01-01", einkommen=[{"art": "krankengeld", "betrag": 700}]
    )
    assert pers(berechnen_json(req([kg])), "P1")["einkommen_anrechenbar"] == 670


def test_kinderzuschlag_nur_beim_kind() -> None:
    from sgb2 import Eingabefehler

    p1 = person(
        "P1", "antragsteller", "1980-01-01", einkommen=[{"art": "kinderzuschlag", "betrag": 50}]
    )
    with pytest.raises(Eingabefehler, match="§ 11 Abs. 1 S. 4"):
        berechnen_json(req([p1]))


def test_einkommensarten_batch_gleich_skalar() -> None:
    rs = []
    for betrag, vor, plus in ((900, 1200, False), (450, 200, True), (300, None, False)):
        eg: dict[str, Any] = {"art": "elterngeld", "betrag": betrag, "elterngeld_plus": plus}
        if vor is not None:
            eg["einkommen_vor_geburt"] = vor
        rs.append(req([person("P1", "antragsteller", "1992-02-02", einkommen=[eg])]))
    for alter_geb in ("2003-09-09", "1995-09-09"):
        s = person(
            "S",
            "kind",
            alter_geb,
            einkommen=[
                {"art": "bafoeg", "betrag": 700},
                {"art": "minijob", "brutto": 200, "netto": 200},
            ],
        )
        rs.append(req([person("P1", "antragsteller", "1975-01-01"), s]))
    cols = columns_from_requests(rs, "2024-03")
    assert not cols.braucht_skalar
    assert not vergleiche(rs, cols, berechnen_batch(cols))


# --------------------------------------------------------------------------- gemischte BG
def _paar_mit_rentner(rente: dict[str, Any], geb: str = "1955-03-01", **kw: Any) -> dict[str, Any]:
    return req(
        [
            person("P1", "antragsteller", "1980-01-01"),
            person("P2", "partner", geb, einkommen=[rente], **kw),
        ]
    )


def test_gemischte_bg_rentner_ueberschuss_zaehlt() -> None:
    """P2 (born 1955, above the age limit, § 7 Abs. 1 S. 1 Nr. 1, § 7a) draws an
    Altersrente of 1,100; P1 (44) has no income; 2024-03, rent 400 + 80 for two heads.
      P2 SGB XII: Regelbedarf RBS 2 506 (§ 27a SGB XII) + Kopfteil 240 (§ 35) = 746.00
      P2 income: the pension in full                     1,100.00  § 82 SGB XII
      surplus 1,100 − 746                                   354.00  § 9 Abs. 2 S. 1 SGB II
      P1 Bedarf 506 + 240 = 746; claim 746 − 354            392.00
    """
    r = berechnen_json(_paar_mit_rentner({"art": "altersrente", "betrag": 1100}))
    assert pers(r, "P2")["in_bg"] is False
    assert pos(r, "P2", "sgb_xii_bedarf") == 746 and pos(r, "P2", "sgb_xii_ueberschuss") == 354
    assert pos(r, None, "einkommen_sgb_xii_ueberschuss") == 354
    assert pers(r, "P1")["anspruch"] == 392
    assert any("gemischte" in h for h in r["hinweise"])


def test_gemischte_bg_grundrentenfreibetrag_82a() -> None:
    """As before with 33 years of Grundrentenzeiten (§ 82a SGB XII):
    free 100 + r2(30 % × (1,100 − 100)) = 400, at most r2(50 % × 563) = 281.50
    income 1,100 − 281.50 = 818.50; surplus 818.50 − 746 = 72.50; P1 claim 673.50."""
    rente = {"art": "altersrente", "betrag": 1100, "grundrentenzeiten": True}
    r = berechnen_json(_paar_mit_rentner(rente))
    assert pos(r, "P2", "sgb_xii_freibetrag") == -281.5
    assert pers(r, "P1")["anspruch"] == 673.5


def test_gemischte_bg_altersrente_vor_altersgrenze_7_abs_4() -> None:
    """P2 (born 1962, 61, below the age limit) draws an early Altersrente of 800: excluded
    by § 7 Abs. 4 SGB II. SGB XII need 746, income 800, surplus 54 → P1 claim 692.00."""
    r = berechnen_json(_paar_mit_rentner({"art": "altersrente", "betrag": 800}, geb="1962-07-01"))
    assert pers(r, "P2")["in_bg"] is False and pers(r, "P1")["anspruch"] == 692
    assert any("§ 7 Abs. 4 SGB II" in h for h in r["hinweise"])


def test_gemischte_bg_erwerbsminderung_mit_minijob_82_abs_3() -> None:
    """P2 (40) is permanently fully erwerbsgemindert (Grundsicherung, § 41 Abs. 3 SGB XII,
    not Sozialgeld: § 5 Abs. 2 S. 2 SGB II) with a Minijob of 300:
      § 82 Abs. 3 S. 1 SGB XII: 30 % × 300 = 90 (below 50 % × 563 = 281.50)
      income 300 − 90 = 210 < need 746: no surplus; P1 claim 746.00; the uncovered
      536.00 is claimed under the SGB XII (note)."""
    r = berechnen_json(
        _paar_mit_rentner(
            {"art": "minijob", "brutto": 300, "netto": 300},
            geb="1984-01-01",
            dauerhaft_voll_erwerbsgemindert=True,
        )
    )
    assert pos(r, "P2", "sgb_xii_freibetrag") == -90 and pos(r, "P2", "sgb_xii_einkommen") == 210
    assert pers(r, "P1")["anspruch"] == 746
    assert any("536,00 €" in h for h in r["hinweise"])
    assert not has_pos(r, None, "einkommen_sgb_xii_ueberschuss")


def test_gemischte_bg_im_batch() -> None:
    """The batch path computes the gemischte BG too (S5b ``gemischte_bg``: the SGB XII need
    without the Kopfteil and the income from the columns, the Kopfteil and the surplus in
    the step) and agrees with the scalar path."""
    mit = _paar_mit_rentner({"art": "altersrente", "betrag": 1100})
    ohne = req([person("P1", "antragsteller", "1980-01-01"), person("P2", "partner", "1955-03-01")])
    em = req(
        [
            person("P1", "antragsteller", "1980-01-01"),
            person("P2", "partner", "1984-01-01", dauerhaft_voll_erwerbsgemindert=True),
        ]
    )
    cols = columns_from_requests([mit, ohne, em], "2024-03")
    assert not cols.braucht_skalar
    assert not vergleiche([mit, ohne, em], cols, berechnen_batch(cols))


def test_sgb_xii_teil_ohne_20_abs_3() -> None:
    """§ 20 Abs. 3 is an SGB II rule: for an excluded person (here a 17-year-old drawing an
    Altersrente, § 7 Abs. 4) the SGB XII need uses his SGB XII RBS (1: 502 in 2023 plus the
    single-parent Mehrbedarf 12 % × 502 = 60.24 for his child of 15), not RBS 3; income
    462.25 < 562.24: no surplus, so the child's claim is its full need 420.00 (found by
    Hypothesis; scalar and batch agree)."""
    a = person(
        "A",
        "antragsteller",
        "2006-01-01",
        einkommen=[{"art": "altersrente", "betrag": 462.25}],
        umzug_ohne_zusicherung=True,
    )
    k = person("K0", "kind", "2008-01-01", eltern=["A"])
    r = req([a, k], monat="2023-01", beginn="2023-01", miete=0, heizung=0)
    res = berechnen_json(r)
    assert pos(res, "A", "sgb_xii_bedarf") == 562.24 and pers(res, "A")["regelbedarfsstufe"] == 1
    assert pers(res, "K0")["anspruch"] == 420
    cols = columns_from_requests([r], "2023-01")
    assert not vergleiche([r], cols, berechnen_batch(cols))


# ------------------------------------------- no number where the engine is not exact (§ 16 Done)
def test_nicht_modelliert_mehrbedarf_sgb_xii_keine_zahl() -> None:
    """P2 (born 1955) is excluded (age limit) and has the Mehrbedarf bei Behinderung. Under
    the SGB XII that is § 30 Abs. 4 (Eingliederungshilfe), which the engine does not model:
    the surplus counted for P1 would be too high. The engine computes no number and names
    what is missing, in both paths (the batch hands the request to the scalar path)."""
    from sgb2 import NichtModelliert

    r = _paar_mit_rentner(
        {"art": "altersrente", "betrag": 1100}, mehrbedarfe=[{"art": "behinderung"}]
    )
    with pytest.raises(NichtModelliert) as exc:
        berechnen_json(r)
    assert exc.value.fehler[0][0] == "personen[1].mehrbedarfe"
    assert "§ 30 Abs. 4 SGB XII" in exc.value.fehler[0][1]
    assert "von Hand" in exc.value.fehler[0][1]
    cols = columns_from_requests([r], "2024-03")
    assert list(cols.braucht_skalar) == [0]


def test_nicht_modelliert_kindergeld_ausgeschlossenes_kind() -> None:
    """A child of 20 who is permanently fully erwerbsgemindert is excluded (SGB XII); her
    Kindergeld's surplus would be the parent's income (§ 82 Abs. 1 S. 3 SGB XII), which is
    not modelled: no number."""
    from sgb2 import NichtModelliert

    r = req(
        [
            person("P1", "antragsteller", "1975-01-01"),
            person(
                "K1",
                "kind",
                "2004-01-01",
                dauerhaft_voll_erwerbsgemindert=True,
                einkommen=[{"art": "kindergeld", "betrag": 250}],
            ),
        ]
    )
    with pytest.raises(NichtModelliert) as exc:
        berechnen_json(r)
    assert exc.value.fehler[0][0] == "personen[1].einkommen"

