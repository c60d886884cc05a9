"""S11 — Kindersofortzuschlag (§ 72): the fixed supplement for children under 25 with a
claim, or without a claim only because of their Kindergeld (§ 72 Abs. 1 S. 2)."""

from __future__ import annotations

from decimal import Decimal

from ..model import neue_position
from .anspruch import Verteilung
from .basis import ZERO, Kontext, Werte


def sofortzuschlag_berechtigt(
    anspruch: Decimal,
    bedarf: Decimal,
    eigen_ohne_kindergeld: Decimal,
    ungedeckt_andere: Decimal,
    einkommen_bg_ohne_uebertrag: Decimal,
) -> bool:
    """§ 72 for a child: a claim, or no claim only because of its Kindergeld (Abs. 1 S. 2).

    Without the child's Kindergeld its uncovered need would be max(0, B − own income) and the
    BG income would lack the child's Kindergeldübertrag.
    """
    u_ohne_kg = max(ZERO, bedarf - eigen_ohne_kindergeld)
    a_ohne = ungedeckt_andere + u_ohne_kg - max(ZERO, einkommen_bg_ohne_uebertrag)
    return anspruch > 0 or (u_ohne_kg > 0 and a_ohne > 0)


def kindersofortzuschlag(ctx: Kontext, w: Werte, v: Verteilung) -> None:
    """S11 for one person: a candidate under 25 with RBS 3–6 (never prorated, no income
    counted against it). The caller skips everyone when the assets are too high."""
    if not w.kandidat or w.alter >= 25 or w.rbs is None or w.rbs < 3:
        return
    if w.person.rolle != "kind":
        berechtigt = w.anspruch > 0
    elif w.einheit_kopf:
        # § 9 Abs. 3: she is the adult of her own unit; without the Kindergeld she uses,
        # the unit's income would be lower by that amount
        berechtigt = w.anspruch > 0 or (
            w.kg_genutzt > 0 and v.ungedeckt - (v.einkommen - w.kg_genutzt) > 0
        )
    else:
        berechtigt = sofortzuschlag_berechtigt(
            w.anspruch,
            w.bedarf,
            w.eigen_ohne_kg,
            v.ungedeckt - (w.ungedeckt if w.in_bg else ZERO),
            v.einkommen - w.kg_uebertrag,
        )
    if not berechtigt:
        return
    w.sofortzuschlag = ctx.p.kindersofortzuschlag
    w.pos.append(
        neue_position(
            (
                w.person.id,
                "kindersofortzuschlag",
                w.sofortzuschlag,
                "§ 72 SGB II",
                "Kindersofortzuschlag (zusätzlich, ohne Anrechnung von Einkommen)",
            )
        )
    )
