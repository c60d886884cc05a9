"""Scalar SGB II pipeline for one Bedarfsgemeinschaft (BG) and one month.

:func:`berechnen` is the whole calculation: a sequence of named legal steps, each a small
function in the module of its norm. Every step reads and fills the working values of the
persons (:class:`~sgb2.engine.basis.Werte`) and appends its lines of the Berechnungsbogen
and its notes in order. All amounts are ``Decimal`` euros; ``r2`` = round to cents with
ROUND_HALF_UP (§ 41 Abs. 2 SGB II). The batch path (``sgb2.batch``) mirrors the steps
one by one.

=====  =======================================  =========================================
Step   Norm                                     Function (module)
=====  =======================================  =========================================
S1     § 7, § 7a, § 8, § 20 Abs. 2–4, § 23      ``personen``, ``erwerbsfaehige_leistungs-
                                                berechtigte``, ``regelbedarfsstufen``
                                                (``personen``)
S1b    § 9 Abs. 3                               ``eigene_einheiten`` (``anspruch``)
S1c    § 41 Abs. 1 (changes within the month)   ``monatsverlauf`` (``monatsverlauf``)
S2     § 20, § 23 Nr. 1                         ``regelbedarf`` (``bedarfe``)
S3     § 21 Abs. 2–8, § 23 Nr. 2, 4             ``mehrbedarfe`` (``bedarfe``)
S4     § 22 Abs. 1, § 65 Abs. 3                 ``unterkunft_und_heizung`` (``unterkunft``)
S5     § 19 Abs. 1                              ``gesamtbedarf`` (``bedarfe``)
S5b    § 7 Abs. 4, § 7a, § 9 Abs. 2 S. 1;       ``gemischte_bg`` (``sgb12``)
       §§ 27a, 30, 35, 82, 82a SGB XII
S6     § 11, § 11b Abs. 1–3                     ``einkommen`` (``einkommen``)
S7     § 7 Abs. 3 Nr. 4, § 11 Abs. 1 S. 5,      ``kind_bedarfsdeckung``,
       § 11b Abs. 1 S. 1 Nr. 3                  ``einkommen_erwachsene``,
                                                ``anrechenbares_einkommen`` (``einkommen``)
S8     § 12, § 9 Abs. 1                         ``vermoegen_zu_hoch`` (``vermoegen``)
S9     § 9 Abs. 2 S. 3                          ``bedarfsanteile`` (``anspruch``)
S10    § 19 Abs. 3                              ``anspruch_person`` (``anspruch``)
S10b   § 28 Abs. 3, § 19 Abs. 2, 3              ``schulbedarf`` (``bildung``)
S13    § 41 Abs. 1                              (with S10, ``anspruch_person``)
S11    § 72                                     ``kindersofortzuschlag`` (``sofortzuschlag``)
S12    §§ 31a, 32                               ``leistungsminderung``
                                                (``leistungsminderung``)
S14    § 19, § 41                               ``ergebnis`` (``ergebnis``)
=====  =======================================  =========================================

S1  ``alter_am``, ``regelaltersgrenze_ueberschritten``, ``regelbedarfsstufe``: age in
    completed years on the 1st of the month (a birthday inside the month takes effect next
    month; a child born in the month counts as 0); Regelaltersgrenze
    (§ 7a, month-exact); erwerbsfähig (explicit flag, else 15 <= age < Regelaltersgrenze;
    always false under 15); BG candidate (antragsteller/partner below the Regelaltersgrenze;
    kind under 25 below it; sonstige never); RBS (§ 20 Abs. 2-4, § 23 Nr. 1).  No BG if no
    candidate is erwerbsfähig.  No rounding.
S1b ``eigene_einheiten`` (§ 9 Abs. 3): a ``kind`` under 25 who is pregnant or has her own
    ``kind`` under 6 (``eltern``) heads a unit of her own with her children; S7 treats her
    as the unit's adult (``einkommen_eigene_einheit``), S8–S12 run per unit.
S1c ``monatsverlauf`` (§ 41 Abs. 1): with a birthday that changes an RBS, a birth, or
    ``anwesend_ab``/``anwesend_bis``, the 30-day month is split into sections; RB_i =
    Σ r2(table[RBS] × days / 30) per RBS, Kopfteile per section (heads present),
    r2(share × days / 30) per distinct share.
S2  RB_i = table[RBS_i] (whole euros); § 20 Abs. 3: RBS 3 for an under-25 who moved out
    without Zusicherung (``umzug_ohne_zusicherung``; KdU 0 by § 22 Abs. 5).
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
S5b ``gemischte_bg``: for a person excluded from the SGB II (age limit, Altersrente,
    permanent full Erwerbsminderung) the SGB XII need (RB + § 30 Mehrbedarfe + Kopfteil) and
    income (§ 82 Abs. 3: net − min(r2(30 % gross), r2(50 % RBS 1)); § 82a Grundrente);
    the surplus of an antragsteller/partner is added to the BG's income E in S9.
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
S10b ``schulbedarf`` (§ 28 Abs. 3, § 19 Abs. 3 S. 3; module ``bildung``): in August /
    February each pupil under 25 without Ausbildungsvergütung has the need S_i (first /
    second half-year amount); S'_i = max(0, S_i − own non-Kindergeld income above B_i);
    claim = max(0, ΣS'_i − max(0, E − ΣU)) (income covers BuT last), shared by
    ``verteilen``; none when the assets are too high.  Paid in the Zahlbetrag, not in A_i.
S11 ``sofortzuschlag_berechtigt`` (§ 72): children under 25 with RBS 3-6 whose claim
    exists or fails only because of Kindergeld; full amount, never prorated.
S12 ``minderung_prozent``, ``minderung``: r2(pct × RB_i) (pct capped by regime), at most
    the (prorated) Regel-/Mehrbedarf part of the claim, never KdU.
S13 ``teilmonat_tage``, ``teilmonat_anteile`` (§ 41 Abs. 1): days on a 30-day month;
    anspruch = r2(A_i × days / 30), davon_kdu = r2(KdU part × days / 30),
    davon_regel = anspruch − davon_kdu; minderung r2(M × days / 30).
S14 Zahlbetrag = anspruch + Sofortzuschlag + Schulbedarf − Minderung; totals are sums of
    the persons.

A new rule goes into the module of its norm, as a step function (or into an existing
step), called from :func:`berechnen` at its place in the order; its parameters into
``sgb2/params/*.yaml``; its mirror into ``sgb2.batch.schritte``.
"""

