"""S10b — Bildung und Teilhabe: the persönlicher Schulbedarf (§ 28 Abs. 3 SGB II with
§ 34 Abs. 3, 3a SGB XII), the only need of § 28 the engine computes (the others depend on
actual costs and are decided case by case).

Who (§ 28 Abs. 1 S. 2): a person under 25 (age on the 1st of the month) who attends an
allgemein- or berufsbildende Schule (``Person.schueler``) and receives no
Ausbildungsvergütung. When: the amount for the first school half-year in August, the one for
the second half-year in February (§ 28 Abs. 3: "regelmäßig zum 1. August / 1. Februar").
It needs no application of its own (§ 37 Abs. 1 S. 2 names only § 28 Abs. 5).

Order of cover (§ 19 Abs. 3 S. 2, 3): income covers the Regel- and Mehrbedarfe first, then
Unterkunft und Heizung, and only what is left the needs of § 28. So the Schulbedarf is
reduced only by income left over after all other needs of the unit: the pupil's own income
above his own need (without Kindergeld, which § 11 Abs. 1 S. 5 leaves to the parent "mit
Ausnahme der Bedarfe nach § 28"), then the unit's income above its uncovered need. A
household whose income covers everything but the Schulbedarf still gets the rest of it
(§ 19 Abs. 2, § 7 Abs. 2 S. 3). Assets above the allowance cover it (no claim at all, as in
S8). A person excluded from the SGB II (SGB XII, § 19 Abs. 2 S. 1) gets none here.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ..model import Hinweis, InternerHinweis, neue_position
from ..params import Parameters
from .anspruch import Verteilung, verteilen
from .basis import ZERO, Kontext, Werte, eur, eur_en

RG_SCHULBEDARF = "§ 28 Abs. 3 SGB II i. V. m. § 34 Abs. 3 SGB XII"


# --------------------------------------------------------------------------- rules
def schulbedarf_betrag(monat: dt.date, p: Parameters) -> tuple[Decimal, int]:
    """(amount, school half-year 1 or 2) of the persönlicher Schulbedarf due in ``monat``;
    (0, 0) in the other months."""
    if monat.month == p.schulbedarf_monat_erstes:
        return p.schulbedarf_erstes, 1
    if monat.month == p.schulbedarf_monat_zweites:
        return p.schulbedarf_zweites, 2
    return ZERO, 0


def schulbedarf_berechtigt(schueler: bool, alter: int, ausbildungsverguetung: bool) -> bool:
    """§ 28 Abs. 1 S. 2: a pupil under 25 without Ausbildungsvergütung."""
    return schueler and alter < 25 and not ausbildungsverguetung


def hat_ausbildungsverguetung(w: Werte) -> bool:
    return any(e.art == "ausbildungsverguetung" for e in w.person.einkommen)


# --------------------------------------------------------------------------- S10b
def schulbedarf(
    ctx: Kontext,
    ws: list[Werte],
    einheit: str | None,
    v: Verteilung,
    vermoegen_zu_hoch: bool,
) -> None:
    """S10b for one unit (the BG or a unit of § 9 Abs. 3): each pupil's Schulbedarf of the
    month, less the income left over after the unit's other needs (§ 19 Abs. 3 S. 3),
    shared by need like S9."""
    betrag, halbjahr = schulbedarf_betrag(ctx.req.monat, ctx.p)
    if not betrag:
        return
    schueler: list[Werte] = []
    for w in ws:
        if w.einheit != einheit or not w.person.schueler:
            continue
        if w.person.rolle == "sonstige":
            continue
        if w.alter >= 25:
            _hinweis_kein_schulbedarf(ctx, w, "alter")
        elif not w.kandidat:
            _hinweis_kein_schulbedarf(ctx, w, "bg")
        elif hat_ausbildungsverguetung(w):
            _hinweis_kein_schulbedarf(ctx, w, "verguetung")
        elif schulbedarf_berechtigt(True, w.alter, False):
            schueler.append(w)
    if not schueler or vermoegen_zu_hoch:
        return
    # the pupil's own income above his own need (a child outside the BG because of it)
    eigen = [
        max(ZERO, w.eigen_ohne_kg - w.bedarf)
        if w.person.rolle == "kind" and not w.einheit_kopf
        else ZERO
        for w in schueler
    ]
    bedarfe = [max(ZERO, betrag - e) for e in eigen]
    # the unit's income above its uncovered need (§ 19 Abs. 3 S. 3: BuT covered last)
    uebrig = max(ZERO, v.einkommen - v.ungedeckt)
    anspruch = max(ZERO, sum(bedarfe, ZERO) - uebrig)
    anteile = verteilen(bedarfe, anspruch)
    halbjahr_text = "erste" if halbjahr == 1 else "zweite"
    for w, e, anteil in zip(schueler, eigen, anteile, strict=True):
        w.schulbedarf = anteil
        gedeckt = betrag - anteil
        if gedeckt > 0:
            w.pos.append(
                neue_position(
                    (
                        w.person.id,
                        "schulbedarf_bedarf",
                        betrag,
                        RG_SCHULBEDARF,
                        f"Bedarf für den persönlichen Schulbedarf, {halbjahr_text}s Schulhalbjahr",
                    )
                )
            )
            quelle = "eigenes Einkommen" if 0 < gedeckt <= e else "Einkommen"
            w.pos.append(
                neue_position(
                    (
                        w.person.id,
                        "schulbedarf_gedeckt",
                        -gedeckt,
                        "§ 19 Abs. 3 S. 3 SGB II",
                        f"davon gedeckt durch {quelle}, das nach allen übrigen Bedarfen verbleibt",
                    )
                )
            )
        w.pos.append(
            neue_position(
                (
                    w.person.id,
                    "schulbedarf",
                    anteil,
                    "§ 19 Abs. 2, § 28 Abs. 3 SGB II",
                    f"Schulbedarf (§ 28 Abs. 3 SGB II) für das {halbjahr_text} Schulhalbjahr",
                )
            )
        )
        if anteil > 0 and not w.in_bg:
            # § 7 Abs. 3 Nr. 4: a child belongs to the BG as far as it cannot meet its needs
            # from its own income — here the Schulbedarf, which its income no longer covers
            w.in_bg = True
        if gedeckt > 0 and anteil > 0:
            ctx.hinweise.append(
                Hinweis(
                    f"{w.person.id}: Schulbedarf {eur(anteil)} statt {eur(betrag)}, weil "
                    "Einkommen nach Deckung aller übrigen Bedarfe verbleibt (§ 19 Abs. 3 S. 3 "
                    "SGB II).",
                    f"{w.person.id}: school supplies {eur_en(anteil)} instead of "
                    f"{eur_en(betrag)} because income remains after all other needs are "
                    "covered (§ 19 (3) sentence 3 SGB II).",
                )
            )


def _hinweis_kein_schulbedarf(ctx: Kontext, w: Werte, grund: str) -> None:
    pid = w.person.id
    if grund == "alter":
        de = (
            f"{pid} besucht eine Schule, ist aber 25 Jahre oder älter: kein Schulbedarf "
            "(§ 28 Abs. 1 S. 2 SGB II)."
        )
        en = (
            f"{pid} attends school but is 25 or older: no school supplies (§ 28 (1) "
            "sentence 2 SGB II)."
        )
    elif grund == "verguetung":
        de = f"{pid} erhält eine Ausbildungsvergütung: kein Schulbedarf (§ 28 Abs. 1 S. 2 SGB II)."
        en = (
            f"{pid} receives a training allowance: no school supplies (§ 28 (1) sentence 2 SGB II)."
        )
    else:
        de = (
            f"{pid} besucht eine Schule, ist aber nicht leistungsberechtigt nach dem SGB II: "
            "kein Schulbedarf nach § 28 Abs. 3 SGB II (ggf. § 34 SGB XII)."
        )
        en = (
            f"{pid} attends school but is not entitled under SGB II: no school supplies "
            "under § 28 (3) SGB II (see § 34 SGB XII where applicable)."
        )
    ctx.hinweise.append(InternerHinweis(de, en))
