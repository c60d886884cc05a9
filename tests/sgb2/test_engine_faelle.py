"""Hand-computed cases for every rule of the scalar engine.

Each test states its derivation.  Amounts in euros; r2 = round half up to cents.
Unless stated otherwise: 2024 Regelbedarfe 563/506/451/471/390/357, Kindersofortzuschlag
20 € (25 € from 2025), Leistungsbeginn 2024-01 (so the Karenzzeit runs until 2024-12).
"""

from __future__ import annotations

from typing import Any

import pytest

from sgb2 import Eingabefehler, berechnen_json


def person(pid: str, rolle: str, geb: str, **extra: Any) -> dict[str, Any]:
    return {"id": pid, "rolle": rolle, "geburtsdatum": geb, **extra}


def req(
    personen: list[dict[str, Any]],
    monat: str = "2024-03",
    beginn: str = "2024-01",
    miete: float = 400,
    heizung: float = 80,
    **unterkunft: Any,
) -> dict[str, Any]:
    kdu = {"bruttokaltmiete": miete, "heizkosten": heizung, "warmwasser": "zentral"}
    kdu.update(unterkunft)
    return {"monat": monat, "leistungsbeginn": beginn, "personen": personen, "unterkunft": kdu}


def single(**extra: Any) -> dict[str, Any]:
    return person("P1", "antragsteller", "1990-05-10", **extra)


def pers(result: dict[str, Any], pid: str) -> dict[str, Any]:
    return next(p for p in result["personen"] if p["id"] == pid)


def pos(result: dict[str, Any], pid: str | None, art: str) -> float:
    found = [p["betrag"] for p in result["positionen"] if p["person"] == pid and p["art"] == art]
    assert found, f"no position {art} for {pid}"
    return sum(found)


def has_pos(result: dict[str, Any], pid: str | None, art: str) -> bool:
    return any(p["person"] == pid and p["art"] == art for p in result["positionen"])


# --------------------------------------------------------------------------- basics
def test_single_without_income_2024_gets_regelbedarf_plus_rent() -> None:
    """563 (RBS 1) + 400 Bruttokaltmiete + 80 Heizung = 1,043.00; all Regelbedarf is federal
    (563), the KdU part 480."""
    r = berechnen_json(req([single()]))
    p = pers(r, "P1")
    assert p["regelbedarfsstufe"] == 1 and p["leistungsart"] == "buergergeld"
    assert p["bedarf"] == 1043 and p["anspruch"] == 1043 and p["zahlbetrag"] == 1043
    assert p["davon_regel_und_mehrbedarf"] == 563 and p["davon_kdu"] == 480
    assert r["leistungsname"] == "Bürgergeld" and r["anspruch"] is True
    assert r["bewilligungszeitraum_monate"] == 12
    assert "regelbedarf@2024-01-01" in r["rechtsstand"]


def test_regelbedarf_2023_is_502() -> None:
    """2023: RBS 1 = 502; 502 + 480 = 982."""
    r = berechnen_json(req([single()], monat="2023-05", beginn="2023-05"))
    assert pers(r, "P1")["zahlbetrag"] == 982


