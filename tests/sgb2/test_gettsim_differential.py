"""Differential test against GETTSIM on random households (issue 3, item 5b).

Generator: ``sgb2.batch_beispiele.erzeuge(N, SEED, nur_gemeinsame_regeln=True)`` — singles,
couples, single parents and couples with 1–4 children aged 0–17, earnings (Minijob brutto =
netto, jobs with netto < brutto), Kindergeld, Unterhalt/Unterhaltsvorschuss, rent and heating,
assets clearly below or above the allowance, Karenzzeit running or over, months
2023-01 … 2026-06; restricted to the rules both engines model (see the generator's
docstring and ``docs/sgb2-validation.md``).

GETTSIM is called once per parameter regime (5 vectorised calls for all households, see
``gettsim_oracle.GETTSIM_REGIMES``); our engine through ``sgb2.berechnen_json``.

Compared per household: GETTSIM's Σ ``bürgergeld__betrag_m`` over all persons (= the BG
total; children who left the BG form their own BG with 0) against our
Σ (anspruch + kindersofortzuschlag) over the BG members.

Tolerance (justified, not a fudge): GETTSIM keeps every intermediate value unrounded; our
engine rounds half up to cents at each statutory step (§ 41 Abs. 2). For the BG total only
the Erwerbstätigenfreibetrag bands differ (each band r2(rate × part), ≤ 0.005 each); the
Kopfteile and the Bedarfsanteile are rounded with the remainder on one share, so their sum
is exact. Tolerance = 0.005 × (number of § 11b Abs. 3 bands with a positive part, over all
earners) + 0.005 (rounding GETTSIM's total to cents) + 1e-6.

Known, documented difference: GETTSIM adds the Kindersofortzuschlag (§ 72) to the child's
Bedarf; by law it is paid on top and is no Bedarf. This changes the BG total only where the
Bedarf matters at the margin: a child whose own income (Unterhalt, UVG, Kindergeld) covers
its Bedarf but not Bedarf + Sofortzuschlag (GETTSIM keeps it in the BG; the Kindergeld
surplus moved to the parent is smaller), or a BG whose income covers its Bedarf but not
Bedarf + Sofortzuschläge. These "§ 72-sensitive" households are classified from our result
and the request (never from GETTSIM's answer); for them |GETTSIM − ours| must not exceed
Σ Sofortzuschläge of the children + tol, and their share must stay below 15 %. The same band
covers § 72 Abs. 1 S. 2 (Sofortzuschlag for children whose claim fails only because of the
Kindergeld: our engine pays it, GETTSIM cannot).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import gettsim_oracle as go  # noqa: E402

N_HAUSHALTE = 1200
SEED = 20261124


def _bands(brutto: float, monat: str) -> int:
    """Number of § 11b Abs. 3 bands with a positive part (rounded separately by us)."""
    if brutto <= 100:
        return 0
    grenzen = [100, 1000, 1500] if monat < "2023-07" else [100, 520, 1000, 1500]
    return sum(1 for lo in grenzen[:-1] if brutto > lo)


def rundungstoleranz(req: dict[str, Any]) -> float:
    n = 0
    for p in req["personen"]:
        for e in p.get("einkommen", []):
            if e["art"] in ("erwerbseinkommen", "minijob"):
                n += _bands(float(e["brutto"]), req["monat"])
    return 0.005 * n + 0.005 + 1e-6


def unser_total(res: dict[str, Any]) -> float:
    return sum(
        float(p["anspruch"]) + float(p["kindersofortzuschlag"])
        for p in res["personen"]
        if p["in_bg"]
    )


def sofortzuschlag_sensitiv(req: dict[str, Any], res: dict[str, Any], szz: float) -> bool:
    """True where GETTSIM's Sofortzuschlag-as-Bedarf can change the BG total (see above)."""
    if not any(p["rolle"] == "kind" for p in req["personen"]):
        return False  # no Sofortzuschlag possible: always compared exactly
    by_id = {p["id"]: p for p in res["personen"]}
    for p in req["personen"]:
        if p["rolle"] != "kind":
            continue
        r = by_id[p["id"]]
        if not r["in_bg"]:
            return True
        eigen = sum(
            float(e.get("betrag", 0.0))
            for e in p.get("einkommen", [])
            if e["art"] in ("kindergeld", "unterhalt", "unterhaltsvorschuss")
        )
        if eigen >= float(r["bedarf"]) - 1e-9:
            return True
    if float(res["summe"]["anspruch"]) > 0 or szz == 0:
        return False
    # no claim: sensitive unless the BG is blocked by its assets (§ 12; both engines 0)
    monate = go._months_between(go._monat(req["leistungsbeginn"]), go._monat(req["monat"]))
    n = sum(1 for p in res["personen"] if p["in_bg"])
    frei = 40000 + 15000 * (n - 1) if monate < 12 else 15000 * n
    vermoegen = sum(float(p.get("vermoegen", 0.0)) for p in req["personen"])
    return vermoegen <= frei


@pytest.mark.slow
def test_differential_against_gettsim() -> None:
    go.require_gettsim()
    import sgb2
    from sgb2.batch_beispiele import erzeuge

    requests = erzeuge(N_HAUSHALTE, SEED, nur_gemeinsame_regeln=True)
    assert all(go.mappable(requests)), "generator produced a household GETTSIM cannot model"

    results = [sgb2.berechnen_json(r) for r in requests]
    t0 = time.perf_counter()
    gettsim_total = go.Oracle().bg_totals(requests)
    dauer = time.perf_counter() - t0

    exact_fail: list[str] = []
    sens_fail: list[str] = []
    n_sens = 0
    n_null = 0
    for i, (req, res) in enumerate(zip(requests, results, strict=True)):
        ours = unser_total(res)
        theirs = float(gettsim_total[i])
        tol = rundungstoleranz(req)
        szz = float(sgb2.parameters_for(go._monat(req["monat"])).kindersofortzuschlag)
        n_null += ours == 0
        if sofortzuschlag_sensitiv(req, res, szz):
            n_sens += 1
            n_kinder = sum(1 for p in req["personen"] if p["rolle"] == "kind")
            if abs(theirs - ours) > szz * n_kinder + tol:
                sens_fail.append(f"#{i} ours {ours:.2f} GETTSIM {theirs:.4f}: {req}")
        elif abs(theirs - ours) > tol:
            exact_fail.append(f"#{i} ours {ours:.2f} GETTSIM {theirs:.4f} (tol {tol:.3f}): {req}")

    print(
        f"\n{N_HAUSHALTE} households, {n_sens} § 72-sensitive, {n_null} with total 0; "
        f"GETTSIM {dauer:.1f} s for 5 vectorised calls"
    )
    assert not exact_fail, f"{len(exact_fail)} households differ:\n" + "\n".join(exact_fail[:10])
    assert not sens_fail, f"{len(sens_fail)} § 72-sensitive households outside the band:\n" + (
        "\n".join(sens_fail[:10])
    )
    assert n_sens < 0.15 * N_HAUSHALTE, f"too many § 72-sensitive households: {n_sens}"
    assert n_null < 0.5 * N_HAUSHALTE, "generator degenerated: most totals are 0"
