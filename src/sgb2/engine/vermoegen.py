"""S8 — Vermögen (§ 12): the BG's assets against its allowance (with the Karenzzeit of
§ 12 Abs. 4; age-based from 2026-07 [U]); assets above it mean no Hilfebedürftigkeit in
the month (§ 9 Abs. 1)."""

from __future__ import annotations

from decimal import Decimal

from ..model import Hinweis, neue_position
from ..params import Parameters
from .basis import ZERO, Kontext, Werte, eur, eur_en, monate_zwischen
from .unterkunft import karenz_start_von


def vermoegensfreibetrag(alter_mitglieder: list[int], karenz: bool, p: Parameters) -> Decimal:
    """BG asset allowance (§ 12 Abs. 2, 4 SGB II; age-based from 2026-07 [U])."""
    n = len(alter_mitglieder)
    if p.vermoegen_nach_alter is not None:
        total = ZERO
        for a in alter_mitglieder:
            betrag = ZERO
            for ab, b in p.vermoegen_nach_alter:
                if a >= ab:
                    betrag = b
            total += betrag
        return total
    if karenz and p.vermoegen_karenz_erste is not None:
        weitere = p.vermoegen_karenz_weitere or ZERO
        return p.vermoegen_karenz_erste + weitere * max(0, n - 1)
    return (p.vermoegen_je_person or ZERO) * n


def vermoegen_zu_hoch(ctx: Kontext, mitglieder: list[Werte], einheit: str | None = None) -> bool:
    """S8: whether the members' assets exceed the BG's Vermögensfreibetrag (§ 12) — for a
    unit of § 9 Abs. 3 (``einheit``) only its own members' assets and allowance."""
    p, req = ctx.p, ctx.req
    start = karenz_start_von(ctx)
    seit = monate_zwischen(start, req.monat)  # § 12 Abs. 3 with § 22 Abs. 1 S. 3, 4
    vermoegen = sum((w.person.vermoegen for w in mitglieder), ZERO)
    freibetrag = vermoegensfreibetrag(
        [w.alter for w in mitglieder], seit < p.vermoegen_karenz_monate, p
    )
    zu_hoch = bool(mitglieder) and vermoegen > freibetrag
    if vermoegen:
        karenz_text = (
            " (Karenzzeit)"
            if p.vermoegen_nach_alter is None and seit < p.vermoegen_karenz_monate
            else ""
        )
        ctx.bg_pos.append(
            neue_position(
                (
                    None,
                    "vermoegen",
                    vermoegen,
                    "§ 12 Abs. 1 SGB II",
                    "Zu berücksichtigendes Vermögen der Bedarfsgemeinschaft"
                    + ("" if einheit is None else f" (eigene Einheit von {einheit})"),
                )
            )
        )
        ctx.bg_pos.append(
            neue_position(
                (
                    None,
                    "vermoegensfreibetrag",
                    freibetrag,
                    "§ 12 SGB II" if einheit is None else "§ 12, § 9 Abs. 3 SGB II",
                    f"Vermögensfreibetrag{karenz_text}"
                    + ("" if einheit is None else f" (eigene Einheit von {einheit})"),
                )
            )
        )
    if zu_hoch:
        ctx.hinweise.append(
            Hinweis(
                f"Vermögen ({eur(vermoegen)}) übersteigt den Freibetrag ({eur(freibetrag)}): "
                "keine Hilfebedürftigkeit in diesem Monat (§ 9 Abs. 1, § 12 SGB II).",
                f"Assets ({eur_en(vermoegen)}) exceed the allowance ({eur_en(freibetrag)}): no "
                "need of assistance in this month (§ 9 (1), § 12 SGB II).",
            )
        )
    return zu_hoch
