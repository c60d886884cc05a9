"""The vectorised batch path equals the scalar engine to the cent (issue 3, item 4).

* a Hypothesis property test over random households (the full contract: Mehrbedarfe,
  pregnancy, dezentrale Warmwasser, other income, Kindergeldübertrag, children leaving the
  BG, assets, Angemessenheitsgrenzen and Kostensenkungsfristen, partial months,
  Minderungen, persons outside the BG, months 2023-01 … 2026-12);
* a seeded sweep over 10,000 generated households (``sgb2.batch_beispiele``), grouped by
  month, each month in one batch call;
* chunking does not change results; the "needs scalar" fallback is reported.

Compared per person: in_bg, regelbedarfsstufe and every amount of the result contract;
per BG: the ``summe`` block, ``anspruch`` and ``bewilligungszeitraum_monate``.
"""

from __future__ import annotations

import collections
import datetime as dt
from dataclasses import fields
from decimal import Decimal
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import sgb2
from sgb2.batch import (
    BatchErgebnis,
    Columns,
    NichtImBatch,
    berechnen_batch,
    columns_from_requests,
)
from sgb2.batch_beispiele import erzeuge

PERSON_FELDER = (
    "regelbedarf",
    "mehrbedarf",
    "kdu",
    "bedarf",
    "einkommen_anrechenbar",
    "anspruch",
    "davon_regel_und_mehrbedarf",
    "davon_kdu",
    "kindersofortzuschlag",
    "minderung",
    "zahlbetrag",
)
SUMME_FELDER = (
    "bedarf",
    "einkommen_anrechenbar",
    "anspruch",
    "kindersofortzuschlag",
    "minderung",
    "zahlbetrag",
)


#: reasons for which the batch path reports a household for the scalar path
SKALAR_REGELN = (
    "§ 9 Abs. 3", "18. Geburtstage", "Geburt im", "Ein- oder Auszug", "SGB XII: nicht abgebildet",
    "§ 28 Abs. 3",
)


def _cent(x: Any) -> int:
    d = Decimal(str(x)) * 100
    assert d == d.to_integral_value(), x
    return int(d)


def vergleiche(requests: list[dict[str, Any]], cols: Columns, res: BatchErgebnis) -> list[str]:
    fehler: list[str] = []
    for b, ri in enumerate(cols.request_index):
        sc = sgb2.berechnen_json(requests[int(ri)])
        st0 = int(cols.bg_start[b])
        for j, pp in enumerate(sc["personen"]):
            k = st0 + j
            if pp["in_bg"] != bool(res.in_bg[k]):
                fehler.append(f"BG {ri} {pp['id']}: in_bg")
            if (pp["regelbedarfsstufe"] or 0) != int(res.regelbedarfsstufe[k]):
                fehler.append(f"BG {ri} {pp['id']}: regelbedarfsstufe")
            for f in PERSON_FELDER:
                if _cent(pp[f]) != int(getattr(res, f)[k]):
                    fehler.append(
                        f"BG {ri} {pp['id']}: {f} skalar {pp[f]} batch {getattr(res, f)[k]}"
                    )
        for f in SUMME_FELDER:
            if _cent(sc["summe"][f]) != int(getattr(res, "summe_" + f)[b]):
                fehler.append(f"BG {ri}: summe.{f}")
        if sc["anspruch"] != bool(res.anspruch_bg[b]):
            fehler.append(f"BG {ri}: anspruch")
        if sc["bewilligungszeitraum_monate"] != int(res.bewilligungszeitraum_monate[b]):
            fehler.append(f"BG {ri}: bewilligungszeitraum_monate")
    return fehler


