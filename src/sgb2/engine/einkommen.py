"""S6, S7 — Einkommen (§ 11–11b): the person's kinds of income (§ 11), the allowances on
earnings (§ 11b Abs. 2, 2b, 3), the Versicherungspauschale (§ 11b Abs. 1 S. 1 Nr. 3), the
child's income and Kindergeld against its own need with the Kindergeldübertrag (§ 11
Abs. 1 S. 5) and the child who leaves the BG because it covers its need (§ 7 Abs. 3 Nr. 4),
then the adults' countable income."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from ..model import ERWERBS_ARTEN, Hinweis, InternerHinweis, neue_position
from ..params import Parameters
from .basis import ZERO, Kontext, Werte, eltern, eur, eur_en, prozent_text, r2

#: kind of non-earned income → (text, norm) of its line
_EINKOMMEN: dict[str, tuple[str, str]] = {
    "kindergeld": ("Kindergeld (Einkommen des Elternteils)", "§ 11 SGB II"),
    "unterhalt": ("Unterhalt", "§ 11 SGB II"),
    "unterhaltsvorschuss": ("Unterhaltsvorschuss", "§ 11 SGB II"),
    "sonstiges": ("Sonstiges Einkommen", "§ 11 SGB II"),
    "altersrente": ("Altersrente", "§ 11 Abs. 1 S. 1 SGB II"),
    "erwerbsminderungsrente": ("Rente wegen Erwerbsminderung", "§ 11 Abs. 1 S. 1 SGB II"),
    "waisenrente": ("Waisenrente", "§ 11 Abs. 1 S. 1 SGB II"),
    "arbeitslosengeld": ("Arbeitslosengeld", "§ 11 Abs. 1 S. 1 SGB II"),
    "krankengeld": ("Krankengeld", "§ 11 Abs. 1 S. 1 SGB II"),
    "elterngeld": ("Elterngeld", "§ 11 Abs. 1 SGB II, § 10 Abs. 5 S. 1 BEEG"),
    "bafoeg": ("Ausbildungsförderung (BAföG)", "§ 11a Abs. 3 S. 2 Nr. 3 SGB II"),
    "wohngeld": ("Wohngeld", "§ 11 Abs. 1 S. 1 SGB II"),
    "kinderzuschlag": ("Kinderzuschlag (Einkommen des Kindes)", "§ 11 Abs. 1 S. 4 SGB II"),
}
#: § 10 Abs. 5 S. 2 BEEG: Elterngeld stays free up to the earnings before the birth, at
#: most 300 € (§ 10 Abs. 3 with Abs. 5 S. 3: half for Elterngeld Plus)
ELTERNGELD_FREIBETRAG_MAX = Decimal(300)


# --------------------------------------------------------------------------- rules
def elterngeld_freibetrag(
    betrag: Decimal, einkommen_vor_geburt: Decimal | None, plus: bool
) -> Decimal:
    """§ 10 Abs. 5 S. 2, 3 BEEG: the part of the Elterngeld that is not income under the
    SGB II — the earnings before the birth (§ 2 Abs. 1 BEEG), at most 300 €; half with
    Elterngeld Plus. Mindestelterngeld without prior earnings counts in full."""
    grenze = min(einkommen_vor_geburt or ZERO, ELTERNGELD_FREIBETRAG_MAX)
    if plus:
        grenze = r2(grenze / 2)
    return min(betrag, grenze)


def bafoeg_absetzbetrag(bafoeg: Decimal, bereits_abgesetzt: Decimal, grenze: Decimal) -> Decimal:
    """§ 11b Abs. 2b SGB II (from 2023-07; before: Abs. 2 S. 5 a. F., 100 €): from
    Ausbildungsförderung the amount ``grenze`` is deducted in place of the Abs. 1 S. 1
    Nr. 3–5 deductions, less what the earnings' Grund- or Ausbildungsfreibetrag has used."""
    return min(bafoeg, max(ZERO, grenze - bereits_abgesetzt))


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


