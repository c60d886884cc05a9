"""The persönlicher Schulbedarf (§ 28 Abs. 3 SGB II with § 34 Abs. 3, 3a SGB XII): hand-computed
cases, the order of cover (§ 19 Abs. 3 S. 3), the scalar/batch routing and the explanation.

Unless stated otherwise: a single pupil of 19 (RBS 1 = 563 €), Bruttokaltmiete 400 €,
Heizung 80 € (KdU 480 €), Leistungsbeginn 2026-01, so the need is 563 + 480 = 1,043 €.
Schulbedarf 2026: 130 € in August (first school half-year), 65 € in February (second).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

import sgb2
from sgb2 import berechnen_json, parameters_for
from sgb2.batch import berechnen_batch, columns_from_requests
from sgb2.explain import berechnungsbogen, render_html


def person(pid: str, rolle: str, geb: str, **extra: Any) -> dict[str, Any]:
    return {"id": pid, "rolle": rolle, "geburtsdatum": geb, **extra}


def req(personen: list[dict[str, Any]], monat: str = "2026-08") -> dict[str, Any]:
    return {
        "monat": monat,
        "leistungsbeginn": "2026-01",
        "personen": personen,
        "unterkunft": {"bruttokaltmiete": 400, "heizkosten": 80, "warmwasser": "zentral"},
    }


def pupil(**extra: Any) -> dict[str, Any]:
    return person("P1", "antragsteller", "2007-01-15", **{"schueler": True, **extra})


def pers(result: dict[str, Any], pid: str) -> dict[str, Any]:
    return next(p for p in result["personen"] if p["id"] == pid)


def lines(result: dict[str, Any], pid: str, art: str) -> list[dict[str, Any]]:
    return [p for p in result["positionen"] if p["person"] == pid and p["art"] == art]


# --------------------------------------------------------------------------- parameters
@pytest.mark.parametrize(
    ("monat", "erstes", "zweites"),
    [
        ("2023-08", 116, 58),  # Bürgergeld-Gesetz, Anlage zu § 34 SGB XII
        ("2024-08", 130, 65),  # RBSFV 2024: 116 × 1.1215 = 130.09 → 130
        ("2025-08", 130, 65),  # Nullrunde
        ("2026-08", 130, 65),  # Nullrunde (secondary source)
        ("2027-02", 130, 65),  # no newer Anlage: the 2026 amounts continue
    ],
)
def test_amounts_per_year(monat: str, erstes: int, zweites: int) -> None:
    p = parameters_for(dt.date(int(monat[:4]), int(monat[5:]), 1))
    assert (p.schulbedarf_erstes, p.schulbedarf_zweites) == (Decimal(erstes), Decimal(zweites))
    assert (p.schulbedarf_monat_erstes, p.schulbedarf_monat_zweites) == (8, 2)
    assert any(k.startswith("schulbedarf@") for k in p.rechtsstand)


# --------------------------------------------------------------------------- the months
def test_august_adds_130_to_the_payment() -> None:
    """August 2026: 563 + 480 = 1,043 (§ 19 Abs. 1) + 130 Schulbedarf = 1,173."""
    r = berechnen_json(req([pupil()]))
    p = pers(r, "P1")
    assert p["anspruch"] == 1043 and p["bedarf"] == 1043
    assert p["schulbedarf"] == 130 and p["zahlbetrag"] == 1173
    assert r["summe"]["schulbedarf"] == 130 and r["summe"]["zahlbetrag"] == 1173
    (line,) = lines(r, "P1", "schulbedarf")
    assert line["betrag"] == 130
    assert line["rechtsgrundlage"] == "§ 19 Abs. 2, § 28 Abs. 3 SGB II"
    assert line["text"] == "Schulbedarf (§ 28 Abs. 3 SGB II) für das erste Schulhalbjahr"
    # fully paid: no need/cover lines
    assert not lines(r, "P1", "schulbedarf_bedarf") and not lines(r, "P1", "schulbedarf_gedeckt")


def test_february_adds_65() -> None:
    """February 2027: 563 + 480 + 65 (second school half-year) = 1,108."""
    r = berechnen_json(req([pupil()], monat="2027-02"))
    p = pers(r, "P1")
    assert p["schulbedarf"] == 65 and p["zahlbetrag"] == 1108
    assert lines(r, "P1", "schulbedarf")[0]["text"].endswith("zweite Schulhalbjahr")


@pytest.mark.parametrize("monat", ["2026-07", "2026-09", "2027-01", "2027-03"])
def test_other_months_have_no_schulbedarf(monat: str) -> None:
    mit = berechnen_json(req([pupil()], monat=monat))
    ohne = berechnen_json(req([person("P1", "antragsteller", "2007-01-15")], monat=monat))
    assert pers(mit, "P1")["schulbedarf"] == 0
    assert mit["summe"] == ohne["summe"] and mit["positionen"] == ohne["positionen"]


def test_not_a_pupil_gets_none() -> None:
    r = berechnen_json(req([person("P1", "antragsteller", "2007-01-15")]))
    assert pers(r, "P1")["schulbedarf"] == 0 and pers(r, "P1")["zahlbetrag"] == 1043


def test_schulbedarf_is_not_prorated_in_a_partial_month() -> None:
    """Entitlement from 16 August: 15/30 of 1,043 = 521.50; the Schulbedarf is due for the
    month and paid in full: 521.50 + 130 = 651.50."""
    r = berechnen_json({**req([pupil()]), "anspruch_von": "2026-08-16"})
    assert pers(r, "P1")["anspruch"] == 521.5 and pers(r, "P1")["zahlbetrag"] == 651.5


# --------------------------------------------------------------------------- who
def test_child_of_25_gets_none() -> None:
    """§ 28 Abs. 1 S. 2: only before the 25th birthday. A child of 25 (born 1.6.2001, 25 on
    1 August 2026) is not in the parents' BG and gets no Schulbedarf; a staff note says why."""
    r = berechnen_json(
        req([person("P1", "antragsteller", "1975-03-03"),
             person("K1", "kind", "2001-06-01", schueler=True, eltern=["P1"])])
    )
    assert pers(r, "K1")["schulbedarf"] == 0 and r["summe"]["schulbedarf"] == 0
    assert any("K1 besucht eine Schule, ist aber 25 Jahre oder älter" in h
               for h in r["hinweise_intern"])


