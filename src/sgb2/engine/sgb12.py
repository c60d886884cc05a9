"""S5b — the gemischte Bedarfsgemeinschaft: a person excluded from the SGB II stays in the
household and, as a partner, in the BG (§ 7 Abs. 3 Nr. 3 SGB II); his need is computed under
the SGB XII and his income with the SGB XII deductions; only the income above his own need
counts for the SGB II members (§ 9 Abs. 2 S. 1 SGB II; BSG, 15.4.2008 – B 14/7b AS 58/06 R,
and 16.10.2007 – B 8/9b SO 2/06 R).

Excluded (``Werte.ausschluss``): above the age limit (§ 7 Abs. 1 S. 1 Nr. 1 with § 7a),
drawing an Altersrente (§ 7 Abs. 4), or permanently fully erwerbsgemindert with a claim to
Grundsicherung under the 4th chapter of the SGB XII (§ 5 Abs. 2 S. 2 SGB II, § 41 Abs. 3
SGB XII).

SGB XII need: Regelbedarf of the person's RBS (§ 27a SGB XII with the Anlage zu § 28: the
same amounts), Mehrbedarfe of § 30 SGB XII (Merkzeichen G Abs. 1 for persons above the age
limit or fully erwerbsgemindert, pregnancy Abs. 2, single parent Abs. 3, special diet
Abs. 5, decentral hot water Abs. 7; capped at the Regelbedarf, Abs. 6), the Kopfteil of the
Unterkunft (§ 35, § 42a SGB XII). Income (§ 82 SGB XII): net earnings less 30 % of the gross
earnings, at most 50 % of RBS 1 (§ 82 Abs. 3 S. 1); pensions in full, with the
Grundrentenfreibetrag for 33 years of Grundrentenzeiten (§ 82a: 100 € plus 30 % of the part
above 100 €, at most 50 % of RBS 1); Elterngeld less its free part (§ 10 Abs. 5 BEEG); other
income in full (no Versicherungspauschale in the SGB XII).
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from ..model import ERWERBS_ARTEN, Hinweis, Person, neue_position
from ..params import Parameters
from ..parse import NichtModelliert
from .basis import ZERO, Kontext, Werte, eltern, eur, eur_en, r2
from .bedarfe import mehrbedarf_alleinerziehend_anteil
from .einkommen import elterngeld_freibetrag

_AUSSCHLUSS_TEXT = {
    "altersgrenze": (
        "hat die Altersgrenze erreicht (§ 7 Abs. 1 S. 1 Nr. 1, § 7a SGB II)",
        "has reached the age limit (§ 7 (1) sentence 1 no. 1, § 7a SGB II)",
    ),
    "altersrente": (
        "bezieht eine Altersrente (§ 7 Abs. 4 SGB II)",
        "draws an old-age pension (§ 7 (4) SGB II)",
    ),
    "erwerbsminderung": (
        "ist dauerhaft voll erwerbsgemindert (§ 5 Abs. 2 S. 2 SGB II, § 41 Abs. 3 SGB XII)",
        "has a permanent full reduction in earning capacity (§ 5 (2) sentence 2 SGB II, § 41 "
        "(3) SGB XII)",
    ),
}
SATZ_82_ABS_3 = Decimal("0.3")
HALBE_RBS1 = Decimal("0.5")
GRUNDRENTE_SOCKEL = Decimal(100)
_RENTEN = frozenset({"altersrente", "erwerbsminderungsrente"})


def freibetrag_erwerb_sgb12(brutto: Decimal, rbs1: Decimal) -> Decimal:
    """§ 82 Abs. 3 S. 1 SGB XII: 30 % of the gross earnings, at most 50 % of RBS 1."""
    return min(r2(brutto * SATZ_82_ABS_3), r2(rbs1 * HALBE_RBS1))


def grundrentenfreibetrag(rente: Decimal, rbs1: Decimal) -> Decimal:
    """§ 82a SGB XII: 100 € of the pension plus 30 % of the part above 100 €, at most 50 %
    of RBS 1 (and at most the pension)."""
    frei = min(rente, GRUNDRENTE_SOCKEL) + r2(max(ZERO, rente - GRUNDRENTE_SOCKEL) * SATZ_82_ABS_3)
    return min(rente, frei, r2(rbs1 * HALBE_RBS1))


class Sgb12Rechnung(NamedTuple):
    """The SGB XII part of an excluded person without the Kopfteil of the Unterkunft:
    lines (art, amount, norm, text), Regel- plus Mehrbedarf, countable income, and the
    Mehrbedarfe asked for that are not modelled."""

    zeilen: list[tuple[str, Decimal, str, str]]
    bedarf_ohne_kdu: Decimal
    einkommen: Decimal
    nicht_modelliert: list[str]


def sgb12_rechnung(
    x: Person,
    rbs: int,
    ausschluss: str,
    p: Parameters,
    *,
    alleinerziehend_kinder: list[int],
    dezentral: bool,
) -> Sgb12Rechnung:
    """Need (without the Unterkunft) and income of an excluded person under the SGB XII;
    ``alleinerziehend_kinder``: the ages of the person's children in the household if the
    person has no partner there (§ 30 Abs. 3 SGB XII), else empty."""
    rbs1 = p.regelbedarf[1]
    rb = p.regelbedarf[rbs]
    z: list[tuple[str, Decimal, str, str]] = [
        ("sgb_xii_regelbedarf", rb, "§ 27a SGB XII", f"SGB XII: Regelbedarf Stufe {rbs}")
    ]
    fehlt: list[str] = []
    mb = ZERO
    arten = {m.art for m in x.mehrbedarfe}
    if "merkzeichen_g" in arten and ausschluss in ("altersgrenze", "erwerbsminderung"):
        b = r2(rb * p.mb_merkzeichen_g)
        mb += b
        z.append(
            ("sgb_xii_mehrbedarf", b, "§ 30 Abs. 1 SGB XII", "SGB XII: Mehrbedarf Merkzeichen G")
        )
    ssw = x.schwangerschaftswoche
    if ssw is not None and ssw >= p.mb_schwangerschaft_ab_woche:
        b = r2(rb * p.mb_schwangerschaft)
        mb += b
        z.append(
            ("sgb_xii_mehrbedarf", b, "§ 30 Abs. 2 SGB XII", "SGB XII: Mehrbedarf Schwangerschaft")
        )
    anteil = mehrbedarf_alleinerziehend_anteil(alleinerziehend_kinder, p)
    if anteil > 0:
        b = r2(anteil * rbs1)
        mb += b
        z.append(
            ("sgb_xii_mehrbedarf", b, "§ 30 Abs. 3 SGB XII", "SGB XII: Mehrbedarf Alleinerziehende")
        )
    for m in x.mehrbedarfe:
        if m.art == "ernaehrung" and m.betrag:
            mb += m.betrag
            z.append(
                (
                    "sgb_xii_mehrbedarf",
                    m.betrag,
                    "§ 30 Abs. 5 SGB XII",
                    "SGB XII: Mehrbedarf Ernährung",
                )
            )
        elif m.art not in ("merkzeichen_g", "ernaehrung"):
            fehlt.append(m.art)
    if mb > rb:  # § 30 Abs. 6 SGB XII
        z.append(
            (
                "sgb_xii_mehrbedarf",
                rb - mb,
                "§ 30 Abs. 6 SGB XII",
                "SGB XII: Kürzung auf den Regelbedarf",
            )
        )
        mb = rb
    if dezentral:
        b = r2(rb * p.mb_warmwasser[rbs])
        mb += b
        z.append(("sgb_xii_mehrbedarf", b, "§ 30 Abs. 7 SGB XII", "SGB XII: Mehrbedarf Warmwasser"))
    einkommen = ZERO
    brutto = netto = ZERO
    for e in x.einkommen:
        if e.art in ERWERBS_ARTEN:
            brutto += e.brutto
            netto += e.netto
            continue
        betrag = p.kindergeld if e.betrag is None else e.betrag
        if e.art in _RENTEN and e.grundrentenzeiten:
            frei = grundrentenfreibetrag(betrag, rbs1)
            z.append(
                ("sgb_xii_freibetrag", -frei, "§ 82a SGB XII", "SGB XII: Grundrentenfreibetrag")
            )
            betrag -= frei
        elif e.art == "elterngeld":
            betrag -= elterngeld_freibetrag(betrag, e.einkommen_vor_geburt, e.elterngeld_plus)
        einkommen += betrag
    if brutto or netto:
        frei = freibetrag_erwerb_sgb12(brutto, rbs1)
        z.append(
            (
                "sgb_xii_freibetrag",
                -frei,
                "§ 82 Abs. 3 S. 1 SGB XII",
                "SGB XII: Freibetrag Erwerbstätigkeit",
            )
        )
        einkommen += max(ZERO, netto - frei)
    return Sgb12Rechnung(z, rb + mb, einkommen, fehlt)


#: The SGB XII norm of each Mehrbedarf of the contract that the engine does not compute for an
#: excluded person (named in the message; docs/sgb2.md, "Still not modelled").
_MB_SGB12_NORM = {
    "behinderung": "§ 30 Abs. 4 SGB XII",
    "unabweisbar": "§ 27a Abs. 4 SGB XII",
    "schulbuecher": "§ 34 SGB XII",
    "schwangerschaft": "§ 30 Abs. 2 SGB XII",
    "alleinerziehend": "§ 30 Abs. 3 SGB XII",
}


def nicht_abgebildet(ctx: Kontext, x: Person, mehrbedarfe: list[str]) -> None:
    """Raise :class:`NichtModelliert` for an excluded person whose SGB XII need or income
    the engine cannot compute exactly: a Mehrbedarf it does not model under the SGB XII, or
    Kindergeld of an excluded child (its surplus would be a parent's income, § 82 Abs. 1
    S. 3 SGB XII / § 11 Abs. 1 S. 5 SGB II) — no number instead of an inexact one."""
    i = next(k for k, y in enumerate(ctx.req.personen) if y is x)
    fehler = [
        (
            f"personen[{i}].mehrbedarfe",
            f"Mehrbedarf „{art}“ nach dem SGB XII ({_MB_SGB12_NORM.get(art, 'SGB XII')}) "
            "für eine vom SGB II ausgeschlossene Person ist nicht abgebildet; die Leistung "
            "kann nicht exakt berechnet werden und ist von Hand zu berechnen",
        )
        for art in mehrbedarfe
    ]
    if x.rolle == "kind" and any(e.art == "kindergeld" for e in x.einkommen):
        fehler.append(
            (
                f"personen[{i}].einkommen",
                "Kindergeld eines vom SGB II ausgeschlossenen Kindes (Zuordnung des "
                "Überschusses nach § 82 Abs. 1 S. 3 SGB XII) ist nicht abgebildet; die "
                "Leistung kann nicht exakt berechnet werden und ist von Hand zu berechnen",
            )
        )
    if fehler:
        raise NichtModelliert(fehler)


def gemischte_bg(ctx: Kontext, ws: list[Werte]) -> None:
    """S5b: for each excluded person the need and income under the SGB XII, as lines of the
    Berechnungsbogen, and the surplus that counts for the SGB II members
    (``Kontext.ueberschuss_sgb12``: only of an antragsteller or partner, whose income the
    BG shares, § 9 Abs. 2 S. 1)."""
    p = ctx.p
    for w in ws:
        if w.ausschluss is None:
            continue
        x = w.person
        assert w.rbs is not None
        kinder: list[int] = []
        if not (ctx.partner_vorhanden and x.rolle in ("antragsteller", "partner")):
            kinder = [k.alter for k in ws if k.person.rolle == "kind" and x.id in eltern(k, ws)]
        rechnung = sgb12_rechnung(
            x,
            w.rbs,
            w.ausschluss,
            p,
            alleinerziehend_kinder=kinder,
            dezentral=ctx.req.unterkunft.warmwasser == "dezentral",
        )
        for art, betrag, norm, text in rechnung.zeilen:
            if art != "sgb_xii_freibetrag":
                w.pos.append(neue_position((x.id, art, betrag, norm, text)))
        nicht_abgebildet(ctx, x, rechnung.nicht_modelliert)
        if w.kdu:
            w.pos.append(
                neue_position(
                    (
                        x.id,
                        "sgb_xii_kdu",
                        w.kdu,
                        "§ 35, § 42a SGB XII",
                        "SGB XII: Kopfteil Unterkunft und Heizung",
                    )
                )
            )
        bedarf = rechnung.bedarf_ohne_kdu + w.kdu
        w.pos.append(
            neue_position(
                (x.id, "sgb_xii_bedarf", bedarf, "§ 27a, § 42 SGB XII", "SGB XII: Bedarf")
            )
        )
        for art, betrag, norm, text in rechnung.zeilen:
            if art == "sgb_xii_freibetrag":
                w.pos.append(neue_position((x.id, art, betrag, norm, text)))
        einkommen = rechnung.einkommen
        w.pos.append(
            neue_position(
                (
                    x.id,
                    "sgb_xii_einkommen",
                    einkommen,
                    "§ 82 SGB XII",
                    "SGB XII: anrechenbares Einkommen",
                )
            )
        )
        ueberschuss = max(ZERO, einkommen - bedarf)
        fehlbetrag = max(ZERO, bedarf - einkommen)
        de, en = _AUSSCHLUSS_TEXT[w.ausschluss]
        zaehlt = x.rolle in ("antragsteller", "partner")
        if ueberschuss and zaehlt:
            w.pos.append(
                neue_position(
                    (
                        x.id,
                        "sgb_xii_ueberschuss",
                        ueberschuss,
                        "§ 9 Abs. 2 S. 1 SGB II",
                        "Einkommen über dem eigenen Bedarf: zählt für die Bedarfsgemeinschaft",
                    )
                )
            )
            ctx.ueberschuss_sgb12 += ueberschuss
        ctx.hinweise.append(
            Hinweis(
                f"{x.id} {de} und erhält keine Leistungen nach dem SGB II (gemischte "
                f"Bedarfsgemeinschaft). Bedarf nach dem SGB XII {eur(bedarf)}, Einkommen "
                f"{eur(einkommen)}"
                + (
                    f"; der Überschuss von {eur(ueberschuss)} zählt als Einkommen der "
                    "Bedarfsgemeinschaft (§ 9 Abs. 2 S. 1 SGB II)."
                    if ueberschuss and zaehlt
                    else "."
                )
                + (
                    f" Ein ungedeckter Bedarf von {eur(fehlbetrag)} ist beim Sozialamt nach "
                    "dem SGB XII geltend zu machen."
                    if fehlbetrag
                    else ""
                ),
                f"{x.id} {en} and receives no benefits under SGB II (mixed benefit unit). Needs "
                f"under SGB XII {eur_en(bedarf)}, income {eur_en(einkommen)}"
                + (
                    f"; the surplus of {eur_en(ueberschuss)} counts as income of the benefit "
                    "unit (§ 9 (2) sentence 1 SGB II)."
                    if ueberschuss and zaehlt
                    else "."
                )
                + (
                    f" An uncovered need of {eur_en(fehlbetrag)} is to be claimed from the "
                    "social welfare office under SGB XII."
                    if fehlbetrag
                    else ""
                ),
            )
        )
