"""S4 — Bedarfe für Unterkunft und Heizung (§ 22): the recognised rent and heating of the
dwelling (Karenzzeit § 22 Abs. 1 S. 2 with the transitional rule of § 65 Abs. 3,
Angemessenheitsgrenze and Kostensenkungsfrist § 22 Abs. 1 S. 1, 7) and each person's
Kopfteil."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_DOWN, Decimal

from ..model import Hinweis, InternerHinweis, Position, Unterkunft
from ..params import ERSTER_MONAT, Parameters
from .basis import (
    CENT,
    ZERO,
    Kontext,
    Werte,
    eur,
    eur_en,
    monat_text,
    monate_zwischen,
    plus_monate,
    r2,
)


# --------------------------------------------------------------------------- rules
def karenz_beginn(leistungsbeginn: dt.date) -> dt.date:
    """Start of both Karenzzeiten: Leistungsbeginn, at the earliest 2023-01-01 (the
    Bürgergeld-Gesetz let the Karenzzeiten of running cases start on 1 January 2023)."""
    return max(leistungsbeginn, ERSTER_MONAT)


def kdu_karenz_aktiv(
    monat: dt.date, leistungsbeginn: dt.date, frist_ende: dt.date | None, p: Parameters
) -> bool:
    """Karenzzeit for the rent in month ``monat`` (§ 22 Abs. 1 S. 2).

    Months 1-12 from :func:`karenz_beginn`.  Transitional rule (§ 65 Abs. 3): no Karenzzeit
    for a case receiving benefits before 2023 whose Kostensenkungsfrist had already ended
    before 2023 (only the angemessene costs were being paid).
    """
    if leistungsbeginn < ERSTER_MONAT and frist_ende is not None and frist_ende < ERSTER_MONAT:
        return False
    return monate_zwischen(karenz_beginn(leistungsbeginn), monat) < p.kdu_karenz_monate


def unterkunft_anerkannt(
    u: Unterkunft, monat: dt.date, beginn: dt.date, p: Parameters
) -> tuple[Decimal, Decimal, list[str], bool]:
    """Recognised (rent, heating) for the whole dwelling, notes, and 'unangemessen' flag."""
    hinweise: list[str] = []
    miete, miete_unangemessen = miete_anerkannt(u, monat, beginn, p, hinweise)
    heizung, heizung_unangemessen = heizung_anerkannt(u, monat, beginn, p, hinweise)
    return miete, heizung, hinweise, miete_unangemessen or heizung_unangemessen


def miete_anerkannt(
    u: Unterkunft, monat: dt.date, beginn_bezug: dt.date, p: Parameters, hinweise: list[str]
) -> tuple[Decimal, bool]:
    """§ 22 Abs. 1 S. 1, 2, 7: the recognised rent (bruttokalt) of the dwelling and whether
    it is unangemessen; notes are appended to ``hinweise``."""
    unangemessen = False
    beginn = karenz_beginn(beginn_bezug)
    seit = monate_zwischen(beginn, monat)
    miete = u.bruttokaltmiete
    grenze = u.angemessenheitsgrenze_bruttokalt
    karenz = kdu_karenz_aktiv(monat, beginn_bezug, u.kostensenkung_frist_ende, p)
    if not karenz and seit < p.kdu_karenz_monate:
        hinweise.append(
            Hinweis(
                "Keine Karenzzeit für die Unterkunftskosten: schon vor 2023 wurden nach einer "
                "Kostensenkung nur die angemessenen Kosten anerkannt (§ 65 Abs. 3 SGB II).",
                "No grace period for the housing costs: already before 2023 only the reasonable "
                "costs were recognised after a cost reduction (§ 65 (3) SGB II).",
            )
        )
    if karenz:
        karenz_ende = plus_monate(beginn, p.kdu_karenz_monate - 1)
        hinweise.append(
            Hinweis(
                f"Karenzzeit für die Unterkunftskosten bis einschließlich "
                f"{monat_text(karenz_ende)}: tatsächliche Aufwendungen werden anerkannt (§ 22 "
                "Abs. 1 S. 2 SGB II).",
                f"Grace period for the housing costs up to and including "
                f"{monat_text(karenz_ende)}: the actual costs are recognised (§ 22 (1) sentence "
                "2 SGB II).",
            )
        )
        anerkannt = miete
        if p.kdu_karenz_deckel_faktor is not None and grenze is not None:
            deckel = r2(grenze * p.kdu_karenz_deckel_faktor)
            if miete > deckel:
                anerkannt = deckel
                unangemessen = True
                hinweise.append(
                    InternerHinweis(
                        "Unterkunftskosten in der Karenzzeit auf das "
                        f"{str(p.kdu_karenz_deckel_faktor).replace('.', ',')}-fache der "
                        f"Angemessenheitsgrenze ({eur(deckel)}) begrenzt; Ausnahmen "
                        "(unvermeidbare Kosten, Kinder in der Bedarfsgemeinschaft) sind zu "
                        "prüfen.",
                        "Housing costs in the grace period capped at "
                        f"{p.kdu_karenz_deckel_faktor} times the reasonableness limit "
                        f"({eur_en(deckel)}); check the exceptions (unavoidable costs, children "
                        "in the benefit unit).",
                    )
                )
    elif grenze is None:
        anerkannt = miete
        hinweise.append(
            InternerHinweis(
                "Keine Angemessenheitsgrenze angegeben: die tatsächlichen Unterkunftskosten "
                "wurden anerkannt.",
                "No reasonableness limit given: the actual housing costs were recognised.",
            )
        )
    elif miete <= grenze:
        anerkannt = miete
    else:
        unangemessen = True
        frist = u.kostensenkung_frist_ende or plus_monate(
            beginn, p.kdu_karenz_monate + p.kdu_kostensenkung_monate - 1
        )
        if monat <= frist:
            anerkannt = miete
            hinweise.append(
                Hinweis(
                    f"Unterkunftskosten über der Angemessenheitsgrenze ({eur(grenze)}): während "
                    f"der Kostensenkungsfrist bis {monat_text(frist)} werden die tatsächlichen "
                    "Kosten anerkannt (§ 22 Abs. 1 S. 7 SGB II).",
                    f"Housing costs above the reasonableness limit ({eur_en(grenze)}): during the "
                    f"cost reduction period until {monat_text(frist)} the actual costs are "
                    "recognised (§ 22 (1) sentence 7 SGB II).",
                )
            )
        else:
            anerkannt = grenze
            hinweise.append(
                Hinweis(
                    f"Kostensenkungsfrist abgelaufen ({monat_text(frist)}): Unterkunftskosten nur "
                    f"bis zur Angemessenheitsgrenze von {eur(grenze)} anerkannt (§ 22 Abs. 1 S. 1 "
                    "SGB II).",
                    f"Cost reduction period over ({monat_text(frist)}): housing costs recognised "
                    f"only up to the reasonableness limit of {eur_en(grenze)} (§ 22 (1) sentence "
                    "1 SGB II).",
                )
            )
    return anerkannt, unangemessen


def heizung_anerkannt(
    u: Unterkunft, monat: dt.date, beginn_bezug: dt.date, p: Parameters, hinweise: list[str]
) -> tuple[Decimal, bool]:
    """§ 22 Abs. 1 S. 1, 7: the recognised heating costs and whether they are unangemessen
    (actual costs until the end of the Kostensenkungsfrist, then none here)."""
    heizung = u.heizkosten
    if u.heizkosten_angemessen or heizung <= 0:
        return heizung, False
    frist_h = u.kostensenkung_frist_ende or plus_monate(
        beginn_bezug, p.kdu_kostensenkung_monate - 1
    )
    if monat <= frist_h:
        hinweise.append(
            Hinweis(
                "Heizkosten unangemessen: während der Kostensenkungsfrist bis "
                f"{monat_text(frist_h)} werden die tatsächlichen Heizkosten anerkannt (§ 22 Abs. "
                "1 S. 7 SGB II).",
                "Heating costs unreasonable: during the cost reduction period until "
                f"{monat_text(frist_h)} the actual heating costs are recognised (§ 22 (1) "
                "sentence 7 SGB II).",
            )
        )
    else:
        heizung = ZERO
        hinweise.append(
            InternerHinweis(
                "Heizkosten unangemessen und Kostensenkungsfrist abgelaufen: nur angemessene "
                "Heizkosten sind zu übernehmen; bitte den angemessenen Betrag als heizkosten "
                "angeben (hier nicht anerkannt).",
                "Heating costs unreasonable and cost reduction period over: only reasonable "
                "heating costs are covered; enter the reasonable amount as heizkosten (not "
                "recognised here).",
            )
        )
    return heizung, True


def kopfteile(gesamt: Decimal, koepfe: int) -> tuple[Decimal, Decimal]:
    """(share, last share): r2(gesamt / koepfe) each, remainder on the last head."""
    if koepfe <= 1:
        return gesamt, gesamt
    anteil = r2(gesamt / koepfe)
    if anteil * (koepfe - 1) > gesamt:  # only for totals of a few cents: never negative
        anteil = (gesamt / koepfe).quantize(CENT, rounding=ROUND_DOWN)
    return anteil, gesamt - anteil * (koepfe - 1)


# --------------------------------------------------------------------------- S4
def unterkunft_und_heizung(ctx: Kontext, ws: list[Werte]) -> None:
    """S4: the dwelling's recognised costs (a shortened Bewilligungszeitraum if they are
    unangemessen, § 41 Abs. 3 S. 2) and each candidate's Kopfteil of rent and heating."""
    u, p, req = ctx.req.unterkunft, ctx.p, ctx.req
    miete, heizung, notes, unangemessen = unterkunft_anerkannt(u, req.monat, req.leistungsbeginn, p)
    ctx.hinweise.extend(notes)
    ctx.verkuerzt = ctx.verkuerzt or unangemessen
    koepfe = u.personen_im_haushalt or len(ws)
    if u.bruttokaltmiete or u.heizkosten:
        ctx.bg_pos.append(
            Position(
                None,
                "kdu_unterkunft_anerkannt",
                miete,
                "§ 22 Abs. 1 SGB II",
                f"Anerkannte Unterkunftskosten (bruttokalt) der Wohnung, "
                f"tatsächlich {eur(u.bruttokaltmiete)}, {koepfe} Person(en)",
            )
        )
        ctx.bg_pos.append(
            Position(
                None,
                "kdu_heizung_anerkannt",
                heizung,
                "§ 22 Abs. 1 SGB II",
                f"Anerkannte Heizkosten der Wohnung, tatsächlich {eur(u.heizkosten)}",
            )
        )
    m_anteil, m_letzter = kopfteile(miete, koepfe)
    h_anteil, h_letzter = kopfteile(heizung, koepfe)
    for w in ws:
        if not w.kandidat:
            continue
        letzter = w.index == koepfe - 1
        mu = m_letzter if letzter else m_anteil
        hz = h_letzter if letzter else h_anteil
        w.kdu_unterkunft = mu
        w.kdu = mu + hz
        if mu or hz:
            w.pos.append(
                Position(
                    w.person.id,
                    "kdu_unterkunft",
                    mu,
                    "§ 22 Abs. 1 SGB II",
                    f"Kopfteil Unterkunft (1/{koepfe})",
                )
            )
            w.pos.append(
                Position(
                    w.person.id,
                    "kdu_heizung",
                    hz,
                    "§ 22 Abs. 1 SGB II",
                    f"Kopfteil Heizung (1/{koepfe})",
                )
            )
