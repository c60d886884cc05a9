"""S2, S3, S5 — the needs of each member: Regelbedarf (§ 20, § 23 Nr. 1), Mehrbedarfe
(§ 21 Abs. 2–7, § 23 Nr. 2 and 4, capped by § 21 Abs. 8) and the Gesamtbedarf
(§ 19 Abs. 1, with the Unterkunft of S4)."""

from __future__ import annotations

from decimal import Decimal

from ..model import Hinweis, neue_position
from ..params import Parameters
from .basis import ZERO, Kontext, Werte, eltern, prozent_text, r2
from .monatsverlauf import anteilig, tage_text


# --------------------------------------------------------------------------- rules
def mehrbedarf_alleinerziehend_anteil(alter_kinder: list[int], p: Parameters) -> Decimal:
    """§ 21 Abs. 3: share of RBS 1 for the minor children living with the single parent."""
    minderjaehrig = [a for a in alter_kinder if a < 18]
    if not minderjaehrig:
        return ZERO
    unter16 = sum(1 for a in minderjaehrig if a < 16)
    erhoeht = p.mb_ae_erhoeht if (any(a < 7 for a in minderjaehrig) or 2 <= unter16 <= 3) else ZERO
    return min(p.mb_ae_max, max(erhoeht, p.mb_ae_je_kind * len(minderjaehrig)))


# --------------------------------------------------------------------------- S2
def regelbedarf(ctx: Kontext, w: Werte) -> None:
    """S2: the Regelbedarf of the person's RBS (§ 20; § 23 Nr. 1 for Sozialgeld)."""
    assert w.rbs is not None
    rg_rb = "§ 20 SGB II" if w.erwerbsfaehig else "§ 23 Nr. 1 SGB II"
    tage = w.rbs_tage
    if tage is not None and (len(tage) > 1 or sum(tage.values()) < 30):
        # § 41 Abs. 1: a change within the month — each RBS for its days of the 30-day month
        rb = ZERO
        teile = []
        for rbs, t in sorted(tage.items(), reverse=True):
            rb += anteilig(ctx.p.regelbedarf[rbs], t)
            teile.append(f"Stufe {rbs} für {tage_text(t)}")
        w.regelbedarf = rb
        w.pos.append(
            neue_position(
                (
                    w.person.id,
                    "regelbedarf",
                    rb,
                    f"{rg_rb[:-7]}, § 41 Abs. 1 SGB II",
                    "Regelbedarf taggenau: " + ", ".join(teile),
                )
            )
        )
        return
    rb = ctx.p.regelbedarf[w.rbs]
    w.regelbedarf = rb
    w.pos.append(
        neue_position((w.person.id, "regelbedarf", rb, rg_rb, f"Regelbedarf Stufe {w.rbs}"))
    )


# --------------------------------------------------------------------------- S3
def mehrbedarfe(ctx: Kontext, w: Werte, ws: list[Werte]) -> None:
    """S3: the Mehrbedarfe of § 21 Abs. 2–5 (+ § 23 Nr. 2, 4), capped at the Regelbedarf by
    § 21 Abs. 8, plus Abs. 6/6a and Abs. 7, which the cap does not reach. Each line is
    computed only where its condition can hold (most persons have none)."""
    person = w.person
    gedeckelt = ZERO
    if person.schwangerschaftswoche is not None:
        gedeckelt += mehrbedarf_schwangerschaft(ctx, w)
    if not (ctx.partner_vorhanden and person.rolle in ("antragsteller", "partner")) and (
        person.rolle != "kind" or any(person.id in x.person.eltern for x in ws)
    ):
        # (a ``kind`` is a parent only where another ``kind`` names it in ``eltern``: the
        # parents assumed for a child without ``eltern`` are the antragsteller and partner)
        gedeckelt += mehrbedarf_alleinerziehende(ctx, w, ws)
    if person.mehrbedarfe:
        gedeckelt += mehrbedarfe_behinderung_ernaehrung(ctx, w)
    mb = mehrbedarf_kappung(w, gedeckelt)
    if person.mehrbedarfe:
        mb += mehrbedarfe_angegeben(w)
    if ctx.req.unterkunft.warmwasser == "dezentral":
        mb += mehrbedarf_warmwasser(ctx, w)
    w.mehrbedarf = mb