def _nach_monat(requests: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    by: dict[str, list[dict[str, Any]]] = collections.defaultdict(list)
    for r in requests:
        by[r["monat"]].append(r)
    return by


# --------------------------------------------------------------------------- Hypothesis

MONATE = [f"{y}-{m:02d}" for y in (2023, 2024, 2025, 2026) for m in range(1, 13)]
betrag = st.decimals(min_value=0, max_value=3000, places=2).map(float)


@st.composite
def haushalt(draw: st.DrawFn) -> dict[str, Any]:
    monat = draw(st.sampled_from(MONATE))
    y, m = int(monat[:4]), int(monat[5:])
    mdate = dt.date(y, m, 1)

    def geb(alter: int) -> str:
        tag = draw(st.integers(1, 28))
        mon = draw(st.integers(1, 12))
        g = dt.date(y - alter - (1 if (mon, tag) >= (m, 1) else 0), mon, tag)
        return g.isoformat()

    def einkommen(kind: bool) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for art in draw(
            st.lists(
                st.sampled_from(
                    [
                        "erwerbseinkommen",
                        "minijob",
                        "unterhalt",
                        "unterhaltsvorschuss",
                        "sonstiges",
                        "ausbildungsverguetung",
                        "altersrente",
                        "waisenrente",
                        "arbeitslosengeld",
                        "elterngeld",
                        "bafoeg",
                        "wohngeld",
                    ]
                    + (["kinderzuschlag"] if kind else [])
                ),
                max_size=2,
            )
        ):
            if art == "elterngeld":
                eg: dict[str, Any] = {"art": art, "betrag": round(draw(betrag) / 3, 2)}
                if draw(st.booleans()):
                    eg["einkommen_vor_geburt"] = round(draw(betrag) / 5, 2)
                eg["elterngeld_plus"] = draw(st.booleans())
                out.append(eg)
            elif art in ("erwerbseinkommen", "minijob", "ausbildungsverguetung"):
                b = draw(betrag)
                out.append(
                    {
                        "art": art,
                        "brutto": b,
                        "netto": round(b * draw(st.sampled_from([1.0, 0.8, 0.77])), 2),
                    }
                )
            else:
                out.append({"art": art, "betrag": round(draw(betrag) / 3, 2)})
        return out

    personen: list[dict[str, Any]] = [
        {
            "id": "A",
            "rolle": "antragsteller",
            "geburtsdatum": geb(draw(st.integers(16, 70))),
            "einkommen": einkommen(False),
            "vermoegen": draw(st.sampled_from([0.0, 5000.0, 20000.0, 60000.0])),
        }
    ]
    if draw(st.booleans()):
        personen.append(
            {
                "id": "B",
                "rolle": "partner",
                "geburtsdatum": geb(draw(st.integers(16, 70))),
                "einkommen": einkommen(False),
            }
        )
    eltern = [p["id"] for p in personen]
    for j in range(draw(st.integers(0, 4))):
        kid: dict[str, Any] = {
            "id": f"K{j}",
            "rolle": "kind",
            "geburtsdatum": geb(draw(st.integers(0, 26))),
            "eltern": draw(st.sampled_from([eltern, eltern[:1], []])),
            "einkommen": einkommen(True),
        }
        if draw(st.booleans()):
            kid["einkommen"].append(
                {"art": "kindergeld", "empfaenger": draw(st.sampled_from(eltern))}
            )
        if draw(st.integers(0, 5)) == 0:
            kid["in_ausbildung"] = True
        if draw(st.integers(0, 2)) == 0:
            kid["schueler"] = True  # § 28 Abs. 3: scalar path in August / February
        personen.append(kid)
    if draw(st.integers(0, 6)) == 0:
        personen.append({"id": "S", "rolle": "sonstige", "geburtsdatum": geb(40)})
    for p in personen:
        if p["rolle"] == "sonstige":
            continue
        if draw(st.integers(0, 6)) == 0:
            art = draw(
                st.sampled_from(
                    ["behinderung", "merkzeichen_g", "ernaehrung", "unabweisbar", "schulbuecher"]
                )
            )
            mb: dict[str, Any] = {"art": art}
            if art in ("ernaehrung", "unabweisbar", "schulbuecher"):
                mb["betrag"] = round(draw(betrag) / 10, 2)
            if art == "merkzeichen_g":
                p["erwerbsfaehig"] = False
            p["mehrbedarfe"] = [mb]
        if draw(st.integers(0, 8 if p["rolle"] != "kind" else 20)) == 0:
            p["schwangerschaftswoche"] = draw(st.integers(1, 42))
        if draw(st.integers(0, 6)) == 0:
            p["minderjaehriges_kind_ausserhalb"] = True  # § 11b Abs. 3 S. 3
        if p["rolle"] != "kind" and draw(st.integers(0, 6)) == 0:
            p["umzug_ohne_zusicherung"] = True  # § 20 Abs. 3, § 22 Abs. 5
        if draw(st.integers(0, 8)) == 0:
            p["dauerhaft_voll_erwerbsgemindert"] = True  # gemischte BG (S5b)
        for e in p.get("einkommen", []):
            if e["art"] in ("altersrente",) and draw(st.booleans()):
                e["grundrentenzeiten"] = True  # § 82a SGB XII
        if p["rolle"] != "kind" and draw(st.integers(0, 6)) == 0:
            p["leistungsminderung"] = {"prozent": draw(st.sampled_from([10, 20, 30, 100]))}
    n = len(personen)
    unterkunft: dict[str, Any] = {
        "bruttokaltmiete": draw(st.sampled_from([round(draw(betrag) / 2, 2), 0.01, 0.02, 0.05])),
        "heizkosten": round(draw(betrag) / 10, 2),
        "warmwasser": draw(st.sampled_from(["zentral", "dezentral"])),
        "personen_im_haushalt": n + draw(st.sampled_from([0, 0, 0, 1, 2])),
    }
    if draw(st.booleans()):
        unterkunft["angemessenheitsgrenze_bruttokalt"] = round(draw(betrag) / 3, 2)
    if draw(st.booleans()):
        unterkunft["kostensenkung_frist_ende"] = draw(st.sampled_from(MONATE + ["2022-06"]))
    if draw(st.integers(0, 5)) == 0:
        unterkunft["heizkosten_angemessen"] = False
    beginn = draw(st.sampled_from([x for x in MONATE if x <= monat] + ["2021-05", "2022-11"]))
    req: dict[str, Any] = {
        "monat": monat,
        "leistungsbeginn": beginn,
        "personen": personen,
        "unterkunft": unterkunft,
    }
    frueher = [x for x in MONATE if beginn < x < monat]
    if frueher and draw(st.integers(0, 4)) == 0:  # § 22 Abs. 1 S. 3, 4
        von = draw(st.sampled_from(frueher))
        bis = draw(st.sampled_from([x for x in frueher if x >= von]))
        req["bezugsunterbrechungen"] = [{"von": von, "bis": bis}]
    if draw(st.integers(0, 5)) == 0:
        last = (dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)).day
        von = draw(st.integers(1, last))
        req["anspruch_von"] = dt.date(y, m, von).isoformat()
        if draw(st.booleans()):
            req["anspruch_bis"] = dt.date(y, m, draw(st.integers(von, last))).isoformat()
    del mdate
    return req