def mit_minderjaehrigem_kind(w: Werte, ws: list[Werte]) -> bool:
    """§ 11b Abs. 3 S. 3, per earner: the higher cap applies to a person who lives with at
    least one minor child in the BG — a minor ``kind`` other than the person — or who has
    a minor child (living in the household or, as stated, elsewhere)."""
    if w.person.minderjaehriges_kind_ausserhalb:
        return True
    return any(x is not w and x.person.rolle == "kind" and x.alter < 18 for x in ws)


@lru_cache(maxsize=256)
def band_text(satz: Decimal, von: Decimal, bis: Decimal) -> str:
    """The text of an Erwerbstätigenfreibetrag line. Rate and bounds of a band are
    parameters (the bands of § 11b Abs. 3 and the caps of S. 2, 3; the Grund- or
    Ausbildungsfreibetrag as the lower bound), never a person's amounts, so the few texts
    are formatted once per process instead of three formats per band and earner."""
    return (
        f"Erwerbstätigenfreibetrag {prozent_text(satz)} des Bruttos von {eur(von)} bis {eur(bis)}"
    )


# --------------------------------------------------------------------------- S6
def einkommen(ctx: Kontext, w: Werte, ws: list[Werte]) -> None:
    """S6: the person's income by kind (§ 11) and the countable earnings (§ 11b; the cap
    of § 11b Abs. 3 S. 3 decided per earner), then the Ausbildungsförderung (§ 11b Abs. 2b)."""
    brutto, netto = einkommensarten(ctx, w)
    grund = ZERO
    if brutto > 0 or netto > 0:
        grund = erwerbseinkommen_anrechenbar(ctx, w, brutto, netto, mit_minderjaehrigem_kind(w, ws))
    if w.bafoeg:
        bafoeg_anrechenbar(ctx, w, grund)


def in_ausbildung(w: Werte) -> bool:
    """§ 11b Abs. 2b: a pupil, student or trainee (as stated, or with an
    Ausbildungsvergütung) under 25."""
    if w.alter >= 25:
        return False
    return w.person.in_ausbildung or any(
        e.art == "ausbildungsverguetung" for e in w.person.einkommen
    )


def bafoeg_anrechenbar(ctx: Kontext, w: Werte, grund: Decimal) -> None:
    """§ 11a Abs. 3 S. 2 Nr. 3, § 11b Abs. 2b: the Ausbildungsförderung counts less the
    Absetzbetrag (the Geringfügigkeitsgrenze under 25 from 2023-07, else 100 €), which
    replaces the Versicherungspauschale."""
    p = ctx.p
    g = p.freibetrag_u25_ausbildung
    grenze = g if g is not None and w.alter < 25 else p.grundfreibetrag
    abzug = bafoeg_absetzbetrag(w.bafoeg, grund, grenze)
    w.sonstiges += w.bafoeg - abzug
    if abzug:
        w.pos.append(
            neue_position(
                (
                    w.person.id,
                    "freibetrag_bafoeg",
                    -abzug,
                    "§ 11b Abs. 2b SGB II"
                    if g is not None and w.alter < 25
                    else "§ 11b Abs. 2 SGB II",
                    f"Absetzbetrag von der Ausbildungsförderung (bis {eur(grenze)})",
                )
            )
        )


