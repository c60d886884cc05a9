"""S1b, S9, S10, S13 — the claim: the units of § 9 Abs. 3 (a child who is pregnant or cares
for her own child under six forms her own unit with her child), the BG's claim distributed
by the Bedarfsanteilsmethode (§ 9 Abs. 2 S. 3) in each unit, each share split into
Regel-/Mehrbedarf and Unterkunft (§ 19 Abs. 3) and prorated for a partial month
(§ 41 Abs. 1)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import NamedTuple

from ..model import Hinweis, neue_position
from .basis import CENT, ZERO, Kontext, Werte, eur, plus_monate, r2


# --------------------------------------------------------------------------- rules
def eigene_einheit_kind(
    rolle: str, alter: int, schwanger: bool, alter_eigener_kinder: list[int]
) -> bool:
    """§ 9 Abs. 3: a child of the household (under 25) who is pregnant or cares for her own
    child under six; § 9 Abs. 2 S. 2 (the parents' income and assets) does not apply."""
    return (
        rolle == "kind" and alter < 25 and (schwanger or any(a < 6 for a in alter_eigener_kinder))
    )


def eigene_einheiten(ctx: Kontext, ws: list[Werte]) -> None:
    """S1b § 9 Abs. 3: marks each such child and her own children (the ``kind`` persons
    listing her in ``eltern``) as one unit of their own: need and income are set against
    each other inside that unit, the parents' income and assets are not attributed."""
    genannt = {e for w in ws if w.person.rolle == "kind" for e in w.person.eltern}
    for w in ws:
        if not w.kandidat or w.person.rolle != "kind":
            continue
        if w.person.id not in genannt and w.person.schwangerschaftswoche is None:
            continue
        eigene = [x for x in ws if x.person.rolle == "kind" and w.person.id in x.person.eltern]
        if not eigene_einheit_kind(
            w.person.rolle,
            w.alter,
            w.person.schwangerschaftswoche is not None,
            [x.alter for x in eigene],
        ):
            continue
        w.einheit = w.person.id
        for x in eigene:
            if x.kandidat:
                x.einheit = w.person.id
        ctx.hinweise.append(
            Hinweis(
                f"{w.person.id} ist schwanger oder betreut ein eigenes Kind unter sechs "
                "Jahren: Einkommen und Vermögen der Eltern werden für sie und ihr Kind nicht "
                "berücksichtigt; beide werden gesondert berechnet (§ 9 Abs. 3 SGB II).",
                f"{w.person.id} is pregnant or cares for her own child under six: the "
                "parents' income and assets are not counted for her and her child; both are "
                "calculated separately (§ 9 (3) SGB II).",
            )
        )


def verteilen(ungedeckt: list[Decimal], anspruch_bg: Decimal) -> list[Decimal]:
    """Bedarfsanteilsmethode: r2(U_i × A / ΣU), remainder cents to the largest U_i."""
    summe = sum(ungedeckt, ZERO)
    if summe <= 0 or anspruch_bg <= 0:
        return [ZERO] * len(ungedeckt)
    if anspruch_bg >= summe:
        return list(ungedeckt)
    anteile = [r2(u * anspruch_bg / summe) for u in ungedeckt]
    rest = anspruch_bg - sum(anteile, ZERO)
    if rest:
        reihenfolge = sorted(range(len(ungedeckt)), key=lambda i: (-ungedeckt[i], i))
        schritt = CENT if rest > 0 else -CENT
        while rest:
            for i in reihenfolge:
                if not rest:
                    break
                neu = anteile[i] + schritt
                if ZERO <= neu <= ungedeckt[i]:
                    anteile[i] = neu
                    rest -= schritt
    return anteile


def aufteilen(
    anspruch: Decimal, bedarf: Decimal, regel_und_mehrbedarf: Decimal
) -> tuple[Decimal, Decimal]:
    """§ 19 Abs. 3: income covers Regel-/Mehrbedarf first, then KdU → (RB+MB part, KdU part)."""
    gedeckt = bedarf - anspruch
    davon_rmb = min(anspruch, max(ZERO, regel_und_mehrbedarf - gedeckt))
    return davon_rmb, anspruch - davon_rmb


def teilmonat_anteile(
    anspruch: Decimal, davon_kdu: Decimal, tage: int, monat_tage: int
) -> tuple[Decimal, Decimal, Decimal]:
    """(anspruch, davon RB+MB, davon KdU) for ``tage`` of a 30-day month."""
    if tage >= monat_tage:
        return anspruch, anspruch - davon_kdu, davon_kdu
    a_t = r2(anspruch * tage / monat_tage)
    kdu_t = r2(davon_kdu * tage / monat_tage)
    return a_t, a_t - kdu_t, kdu_t


def teilmonat_tage(monat: dt.date, von: dt.date | None, bis: dt.date | None) -> int:
    """Entitlement days on the 30-day month (§ 41 Abs. 1 S. 3).

    Start on day d counts from min(d, 30) (the 16th → 15 days, the 31st → 1 day, 15 February
    → 16 days); an end on the last calendar day counts to day 30, an earlier end on day d
    to min(d, 30).
    """
    if von is None and bis is None:
        return 30
    erster = 1 if von is None else min(von.day, 30)
    naechster = plus_monate(monat, 1)
    letzter_kalendertag = (naechster - dt.timedelta(days=1)).day
    if bis is None or bis.day == letzter_kalendertag:
        letzter = 30
    else:
        letzter = min(bis.day, 30)
    return max(1, letzter - erster + 1)


# --------------------------------------------------------------------------- S9
class Verteilung(NamedTuple):
    """The BG figures of § 9 Abs. 2 S. 3 and the members' shares (in member order)."""

    ungedeckt: Decimal  # Σ uncovered need of the members
    einkommen: Decimal  # the adults' countable income, for the whole BG
    anspruch: Decimal  # the BG's claim
    anteile: list[Decimal]


def bedarfsanteile(
    ctx: Kontext,
    mitglieder: list[Werte],
    vermoegen_zu_hoch: bool,
    einheit: str | None = None,
) -> Verteilung:
    """S9: the claim of the BG — or of a unit under § 9 Abs. 3 (``einheit``: the id of the
    child heading it) — (uncovered need less the income of its adults, or of the child
    heading the unit; none if the assets are too high) and each member's share of it
    (Bedarfsanteilsmethode, § 9 Abs. 2 S. 3)."""
    summe_u = e_bg = ZERO  # both sums in one pass over the members, in member order
    for w in mitglieder:
        summe_u += w.ungedeckt
        if w.person.rolle != "kind" or w.einheit_kopf:
            e_bg += w.einkommen
    if einheit is None and ctx.ueberschuss_sgb12:
        e_bg += ctx.ueberschuss_sgb12
    if einheit is None and ctx.ueberschuss_sgb12 and mitglieder:
        ctx.bg_pos.append(
            neue_position(
                (
                    None,
                    "einkommen_sgb_xii_ueberschuss",
                    ctx.ueberschuss_sgb12,
                    "§ 9 Abs. 2 S. 1 SGB II",
                    "Einkommen der Partnerin oder des Partners nach dem SGB XII über dem eigenen "
                    "Bedarf (gemischte Bedarfsgemeinschaft)",
                )
            )
        )
    a_bg = ZERO if vermoegen_zu_hoch else max(ZERO, summe_u - e_bg)
    anteile = verteilen([w.ungedeckt for w in mitglieder], a_bg)
    if mitglieder:
        if einheit is None:
            rg, rg_v, zusatz = "§ 9 Abs. 2 SGB II", "§ 9 Abs. 2 S. 3 SGB II", ""
            text_e = "Einkommen der Erwachsenen für die Bedarfsgemeinschaft"
        else:
            rg = rg_v = "§ 9 Abs. 2 S. 3, Abs. 3 SGB II"
            zusatz = f" (eigene Einheit von {einheit}, § 9 Abs. 3 SGB II)"
            text_e = f"Einkommen von {einheit} für die eigene Einheit"
        ctx.bg_pos.append(
            neue_position(
                (
                    None,
                    "ungedeckter_bedarf",
                    summe_u,
                    rg,
                    "Nicht durch eigenes Einkommen der Kinder gedeckter Bedarf der "
                    "Bedarfsgemeinschaft" + zusatz,
                )
            )
        )
        ctx.bg_pos.append(neue_position((None, "einkommen_zur_verteilung", e_bg, rg_v, text_e)))
        ctx.bg_pos.append(
            neue_position(
                (
                    None,
                    "anspruch_bg",
                    a_bg,
                    rg_v,
                    "Anspruch der Bedarfsgemeinschaft" + zusatz,
                )
            )
        )
    return Verteilung(summe_u, e_bg, a_bg, anteile)


# --------------------------------------------------------------------------- S10, S13
def anspruch_person(
    ctx: Kontext,
    w: Werte,
    anteil: Decimal,
    summe_u: Decimal,
    tage: int,
    summe_u_text: str | None = None,
) -> None:
    """S10 + S13 for one member: the share split by § 19 Abs. 3 (income covers Regel- and
    Mehrbedarf first), then prorated to the entitlement days (§ 41 Abs. 1).
    ``summe_u_text``: ``eur(summe_u)``, if the caller has formatted it once for the unit."""
    monat_tage = ctx.p.monat_tage
    davon_rmb, davon_kdu = aufteilen(anteil, w.bedarf, w.regelbedarf + w.mehrbedarf)
    w.anspruch, w.davon_rmb, w.davon_kdu = teilmonat_anteile(anteil, davon_kdu, tage, monat_tage)
    if summe_u > 0:
        w.pos.append(
            neue_position(
                (
                    w.person.id,
                    "anteil_bedarf",
                    w.ungedeckt,
                    "§ 9 Abs. 2 S. 3 SGB II",
                    "Anteil am ungedeckten Bedarf "
                    f"{eur(w.ungedeckt)} von {summe_u_text or eur(summe_u)}",
                )
            )
        )
    if tage < monat_tage:
        w.pos.append(
            neue_position(
                (
                    w.person.id,
                    "anspruch_monat",
                    anteil,
                    "§ 9 Abs. 2 S. 3, § 19 SGB II",
                    "Anspruch für den vollen Monat",
                )
            )
        )
        w.pos.append(
            neue_position(
                (
                    w.person.id,
                    "anspruch",
                    w.anspruch,
                    "§ 41 Abs. 1 SGB II",
                    f"Anspruch im Teilmonat ({tage}/{monat_tage} Tage)",
                )
            )
        )
    else:
        w.pos.append(
            neue_position(
                (w.person.id, "anspruch", w.anspruch, "§ 9 Abs. 2 S. 3, § 19 SGB II", "Anspruch")
            )
        )
    w.pos.append(
        neue_position(
            (
                w.person.id,
                "davon_regel_und_mehrbedarf",
                w.davon_rmb,
                "§ 19 Abs. 3 SGB II",
                "davon Regel- und Mehrbedarf",
            )
        )
    )
    w.pos.append(
        neue_position(
            (
                w.person.id,
                "davon_kdu",
                w.davon_kdu,
                "§ 19 Abs. 3 SGB II",
                "davon Bedarfe für Unterkunft und Heizung",
            )
        )
    )
