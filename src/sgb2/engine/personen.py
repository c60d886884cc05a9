"""S1 — who counts: age, Regelaltersgrenze (§ 7a), Erwerbsfähigkeit (§ 8), membership
candidates (§ 7 Abs. 3), the erwerbsfähige leistungsberechtigte Person (§ 7 Abs. 1) and
the Regelbedarfsstufe of each person (§ 20 Abs. 2–4, § 23 Nr. 1)."""

from __future__ import annotations

import datetime as dt

from ..model import Hinweis, InternerHinweis, Person
from ..params import Parameters
from .basis import Kontext, Werte, plus_monate


# --------------------------------------------------------------------------- rules
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
            > plus_monate(dt.date(geburtsdatum.year + jahre, geburtsdatum.month, 1), monate)
        )
    if geburtsdatum.year < p.rag_tabelle[0][0]:
        jahre, monate = p.rag_tabelle[0][1], p.rag_tabelle[0][2]
    else:
        for jahr, j, m in p.rag_tabelle:
            if geburtsdatum.year == jahr:
                jahre, monate = j, m
                break
    grenze_monat = plus_monate(dt.date(geburtsdatum.year + jahre, geburtsdatum.month, 1), monate)
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


def unter25_ohne_zusicherung(rolle: str, alter: int, umzug_ohne_zusicherung: bool) -> bool:
    """§ 20 Abs. 3, § 22 Abs. 5: an antragsteller or partner under 25 (age on the 1st of
    the month) who moved out without the Zusicherung of the kommunaler Träger."""
    return umzug_ohne_zusicherung and alter < 25 and rolle in ("antragsteller", "partner")


def erwerbsfaehig(angabe: bool | None, alter: int, sgb12: bool, p: Parameters) -> bool:
    """§ 8: as stated (else assumed from the age), never under 15 or above § 7a's limit."""
    if angabe is None:
        angabe = alter >= p.erwerbsfaehig_ab_alter and not sgb12
    return bool(angabe) and alter >= p.erwerbsfaehig_ab_alter and not sgb12


def bg_kandidat(rolle: str, alter: int, sgb12: bool) -> bool:
    """§ 7 Abs. 3: antragsteller and partner, and children under 25 (Nr. 4), below the
    Regelaltersgrenze; ``sonstige`` never."""
    if rolle in ("antragsteller", "partner"):
        return not sgb12
    if rolle == "kind":
        return alter < 25 and not sgb12
    return False


# --------------------------------------------------------------------------- steps
def personen(ctx: Kontext) -> list[Werte]:
    """S1: one working record per listed person, in list order."""
    return [person(ctx, i, x) for i, x in enumerate(ctx.req.personen)]


def person(ctx: Kontext, index: int, x: Person) -> Werte:
    """Age on the 1st of the month, § 7a, erwerbsfähig (§ 8) and BG candidate (§ 7 Abs. 3)."""
    p, monat = ctx.p, ctx.req.monat
    alter = alter_am(x.geburtsdatum, monat)
    sgb12 = regelaltersgrenze_ueberschritten(x.geburtsdatum, monat, p)
    if x.rolle == "kind" and alter >= 25:
        ctx.hinweise.append(
            Hinweis(
                f"{x.id} ist 25 Jahre oder älter und gehört nicht zur "
                "Bedarfsgemeinschaft der Eltern (§ 7 Abs. 3 Nr. 4 SGB II).",
                f"{x.id} is 25 or older and is not part of the parents' benefit unit "
                "(§ 7 (3) no. 4 SGB II).",
            )
        )
    ausschluss = sgb2_ausschluss(x, alter, sgb12)
    sgb12 = sgb12 or ausschluss is not None
    ef = erwerbsfaehig(x.erwerbsfaehig, alter, sgb12, p)
    w = Werte(x, index, alter, ef, sgb12, bg_kandidat(x.rolle, alter, sgb12))
    w.ausschluss = ausschluss
    return w


def sgb2_ausschluss(x: Person, alter: int, ueber_altersgrenze: bool) -> str | None:
    """Why a person is excluded from the SGB II (then SGB XII, gemischte BG): the age limit
    (§ 7 Abs. 1 S. 1 Nr. 1, § 7a), an Altersrente (§ 7 Abs. 4), permanent full
    Erwerbsminderung of an adult (§ 5 Abs. 2 S. 2 SGB II, § 41 Abs. 3 SGB XII)."""
    if x.rolle == "sonstige":  # never in the BG: nothing to compute for him
        return None
    if ueber_altersgrenze:
        return "altersgrenze"
    for e in x.einkommen:
        if e.art == "altersrente":
            return "altersrente"
    if x.dauerhaft_voll_erwerbsgemindert and alter >= 18:
        return "erwerbsminderung"
    return None


def erwerbsfaehige_leistungsberechtigte(ctx: Kontext, ws: list[Werte]) -> None:
    """§ 7 Abs. 1, Abs. 3: no BG without an erwerbsfähige candidate (then SGB XII)."""
    if any(w.kandidat and w.erwerbsfaehig for w in ws):
        return
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


def regelbedarfsstufen(ctx: Kontext, ws: list[Werte]) -> None:
    """§ 20 Abs. 2–4, § 23 Nr. 1: the RBS of every person except ``sonstige``."""
    paar = [w for w in ws if w.person.rolle in ("antragsteller", "partner")]
    partner_vorhanden = ctx.partner_vorhanden = len(paar) == 2
    for w in ws:
        if w.person.rolle == "sonstige":
            continue
        partner_alter = 0
        if partner_vorhanden and w.person.rolle != "kind":
            partner_alter = next(x.alter for x in paar if x is not w)
        w.rbs = regelbedarfsstufe(w.person.rolle, w.alter, partner_vorhanden, partner_alter)
        if (
            w.rbs == 1
            and not w.sgb12
            and unter25_ohne_zusicherung(w.person.rolle, w.alter, w.person.umzug_ohne_zusicherung)
        ):
            w.rbs = 3  # § 20 Abs. 3: the amount of RBS 3 instead of RBS 1
            ctx.hinweise.append(
                Hinweis(
                    f"{w.person.id} ist vor Vollendung des 25. Lebensjahres ohne Zusicherung "
                    "des Jobcenters umgezogen: Regelbedarf nach Stufe 3 (§ 20 Abs. 3 SGB II), "
                    "Kosten für Unterkunft und Heizung werden nicht anerkannt (§ 22 Abs. 5 "
                    "SGB II).",
                    f"{w.person.id} moved out before the age of 25 without the Jobcentre's "
                    "prior assurance: standard needs of level 3 (§ 20 (3) SGB II), housing "
                    "and heating costs are not recognised (§ 22 (5) SGB II).",
                )
            )