from __future__ import annotations

from ..model import Request, Result
from ..params import parameters_for
from .anspruch import (
    anspruch_person,
    aufteilen,
    bedarfsanteile,
    eigene_einheit_kind,
    eigene_einheiten,
    teilmonat_anteile,
    teilmonat_tage,
    verteilen,
)
from .basis import ZERO, Kontext, eur, r2
from .bedarfe import gesamtbedarf, mehrbedarf_alleinerziehend_anteil, mehrbedarfe, regelbedarf
from .bildung import schulbedarf, schulbedarf_berechtigt, schulbedarf_betrag
from .einkommen import (
    anrechenbares_einkommen,
    einkommen,
    einkommen_eigene_einheit,
    einkommen_erwachsene,
    erwerbstaetigenfreibetrag,
    kind_bedarfsdeckung,
    kind_vertikal,
    mit_minderjaehrigem_kind,
)
from .ergebnis import ergebnis
from .leistungsminderung import leistungsminderung, minderung, minderung_prozent
from .monatsverlauf import monatsverlauf
from .personen import (
    alter_am,
    erwerbsfaehige_leistungsberechtigte,
    personen,
    regelaltersgrenze_ueberschritten,
    regelbedarfsstufe,
    regelbedarfsstufen,
)
from .sgb12 import gemischte_bg
from .sofortzuschlag import kindersofortzuschlag, sofortzuschlag_berechtigt
from .unterkunft import (
    karenz_beginn,
    karenz_start,
    kdu_karenz_aktiv,
    kopfteile,
    unterkunft_anerkannt,
    unterkunft_und_heizung,
)
from .vermoegen import vermoegen_zu_hoch, vermoegensfreibetrag

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
    "eigene_einheit_kind",
    "mit_minderjaehrigem_kind",
    "teilmonat_tage",
    "teilmonat_anteile",
    "kind_vertikal",
    "aufteilen",
    "sofortzuschlag_berechtigt",
    "schulbedarf_betrag",
    "schulbedarf_berechtigt",
    "minderung_prozent",
    "minderung",
    "kdu_karenz_aktiv",
    "karenz_beginn",
    "karenz_start",
    "unterkunft_anerkannt",
    "vermoegensfreibetrag",
]


