"""The cheaper forms of the scalar path (issue 18) give what the plain forms gave.

Each helper made cheaper is compared with the expression it replaced, written out here:
the lines built by ``tuple.__new__`` (``neue_position``), ``r2`` with the rounding mode by
position, the German money format with ``Decimal`` bounds, the month text from the ISO
form, the Freibetrag band texts and the notes on the provisional legal state built once,
the parser's field paths put together only for a message, and its Person built by
position.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import fields
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import sgb2
from sgb2.engine.basis import CENT, eur, monat_text, prozent_text, r2
from sgb2.engine.einkommen import band_text, erwerbstaetigenfreibetrag
from sgb2.engine.ergebnis import vorlaeufig_hinweise
from sgb2.model import (
    Einkommen,
    InternerHinweis,
    Leistungsminderung,
    Mehrbedarf,
    Person,
    Position,
    neue_position,
)
from sgb2.params import parameters_for

BETRAEGE = st.decimals(
    min_value=Decimal("-100000"), max_value=Decimal("100000"), allow_nan=False, places=None
)


def eur_vorher(x: Decimal) -> str:
    """``basis.eur`` as it was (integer bounds)."""
    if -1000 < x < 1000:
        return f"{x:.2f}".replace(".", ",") + " €"
    s = f"{x:,.2f}"
    return s.replace(",", "X").replace(".", ",").replace("X", ".") + " €"


@given(
    st.none() | st.text(max_size=5),
    st.text(max_size=10),
    BETRAEGE,
    st.text(max_size=10),
    st.text(max_size=20),
)
def test_neue_position_ist_position(
    person: str | None, art: str, betrag: Decimal, rg: str, text: str
) -> None:
    neu = neue_position((person, art, betrag, rg, text))
    alt = Position(person, art, betrag, rg, text)
    assert type(neu) is Position
    assert neu == alt and repr(neu) == repr(alt)
    assert neu.betrag is betrag and neu._asdict() == alt._asdict()


@given(BETRAEGE)
def test_r2_wie_quantize_mit_schluesselwort(x: Decimal) -> None:
    assert repr(r2(x)) == repr(x.quantize(CENT, rounding=ROUND_HALF_UP))


@pytest.mark.parametrize(
    "x", ["999.996", "999.994", "-999.996", "1000", "-1000", "0", "-0.00", "1234567.891", "12.5"]
)
def test_eur_an_den_grenzen(x: str) -> None:
    assert eur(Decimal(x)) == eur_vorher(Decimal(x))


@given(BETRAEGE)
def test_eur_wie_vorher(x: Decimal) -> None:
    assert eur(x) == eur_vorher(x)


@given(st.dates())
def test_monat_text_wie_vorher(d: dt.date) -> None:
    assert monat_text(d) == f"{d.year:04d}-{d.month:02d}"


def _monate() -> list[dt.date]:
    return [dt.date(j, m, 1) for j in range(2023, 2028) for m in range(1, 13)]


@pytest.mark.parametrize("monat", _monate(), ids=lambda d: f"{d:%Y-%m}")
def test_bandtexte_und_vorlaeufige_hinweise_wie_vorher(monat: dt.date) -> None:
    p = parameters_for(monat)
    for mit_kind in (False, True):
        for ausbildung in (False, True):
            for art, _betrag, von, bis, satz in erwerbstaetigenfreibetrag(
                Decimal(5000), p, mit_kind=mit_kind, ausbildung_u25=ausbildung
            ):
                if art == "erwerbstaetigenfreibetrag":
                    assert band_text(satz, von, bis or Decimal(0)) == (
                        f"Erwerbstätigenfreibetrag {prozent_text(satz)} des Bruttos von "
                        f"{eur_vorher(von)} bis {eur_vorher(bis or Decimal(0))}"
                    )
    notes = vorlaeufig_hinweise(p)
    assert [(type(h), str(h), h.en) for h in notes] == [
        (InternerHinweis, f"Vorläufiger Rechtsstand: {de}.", f"Provisional legal state: {en}.")
        for de, en in zip(p.vorlaeufig, p.vorlaeufig_en, strict=True)
    ]


def _anfrage(**person: Any) -> dict[str, Any]:
    return {
        "monat": "2026-03",
        "leistungsbeginn": "2026-01",
        "personen": [
            {"id": "A", "rolle": "antragsteller", "geburtsdatum": "1980-01-01"},
            {"id": "K", "rolle": "kind", "geburtsdatum": "2015-05-05", **person},
        ],
    }


@pytest.mark.parametrize(
    ("feld", "wert", "pfad", "grund"),
    [
        ("id", " ", "personen[1].id", "muss ein nicht leerer Text sein"),
        ("rolle", "chef", "personen[1].rolle", "unbekannte Rolle „chef“"),
        ("geburtsdatum", "2015-02-30", "personen[1].geburtsdatum", "kein gültiges Datum"),
        ("erwerbsfaehig", "ja", "personen[1].erwerbsfaehig", "muss true oder false sein"),
        ("schwangerschaftswoche", 46, "personen[1].schwangerschaftswoche", "zwischen 1 und 45"),
        ("vermoegen", -1, "personen[1].vermoegen", "darf nicht negativ sein"),
        ("in_ausbildung", 1, "personen[1].in_ausbildung", "muss true oder false sein"),
        ("schueler", "x", "personen[1].schueler", "muss true oder false sein"),
        (
            "einkommen",
            [{"art": "lotto"}],
            "personen[1].einkommen[0].art",
            "unbekannte Art „lotto“",
        ),
        (
            "einkommen",
            [{"art": "minijob", "brutto": 1.001, "netto": 1}],
            "personen[1].einkommen[0].brutto",
            "höchstens zwei Nachkommastellen",
        ),
        (
            "einkommen",
            [{"art": "unterhalt", "betrag": "viel"}],
            "personen[1].einkommen[0].betrag",
            "muss eine Zahl sein",
        ),
        (
            "einkommen",
            [{"art": "kindergeld", "empfaenger": ""}],
            "personen[1].einkommen[0].empfaenger",
            "muss ein nicht leerer Text sein",
        ),
    ],
)
def test_feldpfad_in_der_meldung(feld: str, wert: Any, pfad: str, grund: str) -> None:
    with pytest.raises(sgb2.Eingabefehler) as info:
        sgb2.parse_request(_anfrage(**{feld: wert}))
    assert [p for p, _ in info.value.fehler] == [pfad]
    assert grund in info.value.fehler[0][1]


def _kind(**felder: Any) -> Any:
    return sgb2.parse_request(_anfrage(**felder)).personen[1]


@pytest.mark.parametrize(
    "feld",
    [
        "in_ausbildung",
        "minderjaehriges_kind_ausserhalb",
        "dauerhaft_voll_erwerbsgemindert",
        "umzug_ohne_zusicherung",
        "schueler",
    ],
)
def test_person_jeder_wahrheitswert_im_eigenen_feld(feld: str) -> None:
    """The parser builds Person by position: each flag given arrives in its own field."""
    person = _kind(**{feld: True})
    gesetzt = [f.name for f in fields(person) if getattr(person, f.name) is True]
    assert gesetzt == [feld]


def test_person_alle_felder_an_ihrem_platz() -> None:
    person = _kind(
        id="K7",
        eltern=["A"],
        erwerbsfaehig=False,
        schwangerschaftswoche=14,
        mehrbedarfe=[{"art": "ernaehrung", "betrag": 40}],
        einkommen=[{"art": "unterhalt", "betrag": 100}],
        vermoegen=250,
        leistungsminderung={"prozent": 10},
        anwesend_ab="2026-03-05",
        anwesend_bis="2026-03-20",
    )
    erwartet = Person(
        id="K7",
        rolle="kind",
        geburtsdatum=dt.date(2015, 5, 5),
        eltern=("A",),
        erwerbsfaehig=False,
        schwangerschaftswoche=14,
        mehrbedarfe=(Mehrbedarf(art="ernaehrung", betrag=Decimal("40.00")),),
        einkommen=(Einkommen(art="unterhalt", betrag=Decimal("100.00")),),
        vermoegen=Decimal("250.00"),
        leistungsminderung=Leistungsminderung(prozent=Decimal(10)),
        anwesend_ab=dt.date(2026, 3, 5),
        anwesend_bis=dt.date(2026, 3, 20),
    )
    assert person == erwartet
    assert repr(person) == repr(erwartet)