def test_couple_with_two_children_and_a_job() -> None:
    """Couple (RBS 2: 506 each), K1 age 8 (RBS 5: 390), K2 age 3 (RBS 6: 357); 2024-03.
    KdU 700 + 120 = 820 / 4 heads = 205 each.
    Bedarfe: P1 711, P2 711, K1 595, K2 562 → 2,579.
    P1 earns 2,000 gross / 1,500 net; minor child in the BG → cap 1,500:
      100 + 20 % × 420 (84) + 30 % × 480 (144) + 10 % × 500 (50) = 378 → countable 1,122.
    Kindergeld 250 each is the children's income: U_K1 = 345, U_K2 = 312 (no Übertrag).
    ΣU = 711 + 711 + 345 + 312 = 2,079; A = 2,079 − 1,122 = 957.
    Shares: 711 × 957 / 2079 = 327.2857 → 327.29 (both adults); K1 158.8095 → 158.81;
    K2 143.6190 → 143.62; sum 957.01 → −0.01 on the largest U (P1, first) → 327.28.
    Sofortzuschlag 20 per child → Zahlbetrag 957 + 40 = 997.
    § 19 Abs. 3 for P1: covered = 711 − 327.28 = 383.72 of RB 506 → 122.28 RB, 205 KdU."""
    kinder_kg = [{"art": "kindergeld", "betrag": 250, "empfaenger": "P1"}]
    r = berechnen_json(
        req(
            [
                person(
                    "P1",
                    "antragsteller",
                    "1985-05-01",
                    einkommen=[{"art": "erwerbseinkommen", "brutto": 2000, "netto": 1500}],
                ),
                person("P2", "partner", "1987-02-01"),
                person("K1", "kind", "2015-08-01", eltern=["P1", "P2"], einkommen=kinder_kg),
                person("K2", "kind", "2020-08-01", eltern=["P1", "P2"], einkommen=kinder_kg),
            ],
            miete=700,
            heizung=120,
            personen_im_haushalt=4,
        )
    )
    assert [p["regelbedarfsstufe"] for p in r["personen"]] == [2, 2, 5, 6]
    assert pos(r, "P1", "erwerbstaetigenfreibetrag") == -(84 + 144 + 50)
    assert pers(r, "P1")["einkommen_anrechenbar"] == 1122
    assert r["summe"]["bedarf"] == 2579
    assert r["summe"]["anspruch"] == 957
    assert [p["anspruch"] for p in r["personen"]] == [327.28, 327.29, 158.81, 143.62]
    assert r["summe"]["kindersofortzuschlag"] == 40
    assert r["summe"]["zahlbetrag"] == 997
    p1 = pers(r, "P1")
    assert p1["davon_regel_und_mehrbedarf"] == 122.28 and p1["davon_kdu"] == 205
    assert pers(r, "K1")["leistungsart"] == "sozialgeld"


def test_erwerbstaetigenfreibetrag_cap_1200_without_child() -> None:
    """Single, 2024, gross 1,600 / net 1,200: 100 + 84 + 144 + 10 % × 200 = 348 →
    countable 852; A = 1,043 − 852 = 191."""
    r = berechnen_json(
        req([single(einkommen=[{"art": "erwerbseinkommen", "brutto": 1600, "netto": 1200}])])
    )
    assert pers(r, "P1")["einkommen_anrechenbar"] == 852
    assert pers(r, "P1")["anspruch"] == 191


@pytest.mark.parametrize(
    ("monat", "anrechenbar", "anspruch"),
    [
        # 2023-01..06: 100 + 20 % × 900 = 280 → 800 − 280 = 520; A = 502 + 480 − 520 = 462
        ("2023-03", 520, 462),
        # from 2023-07: 100 + 20 % × 420 + 30 % × 480 = 328 → 472; A = 982 − 472 = 510
        ("2023-08", 472, 510),
    ],
)
def test_freibetrag_regimes_2023(monat: str, anrechenbar: float, anspruch: float) -> None:
    """Gross 1,000 / net 800 under both 2023 regimes of § 11b Abs. 3."""
    r = berechnen_json(
        req(
            [single(einkommen=[{"art": "erwerbseinkommen", "brutto": 1000, "netto": 800}])],
            monat=monat,
            beginn="2023-01",
        )
    )
    assert pers(r, "P1")["einkommen_anrechenbar"] == anrechenbar
    assert pers(r, "P1")["anspruch"] == anspruch


def test_11b_abs_2b_trainee_under_25() -> None:
    """Trainee aged 20 living alone, 2024, gross 800 / net 640, § 11b Abs. 2b:
    538 (Geringfügigkeitsgrenze 2024) + 30 % × (800 − 538) = 78.60 → 616.60;
    countable 640 − 616.60 = 23.40.  Without the flag: 100 + 84 + 84 = 268 → 372."""
    ek = [{"art": "erwerbseinkommen", "brutto": 800, "netto": 640}]
    mit = berechnen_json(
        req([person("P1", "antragsteller", "2003-06-01", einkommen=ek, in_ausbildung=True)])
    )
    ohne = berechnen_json(req([person("P1", "antragsteller", "2003-06-01", einkommen=ek)]))
    assert pos(mit, "P1", "freibetrag_ausbildung") == -538
    assert pers(mit, "P1")["einkommen_anrechenbar"] == 23.40
    assert pers(ohne, "P1")["einkommen_anrechenbar"] == 372
    # not before 2023-07: the Grundfreibetrag applies
    vor = berechnen_json(
        req(
            [person("P1", "antragsteller", "2003-06-01", einkommen=ek, in_ausbildung=True)],
            monat="2023-05",
            beginn="2023-05",
        )
    )
    assert not has_pos(vor, "P1", "freibetrag_ausbildung")