def test_child_of_24_gets_it() -> None:
    """Born 1.6.2002: 24 on 1 August 2026, RBS 3 = 451 — and the Schulbedarf of 130."""
    r = berechnen_json(
        req([person("P1", "antragsteller", "1975-03-03"),
             person("K1", "kind", "2002-06-01", schueler=True, eltern=["P1"])])
    )
    k = pers(r, "K1")
    assert k["regelbedarfsstufe"] == 3 and k["schulbedarf"] == 130
    assert k["zahlbetrag"] == k["anspruch"] + k["kindersofortzuschlag"] + 130


def test_trainee_with_ausbildungsverguetung_gets_none() -> None:
    """§ 28 Abs. 1 S. 2: no Schulbedarf with an Ausbildungsvergütung (Berufsschule in a
    dual training)."""
    r = berechnen_json(req([pupil(einkommen=[
        {"art": "ausbildungsverguetung", "brutto": 800, "netto": 650}])]))
    assert pers(r, "P1")["schulbedarf"] == 0 and not lines(r, "P1", "schulbedarf")
    assert any("P1 erhält eine Ausbildungsvergütung: kein Schulbedarf" in h
               for h in r["hinweise_intern"])


def test_assets_above_the_allowance_cover_it_too() -> None:
    r = berechnen_json(req([pupil(vermoegen=100000)]))
    assert r["summe"]["zahlbetrag"] == 0 and r["summe"]["schulbedarf"] == 0
    assert r["anspruch"] is False


