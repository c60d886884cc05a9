"""Synthetic, seeded Bedarfsgemeinschaften as JSON-contract requests.

Used by the benchmark (``bench/sgb2_bench.py``), the batch/scalar equivalence sweep and the
differential test against GETTSIM. Nothing here is legal logic; the generator only draws
plausible households.

``erzeuge(n, seed, nur_gemeinsame_regeln=True)`` restricts the draw to the rules both our
engine and GETTSIM model (see ``docs/sgb2-validation.md``):

* months 2023-01 … 2026-06 (GETTSIM has no 2026-07 reform), no birthday in the month;
* singles, couples, single parents, couples with children 0–17; adults 25–60;
* earnings (Minijob brutto = netto; jobs with netto < brutto), Kindergeld at the statutory
  rate for children under 25 (received by a parent), Unterhalt/Unterhaltsvorschuss for
  children only when the Kindergeld recipient has earnings of at least 100 € (so a possible
  Kindergeldübertrag is never subject to the 30 € Versicherungspauschale GETTSIM lacks);
* no Mehrbedarfe other than the Alleinerziehende one, no dezentrale Warmwasser, no
  Minderung, no partial month, no explicit Angemessenheitsgrenze; after the Karenzzeit the
  warm rent stays within GETTSIM's stylised cap (10 €/m² × (45 + 15 per further person) m²);
* assets either clearly below or clearly above the BG allowance.

With ``nur_gemeinsame_regeln=False`` the full contract is drawn (Mehrbedarfe, pregnancy,
dezentrale Warmwasser, other income, Minderungen, partial months, Angemessenheitsgrenzen,
months to 2026-12, persons outside the BG in the dwelling).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

__all__ = ["erzeuge", "KINDERGELD"]

KINDERGELD = {2023: 250.0, 2024: 250.0, 2025: 255.0, 2026: 259.0, 2027: 259.0}


def _monat_plus(m: dt.date, k: int) -> dt.date:
    y, mo = divmod(m.year * 12 + m.month - 1 + k, 12)
    return dt.date(y, mo + 1, 1)


def _geburtsdatum(rng: random.Random, monat: dt.date, alter: int) -> str:
    """Birth date with age ``alter`` on the 1st of ``monat`` and no birthday in ``monat``."""
    # choose a birth month different from monat's month
    off = rng.randint(1, 11)  # months since the last birthday
    last_bday = _monat_plus(monat, -off)
    year = last_bday.year - alter
    tag = rng.randint(1, 28)
    # the last birthday (day `tag` of last_bday's month) lies before monat, so age = alter
    return dt.date(year, last_bday.month, tag).isoformat()


def _euro(x: float) -> float:
    return round(x, 2)


def _erwerb(rng: random.Random, p_job: float) -> list[dict[str, Any]]:
    r = rng.random()
    if r < p_job * 0.4:
        b = _euro(rng.uniform(20, 520))
        return [{"art": "minijob", "brutto": b, "netto": b}]
    if r < p_job:
        b = _euro(rng.uniform(600, 3200))
        return [
            {"art": "erwerbseinkommen", "brutto": b, "netto": _euro(b * rng.uniform(0.74, 0.82))}
        ]
    return []


def _haushalt(rng: random.Random, gemeinsam: bool, fest: dt.date | None = None) -> dict[str, Any]:
    if fest is not None:
        monat = fest
    elif gemeinsam:
        monat = _monat_plus(dt.date(2023, 1, 1), rng.randrange(42))
    else:
        monat = _monat_plus(dt.date(2023, 1, 1), rng.randrange(48))
    karenz = rng.random() < 0.5
    k = rng.randrange(12) if karenz else rng.randrange(12, 40)
    beginn = _monat_plus(monat, -k)
    if beginn < dt.date(2023, 1, 1):
        # the Karenzzeiten start on 2023-01-01 at the earliest (Bürgergeld-Gesetz)
        beginn = dt.date(2023, 1, 1)
    k = (monat.year - beginn.year) * 12 + monat.month - beginn.month
    karenz = k < 12
    typ = rng.choices(["single", "paar", "alleinerziehend", "familie"], [3, 2, 2, 3])[0]
    personen: list[dict[str, Any]] = []
    lo, hi = (25, 60) if gemeinsam else (18, 70)
    a1 = rng.randint(lo, hi)
    personen.append(
        {
            "id": "P1",
            "rolle": "antragsteller",
            "geburtsdatum": _geburtsdatum(rng, monat, a1),
            "einkommen": _erwerb(rng, 0.45),
        }
    )
    eltern = ["P1"]
    if typ in ("paar", "familie"):
        personen.append(
            {
                "id": "P2",
                "rolle": "partner",
                "geburtsdatum": _geburtsdatum(rng, monat, rng.randint(lo, hi)),
                "einkommen": _erwerb(rng, 0.4),
            }
        )
        eltern = ["P1", "P2"]
    n_kinder = 0
    if typ in ("alleinerziehend", "familie"):
        n_kinder = rng.choices([1, 2, 3, 4], [4, 4, 2, 1])[0]
    erster_verdient = any(e.get("brutto", 0) >= 100 for e in personen[0]["einkommen"])
    for j in range(n_kinder):
        alter = rng.choices(
            [rng.randint(0, 5), rng.randint(6, 13), rng.randint(14, 17), rng.randint(18, 24)],
            # adult children (18-24) only outside GETTSIM mode: their Kindergeld is income
            # of an adult without earnings -> 30 € Versicherungspauschale, which GETTSIM lacks
            [3, 3, 2, 0 if gemeinsam else 1],
        )[0]
        alter = min(alter, max(0, a1 - 16))
        kid: dict[str, Any] = {
            "id": f"K{j + 1}",
            "rolle": "kind",
            "geburtsdatum": _geburtsdatum(rng, monat, alter),
            "eltern": list(eltern),
            "einkommen": [
                {"art": "kindergeld", "betrag": KINDERGELD[monat.year], "empfaenger": "P1"}
            ],
        }
        if erster_verdient or not gemeinsam:
            r = rng.random()
            if r < 0.15:
                kid["einkommen"].append({"art": "unterhalt", "betrag": _euro(rng.uniform(50, 900))})
            elif r < 0.3 and alter < 18:
                kid["einkommen"].append(
                    {"art": "unterhaltsvorschuss", "betrag": float(rng.choice([227, 299, 394]))}
                )
        if not gemeinsam and alter >= 15 and rng.random() < 0.2:
            b = _euro(rng.uniform(50, 700))
            kid["einkommen"].append({"art": "minijob", "brutto": b, "netto": b})
        personen.append(kid)
    n = len(personen)
    warm_max = 10.0 * (45 + 15 * (n - 1))
    miete = _euro(rng.uniform(200, 450 + 120 * n))
    heiz = _euro(rng.uniform(40, 60 + 25 * n))
    if gemeinsam and not karenz and miete + heiz > warm_max:
        f = warm_max / (miete + heiz) * rng.uniform(0.7, 1.0)
        miete = _euro(miete * f)
        heiz = _euro(heiz * f)
        while miete + heiz > warm_max:
            miete = _euro(miete - 0.01)
    # assets: clearly below or clearly above the allowance
    karenz_verm = karenz and monat < dt.date(2026, 7, 1)
    frei = (40000 + 15000 * (n - 1)) if karenz_verm else 15000 * n
    if rng.random() < 0.8:
        total = rng.uniform(0, 0.8 * 15000) if rng.random() < 0.7 else rng.uniform(0, 0.8 * frei)
    else:
        total = rng.uniform(1.2 * (40000 + 15000 * (n - 1)), 300000)
    total = _euro(total)
    personen[0]["vermoegen"] = total
    req: dict[str, Any] = {
        "monat": monat.strftime("%Y-%m"),
        "leistungsbeginn": beginn.strftime("%Y-%m"),
        "personen": personen,
        "unterkunft": {
            "bruttokaltmiete": miete,
            "heizkosten": heiz,
            "warmwasser": "zentral",
            "personen_im_haushalt": n,
        },
    }
    if not gemeinsam:
        _voll(rng, req, monat)
    return req


def _voll(rng: random.Random, req: dict[str, Any], monat: dt.date) -> None:
    """Rules outside GETTSIM: Mehrbedarfe, Minderung, partial months, KdU limits, …"""
    u = req["unterkunft"]
    personen = req["personen"]
    if rng.random() < 0.15:
        u["warmwasser"] = "dezentral"
    if rng.random() < 0.1:
        u["personen_im_haushalt"] = len(personen) + rng.randint(1, 2)
    if rng.random() < 0.25:
        u["angemessenheitsgrenze_bruttokalt"] = _euro(u["bruttokaltmiete"] * rng.uniform(0.6, 1.1))
        if rng.random() < 0.7:
            ende = _monat_plus(monat, rng.randint(-8, 4))
            u["kostensenkung_frist_ende"] = ende.strftime("%Y-%m")
    if rng.random() < 0.05:
        u["heizkosten_angemessen"] = False
    for p in personen:
        if p["rolle"] != "kind" and rng.random() < 0.1:
            p["einkommen"].append({"art": "sonstiges", "betrag": _euro(rng.uniform(10, 600))})
        if p["rolle"] in ("antragsteller", "partner") and rng.random() < 0.06:
            p["schwangerschaftswoche"] = rng.randint(5, 40)
        if rng.random() < 0.08:
            arten = ["behinderung", "merkzeichen_g", "ernaehrung", "unabweisbar", "schulbuecher"]
            if _vielleicht_ausgeschlossen(p, monat):
                # the engine computes no number for other SGB XII Mehrbedarfe (NichtModelliert)
                arten = ["merkzeichen_g", "ernaehrung"]
            art = rng.choice(arten)
            mb: dict[str, Any] = {"art": art}
            if art in ("ernaehrung", "unabweisbar", "schulbuecher"):
                mb["betrag"] = _euro(rng.uniform(5, 150))
            if art == "merkzeichen_g":
                p["erwerbsfaehig"] = False
            p["mehrbedarfe"] = [mb]
        if p["rolle"] != "kind" and rng.random() < 0.06:
            p["leistungsminderung"] = {"prozent": rng.choice([10, 20, 30])}
    if rng.random() < 0.08:
        start = rng.randint(1, 28)
        req["anspruch_von"] = dt.date(monat.year, monat.month, start).isoformat()


def _vielleicht_ausgeschlossen(p: dict[str, Any], monat: dt.date) -> bool:
    """True if the person may be excluded from the SGB II (age limit — at 65 already, to be
    safe —, an Altersrente, permanent full Erwerbsminderung): a gemischte BG."""
    geb = dt.date.fromisoformat(p["geburtsdatum"])
    return (
        monat.year - geb.year >= 65
        or any(e.get("art") == "altersrente" for e in p.get("einkommen", []))
        or bool(p.get("dauerhaft_voll_erwerbsgemindert"))
    )


def erzeuge(
    n: int, seed: int = 0, nur_gemeinsame_regeln: bool = True, monat: str | None = None
) -> list[dict[str, Any]]:
    """``n`` seeded random requests of the JSON contract (all in ``monat`` if given)."""
    rng = random.Random(seed)
    fest = None
    if monat is not None:
        y, m = monat.split("-")[:2]
        fest = dt.date(int(y), int(m), 1)
    return [_haushalt(rng, nur_gemeinsame_regeln, fest) for _ in range(n)]