def einkommensarten(ctx: Kontext, w: Werte) -> tuple[Decimal, Decimal]:
    """§ 11: sums the earnings (returned as gross, net), the child's Kindergeld (its own
    income, § 11 Abs. 1 S. 5) and every other income (Unterhalt, UVG, sonstiges, the
    Kindergeld of an adult)."""
    p = ctx.p
    brutto = netto = ZERO
    for e in w.person.einkommen:
        if e.art in ERWERBS_ARTEN:
            brutto += e.brutto
            netto += e.netto
        elif e.art == "kindergeld" and w.person.rolle == "kind":
            w.kindergeld += p.kindergeld if e.betrag is None else e.betrag
        else:
            betrag = p.kindergeld if e.betrag is None else e.betrag
            text, norm = _EINKOMMEN[e.art]
            w.pos.append(neue_position((w.person.id, f"einkommen_{e.art}", betrag, norm, text)))
            if e.art == "bafoeg":
                w.bafoeg += betrag
                continue
            if e.art == "elterngeld":
                frei = elterngeld_freibetrag(betrag, e.einkommen_vor_geburt, e.elterngeld_plus)
                hoechstens = ELTERNGELD_FREIBETRAG_MAX / (2 if e.elterngeld_plus else 1)
                if frei:
                    w.pos.append(
                        neue_position(
                            (
                                w.person.id,
                                "elterngeld_freibetrag",
                                -frei,
                                "§ 10 Abs. 5 S. 2, 3 BEEG",
                                "Elterngeld anrechnungsfrei (Einkommen vor der Geburt, höchstens "
                                f"{eur(hoechstens)})",
                            )
                        )
                    )
                betrag -= frei
            elif e.art in ("wohngeld", "kinderzuschlag"):
                vorrang_hinweis(ctx)
            w.sonstiges += betrag
    if w.kindergeld:
        w.pos.append(
            neue_position(
                (
                    w.person.id,
                    "einkommen_kindergeld",
                    w.kindergeld,
                    "§ 11 Abs. 1 S. 5 SGB II",
                    "Kindergeld (Einkommen des Kindes, soweit zur Deckung seines Bedarfs benötigt)",
                )
            )
        )
    return brutto, netto


def vorrang_hinweis(ctx: Kontext) -> None:
    """Wohngeld or Kinderzuschlag in the request: counted as income, with the note on their
    relation to the SGB II (once per calculation)."""
    h = InternerHinweis(
        "Wohngeld oder Kinderzuschlag ist als Einkommen berücksichtigt (§ 11 Abs. 1 SGB II; "
        "Kinderzuschlag als Einkommen des Kindes, § 11 Abs. 1 S. 4). Wohngeld und Bürgergeld "
        "schließen sich für denselben Zeitraum aus (§ 7 Abs. 1 WoGG); Vorrang von Wohngeld "
        "und Kinderzuschlag prüfen (§ 12a SGB II).",
        "Housing benefit or the child supplement is counted as income (§ 11 (1) SGB II; the "
        "child supplement as the child's income, § 11 (1) sentence 4). Housing benefit and "
        "citizen's benefit exclude each other for the same period (§ 7 (1) WoGG); check the "
        "priority of housing benefit and the child supplement (§ 12a SGB II).",
    )
    if h not in ctx.hinweise:
        ctx.hinweise.append(h)