# --------------------------------------------------------------------------- § 19 Abs. 3
def test_income_covering_everything_but_the_schulbedarf_leaves_part_of_it() -> None:
    """Other income 1,130 less the Versicherungspauschale 30 = 1,100 countable; need 1,043:
    no Bürgergeld (§ 19 Abs. 1), the 57 left over covers the Schulbedarf last (§ 19 Abs. 3
    S. 3): 130 − 57 = 73 is still paid (§ 19 Abs. 2)."""
    r = berechnen_json(req([pupil(einkommen=[{"art": "sonstiges", "betrag": 1130}])]))
    p = pers(r, "P1")
    assert p["anspruch"] == 0 and p["schulbedarf"] == 73 and p["zahlbetrag"] == 73
    assert r["anspruch"] is True and r["summe"]["zahlbetrag"] == 73
    assert lines(r, "P1", "schulbedarf_bedarf")[0]["betrag"] == 130
    (gedeckt,) = lines(r, "P1", "schulbedarf_gedeckt")
    assert gedeckt["betrag"] == -57 and gedeckt["rechtsgrundlage"] == "§ 19 Abs. 3 S. 3 SGB II"
    assert "P1: Schulbedarf 73,00 € statt 130,00 €, weil Einkommen nach Deckung aller " \
        "übrigen Bedarfe verbleibt (§ 19 Abs. 3 S. 3 SGB II)." in r["hinweise"]


def test_income_covering_the_schulbedarf_too_leaves_nothing() -> None:
    """1,300 − 30 = 1,270 countable; 1,270 − 1,043 = 227 ≥ 130: nothing is paid."""
    r = berechnen_json(req([pupil(einkommen=[{"art": "sonstiges", "betrag": 1300}])]))
    p = pers(r, "P1")
    assert p["schulbedarf"] == 0 and p["zahlbetrag"] == 0 and r["anspruch"] is False
    assert lines(r, "P1", "schulbedarf")[0]["betrag"] == 0


def test_income_is_set_against_the_other_needs_first() -> None:
    """Countable income 1,000 < need 1,043: it covers the Regel- and KdU needs only
    (§ 19 Abs. 3 S. 2); Bürgergeld 43, the Schulbedarf in full: 43 + 130 = 173."""
    r = berechnen_json(req([pupil(einkommen=[{"art": "sonstiges", "betrag": 1030}])]))
    p = pers(r, "P1")
    assert p["anspruch"] == 43 and p["schulbedarf"] == 130 and p["zahlbetrag"] == 173


def test_child_outside_the_bg_by_own_income_keeps_the_rest_of_its_schulbedarf() -> None:
    """A child of 16 (RBS 4 = 471, Kopfteil 240: need 711) with maintenance of 761 covers its
    own need (§ 7 Abs. 3 Nr. 4) with 50 left over; that covers part of its Schulbedarf:
    130 − 50 = 80 is paid, and the child belongs to the BG for it."""
    r = berechnen_json(
        req([person("P1", "antragsteller", "1980-03-03"),
             person("K1", "kind", "2010-02-02", schueler=True, eltern=["P1"],
                    einkommen=[{"art": "unterhalt", "betrag": 761}])])
    )
    k = pers(r, "K1")
    assert k["bedarf"] == 711 and k["anspruch"] == 0
    assert k["schulbedarf"] == 80 and k["in_bg"] is True
    assert k["zahlbetrag"] == 80 + k["kindersofortzuschlag"]


def test_two_pupils_share_the_cover_by_need() -> None:
    """Two pupils (130 each) of a parent whose countable income exceeds the household's
    other needs by 60: 260 − 60 = 200 is paid, shared by need: 100 each."""

    def family(einkommen: float, schueler: bool) -> dict[str, Any]:
        return req([
            person("P1", "antragsteller", "1980-03-03",
                   einkommen=[{"art": "sonstiges", "betrag": einkommen}]),
            person("K1", "kind", "2012-02-02", schueler=schueler, eltern=["P1"]),
            person("K2", "kind", "2014-04-04", schueler=schueler, eltern=["P1"]),
        ])

    ohne = berechnen_json(family(30, False))  # 30 − Versicherungspauschale 30 = 0 countable
    u = Decimal(str(next(p["betrag"] for p in ohne["positionen"]
                         if p["art"] == "ungedeckter_bedarf")))
    r = berechnen_json(family(float(u + 60 + 30), True))
    assert r["summe"]["anspruch"] == 0
    assert pers(r, "K1")["schulbedarf"] == 100 and pers(r, "K2")["schulbedarf"] == 100
    assert r["summe"]["schulbedarf"] == 200