def test_versicherungspauschale_on_other_income() -> None:
    """Single with 200 sonstiges Einkommen: 200 − 30 = 170 → A = 1,043 − 170 = 873."""
    r = berechnen_json(req([single(einkommen=[{"art": "sonstiges", "betrag": 200}])]))
    assert pers(r, "P1")["einkommen_anrechenbar"] == 170
    assert pers(r, "P1")["anspruch"] == 873


# --------------------------------------------------------------------------- Mehrbedarfe
@pytest.mark.parametrize(
    ("kinder", "erwartet"),
    [
        (["2020-09-01"], 202.68),  # one child of 3: 36 % × 563 = 202.68
        (["2008-09-01"], 67.56),  # one child of 15: 12 % × 563 = 67.56
        (["2013-09-01", "2015-09-01"], 202.68),  # 10 and 8: two under 16 → 36 %
        (["2007-01-01", "2009-01-01", "2010-01-01", "2011-01-01", "2012-01-01"], 337.80),  # 60 %
    ],
)
def test_mehrbedarf_alleinerziehende(kinder: list[str], erwartet: float) -> None:
    """§ 21 Abs. 3 examples of the spec (RBS 1 = 563)."""
    personen = [single()] + [
        person(f"K{i}", "kind", geb, eltern=["P1"]) for i, geb in enumerate(kinder)
    ]
    r = berechnen_json(req(personen, personen_im_haushalt=len(personen)))
    assert pos(r, "P1", "mehrbedarf_alleinerziehend") == erwartet
    assert pers(r, "P1")["mehrbedarf"] == erwartet


def test_no_alleinerziehende_mehrbedarf_for_a_couple() -> None:
    """Both parents present → no § 21 Abs. 3."""
    r = berechnen_json(
        req([single(), person("P2", "partner", "1991-01-01"), person("K1", "kind", "2020-09-01")])
    )
    assert not has_pos(r, "P1", "mehrbedarf_alleinerziehend")


def test_mehrbedarf_schwangerschaft() -> None:
    """13th week or later: 17 % × 563 = 95.71; 12th week: none."""
    r = berechnen_json(req([single(schwangerschaftswoche=20)]))
    assert pers(r, "P1")["mehrbedarf"] == 95.71
    r = berechnen_json(req([single(schwangerschaftswoche=12)]))
    assert pers(r, "P1")["mehrbedarf"] == 0


def test_mehrbedarf_behinderung() -> None:
    """§ 21 Abs. 4: 35 % × 563 = 197.05."""
    r = berechnen_json(req([single(mehrbedarfe=[{"art": "behinderung"}])]))
    assert pos(r, "P1", "mehrbedarf_behinderung") == 197.05


def test_mehrbedarf_merkzeichen_g_for_non_erwerbsfaehige_partner() -> None:
    """Partner not erwerbsfähig, Merkzeichen G (§ 23 Nr. 4): 17 % × 506 (RBS 2) = 86.02;
    she receives Sozialgeld.  For the erwerbsfähige antragsteller G gives nothing."""
    r = berechnen_json(
        req(
            [
                single(mehrbedarfe=[{"art": "merkzeichen_g"}]),
                person(
                    "P2",
                    "partner",
                    "1960-05-01",
                    erwerbsfaehig=False,
                    mehrbedarfe=[{"art": "merkzeichen_g"}],
                ),
            ]
        )
    )
    assert pos(r, "P2", "mehrbedarf_merkzeichen_g") == 86.02
    assert pers(r, "P2")["leistungsart"] == "sozialgeld"
    assert not has_pos(r, "P1", "mehrbedarf_merkzeichen_g")


def test_mehrbedarf_ernaehrung_unabweisbar_schulbuecher_actual_amounts() -> None:
    """Abs. 5, 6, 6a: the amounts given: 56.30 + 40 + 12.50 = 108.80."""
    r = berechnen_json(
        req(
            [
                single(
                    mehrbedarfe=[
                        {"art": "ernaehrung", "betrag": 56.30},
                        {"art": "unabweisbar", "betrag": 40},
                        {"art": "schulbuecher", "betrag": 12.50},
                    ]
                )
            ]
        )
    )
    assert pers(r, "P1")["mehrbedarf"] == 108.80