def mehrbedarf_schwangerschaft(ctx: Kontext, w: Werte) -> Decimal:
    """§ 21 Abs. 2: from the 13th week of pregnancy, a share of the Regelbedarf."""
    p = ctx.p
    ssw = w.person.schwangerschaftswoche
    if ssw is None or ssw < p.mb_schwangerschaft_ab_woche:
        return ZERO
    b = r2(w.regelbedarf * p.mb_schwangerschaft)
    w.pos.append(
        neue_position(
            (
                w.person.id,
                "mehrbedarf_schwangerschaft",
                b,
                "§ 21 Abs. 2 SGB II",
                f"Mehrbedarf Schwangerschaft ({prozent_text(p.mb_schwangerschaft)} des "
                f"Regelbedarfs, {ssw}. Schwangerschaftswoche)",
            )
        )
    )
    return b


def mehrbedarf_alleinerziehende(ctx: Kontext, w: Werte, ws: list[Werte]) -> Decimal:
    """§ 21 Abs. 3: a parent without partner (the caller checks that) living with minor
    children, a share of RBS 1."""
    p, person = ctx.p, w.person
    kinder_alter = [x.alter for x in ws if x.person.rolle == "kind" and person.id in eltern(x, ws)]
    anteil = mehrbedarf_alleinerziehend_anteil(kinder_alter, p)
    if anteil <= 0:
        return ZERO
    b = r2(anteil * p.regelbedarf[1])
    n = sum(1 for a in kinder_alter if a < 18)
    w.pos.append(
        neue_position(
            (
                person.id,
                "mehrbedarf_alleinerziehend",
                b,
                "§ 21 Abs. 3 SGB II",
                f"Mehrbedarf für Alleinerziehende ({prozent_text(anteil)} der Regelbedarfsstufe 1, "
                f"{n} minderjährige(s) Kind(er))",
            )
        )
    )
    return b


def mehrbedarfe_behinderung_ernaehrung(ctx: Kontext, w: Werte) -> Decimal:
    """§ 21 Abs. 4, § 23 Nr. 2 (Behinderung), § 23 Nr. 4 (Merkzeichen G), § 21 Abs. 5
    (Ernährung), in the order the request lists them."""
    summe = ZERO
    arten = {m.art for m in w.person.mehrbedarfe}
    for m in w.person.mehrbedarfe:
        if m.art == "behinderung":
            summe += _mehrbedarf_behinderung(ctx, w)
        elif m.art == "merkzeichen_g":
            summe += _mehrbedarf_merkzeichen_g(ctx, w, "behinderung" in arten)
        elif m.art == "ernaehrung":
            summe += _angegeben(
                w,
                m.betrag,
                "mehrbedarf_ernaehrung",
                "§ 21 Abs. 5 SGB II",
                "Mehrbedarf für kostenaufwändige Ernährung (angegebener Betrag)",
            )
    return summe


def _mehrbedarf_behinderung(ctx: Kontext, w: Werte) -> Decimal:
    p = ctx.p
    if not (w.erwerbsfaehig or w.alter >= 15):
        ctx.hinweise.append(
            Hinweis(
                f"{w.person.id}: Mehrbedarf bei Behinderung erst ab 15 Jahren (§ 23 Nr. 2 "
                "SGB II); nicht berücksichtigt.",
                f"{w.person.id}: additional needs for disability only from age 15 (§ 23 no. "
                "2 SGB II); not counted.",
            )
        )
        return ZERO
    b = r2(w.regelbedarf * p.mb_behinderung)
    rg = "§ 21 Abs. 4 SGB II" if w.erwerbsfaehig else "§ 23 Nr. 2 SGB II"
    w.pos.append(
        neue_position(
            (
                w.person.id,
                "mehrbedarf_behinderung",
                b,
                rg,
                f"Mehrbedarf bei Behinderung ({prozent_text(p.mb_behinderung)} des Regelbedarfs)",
            )
        )
    )
    return b


