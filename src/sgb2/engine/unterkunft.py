"""S4 — Bedarfe für Unterkunft und Heizung (§ 22): the recognised rent and heating of the
dwelling (Karenzzeit § 22 Abs. 1 S. 2 with the transitional rule of § 65 Abs. 3,
Angemessenheitsgrenze and Kostensenkungsfrist § 22 Abs. 1 S. 1, 7) and each person's
Kopfteil."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_DOWN, Decimal

from ..model import Hinweis, InternerHinweis, Unterkunft, neue_position
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
from .monatsverlauf import anteilig, tage_text
from .personen import unter25_ohne_zusicherung


# --------------------------------------------------------------------------- rules
def karenz_beginn(leistungsbeginn: dt.date) -> dt.date:
    """Start of both Karenzzeiten: Leistungsbeginn, at the earliest 2023-01-01 (the
    Bürgergeld-Gesetz let the Karenzzeiten of running cases start on 1 January 2023)."""
    return max(leistungsbeginn, ERSTER_MONAT)


#: § 22 Abs. 1 S. 4, § 12 Abs. 3 S. 3: a new Karenzzeit after at least three years
#: without benefits under the SGB II or SGB XII
KARENZ_NEU_NACH_MONATEN = 36


def karenz_start(
    leistungsbeginn: dt.date,
    monat: dt.date,
    unterbrechungen: tuple[tuple[dt.date, dt.date], ...] = (),
) -> dt.date:
    """The effective start of the Karenzzeiten for ``monat``: ``monat`` less the months with
    benefits since the start (§ 22 Abs. 1 S. 3: months without receipt extend the
    Karenzzeit); after an interruption of at least three years a new Karenzzeit begins with
    the next month of receipt (S. 4). ``unterbrechungen`` are (first, last) months without
    benefits, before ``monat``."""
    start = karenz_beginn(leistungsbeginn)
    if not unterbrechungen:
        return start
    bezug = monate_zwischen(start, monat)
    for von, bis in sorted(unterbrechungen):
        bis = min(bis, plus_monate(monat, -1))
        if bis < von:
            continue
        if monate_zwischen(von, bis) + 1 >= KARENZ_NEU_NACH_MONATEN:
            start = karenz_beginn(plus_monate(bis, 1))
            bezug = monate_zwischen(start, monat)
            continue
        von = max(von, start)
        if bis >= von:
            bezug -= monate_zwischen(von, bis) + 1
    return plus_monate(monat, -max(0, bezug))


def karenz_start_von(ctx: Kontext) -> dt.date:
    """:func:`karenz_start` of the request, computed once per calculation."""
    if ctx.karenz_start is None:
        r = ctx.req
        ctx.karenz_start = karenz_start(r.leistungsbeginn, r.monat, r.bezugsunterbrechungen)
    return ctx.karenz_start


def kdu_karenz_aktiv(
    monat: dt.date,
    leistungsbeginn: dt.date,
    frist_ende: dt.date | None,
    p: Parameters,
    start: dt.date | None = None,
) -> bool:
    """Karenzzeit for the rent in month ``monat`` (§ 22 Abs. 1 S. 2).

    Months 1-12 from :func:`karenz_beginn`.  Transitional rule (§ 65 Abs. 3): no Karenzzeit
    for a case receiving benefits before 2023 whose Kostensenkungsfrist had already ended
    before 2023 (only the angemessene costs were being paid).
    """
    if leistungsbeginn < ERSTER_MONAT and frist_ende is not None and frist_ende < ERSTER_MONAT:
        return False
    beginn = karenz_beginn(leistungsbeginn) if start is None else start
    return monate_zwischen(beginn, monat) < p.kdu_karenz_monate


def unterkunft_anerkannt(
    u: Unterkunft, monat: dt.date, beginn: dt.date, p: Parameters, start: dt.date | None = None
) -> tuple[Decimal, Decimal, list[str], bool]:
    """Recognised (rent, heating) for the whole dwelling, notes, and 'unangemessen' flag
    (``start``: the effective start of the Karenzzeit, :func:`karenz_start`)."""
    hinweise: list[str] = []
    miete, miete_unangemessen = miete_anerkannt(u, monat, beginn, p, hinweise, start)
    heizung, heizung_unangemessen = heizung_anerkannt(u, monat, beginn, p, hinweise)
    return miete, heizung, hinweise, miete_unangemessen or heizung_unangemessen


def miete_anerkannt(
    u: Unterkunft,
    monat: dt.date,
    beginn_bezug: dt.date,
    p: Parameters,
    hinweise: list[str],
    start: dt.date | None = None,
) -> tuple[Decimal, bool]:
    """§ 22 Abs. 1 S. 1, 2, 7: the recognised rent (bruttokalt) of the dwelling and whether
    it is unangemessen; notes are appended to ``hinweise``."""
    unangemessen = False
    beginn = karenz_beginn(beginn_bezug) if start is None else start
    seit = monate_zwischen(beginn, monat)
    miete = u.bruttokaltmiete
    grenze = u.angemessenheitsgrenze_bruttokalt
    karenz = kdu_karenz_aktiv(monat, beginn_bezug, u.kostensenkung_frist_ende, p, beginn)
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
    miete, heizung, notes, unangemessen = unterkunft_anerkannt(
        u, req.monat, req.leistungsbeginn, p, karenz_start_von(ctx)
    )
    ctx.hinweise.extend(notes)
    ctx.verkuerzt = ctx.verkuerzt or unangemessen
    koepfe = u.personen_im_haushalt or len(ws)
    if u.bruttokaltmiete or u.heizkosten:
        ctx.bg_pos.append(
            neue_position(
                (
                    None,
                    "kdu_unterkunft_anerkannt",
                    miete,
                    "§ 22 Abs. 1 SGB II",
                    f"Anerkannte Unterkunftskosten (bruttokalt) der Wohnung, "
                    f"tatsächlich {eur(u.bruttokaltmiete)}, {koepfe} Person(en)",
                )
            )
        )
        ctx.bg_pos.append(
            neue_position(
                (
                    None,
                    "kdu_heizung_anerkannt",
                    heizung,
                    "§ 22 Abs. 1 SGB II",
                    f"Anerkannte Heizkosten der Wohnung, tatsächlich {eur(u.heizkosten)}",
                )
            )
        )
    if ctx.abschnitte is not None:
        kopfteile_taggenau(ctx, ws, miete, heizung, koepfe)
        return
    m_anteil, m_letzter = kopfteile(miete, koepfe)
    h_anteil, h_letzter = kopfteile(heizung, koepfe)
    text_unterkunft = f"Kopfteil Unterkunft (1/{koepfe})"  # the same for every head
    text_heizung = f"Kopfteil Heizung (1/{koepfe})"
    for w in ws:
        if not w.kandidat and w.ausschluss is None:
            continue
        letzter = w.index == koepfe - 1
        mu = m_letzter if letzter else m_anteil
        hz = h_letzter if letzter else h_anteil
        if not w.kandidat:  # gemischte BG: the Kopfteil of the SGB XII need (S5b)
            w.kdu = mu + hz
            continue
        if w.person.umzug_ohne_zusicherung and ohne_zusicherung(w):
            mu = hz = ZERO  # § 22 Abs. 5
        w.kdu_unterkunft = mu
        w.kdu = mu + hz
        if mu or hz:
            w.pos.append(
                neue_position(
                    (
                        w.person.id,
                        "kdu_unterkunft",
                        mu,
                        "§ 22 Abs. 1 SGB II",
                        text_unterkunft,
                    )
                )
            )
            w.pos.append(
                neue_position(
                    (
                        w.person.id,
                        "kdu_heizung",
                        hz,
                        "§ 22 Abs. 1 SGB II",
                        text_heizung,
                    )
                )
            )


def ohne_zusicherung(w: Werte) -> bool:
    """§ 22 Abs. 5: no Unterkunft for a person under 25 who moved without the Zusicherung."""
    return unter25_ohne_zusicherung(w.person.rolle, w.alter, w.person.umzug_ohne_zusicherung)


def kopfteile_taggenau(
    ctx: Kontext, ws: list[Werte], miete: Decimal, heizung: Decimal, koepfe: int
) -> None:
    """S4 with a change within the month (§ 22 Abs. 1, § 41 Abs. 1): in each section the
    heads are the residents present (listed persons absent in it are left out); each
    candidate's Kopfteil of each section counts for its days of the 30-day month,
    r2(share × days / 30) per distinct share."""
    assert ctx.abschnitte is not None
    tage: dict[str, dict[tuple[Decimal, Decimal], int]] = {w.person.id: {} for w in ws}
    n_listed = len(ws)
    for a, b, present in ctx.abschnitte:
        da = [w for w in ws if w.person.id in present]
        n = koepfe - (n_listed - len(da))
        m_anteil, m_letzter = kopfteile(miete, n)
        h_anteil, h_letzter = kopfteile(heizung, n)
        for j, w in enumerate(da):
            letzter = j == n - 1
            key = (m_letzter, h_letzter) if letzter else (m_anteil, h_anteil)
            tage[w.person.id][key] = tage[w.person.id].get(key, 0) + (b - a)
    for w in ws:
        if not w.kandidat and w.ausschluss is None:
            continue
        mu = hz = ZERO
        teile = []
        for (m, h), t in tage[w.person.id].items():
            mu += anteilig(m, t)
            hz += anteilig(h, t)
            teile.append(f"{eur(m + h)} für {tage_text(t)}")
        if w.kandidat and ohne_zusicherung(w):
            # § 22 Abs. 5 SGB II limits the Bedarfe of the SGB II; the Kopfteil in the SGB XII
            # need of an excluded partner (gemischte BG, S5b) stays, as without a change
            # within the month
            mu = hz = ZERO
        w.kdu_unterkunft = mu
        w.kdu = mu + hz
        if mu or hz:
            text = "Kopfteil taggenau: " + ", ".join(teile)
            w.pos.append(
                neue_position(
                    (w.person.id, "kdu_unterkunft", mu, "§ 22 Abs. 1, § 41 Abs. 1 SGB II", text)
                )
            )
            w.pos.append(
                neue_position(
                    (
                        w.person.id,
                        "kdu_heizung",
                        hz,
                        "§ 22 Abs. 1, § 41 Abs. 1 SGB II",
                        "Kopfteil Heizung taggenau",
                    )
                )
            )