def test_mehrbedarf_warmwasser_dezentral() -> None:
    """§ 21 Abs. 7: single mother 2.3 % × 563 = 12.949 → 12.95; child of 3 (RBS 6)
    0.8 % × 357 = 2.856 → 2.86."""
    r = berechnen_json(req([single(), person("K1", "kind", "2020-09-01")], warmwasser="dezentral"))
    assert pos(r, "P1", "mehrbedarf_warmwasser") == 12.95
    assert pos(r, "K1", "mehrbedarf_warmwasser") == 2.86


def test_mehrbedarf_cap_abs_8() -> None:
    """Pregnant (95.71) + disabled (197.05) + Ernährung 300 = 592.76 > 563 → cut 29.76 to 563;
    Abs. 6 (40) is outside the cap → Mehrbedarf 603."""
    r = berechnen_json(
        req(
            [
                single(
                    schwangerschaftswoche=20,
                    mehrbedarfe=[
                        {"art": "behinderung"},
                        {"art": "ernaehrung", "betrag": 300},
                        {"art": "unabweisbar", "betrag": 40},
                    ],
                )
            ]
        )
    )
    assert pos(r, "P1", "mehrbedarf_kappung") == -29.76
    assert pers(r, "P1")["mehrbedarf"] == 603


# --------------------------------------------------------------------------- KdU
def test_kopfteil_remainder_on_last_share() -> None:
    """650 rent over 3 heads → 216.67 / 216.67 / 216.66 (remainder on the last head)."""
    r = berechnen_json(
        req(
            [single(), person("P2", "partner", "1991-01-01"), person("K1", "kind", "2020-09-01")],
            miete=650,
            heizung=0,
        )
    )
    assert [p["kdu"] for p in r["personen"]] == [216.67, 216.67, 216.66]


def test_kopfteil_counts_people_outside_the_bg() -> None:
    """Single in a flat of 3 (two unlisted flatmates): 650 / 3 → 216.67 for P1."""
    r = berechnen_json(req([single()], miete=650, heizung=0, personen_im_haushalt=3))
    assert pers(r, "P1")["kdu"] == 216.67


def test_kdu_actual_in_karenzzeit_even_above_the_limit() -> None:
    """Karenzzeit (month 3 of receipt): actual 600 recognised, BWZ stays 12."""
    r = berechnen_json(req([single()], miete=600, angemessenheitsgrenze_bruttokalt=450))
    assert pers(r, "P1")["kdu"] == 680 and r["bewilligungszeitraum_monate"] == 12


def test_kdu_after_karenzzeit_during_kostensenkungsfrist_then_limit() -> None:
    """Beginn 2023-01: Karenzzeit 2023-01..12; default Kostensenkungsfrist 6 months
    (2024-01..06).  2024-03: actual 600 (+80), BWZ 6 (unangemessen).
    2024-07: only the limit 450 (+80) = 530 → A = 563 + 530 = 1,093."""
    during = berechnen_json(
        req([single()], beginn="2023-01", miete=600, angemessenheitsgrenze_bruttokalt=450)
    )
    assert pers(during, "P1")["kdu"] == 680
    assert during["bewilligungszeitraum_monate"] == 6
    after = berechnen_json(
        req(
            [single()],
            monat="2024-07",
            beginn="2023-01",
            miete=600,
            angemessenheitsgrenze_bruttokalt=450,
        )
    )
    assert pers(after, "P1")["kdu"] == 530 and pers(after, "P1")["zahlbetrag"] == 1093
    assert after["bewilligungszeitraum_monate"] == 6


def test_kdu_explicit_kostensenkung_frist_ende() -> None:
    """Frist ended 2024-02 → in 2024-03 only the limit 450 (+80)."""
    r = berechnen_json(
        req(
            [single()],
            beginn="2023-01",
            miete=600,
            angemessenheitsgrenze_bruttokalt=450,
            kostensenkung_frist_ende="2024-02",
        )
    )
    assert pers(r, "P1")["kdu"] == 530


def test_kdu_within_limit_after_karenzzeit() -> None:
    """Rent 400 ≤ limit 450 → actual, BWZ 12."""
    r = berechnen_json(req([single()], beginn="2023-01", angemessenheitsgrenze_bruttokalt=450))
    assert pers(r, "P1")["kdu"] == 480 and r["bewilligungszeitraum_monate"] == 12