_XII_TAGGENAU: dict[str, Any] = {
    "monat": "2024-06", "leistungsbeginn": "2023-01",
    "personen": [
        {"id": "A", "rolle": "antragsteller", "geburtsdatum": "2008-01-01",
         "einkommen": [{"art": "unterhalt", "betrag": 0.0},
                       {"art": "altersrente", "betrag": 471.01}],
         "vermoegen": 0.0, "minderjaehriges_kind_ausserhalb": True,
         "umzug_ohne_zusicherung": True, "dauerhaft_voll_erwerbsgemindert": True,
         "leistungsminderung": {"prozent": 10}},
        {"id": "B", "rolle": "partner", "geburtsdatum": "2007-06-02", "einkommen": [],
         "mehrbedarfe": [{"art": "behinderung"}], "minderjaehriges_kind_ausserhalb": True,
         "umzug_ohne_zusicherung": True, "dauerhaft_voll_erwerbsgemindert": True}],
    "unterkunft": {"bruttokaltmiete": 0.01, "heizkosten": 0.0, "warmwasser": "zentral",
                   "personen_im_haushalt": 2, "heizkosten_angemessen": False},
}


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(haushalt(), min_size=1, max_size=8))
# found by this test in CI (5 Dec 2026): a partner under SGB XII who moved without the
# Zusicherung, and a birthday within the month (taggenau path); the scalar path took the
# SGB XII Kopfteil away by § 22 Abs. 5 SGB II, the batch path and the scalar path without a
# change within the month keep it — one cent of the partner's surplus income apart
@example([_XII_TAGGENAU])
def test_batch_gleich_skalar_hypothesis(requests: list[dict[str, Any]]) -> None:
    gueltig = []
    for r in requests:
        try:
            sgb2.parse_request(r)
        except sgb2.Eingabefehler:
            continue
        gueltig.append(r)
    for monat, rs in _nach_monat(gueltig).items():
        cols = columns_from_requests(rs, monat)
        # only the rules the batch path leaves to the scalar path (issue 16)
        assert all(any(k in g for k in SKALAR_REGELN) for g in cols.braucht_skalar.values())
        res = berechnen_batch(cols, chunk=3)  # small chunks: exercises the chunking too
        fehler = vergleiche(rs, cols, res)
        assert not fehler, "\n".join(fehler[:20])


# --------------------------------------------------------------------------- sweep


@pytest.mark.parametrize("nur_gemeinsame", [False, True])
def test_batch_gleich_skalar_10000(nur_gemeinsame: bool) -> None:
    n = 10_000 if not nur_gemeinsame else 2_000
    requests = erzeuge(n, seed=4711, nur_gemeinsame_regeln=nur_gemeinsame)
    geprueft = 0
    for monat, rs in _nach_monat(requests).items():
        cols = columns_from_requests(rs, monat)
        assert not cols.braucht_skalar
        res = berechnen_batch(cols)
        fehler = vergleiche(rs, cols, res)
        assert not fehler, f"{monat}:\n" + "\n".join(fehler[:20])
        geprueft += cols.n_bg
    assert geprueft == n