# --------------------------------------------------------------------------- input
def test_schueler_must_be_a_boolean() -> None:
    with pytest.raises(sgb2.Eingabefehler) as exc:
        sgb2.parse_request(req([pupil(schueler="ja")]))
    assert "personen[0].schueler: muss true oder false sein" in str(exc.value)


def test_requests_without_the_field_are_unchanged() -> None:
    alt = req([person("P1", "antragsteller", "2007-01-15")])
    assert sgb2.parse_request(alt).personen[0].schueler is False


# --------------------------------------------------------------------------- batch
def test_batch_hands_august_pupils_to_the_scalar_path() -> None:
    rs = [req([pupil()]), req([person("P1", "antragsteller", "2007-01-15")])]
    cols = columns_from_requests(rs, "2026-08")
    assert set(cols.braucht_skalar) == {0}
    assert "§ 28 Abs. 3" in cols.braucht_skalar[0]


def test_batch_equals_scalar_for_pupils_outside_august_and_february() -> None:
    rs = [req([pupil()], monat="2026-09"),
          req([person("P1", "antragsteller", "1980-03-03"),
               person("K1", "kind", "2012-02-02", schueler=True, eltern=["P1"])],
              monat="2026-09")]
    cols = columns_from_requests(rs, "2026-09")
    assert not cols.braucht_skalar
    res = berechnen_batch(cols)
    for i, r in enumerate(rs):
        skalar = berechnen_json(r)
        assert Decimal(int(res.summe_zahlbetrag[i])) / 100 == Decimal(
            str(skalar["summe"]["zahlbetrag"]))


# --------------------------------------------------------------------------- explanation
def test_berechnungsbogen_shows_the_line_with_its_norm_and_a_column() -> None:
    r = berechnen_json(req([pupil(einkommen=[{"art": "sonstiges", "betrag": 1130}])]))
    for lang, titel, spalte in (("de", "Bildung und Teilhabe: Schulbedarf", "Schulbedarf"),
                                ("en", "Education and participation: school supplies",
                                 "School supplies")):
        bogen = berechnungsbogen(r, lang=lang)  # type: ignore[arg-type]
        (abschnitt,) = [a for a in bogen.abschnitte if a.person == "P1"]
        (gruppe,) = [g for g in abschnitt.gruppen if g.schluessel == "bildung"]
        assert gruppe.titel == titel
        assert [z.art for z in gruppe.zeilen] == [
            "schulbedarf_bedarf", "schulbedarf_gedeckt", "schulbedarf"]
        assert spalte in bogen.uebersicht_spalten
        assert bogen.summe[bogen.uebersicht_spalten.index(spalte)] == Decimal("73")
    html = render_html(r, "de")
    assert "§ 19 Abs. 2, § 28 Abs. 3 SGB II" in html and "73,00 €" in html


def test_a_month_without_schulbedarf_keeps_the_overview_columns() -> None:
    r = berechnen_json(req([pupil()], monat="2026-09"))
    assert "Schulbedarf" not in berechnungsbogen(r, lang="de").uebersicht_spalten
    # a stored result from before the field existed still renders
    alt = {**r, "summe": {k: v for k, v in r["summe"].items() if k != "schulbedarf"},
           "personen": [{k: v for k, v in p.items() if k != "schulbedarf"}
                        for p in r["personen"]]}
    assert berechnungsbogen(alt, lang="de").summe == berechnungsbogen(r, lang="de").summe