def test_heating_unangemessen() -> None:
    """Heating has no Karenzzeit.  Beginn 2024-01, default Frist 6 months (to 2024-06):
    2024-03 actual 150 paid, BWZ 6; 2024-08: heating no longer recognised (0) with a note."""
    r = berechnen_json(req([single()], heizung=150, heizkosten_angemessen=False))
    assert pers(r, "P1")["kdu"] == 550 and r["bewilligungszeitraum_monate"] == 6
    r = berechnen_json(req([single()], monat="2024-08", heizung=150, heizkosten_angemessen=False))
    assert pers(r, "P1")["kdu"] == 400
    assert any("Heizkosten unangemessen" in h for h in r["hinweise"])


def test_reform_2026_caps_rent_in_karenzzeit_at_1_5_times_limit() -> None:
    """From 2026-07 [vorläufig]: rent 800, limit 500 → cap r2(1.5 × 500) = 750 (+80 heating);
    BWZ 6; flagged vorläufig."""
    r = berechnen_json(
        req(
            [single()],
            monat="2026-08",
            beginn="2026-07",
            miete=800,
            angemessenheitsgrenze_bruttokalt=500,
        )
    )
    assert pers(r, "P1")["kdu"] == 830
    assert r["bewilligungszeitraum_monate"] == 6
    assert any("1,5" in h for h in r["hinweise"])
    assert any(h.startswith("Vorläufiger Rechtsstand") for h in r["hinweise"])
    # before the reform: actual 800 in the Karenzzeit
    r = berechnen_json(
        req(
            [single()],
            monat="2026-06",
            beginn="2026-01",
            miete=800,
            angemessenheitsgrenze_bruttokalt=500,
        )
    )
    assert pers(r, "P1")["kdu"] == 880


# --------------------------------------------------------------------------- children, Kindergeld
def kind_mit_unterhalt(unterhalt: float) -> dict[str, Any]:
    return person(
        "K1",
        "kind",
        "2013-09-01",
        eltern=["P1"],
        einkommen=[
            {"art": "kindergeld", "betrag": 250, "empfaenger": "P1"},
            {"art": "unterhalt", "betrag": unterhalt},
        ],
    )


def test_child_leaves_bg_when_kindergeld_and_unterhalt_cover_its_need() -> None:
    """Single mother, K1 age 10 (RBS 5: 390), rent 600 + 100 heating / 2 = 350 each.
    K1: Bedarf 740; Unterhalt 600 + Kindergeld 250 = 850 ≥ 740 → leaves the BG (§ 7 Abs. 3
    Nr. 4).  Kindergeld needed 140; Übertrag 110 to P1.
    P1: Bedarf 563 + 67.56 (AE, one child of 10: 12 %) + 350 = 980.56; income 110 − 30
    Pauschale = 80 → A = 900.56.  Sofortzuschlag 20 for K1: without Kindergeld (600 < 740)
    the child would be entitled (§ 72 Abs. 1 S. 2)."""
    r = berechnen_json(req([single(), kind_mit_unterhalt(600)], miete=600, heizung=100))
    k1, p1 = pers(r, "K1"), pers(r, "P1")
    assert k1["in_bg"] is False and k1["leistungsart"] == "keine"
    assert pos(r, "P1", "kindergeld_uebertrag") == 110
    assert p1["einkommen_anrechenbar"] == 80
    assert p1["bedarf"] == 980.56 and p1["anspruch"] == 900.56
    assert k1["kindersofortzuschlag"] == 20 and k1["zahlbetrag"] == 20
    assert r["summe"]["zahlbetrag"] == 920.56


def test_child_covered_by_unterhalt_alone_gets_no_sofortzuschlag() -> None:
    """Unterhalt 800 ≥ 740 alone → K1 out of the BG, whole Kindergeld 250 to P1
    (250 − 30 = 220) → A = 980.56 − 220 = 760.56; no Sofortzuschlag."""
    r = berechnen_json(req([single(), kind_mit_unterhalt(800)], miete=600, heizung=100))
    assert pers(r, "K1")["kindersofortzuschlag"] == 0
    assert pers(r, "P1")["anspruch"] == 760.56