def _mehrbedarf_merkzeichen_g(ctx: Kontext, w: Werte, mit_behinderung: bool) -> Decimal:
    p = ctx.p
    if w.erwerbsfaehig or w.alter < 15 or mit_behinderung:
        ctx.hinweise.append(
            Hinweis(
                f"{w.person.id}: Mehrbedarf Merkzeichen G nur für nicht erwerbsfähige "
                "Personen ab 15 ohne Mehrbedarf bei Behinderung (§ 23 Nr. 4 SGB II); "
                "nicht berücksichtigt.",
                f"{w.person.id}: additional needs for the G marker only for persons unable "
                "to work aged 15 or over without additional needs for disability (§ 23 "
                "no. 4 SGB II); not counted.",
            )
        )
        return ZERO
    b = r2(w.regelbedarf * p.mb_merkzeichen_g)
    w.pos.append(
        neue_position(
            (
                w.person.id,
                "mehrbedarf_merkzeichen_g",
                b,
                "§ 23 Nr. 4 SGB II",
                f"Mehrbedarf Merkzeichen G ({prozent_text(p.mb_merkzeichen_g)} des Regelbedarfs)",
            )
        )
    )
    return b


def mehrbedarf_kappung(w: Werte, gedeckelt: Decimal) -> Decimal:
    """§ 21 Abs. 8: the Mehrbedarfe of Abs. 2–5 (+ § 23 Nr. 4) at most the Regelbedarf;
    the cut is shown as a negative line."""
    rb = w.regelbedarf
    if gedeckelt <= rb:
        return gedeckelt
    w.pos.append(
        neue_position(
            (
                w.person.id,
                "mehrbedarf_kappung",
                -(gedeckelt - rb),
                "§ 21 Abs. 8 SGB II",
                "Kürzung: Mehrbedarfe nach § 21 Abs. 2 bis 5 höchstens in Höhe des Regelbedarfs",
            )
        )
    )
    return rb


def mehrbedarfe_angegeben(w: Werte) -> Decimal:
    """§ 21 Abs. 6 (unabweisbar) and Abs. 6a (Schulbücher): the amounts given."""
    summe = ZERO
    for m in w.person.mehrbedarfe:
        if m.art == "unabweisbar":
            summe += _angegeben(
                w,
                m.betrag,
                "mehrbedarf_unabweisbar",
                "§ 21 Abs. 6 SGB II",
                "Unabweisbarer besonderer Bedarf (angegebener Betrag)",
            )
        elif m.art == "schulbuecher":
            summe += _angegeben(
                w,
                m.betrag,
                "mehrbedarf_schulbuecher",
                "§ 21 Abs. 6a SGB II",
                "Mehrbedarf für Schulbücher und Arbeitshefte (angegebener Betrag)",
            )
    return summe


def _angegeben(w: Werte, betrag: Decimal | None, art: str, norm: str, text: str) -> Decimal:
    """A Mehrbedarf recognised in the amount the request gives, as a line."""
    b = betrag or ZERO
    w.pos.append(neue_position((w.person.id, art, b, norm, text)))
    return b


def mehrbedarf_warmwasser(ctx: Kontext, w: Werte) -> Decimal:
    """§ 21 Abs. 7: dezentrale Warmwassererzeugung (the caller checks the dwelling), a share
    of the Regelbedarf by RBS."""
    assert w.rbs is not None
    satz = ctx.p.mb_warmwasser[w.rbs]
    b = r2(w.regelbedarf * satz)
    w.pos.append(
        neue_position(
            (
                w.person.id,
                "mehrbedarf_warmwasser",
                b,
                "§ 21 Abs. 7 SGB II",
                "Mehrbedarf dezentrale Warmwassererzeugung "
                f"({prozent_text(satz)} des Regelbedarfs)",
            )
        )
    )
    return b


# --------------------------------------------------------------------------- S5
def gesamtbedarf(w: Werte) -> None:
    """S5: Bedarf = Regelbedarf + Mehrbedarfe + Unterkunft und Heizung (§ 19 Abs. 1)."""
    w.bedarf = w.regelbedarf + w.mehrbedarf + w.kdu
    w.pos.append(
        neue_position((w.person.id, "bedarf", w.bedarf, "§ 19 Abs. 1 SGB II", "Gesamtbedarf"))
    )