def erwerbseinkommen_anrechenbar(
    ctx: Kontext, w: Werte, brutto: Decimal, netto: Decimal, mit_kind: bool
) -> Decimal:
    """§ 11b Abs. 1 S. 1 Nr. 1, 2, Abs. 2, 2b, 3: net earnings less the Grundfreibetrag (or
    the § 11b Abs. 2b allowance) and the Erwerbstätigenfreibetrag bands. Returns the
    Grund- or Ausbildungsfreibetrag deducted."""
    p = ctx.p
    w.erwerbstaetig = True
    ausbildung = in_ausbildung(w)
    grund = ZERO
    w.pos.append(
        neue_position(
            (
                w.person.id,
                "erwerbseinkommen_brutto",
                brutto,
                "§ 11 SGB II",
                "Erwerbseinkommen brutto",
            )
        )
    )
    w.pos.append(
        neue_position(
            (
                w.person.id,
                "erwerbseinkommen_netto",
                netto,
                "§ 11b Abs. 1 S. 1 Nr. 1, 2 SGB II",
                "Erwerbseinkommen netto (nach Steuern und Sozialversicherung)",
            )
        )
    )
    abzug = ZERO
    for art, betrag, von, bis, satz in erwerbstaetigenfreibetrag(
        brutto, p, mit_kind=mit_kind, ausbildung_u25=ausbildung
    ):
        abzug += betrag
        if art in ("grundfreibetrag", "freibetrag_ausbildung"):
            grund = betrag
        if art == "grundfreibetrag":
            w.pos.append(
                neue_position(
                    (w.person.id, art, -betrag, "§ 11b Abs. 2 S. 1 SGB II", "Grundfreibetrag")
                )
            )
        elif art == "freibetrag_ausbildung":
            w.pos.append(
                neue_position(
                    (
                        w.person.id,
                        art,
                        -betrag,
                        "§ 11b Abs. 2b SGB II",
                        "Freibetrag für Schüler, Studierende und Auszubildende unter 25 "
                        "(Geringfügigkeitsgrenze)",
                    )
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
                neue_position(
                    (
                        w.person.id,
                        art,
                        -betrag,
                        "§ 11b Abs. 3 S. 3 SGB II"
                        if mit_kind and bis == p.etf_obergrenze_mit_kind
                        else "§ 11b Abs. 3 SGB II",
                        band_text(satz, von, bis or ZERO),
                    )
                )
            )
    w.erwerb_anrechenbar = max(ZERO, netto - abzug)
    w.pos.append(
        neue_position(
            (
                w.person.id,
                "erwerbseinkommen_anrechenbar",
                w.erwerb_anrechenbar,
                "§ 11b SGB II",
                "Anrechenbares Erwerbseinkommen",
            )
        )
    )
    return grund


def versicherungspauschale(ctx: Kontext, w: Werte) -> tuple[Decimal, Decimal]:
    """§ 11b Abs. 1 S. 1 Nr. 3, § 6 Abs. 1 Nr. 1 Bürgergeld-V: adults without earnings
    deduct the Pauschale, first from other income (and any Übertrag received), then from
    Kindergeld. Returns (deducted from other income, deducted from Kindergeld)."""
    if w.alter < 18 or w.erwerbstaetig or w.bafoeg:
        return ZERO, ZERO
    basis = w.sonstiges + w.kindergeld + w.uebertrag_erhalten
    if basis <= 0:
        return ZERO, ZERO
    pausch = min(ctx.p.versicherungspauschale, basis)
    w.pos.append(
        neue_position(
            (
                w.person.id,
                "versicherungspauschale",
                -pausch,
                "§ 11b Abs. 1 S. 1 Nr. 3 SGB II, § 6 Abs. 1 Nr. 1 Bürgergeld-V",
                "Versicherungspauschale",
            )
        )
    )
    aus_sonst = min(pausch, w.sonstiges + w.uebertrag_erhalten)
    return aus_sonst, pausch - aus_sonst


# --------------------------------------------------------------------------- S7
def kind_bedarfsdeckung(ctx: Kontext, w: Werte, ws: list[Werte], by_id: dict[str, Werte]) -> None:
    """S7 for one child (vertical method): its own income first, then its Kindergeld up to
    the rest of its need; the surplus goes to the recipient; a child whose income covers
    its need leaves the BG (§ 7 Abs. 3 Nr. 4)."""
    aus_sonst, aus_kg = versicherungspauschale(ctx, w)
    eigen = w.erwerb_anrechenbar + w.sonstiges - aus_sonst
    kg = w.kindergeld - aus_kg
    w.eigen_ohne_kg = eigen
    w.kg_genutzt, w.kg_uebertrag, w.ungedeckt, w.in_bg = kind_vertikal(w.bedarf, eigen, kg)
    w.einkommen = eigen + w.kg_genutzt
    if w.kg_uebertrag > 0:
        kindergeld_uebertrag(ctx, w, ws, by_id)
    if not w.in_bg:
        ausscheiden_bedarf_gedeckt(ctx, w, eigen + kg)


def kindergeld_uebertrag(ctx: Kontext, w: Werte, ws: list[Werte], by_id: dict[str, Werte]) -> None:
    """§ 11 Abs. 1 S. 5: Kindergeld the child does not need is income of the recipient —
    counted here if the recipient is an adult BG member."""
    empf = _kindergeld_empfaenger(w, ws)
    ziel = by_id.get(empf) if empf else None
    if ziel is w:
        w.kg_uebertrag = ZERO  # the child receives its own Kindergeld
    elif (
        ziel is not None
        and ziel.kandidat
        and (ziel.person.rolle != "kind" or (ziel.einheit_kopf and w.einheit == ziel.einheit))
    ):
        ziel.uebertrag_erhalten += w.kg_uebertrag
        w.pos.append(
            neue_position(
                (
                    w.person.id,
                    "kindergeld_uebertrag_abgabe",
                    -w.kg_uebertrag,
                    "§ 11 Abs. 1 S. 5 SGB II",
                    f"Nicht benötigtes Kindergeld, Einkommen von {ziel.person.id}",
                )
            )
        )
        ziel.pos.append(
            neue_position(
                (
                    ziel.person.id,
                    "kindergeld_uebertrag",
                    w.kg_uebertrag,
                    "§ 11 Abs. 1 S. 5 SGB II",
                    f"Kindergeldübertrag von {w.person.id}",
                )
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


def _kindergeld_empfaenger(w: Werte, ws: list[Werte]) -> str | None:
    for e in w.person.einkommen:
        if e.art == "kindergeld" and e.empfaenger:
            return e.empfaenger
    ids = eltern(w, ws)
    return ids[0] if ids else None


def ausscheiden_bedarf_gedeckt(ctx: Kontext, w: Werte, eigenes_einkommen: Decimal) -> None:
    """§ 7 Abs. 3 Nr. 4: the child's own income covers its need — not a BG member."""
    ctx.hinweise.append(
        Hinweis(
            f"{w.person.id} gehört nicht zur Bedarfsgemeinschaft: das eigene Einkommen "
            f"({eur(eigenes_einkommen)}) deckt den Bedarf ({eur(w.bedarf)}) (§ 7 Abs. 3 Nr. 4 "
            "SGB II).",
            f"{w.person.id} is not part of the benefit unit: their own income "
            f"({eur_en(eigenes_einkommen)}) covers their needs ({eur_en(w.bedarf)}) (§ 7 (3) no. "
            "4 SGB II).",
        )
    )
    w.pos.append(
        neue_position(
            (
                w.person.id,
                "bedarf_gedeckt",
                w.bedarf,
                "§ 7 Abs. 3 Nr. 4 SGB II",
                "Bedarf durch eigenes Einkommen gedeckt: nicht Mitglied der Bedarfsgemeinschaft",
            )
        )
    )


def einkommen_eigene_einheit(
    ctx: Kontext, w: Werte, ws: list[Werte], by_id: dict[str, Werte]
) -> None:
    """S7 for a child heading her own unit (§ 9 Abs. 3): in that unit she is the adult —
    a member with her whole need uncovered, whose countable income (with any
    Kindergeldübertrag of her own children) is spread over the unit. Her own Kindergeld
    counts only as far as she needs it for her own need; the rest is income of the parent
    who receives it (§ 11 Abs. 1 S. 5)."""
    w.in_bg = True
    aus_sonst, aus_kg = versicherungspauschale(ctx, w)
    eigen = w.erwerb_anrechenbar + w.sonstiges + w.uebertrag_erhalten - aus_sonst
    kg = w.kindergeld - aus_kg
    w.eigen_ohne_kg = eigen
    w.kg_genutzt = min(kg, max(ZERO, w.bedarf - eigen))
    w.kg_uebertrag = kg - w.kg_genutzt
    w.einkommen = eigen + w.kg_genutzt
    w.ungedeckt = w.bedarf
    if w.kg_uebertrag > 0:
        kindergeld_uebertrag(ctx, w, ws, by_id)


def einkommen_erwachsene(ctx: Kontext, w: Werte) -> None:
    """S7 for an adult: a BG member with its countable income (the Pauschale now includes
    any Kindergeldübertrag received) and its whole need uncovered for § 9 Abs. 2."""
    w.in_bg = True
    aus_sonst, _ = versicherungspauschale(ctx, w)
    w.einkommen = w.erwerb_anrechenbar + w.sonstiges + w.uebertrag_erhalten - aus_sonst
    w.ungedeckt = w.bedarf


def anrechenbares_einkommen(w: Werte) -> None:
    """§ 11b: the member's countable income as a line of the Berechnungsbogen."""
    if w.einkommen or w.person.einkommen:
        w.pos.append(
            neue_position(
                (
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
        )