def test_child_in_bg_kindergeld_used_vertically() -> None:
    """Unterhalt 200 + KG 250 = 450 < 740: K1 stays; U = 290; A_K1 = 290 (+20 SZ)."""
    r = berechnen_json(req([single(), kind_mit_unterhalt(200)], miete=600, heizung=100))
    k1 = pers(r, "K1")
    assert k1["in_bg"] is True and k1["einkommen_anrechenbar"] == 450
    assert k1["anspruch"] == 290 and k1["zahlbetrag"] == 310


@pytest.mark.parametrize(("monat", "betrag"), [("2024-12", 20), ("2025-01", 25)])
def test_kindersofortzuschlag_20_then_25(monat: str, betrag: float) -> None:
    """§ 72: 20 € until 2024-12, 25 € from 2025-01; not income-tested, paid on top."""
    r = berechnen_json(req([single(), person("K1", "kind", "2020-09-01")], monat=monat))
    assert pers(r, "K1")["kindersofortzuschlag"] == betrag
    assert pers(r, "K1")["zahlbetrag"] == pers(r, "K1")["anspruch"] + betrag


def test_rbs_for_children_and_young_adults() -> None:
    """Couple 2024 → RBS 2; child 20 → 3; child 16 → 4; child 10 → 5; child 2 → 6."""
    r = berechnen_json(
        req(
            [
                single(),
                person("P2", "partner", "1991-01-01"),
                person("K1", "kind", "2003-09-01"),
                person("K2", "kind", "2007-09-01"),
                person("K3", "kind", "2013-09-01"),
                person("K4", "kind", "2021-09-01"),
            ]
        )
    )
    assert [p["regelbedarfsstufe"] for p in r["personen"]] == [2, 2, 3, 4, 5, 6]
    assert [p["regelbedarf"] for p in r["personen"]] == [506, 506, 451, 471, 390, 357]


def test_person_above_regelaltersgrenze_is_left_out() -> None:
    """Partner born 1955 (limit 65 y 9 m → 2021): SGB XII; P1 keeps RBS 2."""
    r = berechnen_json(req([single(), person("P2", "partner", "1955-03-01")]))
    assert pers(r, "P2")["in_bg"] is False and pers(r, "P1")["regelbedarfsstufe"] == 2
    assert pers(r, "P1")["kdu"] == 240  # Kopfteil over both heads


# --------------------------------------------------------------------------- assets
@pytest.mark.parametrize(
    ("monat", "beginn", "vermoegen", "anspruch"),
    [
        ("2024-03", "2024-01", 40000, True),  # Karenz: 40,000 for the first person
        ("2024-03", "2024-01", 40000.01, False),
        ("2024-03", "2023-01", 15000, True),  # after Karenz: 15,000 per person
        ("2024-03", "2023-01", 15000.01, False),
        ("2026-08", "2026-07", 10000, True),  # 2026-07: age 36 → 10,000, no Karenz
        ("2026-08", "2026-07", 10000.01, False),
    ],
)
def test_assets_single(monat: str, beginn: str, vermoegen: float, anspruch: bool) -> None:
    r = berechnen_json(req([single(vermoegen=vermoegen)], monat=monat, beginn=beginn))
    assert r["anspruch"] is anspruch
    if not anspruch:
        assert r["summe"]["zahlbetrag"] == 0


def test_assets_karenz_family_and_age_based_2026() -> None:
    """Couple + child in the Karenzzeit: 40,000 + 2 × 15,000 = 70,000.
    2026-08: P1 36 → 10,000, P2 age 56 → 15,000, K1 age 5 → 5,000 = 30,000; no
    Sofortzuschlag when the assets are too high."""
    fam = [
        single(vermoegen=50000),
        person("P2", "partner", "1970-01-01", vermoegen=20000),
        person("K1", "kind", "2021-01-01"),
    ]
    assert berechnen_json(req(fam))["anspruch"] is True
    fam[1]["vermoegen"] = 20000.01
    assert berechnen_json(req(fam))["anspruch"] is False
    fam2 = [
        single(vermoegen=20000),
        person("P2", "partner", "1970-01-01", vermoegen=10000),
        person("K1", "kind", "2021-01-01"),
    ]
    assert berechnen_json(req(fam2, monat="2026-08", beginn="2026-07"))["anspruch"] is True
    fam2[0]["vermoegen"] = 20000.01
    r = berechnen_json(req(fam2, monat="2026-08", beginn="2026-07"))
    assert r["anspruch"] is False and r["summe"]["kindersofortzuschlag"] == 0