def berechnen(req: Request) -> Result:
    """Compute the entitlement of the BG for ``req.monat``: the steps S1–S14 in order."""
    ctx = Kontext(parameters_for(req.monat), req)
    # S1 who counts: age, § 7a, erwerbsfähig, candidates; no BG without an erwerbsfähige
    # leistungsberechtigte Person; Regelbedarfsstufen
    ws = personen(ctx)
    erwerbsfaehige_leistungsberechtigte(ctx, ws)
    regelbedarfsstufen(ctx, ws)
    eigene_einheiten(ctx, ws)  # S1b § 9 Abs. 3
    monatsverlauf(ctx, ws)  # S1c § 41 Abs. 1: changes within the month, by days
    kandidaten = [w for w in ws if w.kandidat]
    for w in kandidaten:
        regelbedarf(ctx, w)  # S2 § 20
        mehrbedarfe(ctx, w, ws)  # S3 § 21, § 23
    unterkunft_und_heizung(ctx, ws)  # S4 § 22
    for w in kandidaten:
        gesamtbedarf(w)  # S5 § 19 Abs. 1
    if any(w.ausschluss is not None for w in ws):
        gemischte_bg(ctx, ws)  # S5b gemischte BG: SGB XII need and income, the surplus
    for w in kandidaten:
        einkommen(ctx, w, ws)  # S6 § 11, § 11b
    # S7 children first (vertical method, Kindergeldübertrag), then a child heading her
    # own unit (§ 9 Abs. 3), then the adults
    by_id = {w.person.id: w for w in ws}
    for w in kandidaten:
        if w.person.rolle == "kind" and not w.einheit_kopf:
            kind_bedarfsdeckung(ctx, w, ws, by_id)  # § 7 Abs. 3 Nr. 4, § 11 Abs. 1 S. 5
    for w in kandidaten:
        if w.einheit_kopf:
            einkommen_eigene_einheit(ctx, w, ws, by_id)  # § 9 Abs. 3
    for w in kandidaten:
        if w.person.rolle != "kind":
            einkommen_erwachsene(ctx, w)  # § 11b Abs. 1 S. 1 Nr. 3
    mitglieder = [w for w in ws if w.in_bg]
    for w in mitglieder:
        anrechenbares_einkommen(w)  # § 11b
    tage = teilmonat_tage(req.monat, req.anspruch_von, req.anspruch_bis)
    anspruch_bg = ZERO
    zu_hoch_bg = False
    # S8–S12 per unit: the BG, and each unit of § 9 Abs. 3 on its own
    einheiten: list[str | None] = [None]
    schulbedarf_monat = bool(schulbedarf_betrag(req.monat, ctx.p)[0]) and any(
        x.schueler for x in req.personen
    )
    if any(w.einheit is not None for w in ws):
        einheiten.extend(dict.fromkeys(w.einheit for w in ws if w.einheit is not None))
    for einheit in einheiten:
        teil = (
            mitglieder if len(einheiten) == 1 else [w for w in mitglieder if w.einheit == einheit]
        )
        if einheit is not None and not teil:
            continue
        zu_hoch = vermoegen_zu_hoch(ctx, teil, einheit)  # S8 § 12
        verteilung = bedarfsanteile(ctx, teil, zu_hoch, einheit)  # S9 § 9 Abs. 2 S. 3
        summe_u = verteilung.ungedeckt
        summe_u_text = eur(summe_u) if summe_u > 0 else None  # once per unit
        for w, anteil in zip(teil, verteilung.anteile, strict=True):
            anspruch_person(ctx, w, anteil, summe_u, tage, summe_u_text)  # S10, S13
        if schulbedarf_monat:
            schulbedarf(ctx, ws, einheit, verteilung, zu_hoch)  # S10b § 28 Abs. 3, § 19 Abs. 3
        if not zu_hoch:
            for w in ws:
                if w.einheit == einheit:
                    kindersofortzuschlag(ctx, w, verteilung)  # S11 § 72
        for w in teil:
            if w.person.leistungsminderung is not None:
                leistungsminderung(ctx, w, tage)  # S12 §§ 31a, 32
        anspruch_bg += verteilung.anspruch
        if einheit is None:
            zu_hoch_bg = zu_hoch
    return ergebnis(ctx, ws, tage, anspruch_bg, zu_hoch_bg)  # S14 § 19, § 41
