"""Scalar SGB II pipeline for one Bedarfsgemeinschaft (BG) and one month.

Step list (the batch path mirrors these steps one by one; ``r2`` = round to cents with
ROUND_HALF_UP, § 41 Abs. 2 SGB II).  All amounts are ``Decimal`` euros.

S1  ``alter_am``, ``regelaltersgrenze_ueberschritten``, ``regelbedarfsstufe``: age in
    completed years on the 1st of the month (a birthday inside the month takes effect next
    month; a child born in the month counts as 0); Regelaltersgrenze
    (§ 7a, month-exact); erwerbsfähig (explicit flag, else 15 <= age < Regelaltersgrenze;
    always false under 15); BG candidate (antragsteller/partner below the Regelaltersgrenze;
    kind under 25 below it; sonstige never); RBS (§ 20 Abs. 2-4, § 23 Nr. 1).  No BG if no
    candidate is erwerbsfähig.  No rounding.
S2  RB_i = table[RBS_i] (whole euros).
S3  ``mehrbedarf_alleinerziehend_anteil`` and the other lines: each line r2(pct × base)
    (base RB_i; Alleinerziehende: RBS 1);
    § 21 Abs. 8 cap on Abs. 2-5 (+ § 23 Nr. 4) at RB_i as a negative line; Abs. 6/6a actual;
    Abs. 7 warm water r2(pct[RBS] × RB_i).  MB_i = sum of lines.
S4  ``unterkunft_anerkannt`` / ``kopfteile``: recognised dwelling rent and heating (Karenzzeit
    per ``kdu_karenz_aktiv``: 12 months from max(Leistungsbeginn, 2023-01), none for a pre-2023
    case whose Kostensenkungsfrist ended before 2023 (§ 65 Abs. 3),
    Angemessenheitsgrenze after Karenzzeit + Kostensenkungsfrist, 2026-07 cap
    r2(1.5 × Grenze) in the Karenzzeit, heating), then shares r2(total / n_heads) with the
    rounding remainder on the last head (heads = listed persons in order, then unlisted
    residents), separately for rent and heating (if the half-up shares of the first heads
    would exceed the total — totals of a few cents only — the shares are cut down to the
    cent instead, so the last share is never negative).  KdU_i = rent share + heating share.
S5  Bedarf B_i = RB_i + MB_i + KdU_i.
S6  ``erwerbstaetigenfreibetrag``: earnings summed per person; Grundfreibetrag
    min(brutto, 100) or § 11b Abs. 2b min(brutto, Geringfügigkeitsgrenze); each
    Erwerbstätigenfreibetrag band r2(rate × part); countable = max(0, netto − sum).
    Other income (Unterhalt, UVG, sonstiges; Kindergeld of a non-child): adults (18+)
    without earnings deduct the Versicherungspauschale min(30, income), first from other
    income, then from Kindergeld.
S7  ``kind_vertikal``: child's own countable income first, then Kindergeld up to the rest
    of its need; surplus Kindergeld = Kindergeldübertrag to the recipient (if an adult BG
    member); own income + Kindergeld >= B_i → child leaves the BG (§ 7 Abs. 3 Nr. 4).
    U_i = max(0, B_i − own − Kindergeld used).  Then the adults' other income gets the
    Pauschale including any Übertrag received.  Adults: U_i = B_i.
S8  ``vermoegensfreibetrag``: BG assets vs. allowance; exceeded → all zero.
S9  ``verteilen``: E = adults' countable income; A = max(0, ΣU − E);
    A_i = r2(U_i × A / ΣU), remainder cents to the largest U_i (first in list order, never
    above U_i).
S10 ``aufteilen`` (§ 19 Abs. 3): covered = B_i − A_i, first on RB+MB, then KdU.
S11 ``sofortzuschlag_berechtigt`` (§ 72): children under 25 with RBS 3-6 whose claim
    exists or fails only because of Kindergeld; full amount, never prorated.
S12 ``minderung_prozent``, ``minderung``: r2(pct × RB_i) (pct capped by regime), at most
    the (prorated) Regel-/Mehrbedarf part of the claim, never KdU.
S13 ``teilmonat_tage``, ``teilmonat_anteile`` (§ 41 Abs. 1): days on a 30-day month;
    anspruch = r2(A_i × days / 30), davon_kdu = r2(KdU part × days / 30),
    davon_regel = anspruch − davon_kdu; minderung r2(M × days / 30).
S14 Zahlbetrag = anspruch + Sofortzuschlag − Minderung; totals are sums of the persons.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from functools import lru_cache

from .model import (
    ERWERBS_ARTEN,
    Hinweis,
    InternerHinweis,
    Person,
    PersonErgebnis,
    Position,
    Request,
    Result,
    Summe,
    Unterkunft,
)
from .params import ERSTER_MONAT, Parameters, parameters_for

__all__ = [
    "berechnen",
    "r2",
    "alter_am",
    "regelaltersgrenze_ueberschritten",
    "regelbedarfsstufe",
    "mehrbedarf_alleinerziehend_anteil",
    "erwerbstaetigenfreibetrag",
    "kopfteile",
    "verteilen",
    "teilmonat_tage",
    "teilmonat_anteile",
    "kind_vertikal",
    "aufteilen",
    "sofortzuschlag_berechtigt",
    "minderung_prozent",
    "minderung",
    "kdu_karenz_aktiv",
    "karenz_beginn",
    "unterkunft_anerkannt",
    "vermoegensfreibetrag",
]

ZERO = Decimal(0)
CENT = Decimal("0.01")
HUNDRED = Decimal(100)


def r2(x: Decimal) -> Decimal:
    """Round to cents, half up (§ 41 Abs. 2 SGB II)."""
    return x.quantize(CENT, rounding=ROUND_HALF_UP)


@lru_cache(maxsize=8192)
def eur_en(x: Decimal) -> str:
    """English money format: €1,234.56 (-€84.00)."""
    return ("-" if x < 0 else "") + f"€{abs(x):,.2f}"


def eur(x: Decimal) -> str:
    """German money format: 1.234,56 €."""
    if -1000 < x < 1000:
        return f"{x:.2f}".replace(".", ",") + " €"
    s = f"{x:,.2f}"
    return s.replace(",", "X").replace(".", ",").replace("X", ".") + " €"


@lru_cache(maxsize=256)
def _pct(x: Decimal) -> str:
    s = f"{(x * HUNDRED).normalize():f}"
    return s.replace(".", ",") + " %"


def _monat(d: dt.date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def _monate_zwischen(von: dt.date, bis: dt.date) -> int:
    return (bis.year - von.year) * 12 + bis.month - von.month


def _plus_monate(d: dt.date, n: int) -> dt.date:
    total = d.year * 12 + d.month - 1 + n
    return dt.date(total // 12, total % 12 + 1, 1)


# --------------------------------------------------------------------------- S1
def alter_am(geburtsdatum: dt.date, stichtag: dt.date) -> int:
    """Completed years on ``stichtag``; 0 for a child born after it (born in the month)."""
    a = (
        stichtag.year
        - geburtsdatum.year
        - ((stichtag.month, stichtag.day) < (geburtsdatum.month, geburtsdatum.day))
    )
    return max(0, a)


def regelaltersgrenze_ueberschritten(geburtsdatum: dt.date, monat: dt.date, p: Parameters) -> bool:
    """§ 7a: the limit is reached at the end of the month of the birthday (+ months)."""
    jahre, monate = p.rag_ab_1964
    if geburtsdatum.year > p.rag_tabelle[-1][0]:
        return (
            monat > dt.date(geburtsdatum.year + jahre, geburtsdatum.month, 1)
            if not monate
            else monat
            > _plus_monate(dt.date(geburtsdatum.year + jahre, geburtsdatum.month, 1), monate)
        )
    if geburtsdatum.year < p.rag_tabelle[0][0]:
        jahre, monate = p.rag_tabelle[0][1], p.rag_tabelle[0][2]
    else:
        for jahr, j, m in p.rag_tabelle:
            if geburtsdatum.year == jahr:
                jahre, monate = j, m
                break
    grenze_monat = _plus_monate(dt.date(geburtsdatum.year + jahre, geburtsdatum.month, 1), monate)
    return monat > grenze_monat


def regelbedarfsstufe(rolle: str, alter: int, partner_vorhanden: bool, partner_alter: int) -> int:
    """RBS by role and age (§ 20 Abs. 2-4, § 23 Nr. 1)."""
    if rolle == "kind":
        if alter >= 18:
            return 3
        if alter >= 14:
            return 4
        if alter >= 6:
            return 5
        return 6
    if alter < 18:
        # A minor with a partner: RBS 4 (§ 20 Abs. 2 S. 2 Nr. 1); a minor who lives alone as
        # the BG's only adult member is "alleinstehend": RBS 1 (§ 20 Abs. 2 S. 1).
        return 4 if partner_vorhanden else 1
    if partner_vorhanden and partner_alter >= 18:
        return 2
    return 1


# --------------------------------------------------------------------------- S3
def mehrbedarf_alleinerziehend_anteil(alter_kinder: list[int], p: Parameters) -> Decimal:
    """§ 21 Abs. 3: share of RBS 1 for the minor children living with the single parent."""
    minderjaehrig = [a for a in alter_kinder if a < 18]
    if not minderjaehrig:
        return ZERO
    unter16 = sum(1 for a in minderjaehrig if a < 16)
    erhoeht = p.mb_ae_erhoeht if (any(a < 7 for a in minderjaehrig) or 2 <= unter16 <= 3) else ZERO
    return min(p.mb_ae_max, max(erhoeht, p.mb_ae_je_kind * len(minderjaehrig)))


# --------------------------------------------------------------------------- S4
def kopfteile(gesamt: Decimal, koepfe: int) -> tuple[Decimal, Decimal]:
    """(share, last share): r2(gesamt / koepfe) each, remainder on the last head."""
    if koepfe <= 1:
        return gesamt, gesamt
    anteil = r2(gesamt / koepfe)
    if anteil * (koepfe - 1) > gesamt:  # only for totals of a few cents: never negative
        anteil = (gesamt / koepfe).quantize(CENT, rounding=ROUND_DOWN)
    return anteil, gesamt - anteil * (koepfe - 1)


# --------------------------------------------------------------------------- S6
def erwerbstaetigenfreibetrag(
    brutto: Decimal, p: Parameters, *, mit_kind: bool, ausbildung_u25: bool
) -> list[tuple[str, Decimal, Decimal, Decimal | None, Decimal]]:
    """Freibetrag lines on gross earnings: (kind, amount, band from, band to, rate).

    kind is "grundfreibetrag", "freibetrag_ausbildung" (§ 11b Abs. 2b) or
    "erwerbstaetigenfreibetrag" (one line per band of § 11b Abs. 3).
    """
    cap = p.etf_obergrenze_mit_kind if mit_kind else p.etf_obergrenze
    lines: list[tuple[str, Decimal, Decimal, Decimal | None, Decimal]] = []
    untergrenze = ZERO
    if ausbildung_u25 and p.freibetrag_u25_ausbildung is not None:
        g = p.freibetrag_u25_ausbildung
        lines.append(("freibetrag_ausbildung", min(brutto, g), ZERO, g, ZERO))
        untergrenze = g
    else:
        lines.append(
            ("grundfreibetrag", min(brutto, p.grundfreibetrag), ZERO, p.grundfreibetrag, ZERO)
        )
    for a, b, rate in p.etf_stufen:
        oben = cap if b is None else b
        unten = max(a, untergrenze)
        teil = min(brutto, oben) - unten
        if teil > 0:
            lines.append(("erwerbstaetigenfreibetrag", r2(teil * rate), unten, oben, rate))
    return lines


# --------------------------------------------------------------------------- S9
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


# --------------------------------------------------------------------------- S7
def kind_vertikal(
    bedarf: Decimal, eigen: Decimal, kindergeld: Decimal
) -> tuple[Decimal, Decimal, Decimal, bool]:
    """Child's own income first, then Kindergeld up to the rest of its need.

    Returns (Kindergeld used, Kindergeldübertrag, uncovered need, still in the BG).
    """
    genutzt = min(kindergeld, max(ZERO, bedarf - eigen))
    return (
        genutzt,
        kindergeld - genutzt,
        max(ZERO, bedarf - eigen - genutzt),
        eigen + kindergeld < bedarf,
    )


# --------------------------------------------------------------------------- S10
def aufteilen(
    anspruch: Decimal, bedarf: Decimal, regel_und_mehrbedarf: Decimal
) -> tuple[Decimal, Decimal]:
    """§ 19 Abs. 3: income covers Regel-/Mehrbedarf first, then KdU → (RB+MB part, KdU part)."""
    gedeckt = bedarf - anspruch
    davon_rmb = min(anspruch, max(ZERO, regel_und_mehrbedarf - gedeckt))
    return davon_rmb, anspruch - davon_rmb


# --------------------------------------------------------------------------- S11
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


# --------------------------------------------------------------------------- S12
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


# --------------------------------------------------------------------------- S13
def teilmonat_anteile(
    anspruch: Decimal, davon_kdu: Decimal, tage: int, monat_tage: int
) -> tuple[Decimal, Decimal, Decimal]:
    """(anspruch, davon RB+MB, davon KdU) for ``tage`` of a 30-day month."""
    if tage >= monat_tage:
        return anspruch, anspruch - davon_kdu, davon_kdu
    a_t = r2(anspruch * tage / monat_tage)
    kdu_t = r2(davon_kdu * tage / monat_tage)
    return a_t, a_t - kdu_t, kdu_t


# --------------------------------------------------------------------------- S13
def teilmonat_tage(monat: dt.date, von: dt.date | None, bis: dt.date | None) -> int:
    """Entitlement days on the 30-day month (§ 41 Abs. 1 S. 3).

    Start on day d counts from min(d, 30) (the 16th → 15 days, the 31st → 1 day, 15 February
    → 16 days); an end on the last calendar day counts to day 30, an earlier end on day d
    to min(d, 30).
    """
    if von is None and bis is None:
        return 30
    erster = 1 if von is None else min(von.day, 30)
    naechster = _plus_monate(monat, 1)
    letzter_kalendertag = (naechster - dt.timedelta(days=1)).day
    if bis is None or bis.day == letzter_kalendertag:
        letzter = 30
    else:
        letzter = min(bis.day, 30)
    return max(1, letzter - erster + 1)


# --------------------------------------------------------------------------- state
@dataclass(slots=True)
class _W:
    """Working values for one person (internal, mutable, one per person and call)."""

    person: Person
    index: int
    alter: int
    erwerbsfaehig: bool
    sgb12: bool
    kandidat: bool
    rbs: int | None = None
    in_bg: bool = False
    regelbedarf: Decimal = ZERO
    mehrbedarf: Decimal = ZERO
    kdu: Decimal = ZERO
    kdu_unterkunft: Decimal = ZERO
    bedarf: Decimal = ZERO
    erwerb_anrechenbar: Decimal = ZERO
    erwerbstaetig: bool = False
    sonstiges: Decimal = ZERO  # other non-earned income before the Pauschale
    kindergeld: Decimal = ZERO
    uebertrag_erhalten: Decimal = ZERO
    eigen_ohne_kg: Decimal = ZERO
    kg_genutzt: Decimal = ZERO
    kg_uebertrag: Decimal = ZERO
    einkommen: Decimal = ZERO  # countable income shown in the result
    ungedeckt: Decimal = ZERO
    anspruch: Decimal = ZERO
    davon_rmb: Decimal = ZERO
    davon_kdu: Decimal = ZERO
    sofortzuschlag: Decimal = ZERO
    minderung: Decimal = ZERO
    pos: list[Position] = field(default_factory=list)


class _Ctx:
    __slots__ = ("p", "req", "hinweise", "bg_pos", "verkuerzt")

    def __init__(self, p: Parameters, req: Request) -> None:
        self.p = p
        self.req = req
        self.hinweise: list[str] = []
        self.bg_pos: list[Position] = []
        self.verkuerzt = False


# --------------------------------------------------------------------------- S1 driver
def _stammdaten(ctx: _Ctx) -> list[_W]:
    p, req = ctx.p, ctx.req
    ws: list[_W] = []
    for i, person in enumerate(req.personen):
        alter = alter_am(person.geburtsdatum, req.monat)
        if person.geburtsdatum > req.monat:
            ctx.hinweise.append(
                InternerHinweis(
                    f"{person.id} ist im berechneten Monat geboren und wird für den ganzen Monat "
                    "mit Alter 0 berücksichtigt (taggenaue Aufteilung nicht modelliert).",
                    f"{person.id} is born in the month calculated and counts as aged 0 for the "
                    "whole month (a split by days is not modelled).",
                )
            )
        sgb12 = regelaltersgrenze_ueberschritten(person.geburtsdatum, req.monat, p)
        ef = person.erwerbsfaehig
        if ef is None:
            ef = alter >= p.erwerbsfaehig_ab_alter and not sgb12
        ef = bool(ef) and alter >= p.erwerbsfaehig_ab_alter and not sgb12
        if person.rolle in ("antragsteller", "partner"):
            kandidat = not sgb12
        elif person.rolle == "kind":
            kandidat = alter < 25 and not sgb12
            if alter >= 25:
                ctx.hinweise.append(
                    Hinweis(
                        f"{person.id} ist 25 Jahre oder älter und gehört nicht zur "
                        "Bedarfsgemeinschaft der Eltern (§ 7 Abs. 3 Nr. 4 SGB II).",
                        f"{person.id} is 25 or older and is not part of the parents' benefit unit "
                        "(§ 7 (3) no. 4 SGB II).",
                    )
                )
        else:
            kandidat = False
        if sgb12:
            ctx.hinweise.append(
                Hinweis(
                    f"{person.id} hat die Altersgrenze nach § 7a SGB II erreicht: Leistungen nach "
                    "dem SGB XII (gemischte Bedarfsgemeinschaft); Bedarf und Einkommen bleiben "
                    "hier unberücksichtigt.",
                    f"{person.id} has reached the age limit of § 7a SGB II: benefits under SGB "
                    "XII (mixed benefit unit); needs and income are not counted here.",
                )
            )
        ws.append(_W(person, i, alter, ef, sgb12, kandidat))
    if not any(w.kandidat and w.erwerbsfaehig for w in ws):
        for w in ws:
            w.kandidat = False
        ctx.hinweise.append(
            InternerHinweis(
                "Keine erwerbsfähige leistungsberechtigte Person: kein Anspruch nach dem SGB II "
                "(ggf. Leistungen nach dem SGB XII prüfen).",
                "No beneficiary able to work: no entitlement under SGB II (check benefits under "
                "SGB XII where applicable).",
            )
        )
    paar = [w for w in ws if w.person.rolle in ("antragsteller", "partner")]
    partner_vorhanden = len(paar) == 2
    for w in ws:
        if w.person.rolle == "sonstige":
            continue
        partner_alter = 0
        if partner_vorhanden and w.person.rolle != "kind":
            partner_alter = next(x.alter for x in paar if x is not w)
        w.rbs = regelbedarfsstufe(w.person.rolle, w.alter, partner_vorhanden, partner_alter)
    return ws


def _eltern(w: _W, ws: list[_W]) -> tuple[str, ...]:
    if w.person.eltern:
        return w.person.eltern
    return tuple(x.person.id for x in ws if x.person.rolle in ("antragsteller", "partner"))


# --------------------------------------------------------------------------- S2 + S3
def _regel_und_mehrbedarf(ctx: _Ctx, w: _W, ws: list[_W], partner_vorhanden: bool) -> None:
    p = ctx.p
    assert w.rbs is not None
    rb = p.regelbedarf[w.rbs]
    w.regelbedarf = rb
    rg_rb = "§ 20 SGB II" if w.erwerbsfaehig else "§ 23 Nr. 1 SGB II"
    w.pos.append(Position(w.person.id, "regelbedarf", rb, rg_rb, f"Regelbedarf Stufe {w.rbs}"))
    gedeckelt = ZERO  # Abs. 2-5 (+ § 23 Nr. 4), capped by Abs. 8
    person = w.person
    ssw = person.schwangerschaftswoche
    if ssw is not None and ssw >= p.mb_schwangerschaft_ab_woche:
        b = r2(rb * p.mb_schwangerschaft)
        gedeckelt += b
        w.pos.append(
            Position(
                w.person.id,
                "mehrbedarf_schwangerschaft",
                b,
                "§ 21 Abs. 2 SGB II",
                f"Mehrbedarf Schwangerschaft ({_pct(p.mb_schwangerschaft)} des Regelbedarfs, "
                f"{ssw}. Schwangerschaftswoche)",
            )
        )
    # Alleinerziehende (§ 21 Abs. 3)
    hat_partner = partner_vorhanden and person.rolle in ("antragsteller", "partner")
    if not hat_partner:
        kinder_alter = [
            x.alter for x in ws if x.person.rolle == "kind" and person.id in _eltern(x, ws)
        ]
        anteil = mehrbedarf_alleinerziehend_anteil(kinder_alter, p)
        if anteil > 0:
            b = r2(anteil * p.regelbedarf[1])
            gedeckelt += b
            n = sum(1 for a in kinder_alter if a < 18)
            w.pos.append(
                Position(
                    w.person.id,
                    "mehrbedarf_alleinerziehend",
                    b,
                    "§ 21 Abs. 3 SGB II",
                    f"Mehrbedarf für Alleinerziehende ({_pct(anteil)} der Regelbedarfsstufe 1, "
                    f"{n} minderjährige(s) Kind(er))",
                )
            )
    arten = {m.art for m in person.mehrbedarfe}
    for m in person.mehrbedarfe:
        if m.art == "behinderung":
            if w.erwerbsfaehig or w.alter >= 15:
                b = r2(rb * p.mb_behinderung)
                gedeckelt += b
                rg = "§ 21 Abs. 4 SGB II" if w.erwerbsfaehig else "§ 23 Nr. 2 SGB II"
                w.pos.append(
                    Position(
                        w.person.id,
                        "mehrbedarf_behinderung",
                        b,
                        rg,
                        f"Mehrbedarf bei Behinderung ({_pct(p.mb_behinderung)} des Regelbedarfs)",
                    )
                )
            else:
                ctx.hinweise.append(
                    Hinweis(
                        f"{person.id}: Mehrbedarf bei Behinderung erst ab 15 Jahren (§ 23 Nr. 2 "
                        "SGB II); nicht berücksichtigt.",
                        f"{person.id}: additional needs for disability only from age 15 (§ 23 no. "
                        "2 SGB II); not counted.",
                    )
                )
        elif m.art == "merkzeichen_g":
            if not w.erwerbsfaehig and w.alter >= 15 and "behinderung" not in arten:
                b = r2(rb * p.mb_merkzeichen_g)
                gedeckelt += b
                w.pos.append(
                    Position(
                        w.person.id,
                        "mehrbedarf_merkzeichen_g",
                        b,
                        "§ 23 Nr. 4 SGB II",
                        f"Mehrbedarf Merkzeichen G ({_pct(p.mb_merkzeichen_g)} des Regelbedarfs)",
                    )
                )
            else:
                ctx.hinweise.append(
                    Hinweis(
                        f"{person.id}: Mehrbedarf Merkzeichen G nur für nicht erwerbsfähige "
                        "Personen ab 15 ohne Mehrbedarf bei Behinderung (§ 23 Nr. 4 SGB II); "
                        "nicht berücksichtigt.",
                        f"{person.id}: additional needs for the G marker only for persons unable "
                        "to work aged 15 or over without additional needs for disability (§ 23 "
                        "no. 4 SGB II); not counted.",
                    )
                )
        elif m.art == "ernaehrung":
            b = m.betrag or ZERO
            gedeckelt += b
            w.pos.append(
                Position(
                    w.person.id,
                    "mehrbedarf_ernaehrung",
                    b,
                    "§ 21 Abs. 5 SGB II",
                    "Mehrbedarf für kostenaufwändige Ernährung (angegebener Betrag)",
                )
            )
    if gedeckelt > rb:
        kuerzung = gedeckelt - rb
        gedeckelt = rb
        w.pos.append(
            Position(
                w.person.id,
                "mehrbedarf_kappung",
                -kuerzung,
                "§ 21 Abs. 8 SGB II",
                "Kürzung: Mehrbedarfe nach § 21 Abs. 2 bis 5 höchstens in Höhe des Regelbedarfs",
            )
        )
    mb = gedeckelt
    for m in person.mehrbedarfe:
        if m.art == "unabweisbar":
            b = m.betrag or ZERO
            mb += b
            w.pos.append(
                Position(
                    w.person.id,
                    "mehrbedarf_unabweisbar",
                    b,
                    "§ 21 Abs. 6 SGB II",
                    "Unabweisbarer besonderer Bedarf (angegebener Betrag)",
                )
            )
        elif m.art == "schulbuecher":
            b = m.betrag or ZERO
            mb += b
            w.pos.append(
                Position(
                    w.person.id,
                    "mehrbedarf_schulbuecher",
                    b,
                    "§ 21 Abs. 6a SGB II",
                    "Mehrbedarf für Schulbücher und Arbeitshefte (angegebener Betrag)",
                )
            )
    if ctx.req.unterkunft.warmwasser == "dezentral":
        satz = p.mb_warmwasser[w.rbs]
        b = r2(rb * satz)
        mb += b
        w.pos.append(
            Position(
                w.person.id,
                "mehrbedarf_warmwasser",
                b,
                "§ 21 Abs. 7 SGB II",
                f"Mehrbedarf dezentrale Warmwassererzeugung ({_pct(satz)} des Regelbedarfs)",
            )
        )
    w.mehrbedarf = mb


# --------------------------------------------------------------------------- S4
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
    return _monate_zwischen(karenz_beginn(leistungsbeginn), monat) < p.kdu_karenz_monate


def unterkunft_anerkannt(
    u: Unterkunft, monat: dt.date, beginn: dt.date, p: Parameters
) -> tuple[Decimal, Decimal, list[str], bool]:
    """Recognised (rent, heating) for the whole dwelling, notes, and 'unangemessen' flag."""
    hinweise: list[str] = []
    unangemessen = False
    beginn_bezug = beginn
    beginn = karenz_beginn(beginn)
    seit = _monate_zwischen(beginn, monat)
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
        karenz_ende = _plus_monate(beginn, p.kdu_karenz_monate - 1)
        hinweise.append(
            Hinweis(
                f"Karenzzeit für die Unterkunftskosten bis einschließlich {_monat(karenz_ende)}: "
                "tatsächliche Aufwendungen werden anerkannt (§ 22 Abs. 1 S. 2 SGB II).",
                f"Grace period for the housing costs up to and including {_monat(karenz_ende)}: "
                "the actual costs are recognised (§ 22 (1) sentence 2 SGB II).",
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
        frist = u.kostensenkung_frist_ende or _plus_monate(
            beginn, p.kdu_karenz_monate + p.kdu_kostensenkung_monate - 1
        )
        if monat <= frist:
            anerkannt = miete
            hinweise.append(
                Hinweis(
                    f"Unterkunftskosten über der Angemessenheitsgrenze ({eur(grenze)}): während "
                    f"der Kostensenkungsfrist bis {_monat(frist)} werden die tatsächlichen Kosten "
                    "anerkannt (§ 22 Abs. 1 S. 7 SGB II).",
                    f"Housing costs above the reasonableness limit ({eur_en(grenze)}): during the "
                    f"cost reduction period until {_monat(frist)} the actual costs are recognised "
                    "(§ 22 (1) sentence 7 SGB II).",
                )
            )
        else:
            anerkannt = grenze
            hinweise.append(
                Hinweis(
                    f"Kostensenkungsfrist abgelaufen ({_monat(frist)}): Unterkunftskosten nur bis "
                    f"zur Angemessenheitsgrenze von {eur(grenze)} anerkannt (§ 22 Abs. 1 S. 1 SGB "
                    "II).",
                    f"Cost reduction period over ({_monat(frist)}): housing costs recognised only "
                    f"up to the reasonableness limit of {eur_en(grenze)} (§ 22 (1) sentence 1 SGB "
                    "II).",
                )
            )
    heizung = u.heizkosten
    if not u.heizkosten_angemessen and heizung > 0:
        unangemessen = True
        frist_h = u.kostensenkung_frist_ende or _plus_monate(
            beginn_bezug, p.kdu_kostensenkung_monate - 1
        )
        if monat <= frist_h:
            hinweise.append(
                Hinweis(
                    "Heizkosten unangemessen: während der Kostensenkungsfrist bis "
                    f"{_monat(frist_h)} werden die tatsächlichen Heizkosten anerkannt (§ 22 Abs. "
                    "1 S. 7 SGB II).",
                    "Heating costs unreasonable: during the cost reduction period until "
                    f"{_monat(frist_h)} the actual heating costs are recognised (§ 22 (1) "
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
    return anerkannt, heizung, hinweise, unangemessen


def _kdu(ctx: _Ctx, ws: list[_W]) -> None:
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


# --------------------------------------------------------------------------- S6
def _einkommen(ctx: _Ctx, w: _W, mit_kind: bool) -> None:
    p = ctx.p
    brutto = netto = ZERO
    for e in w.person.einkommen:
        if e.art in ERWERBS_ARTEN:
            brutto += e.brutto
            netto += e.netto
        elif e.art == "kindergeld" and w.person.rolle == "kind":
            w.kindergeld += p.kindergeld if e.betrag is None else e.betrag
        else:
            w.sonstiges += p.kindergeld if e.betrag is None else (e.betrag or ZERO)
            w.pos.append(
                Position(
                    w.person.id,
                    f"einkommen_{e.art}",
                    p.kindergeld if e.betrag is None else e.betrag,
                    "§ 11 SGB II",
                    _EINKOMMEN_TEXT[e.art],
                )
            )
    if w.kindergeld:
        w.pos.append(
            Position(
                w.person.id,
                "einkommen_kindergeld",
                w.kindergeld,
                "§ 11 Abs. 1 S. 5 SGB II",
                "Kindergeld (Einkommen des Kindes, soweit zur Deckung seines Bedarfs benötigt)",
            )
        )
    if brutto > 0 or netto > 0:
        w.erwerbstaetig = True
        ausbildung = w.person.in_ausbildung and w.alter < 25
        w.pos.append(
            Position(
                w.person.id,
                "erwerbseinkommen_brutto",
                brutto,
                "§ 11 SGB II",
                "Erwerbseinkommen brutto",
            )
        )
        w.pos.append(
            Position(
                w.person.id,
                "erwerbseinkommen_netto",
                netto,
                "§ 11b Abs. 1 S. 1 Nr. 1, 2 SGB II",
                "Erwerbseinkommen netto (nach Steuern und Sozialversicherung)",
            )
        )
        abzug = ZERO
        for art, betrag, von, bis, satz in erwerbstaetigenfreibetrag(
            brutto, p, mit_kind=mit_kind, ausbildung_u25=ausbildung
        ):
            abzug += betrag
            if art == "grundfreibetrag":
                w.pos.append(
                    Position(
                        w.person.id, art, -betrag, "§ 11b Abs. 2 S. 1 SGB II", "Grundfreibetrag"
                    )
                )
            elif art == "freibetrag_ausbildung":
                w.pos.append(
                    Position(
                        w.person.id,
                        art,
                        -betrag,
                        "§ 11b Abs. 2b SGB II",
                        "Freibetrag für Schüler, Studierende und Auszubildende unter 25 "
                        "(Geringfügigkeitsgrenze)",
                    )
                )
                if "einkommen" in p.vorlaeufig_themen:
                    ctx.hinweise.append(
                        InternerHinweis(
                            f"{w.person.id}: Freibetrag nach § 11b Abs. 2b SGB II in Höhe der "
                            f"Geringfügigkeitsgrenze ({eur(bis or ZERO)}) ist vorläufig.",
                            f"{w.person.id}: the allowance under § 11b (2b) SGB II at the "
                            f"marginal employment limit ({eur_en(bis or ZERO)}) is provisional.",
                        )
                    )
            else:
                w.pos.append(
                    Position(
                        w.person.id,
                        art,
                        -betrag,
                        "§ 11b Abs. 3 SGB II",
                        f"Erwerbstätigenfreibetrag {_pct(satz)} des Bruttos von {eur(von)} "
                        f"bis {eur(bis or ZERO)}",
                    )
                )
        w.erwerb_anrechenbar = max(ZERO, netto - abzug)
        w.pos.append(
            Position(
                w.person.id,
                "erwerbseinkommen_anrechenbar",
                w.erwerb_anrechenbar,
                "§ 11b SGB II",
                "Anrechenbares Erwerbseinkommen",
            )
        )


_EINKOMMEN_TEXT = {
    "kindergeld": "Kindergeld (Einkommen des Elternteils)",
    "unterhalt": "Unterhalt",
    "unterhaltsvorschuss": "Unterhaltsvorschuss",
    "sonstiges": "Sonstiges Einkommen",
}


def _pauschale(ctx: _Ctx, w: _W) -> tuple[Decimal, Decimal]:
    """Versicherungspauschale: (deducted from other income, deducted from Kindergeld)."""
    if w.alter < 18 or w.erwerbstaetig:
        return ZERO, ZERO
    basis = w.sonstiges + w.kindergeld + w.uebertrag_erhalten
    if basis <= 0:
        return ZERO, ZERO
    pausch = min(ctx.p.versicherungspauschale, basis)
    w.pos.append(
        Position(
            w.person.id,
            "versicherungspauschale",
            -pausch,
            "§ 11b Abs. 1 S. 1 Nr. 3 SGB II, § 6 Abs. 1 Nr. 1 Bürgergeld-V",
            "Versicherungspauschale",
        )
    )
    aus_sonst = min(pausch, w.sonstiges + w.uebertrag_erhalten)
    return aus_sonst, pausch - aus_sonst


# --------------------------------------------------------------------------- S8
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


# --------------------------------------------------------------------------- main
def berechnen(req: Request) -> Result:
    """Compute the entitlement of the BG for ``req.monat`` (see the step list above)."""
    p = parameters_for(req.monat)
    ctx = _Ctx(p, req)
    ws = _stammdaten(ctx)  # S1
    partner_vorhanden = sum(1 for w in ws if w.person.rolle in ("antragsteller", "partner")) == 2
    kandidaten = [w for w in ws if w.kandidat]
    for w in kandidaten:  # S2, S3
        _regel_und_mehrbedarf(ctx, w, ws, partner_vorhanden)
    _kdu(ctx, ws)  # S4
    for w in kandidaten:  # S5
        w.bedarf = w.regelbedarf + w.mehrbedarf + w.kdu
        w.pos.append(
            Position(w.person.id, "bedarf", w.bedarf, "§ 19 Abs. 1 SGB II", "Gesamtbedarf")
        )
    mit_kind = any(w.person.rolle == "kind" and w.alter < 18 for w in ws)
    for w in kandidaten:  # S6
        _einkommen(ctx, w, mit_kind)
    by_id = {w.person.id: w for w in ws}
    # S7: children first (vertical), then adults
    for w in kandidaten:
        if w.person.rolle != "kind":
            continue
        aus_sonst, aus_kg = _pauschale(ctx, w)
        eigen = w.erwerb_anrechenbar + w.sonstiges - aus_sonst
        kg = w.kindergeld - aus_kg
        w.eigen_ohne_kg = eigen
        w.kg_genutzt, w.kg_uebertrag, w.ungedeckt, w.in_bg = kind_vertikal(w.bedarf, eigen, kg)
        w.einkommen = eigen + w.kg_genutzt
        if w.kg_uebertrag > 0:
            empf = _kg_empfaenger(w, ws)
            ziel = by_id.get(empf) if empf else None
            if ziel is w:
                w.kg_uebertrag = ZERO  # the child receives its own Kindergeld
            elif ziel is not None and ziel.kandidat and ziel.person.rolle != "kind":
                ziel.uebertrag_erhalten += w.kg_uebertrag
                w.pos.append(
                    Position(
                        w.person.id,
                        "kindergeld_uebertrag_abgabe",
                        -w.kg_uebertrag,
                        "§ 11 Abs. 1 S. 5 SGB II",
                        f"Nicht benötigtes Kindergeld, Einkommen von {ziel.person.id}",
                    )
                )
                ziel.pos.append(
                    Position(
                        ziel.person.id,
                        "kindergeld_uebertrag",
                        w.kg_uebertrag,
                        "§ 11 Abs. 1 S. 5 SGB II",
                        f"Kindergeldübertrag von {w.person.id}",
                    )
                )
            else:
                w.kg_uebertrag = ZERO
                ctx.hinweise.append(
                    Hinweis(
                        f"{w.person.id}: nicht benötigtes Kindergeld fließt an eine Person "
                        "außerhalb der Bedarfsgemeinschaft und wird hier nicht angerechnet.",
                        f"{w.person.id}: child benefit not needed goes to a person outside the "
                        "benefit unit and is not counted here.",
                    )
                )
        if not w.in_bg:
            ctx.hinweise.append(
                Hinweis(
                    f"{w.person.id} gehört nicht zur Bedarfsgemeinschaft: das eigene Einkommen "
                    f"({eur(eigen + kg)}) deckt den Bedarf ({eur(w.bedarf)}) (§ 7 Abs. 3 Nr. 4 "
                    "SGB II).",
                    f"{w.person.id} is not part of the benefit unit: their own income "
                    f"({eur_en(eigen + kg)}) covers their needs ({eur_en(w.bedarf)}) (§ 7 (3) no. "
                    "4 SGB II).",
                )
            )
            w.pos.append(
                Position(
                    w.person.id,
                    "bedarf_gedeckt",
                    w.bedarf,
                    "§ 7 Abs. 3 Nr. 4 SGB II",
                    "Bedarf durch eigenes Einkommen gedeckt: nicht Mitglied der "
                    "Bedarfsgemeinschaft",
                )
            )
    for w in kandidaten:
        if w.person.rolle == "kind":
            continue
        w.in_bg = True
        aus_sonst, _ = _pauschale(ctx, w)
        w.einkommen = w.erwerb_anrechenbar + w.sonstiges + w.uebertrag_erhalten - aus_sonst
        w.ungedeckt = w.bedarf
    mitglieder = [w for w in ws if w.in_bg]
    for w in mitglieder:
        if w.einkommen or w.person.einkommen:
            w.pos.append(
                Position(
                    w.person.id,
                    "einkommen_anrechenbar",
                    w.einkommen,
                    "§ 11b SGB II",
                    "Anrechenbares Einkommen"
                    + (
                        " (Kind: nur soweit zur Bedarfsdeckung)" if w.person.rolle == "kind" else ""
                    ),
                )
            )
    # S8 assets
    seit = _monate_zwischen(karenz_beginn(req.leistungsbeginn), req.monat)
    vermoegen = sum((w.person.vermoegen for w in mitglieder), ZERO)
    freibetrag = vermoegensfreibetrag(
        [w.alter for w in mitglieder], seit < p.vermoegen_karenz_monate, p
    )
    vermoegen_zu_hoch = bool(mitglieder) and vermoegen > freibetrag
    if vermoegen:
        karenz_text = (
            " (Karenzzeit)"
            if p.vermoegen_nach_alter is None and seit < p.vermoegen_karenz_monate
            else ""
        )
        ctx.bg_pos.append(
            Position(
                None,
                "vermoegen",
                vermoegen,
                "§ 12 Abs. 1 SGB II",
                "Zu berücksichtigendes Vermögen der Bedarfsgemeinschaft",
            )
        )
        ctx.bg_pos.append(
            Position(
                None,
                "vermoegensfreibetrag",
                freibetrag,
                "§ 12 SGB II",
                f"Vermögensfreibetrag{karenz_text}",
            )
        )
    if vermoegen_zu_hoch:
        ctx.hinweise.append(
            Hinweis(
                f"Vermögen ({eur(vermoegen)}) übersteigt den Freibetrag ({eur(freibetrag)}): "
                "keine Hilfebedürftigkeit in diesem Monat (§ 9 Abs. 1, § 12 SGB II).",
                f"Assets ({eur_en(vermoegen)}) exceed the allowance ({eur_en(freibetrag)}): no "
                "need of assistance in this month (§ 9 (1), § 12 SGB II).",
            )
        )
    # S9 horizontal distribution
    summe_u = sum((w.ungedeckt for w in mitglieder), ZERO)
    e_bg = sum((w.einkommen for w in mitglieder if w.person.rolle != "kind"), ZERO)
    a_bg = ZERO if vermoegen_zu_hoch else max(ZERO, summe_u - e_bg)
    anteile = verteilen([w.ungedeckt for w in mitglieder], a_bg)
    if mitglieder:
        ctx.bg_pos.append(
            Position(
                None,
                "ungedeckter_bedarf",
                summe_u,
                "§ 9 Abs. 2 SGB II",
                "Nicht durch eigenes Einkommen der Kinder gedeckter Bedarf der Bedarfsgemeinschaft",
            )
        )
        ctx.bg_pos.append(
            Position(
                None,
                "einkommen_zur_verteilung",
                e_bg,
                "§ 9 Abs. 2 S. 3 SGB II",
                "Einkommen der Erwachsenen für die Bedarfsgemeinschaft",
            )
        )
        ctx.bg_pos.append(
            Position(
                None,
                "anspruch_bg",
                a_bg,
                "§ 9 Abs. 2 S. 3 SGB II",
                "Anspruch der Bedarfsgemeinschaft",
            )
        )
    tage = teilmonat_tage(req.monat, req.anspruch_von, req.anspruch_bis)
    faktor_text = f"{tage}/{p.monat_tage}"
    for w, a in zip(mitglieder, anteile, strict=True):
        davon_rmb, davon_kdu = aufteilen(a, w.bedarf, w.regelbedarf + w.mehrbedarf)  # S10
        w.anspruch, w.davon_rmb, w.davon_kdu = teilmonat_anteile(  # S13
            a, davon_kdu, tage, p.monat_tage
        )
        if summe_u > 0:
            w.pos.append(
                Position(
                    w.person.id,
                    "anteil_bedarf",
                    w.ungedeckt,
                    "§ 9 Abs. 2 S. 3 SGB II",
                    f"Anteil am ungedeckten Bedarf {eur(w.ungedeckt)} von {eur(summe_u)}",
                )
            )
        if tage < p.monat_tage:
            w.pos.append(
                Position(
                    w.person.id,
                    "anspruch_monat",
                    a,
                    "§ 9 Abs. 2 S. 3, § 19 SGB II",
                    "Anspruch für den vollen Monat",
                )
            )
            w.pos.append(
                Position(
                    w.person.id,
                    "anspruch",
                    w.anspruch,
                    "§ 41 Abs. 1 SGB II",
                    f"Anspruch im Teilmonat ({faktor_text} Tage)",
                )
            )
        else:
            w.pos.append(
                Position(
                    w.person.id, "anspruch", w.anspruch, "§ 9 Abs. 2 S. 3, § 19 SGB II", "Anspruch"
                )
            )
        w.pos.append(
            Position(
                w.person.id,
                "davon_regel_und_mehrbedarf",
                w.davon_rmb,
                "§ 19 Abs. 3 SGB II",
                "davon Regel- und Mehrbedarf",
            )
        )
        w.pos.append(
            Position(
                w.person.id,
                "davon_kdu",
                w.davon_kdu,
                "§ 19 Abs. 3 SGB II",
                "davon Bedarfe für Unterkunft und Heizung",
            )
        )
    # S11 Kindersofortzuschlag
    uebertrag_bg = {w.person.id: w.kg_uebertrag for w in ws}
    for w in ws:
        if vermoegen_zu_hoch or not w.kandidat or w.alter >= 25 or w.rbs is None or w.rbs < 3:
            continue
        if w.person.rolle != "kind":
            anspruchsberechtigt = w.anspruch > 0
        else:
            anspruchsberechtigt = sofortzuschlag_berechtigt(
                w.anspruch,
                w.bedarf,
                w.eigen_ohne_kg,
                summe_u - (w.ungedeckt if w.in_bg else ZERO),
                e_bg - uebertrag_bg[w.person.id],
            )
        if anspruchsberechtigt:
            w.sofortzuschlag = p.kindersofortzuschlag
            w.pos.append(
                Position(
                    w.person.id,
                    "kindersofortzuschlag",
                    w.sofortzuschlag,
                    "§ 72 SGB II",
                    "Kindersofortzuschlag (zusätzlich, ohne Anrechnung von Einkommen)",
                )
            )
    # S12 Minderung
    for w in mitglieder:
        lm = w.person.leistungsminderung
        if lm is None or lm.prozent <= 0:
            continue
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
            Position(
                w.person.id,
                "minderung",
                -w.minderung,
                "§§ 31a, 32 SGB II",
                text + " (nie Unterkunft und Heizung)",
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
    # S14 results
    ergebnisse: list[PersonErgebnis] = []
    positionen: list[Position] = list(ctx.bg_pos)
    for w in ws:
        zahl = w.anspruch + w.sofortzuschlag - w.minderung
        if w.in_bg or w.sofortzuschlag:
            w.pos.append(
                Position(
                    w.person.id, "zahlbetrag", zahl, "§ 19, § 41 SGB II", "Zahlbetrag für den Monat"
                )
            )
        positionen.extend(w.pos)
        if w.in_bg:
            art = (
                p.leistungsart_erwerbsfaehig
                if w.erwerbsfaehig
                else (p.leistungsart_nicht_erwerbsfaehig)
            )
            ergebnisse.append(
                PersonErgebnis(
                    w.person.id,
                    True,
                    art,
                    w.rbs,
                    w.regelbedarf,
                    w.mehrbedarf,
                    w.kdu,
                    w.bedarf,
                    w.einkommen,
                    w.anspruch,
                    w.davon_rmb,
                    w.davon_kdu,
                    w.sofortzuschlag,
                    w.minderung,
                    zahl,
                )
            )
        else:
            ergebnisse.append(
                PersonErgebnis(
                    w.person.id,
                    False,
                    "keine",
                    w.rbs,
                    ZERO,
                    ZERO,
                    ZERO,
                    ZERO,
                    ZERO,
                    ZERO,
                    ZERO,
                    ZERO,
                    w.sofortzuschlag,
                    ZERO,
                    zahl,
                )
            )
    s_b = s_e = s_a = s_s = s_m = s_z = ZERO
    for e in ergebnisse:
        s_b += e.bedarf
        s_e += e.einkommen_anrechenbar
        s_a += e.anspruch
        s_s += e.kindersofortzuschlag
        s_m += e.minderung
        s_z += e.zahlbetrag
    summe = Summe(s_b, s_e, s_a, s_s, s_m, s_z)
    _schluss_hinweise(ctx, ws, tage, a_bg, vermoegen_zu_hoch)
    return Result(
        monat=_monat(req.monat),
        leistungsname=p.leistungsname,
        rechtsstand=p.rechtsstand,
        anspruch=summe.anspruch > 0 or summe.zahlbetrag > 0,
        personen=tuple(ergebnisse),
        summe=summe,
        positionen=tuple(positionen),
        hinweise=tuple(ctx.hinweise),
        bewilligungszeitraum_monate=p.bwz_verkuerzt if ctx.verkuerzt else p.bwz_regel,
        hinweise_intern=tuple(h for h in ctx.hinweise if isinstance(h, InternerHinweis)),
        hinweise_en=tuple(h.en if isinstance(h, Hinweis) else str(h) for h in ctx.hinweise),
    )


def _kg_empfaenger(w: _W, ws: list[_W]) -> str | None:
    for e in w.person.einkommen:
        if e.art == "kindergeld" and e.empfaenger:
            return e.empfaenger
    eltern = _eltern(w, ws)
    return eltern[0] if eltern else None


def _schluss_hinweise(
    ctx: _Ctx, ws: list[_W], tage: int, a_bg: Decimal, vermoegen_zu_hoch: bool
) -> None:
    p = ctx.p
    if tage < p.monat_tage:
        ctx.hinweise.append(
            InternerHinweis(
                f"Teilmonat: Anspruch für {tage} von {p.monat_tage} Tagen (§ 41 Abs. 1 SGB II). "
                "Vorläufige Annahme: Einkommen des Monats wird voll berücksichtigt und der "
                "Monatsanspruch anteilig gezahlt; der Kindersofortzuschlag wird voll gezahlt.",
                f"Partial month: entitlement for {tage} of {p.monat_tage} days (§ 41 (1) SGB II). "
                "Provisional assumption: the month's income counts in full and the monthly "
                "entitlement is paid pro rata; the child immediate supplement is paid in full.",
            )
        )
    if a_bg > 0 and not vermoegen_zu_hoch:
        erwerb = any(w.erwerbstaetig and w.in_bg and w.person.rolle != "kind" for w in ws)
        kinder = any(w.in_bg and w.person.rolle == "kind" for w in ws)
        if erwerb or kinder:
            ctx.hinweise.append(
                InternerHinweis(
                    "Vorrangprüfung (§ 12a SGB II): prüfen, ob Wohngeld und/oder Kinderzuschlag "
                    "die Hilfebedürftigkeit der ganzen Bedarfsgemeinschaft für mindestens drei "
                    "Monate beseitigen.",
                    "Priority check (§ 12a SGB II): check whether housing benefit and/or the "
                    "child supplement end the need of assistance of the whole benefit unit for "
                    "at least three months.",
                )
            )
    for note, note_en in zip(p.vorlaeufig, p.vorlaeufig_en, strict=True):
        ctx.hinweise.append(
            InternerHinweis(
                f"Vorläufiger Rechtsstand: {note}.",
                f"Provisional legal state: {note_en}.",
            )
        )
    if ctx.verkuerzt:
        ctx.hinweise.append(
            Hinweis(
                "Bewilligungszeitraum auf sechs Monate verkürzt, weil die Aufwendungen für "
                "Unterkunft und Heizung unangemessen sind (§ 41 Abs. 3 S. 2 SGB II).",
                "Award period shortened to six months because the costs of housing and heating "
                "are unreasonable (§ 41 (3) sentence 2 SGB II).",
            )
        )