# --------------------------------------------------------------------------- time
@pytest.mark.parametrize(
    ("monat", "von", "bis", "zahlbetrag", "kdu_teil"),
    [
        ("2024-03", "2024-03-16", None, 521.50, 240),  # 16th → 15/30: 1043 × 15/30
        ("2024-03", "2024-03-31", None, 34.77, 16),  # 31st → 1/30: 34.7667; KdU 480/30
        ("2024-02", "2024-02-15", None, 556.27, 256),  # 15 Feb → 16/30: 556.2667
        ("2024-02", None, "2024-02-29", 1043, 480),  # to the month end: full month
        ("2024-02", None, "2024-02-14", 486.73, 224),  # 14/30: 486.7333
    ],
)
def test_partial_month(
    monat: str, von: str | None, bis: str | None, zahlbetrag: float, kdu_teil: float
) -> None:
    """§ 41 Abs. 1: a month counts 30 days; KdU prorated too."""
    r = req([single()], monat=monat)
    if von:
        r["anspruch_von"] = von
    if bis:
        r["anspruch_bis"] = bis
    p = pers(berechnen_json(r), "P1")
    assert p["zahlbetrag"] == zahlbetrag and p["davon_kdu"] == kdu_teil


def test_sofortzuschlag_full_in_partial_month() -> None:
    """Child's claim prorated 15/30, Sofortzuschlag 20 in full (SG Augsburg [U])."""
    r = req([single(), person("K1", "kind", "2020-09-01")])
    r["anspruch_von"] = "2024-03-16"
    k1 = pers(berechnen_json(r), "K1")
    # K1: 357 + 240 = 597 → 298.50, plus 20
    assert k1["anspruch"] == 298.50 and k1["zahlbetrag"] == 318.50


def test_leistungsname_switches_on_2026_07_01() -> None:
    jun = berechnen_json(req([single()], monat="2026-06", beginn="2026-01"))
    jul = berechnen_json(req([single()], monat="2026-07", beginn="2026-01"))
    assert jun["leistungsname"] == "Bürgergeld"
    assert pers(jun, "P1")["leistungsart"] == "buergergeld"
    assert jul["leistungsname"] == "Grundsicherungsgeld"
    assert pers(jul, "P1")["leistungsart"] == "grundsicherungsgeld"


# --------------------------------------------------------------------------- Minderung
def test_minderung_10_percent() -> None:
    """10 % × 563 = 56.30 → 1,043 − 56.30 = 986.70."""
    r = berechnen_json(req([single(leistungsminderung={"prozent": 10})]))
    assert pers(r, "P1")["minderung"] == 56.30 and pers(r, "P1")["zahlbetrag"] == 986.70


def test_minderung_capped_at_30_percent() -> None:
    """60 % requested → 30 % × 563 = 168.90; 100 % in 2023 also 30 %."""
    r = berechnen_json(req([single(leistungsminderung={"prozent": 60})]))
    assert pers(r, "P1")["minderung"] == 168.90
    r = berechnen_json(
        req([single(leistungsminderung={"prozent": 100})], monat="2023-06", beginn="2023-01")
    )
    assert pers(r, "P1")["minderung"] == 150.60  # 30 % × 502


def test_minderung_never_touches_kdu() -> None:
    """Income 530 − 30 = 500 covers 500 of the RB 563 → RB part 63, KdU part 480.
    A 30 % Minderung (168.90) is limited to 63; 480 KdU still paid."""
    r = berechnen_json(
        req(
            [
                single(
                    einkommen=[{"art": "sonstiges", "betrag": 530}],
                    leistungsminderung={"prozent": 30},
                )
            ]
        )
    )
    p = pers(r, "P1")
    assert p["davon_regel_und_mehrbedarf"] == 63 and p["minderung"] == 63
    assert p["zahlbetrag"] == 480