def test_chunking_aendert_nichts() -> None:
    rs = erzeuge(3000, seed=99, nur_gemeinsame_regeln=False, monat="2026-08")
    cols = columns_from_requests(rs, "2026-08")
    a = berechnen_batch(cols)
    b = berechnen_batch(cols, chunk=7)
    for f in [f.name for f in fields(a)] + ["zahlbetrag", "bedarf"]:
        assert np.array_equal(getattr(a, f), getattr(b, f)), f
        assert getattr(a, f).dtype == getattr(b, f).dtype, f
    big = cols.wiederholen(3)
    c = berechnen_batch(big, chunk=1000)
    assert np.array_equal(c.summe_zahlbetrag, np.tile(a.summe_zahlbetrag, 3))


def test_skalar_fallback_wird_gemeldet() -> None:
    ok = erzeuge(2, seed=1, monat="2025-05")
    drei_eltern = {
        "monat": "2025-05",
        "leistungsbeginn": "2025-05",
        "personen": [
            {"id": "A", "rolle": "antragsteller", "geburtsdatum": "1980-01-01"},
            {"id": "B", "rolle": "partner", "geburtsdatum": "1981-01-01"},
            {"id": "C", "rolle": "sonstige", "geburtsdatum": "1960-01-01"},
            {
                "id": "K",
                "rolle": "kind",
                "geburtsdatum": "2015-01-01",
                "eltern": ["A", "B", "C"],
            },
        ],
        "unterkunft": {"bruttokaltmiete": 500, "heizkosten": 80, "personen_im_haushalt": 4},
    }
    try:
        sgb2.parse_request(drei_eltern)
    except sgb2.Eingabefehler:
        pytest.skip("the parser already rejects three parents; nothing to fall back for")
    cols = columns_from_requests([ok[0], drei_eltern, ok[1]], "2025-05")
    assert set(cols.braucht_skalar) == {1}
    assert list(cols.request_index) == [0, 2]
    with pytest.raises(NichtImBatch):
        columns_from_requests([drei_eltern], "2025-05", strict=True)


def test_ohne_glibc_heap_einstellung_gleich(monkeypatch: pytest.MonkeyPatch) -> None:
    """The malloc tuning is an optimisation only: without glibc the results are the same."""
    from sgb2 import batch

    rs = erzeuge(500, seed=5, nur_gemeinsame_regeln=False, monat="2026-01")
    cols = columns_from_requests(rs, "2026-01")
    a = berechnen_batch(cols, chunk=64)
    monkeypatch.setattr(batch, "_glibc", lambda: None)
    b = berechnen_batch(cols, chunk=64)
    for f in fields(a):
        assert np.array_equal(getattr(a, f.name), getattr(b, f.name)), f.name


def test_reste_reihenfolge_wie_lexsort() -> None:
    """The packed sort key of the S9 cent remainder orders like the three-key lexsort,
    also where it falls back to lexsort (amounts too large to pack)."""
    from sgb2.batch.schritte import _reihenfolge

    rng = np.random.default_rng(7)
    lens = rng.integers(1, 6, 500)
    sub_bg = np.repeat(np.arange(500, dtype=np.int64), lens)
    idx = np.concatenate([np.arange(n, dtype=np.int32) for n in lens])
    for hoch in (10, 10**6, 2**61):  # many ties; typical cents; beyond the packable range
        u = rng.integers(0, hoch, sub_bg.shape[0], dtype=np.int64)
        erwartet = np.lexsort((idx, -u, sub_bg))
        assert np.array_equal(_reihenfolge(sub_bg, u, idx), erwartet), hoch


def test_ergebnis_mit_vorab_eingeblendetem_speicher_gleich(monkeypatch: pytest.MonkeyPatch) -> None:
    """Result arrays mapped in at once (MAP_POPULATE, normally from 1 MiB on) hold the same
    results as plain arrays."""
    from sgb2 import batch

    rs = erzeuge(500, seed=8, nur_gemeinsame_regeln=False, monat="2026-02")
    cols = columns_from_requests(rs, "2026-02")
    a = berechnen_batch(cols, chunk=64)
    monkeypatch.setattr(batch, "_POPULATE_AB", 0)
    b = berechnen_batch(cols, chunk=64)
    for f in fields(a):
        x, y = getattr(a, f.name), getattr(b, f.name)
        assert x.dtype == y.dtype and np.array_equal(x, y), f.name
        assert y.flags.writeable, f.name
