"""S12 — Leistungsminderung (§§ 31a, 32): a percentage of the Regelbedarf, capped by the
regime in force (§ 31a Abs. 4), prorated in a partial month, never more than the Regel-
and Mehrbedarf part of the claim (never Unterkunft und Heizung)."""

from __future__ import annotations

from decimal import Decimal

from ..model import Hinweis, InternerHinweis, neue_position
from ..params import Parameters
from .basis import HUNDRED, Kontext, Werte, r2


def minderung_prozent(prozent: Decimal, p: Parameters) -> Decimal:
    """Percentage applied: 100 where the regime withdraws the Regelbedarf, else capped."""
    if prozent == HUNDRED and p.minderung_vollentzug:
        return HUNDRED
    return min(prozent, p.minderung_max_prozent)


def minderung(
    regelbedarf: Decimal, prozent: Decimal, davon_rmb: Decimal, tage: int, monat_tage: int
) -> Decimal:
    """r2(pct × RB), prorated r2(· × days / 30), at most the Regel-/Mehrbedarf part."""
    m = r2(regelbedarf * prozent / HUNDRED)
    if tage < monat_tage:
        m = r2(m * tage / monat_tage)
    return min(m, davon_rmb)


def leistungsminderung(ctx: Kontext, w: Werte, tage: int) -> None:
    """S12 for one member with a Minderung in the request."""
    p = ctx.p
    lm = w.person.leistungsminderung
    if lm is None or lm.prozent <= 0:
        return
    prozent = minderung_prozent(lm.prozent, p)
    if prozent == HUNDRED:
        text = "Leistungsminderung: Entfall des Regelbedarfs"
    else:
        if prozent < lm.prozent:
            ctx.hinweise.append(
                Hinweis(
                    f"{w.person.id}: Leistungsminderung von {lm.prozent} % auf höchstens "
                    f"{p.minderung_max_prozent} % begrenzt (§ 31a Abs. 4 SGB II).",
                    f"{w.person.id}: benefit reduction of {lm.prozent} % capped at "
                    f"{p.minderung_max_prozent} % (§ 31a (4) SGB II).",
                )
            )
        text = f"Leistungsminderung {prozent} % des Regelbedarfs"
    w.minderung = minderung(w.regelbedarf, prozent, w.davon_rmb, tage, p.monat_tage)
    w.pos.append(
        neue_position(
            (
                w.person.id,
                "minderung",
                -w.minderung,
                "§§ 31a, 32 SGB II",
                text + " (nie Unterkunft und Heizung)",
            )
        )
    )
    if "minderung" in p.vorlaeufig_themen:
        ctx.hinweise.append(
            InternerHinweis(
                f"{w.person.id}: Minderungsregeln ab 1.7.2026 sind vorläufig (Gesetzestext "
                "nicht geprüft).",
                f"{w.person.id}: the reduction rules from 1 July 2026 are provisional "
                "(statute text not verified).",
            )
        )