@pytest.mark.parametrize(
    ("monat", "beginn", "minderung"),
    [
        ("2026-08", "2026-07", 563),  # 2026-07 regime [U]: Regelbedarf withdrawn, KdU paid
        ("2024-05", "2024-01", 563),  # § 31a Abs. 7 (2024-03-28 … 2026-03-27)
        ("2026-05", "2026-01", 168.90),  # repealed → 30 %
    ],
)
def test_minderung_full_withdrawal_regimes(monat: str, beginn: str, minderung: float) -> None:
    r = berechnen_json(
        req([single(leistungsminderung={"prozent": 100})], monat=monat, beginn=beginn)
    )
    p = pers(r, "P1")
    assert p["minderung"] == minderung
    assert p["zahlbetrag"] == 1043 - minderung


def test_minderung_only_for_the_person_concerned() -> None:
    r = berechnen_json(
        req([single(leistungsminderung={"prozent": 10}), person("P2", "partner", "1991-01-01")])
    )
    assert pers(r, "P1")["minderung"] == 50.60 and pers(r, "P2")["minderung"] == 0


# --------------------------------------------------------------------------- hints, validation
def test_hinweise_name_karenzzeit_end_and_vorrang() -> None:
    r = berechnen_json(
        req([single(einkommen=[{"art": "erwerbseinkommen", "brutto": 500, "netto": 500}])])
    )
    text = " ".join(r["hinweise"])
    assert "bis einschließlich 2024-12" in text and "Vorrangprüfung" in text


def test_invalid_request_names_field_and_reason_in_german() -> None:
    bad = req([single(), person("K1", "kind", "2020-13-01")])
    with pytest.raises(Eingabefehler) as exc:
        berechnen_json(bad)
    assert "personen[1].geburtsdatum: kein gültiges Datum (erwartet JJJJ-MM-TT)" in str(exc.value)


@pytest.mark.parametrize(
    ("mutate", "meldung"),
    [
        (lambda r: r.pop("monat"), "monat: Pflichtangabe fehlt"),
        (lambda r: r.update(monat="2022-12"), "monat: Berechnung erst ab 2023-01 möglich"),
        (lambda r: r["personen"][0].update(rolle="chef"), "personen[0].rolle: unbekannte Rolle"),
        (
            lambda r: r["unterkunft"].update(bruttokaltmiete=-1),
            "unterkunft.bruttokaltmiete: darf nicht negativ sein",
        ),
        (
            lambda r: r["unterkunft"].update(heizkosten=1.234),
            "unterkunft.heizkosten: höchstens zwei Nachkommastellen",
        ),
        (
            lambda r: r.update(leistungsbeginn="2024-05"),
            "leistungsbeginn: darf nicht nach dem berechneten Monat liegen",
        ),
        (lambda r: r["personen"][0].update(foo=1), "personen[0].foo: unbekanntes Feld"),
        (
            lambda r: r["personen"][0].update(einkommen=[{"art": "minijob", "brutto": 100}]),
            "personen[0].einkommen[0].netto: Pflichtangabe fehlt",
        ),
        (lambda r: r.update(anspruch_von="2024-04-01"), "anspruch_von: muss im berechneten Monat"),
    ],
)
def test_validation_messages(mutate: Any, meldung: str) -> None:
    r = req([single()])
    mutate(r)
    with pytest.raises(Eingabefehler) as exc:
        berechnen_json(r)
    assert meldung in str(exc.value)


def test_karenzzeit_starts_2023_01_for_running_cases() -> None:
    """Receipt since 2021-01: the Karenzzeit runs 2023-01..12, so in 2023-06 the actual rent
    600 (+80) is recognised although the limit is 450 (RB 2023: 502 → 1,182)."""
    r = berechnen_json(
        req(
            [single()],
            monat="2023-06",
            beginn="2021-01",
            miete=600,
            angemessenheitsgrenze_bruttokalt=450,
        )
    )
    assert pers(r, "P1")["zahlbetrag"] == 1182


def test_no_karenzzeit_when_costs_were_already_lowered_before_2023() -> None:
    """§ 65 Abs. 3: receipt since 2021-01 and the Kostensenkungsfrist ended 2022-01 → no
    Karenzzeit in 2023; only the limit 450 (+80): 502 + 530 = 1,032."""
    r = berechnen_json(
        req(
            [single()],
            monat="2023-06",
            beginn="2021-01",
            miete=600,
            angemessenheitsgrenze_bruttokalt=450,
            kostensenkung_frist_ende="2022-01",
        )
    )
    assert pers(r, "P1")["zahlbetrag"] == 1032
