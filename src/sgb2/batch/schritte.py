"""The batch path's steps: ``sgb2.engine.berechnen`` step by step (S1–S14) on the int64
cent columns of one chunk of BGs, with no Python loop over households.

Every statutory rounding of the scalar engine (``Decimal`` with ROUND_HALF_UP, § 41 Abs. 2)
is reproduced exactly with integer arithmetic: ``r2(a × z / n)`` for non-negative integers
is ``(2·a·z + n) // (2·n)``. BG values reach their persons with ``np.repeat``, BG sums are
differences of a running sum (exact in int64); a choice per person is a product with the
mask (``_nur``, ``_wahl``), not ``np.where``; rare rules are computed only on the persons
they apply to. A new engine rule gets its mirror here, in the step of the same name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt

from ..params import ERSTER_MONAT, Parameters
from .spalten import (
    I32,
    I64,
    KIND,
    PARTNER,
    SONSTIGE,
    B,
    Columns,
    cent,
    ordinal,
)

# --------------------------------------------------------------------------- helpers


def _r2_mul_div(a: I64, z: int | I64, n: int | I64) -> I64:
    """round_half_up(a × z / n) for non-negative integer a, z and positive n."""
    return (2 * a * z + n) // (2 * n)


def _nur(m: B, x: Any) -> Any:
    """``x`` where ``m``, else 0: ``np.where(m, x, 0)`` for integers, as the product
    ``x · m`` (exact). numpy's ``where`` branches per element; on a mask without a pattern
    (who is a member, earns, is a child) it is three to seven times slower than a product
    over the same 40,000 persons of a chunk."""
    return x * m


def _wahl(m: B, a: Any, b: Any) -> Any:
    """``a`` where ``m``, else ``b``: ``np.where(m, a, b)`` for integers, as
    ``b + (a − b) · m`` (exact: every value here is far inside int64; see ``_nur``)."""
    return b + (a - b) * m


def _e6(x: Decimal) -> int:
    """Rate as an exact integer multiple of 1e-6."""
    q = x * 1_000_000
    if q != q.to_integral_value():
        raise ValueError(f"Satz {x} nicht in 1e-6 darstellbar")
    return int(q)


def _seg(values: npt.NDArray[Any], ende: npt.NDArray[np.intp]) -> I64:
    """Exact int64 sum per BG (persons are contiguous per BG; every BG has a person;
    ``ende`` is the index of each BG's last person): differences of the running sum at the
    BGs' ends. Exact in int64: the parser caps every amount at 10 million euros (10⁹ cents),
    so even a chunk of millions of persons sums far below 2⁶³. (``np.add.reduceat`` gives
    the same but runs its inner loop once per BG: several times slower for BGs of one to
    four persons.)"""
    if ende.shape[0] == 0:
        return np.zeros(0, dtype=np.int64)
    bis = np.cumsum(values, dtype=np.int64)[ende]
    out = np.empty_like(bis)
    out[0] = bis[0]
    np.subtract(bis[1:], bis[:-1], out=out[1:])
    return out


# § 23 Nr. 1 / § 20 Abs. 2 S. 2: RBS of a child by age 0..18+ (index clipped at 18)
_RBS_KIND = np.array([6] * 6 + [5] * 8 + [4] * 4 + [3], dtype=np.int32)


def _kopfteile(gesamt: I64, koepfe: I64, k1: I64) -> tuple[I64, I64]:
    """engine.kopfteile: r2(total / heads), remainder on the last head; if the first heads'
    half-up shares would exceed the total (a few cents), the shares are rounded down."""
    anteil = (2 * gesamt + k1) // (2 * k1)  # r2(gesamt / k1)
    anteil = _wahl(anteil * (koepfe - 1) > gesamt, gesamt // k1, anteil)
    allein = koepfe <= 1
    anteil = _wahl(allein, gesamt, anteil)
    letzter = _wahl(allein, gesamt, gesamt - anteil * (koepfe - 1))
    return anteil, letzter


def _plus_monate(ordinal: I32 | I64, n: int) -> I64:
    return ordinal.astype(np.int64) + n


def _rest_verteilen(anteil: I64, rest_bg: I64, u_m: I64, mitglied: B, cols: Columns) -> None:
    """S9 remainder cents (in place): like ``engine.verteilen``, only for BGs with a rest.

    Members in the order (largest U first, then list order) get one cent each per pass
    while ``0 <= share ± 1 <= U``; passes repeat until the rest is used up.
    """
    bgs = np.nonzero(rest_bg != 0)[0]
    lens = cols.bg_n[bgs].astype(np.int64)
    # person indices of those BGs (contiguous ranges)
    offs = np.repeat(cols.bg_start[bgs] - np.cumsum(lens) + lens, lens)
    pers = offs + np.arange(int(lens.sum()), dtype=np.int64)
    sub_bg = np.repeat(np.arange(bgs.shape[0], dtype=np.int64), lens)
    order = _reihenfolge(sub_bg, u_m[pers], cols.idx[pers])
    pers_o = pers[order]
    sub_o = sub_bg[order]
    starts = np.concatenate(([0], np.cumsum(lens)[:-1]))
    rest = rest_bg[bgs].copy()
    for _pass in range(64):
        if not np.any(rest != 0):
            break
        r = rest[sub_o]
        a_o = anteil[pers_o]
        step = np.sign(r)
        neu = a_o + step
        elig = mitglied[pers_o] & (r != 0) & (neu >= 0) & (neu <= u_m[pers_o])
        cum = np.cumsum(elig)
        before = np.concatenate(([0], cum))[starts][sub_o]
        give = elig & (cum - before <= np.abs(r))
        anteil[pers_o[give]] += step[give]
        given = np.bincount(sub_o[give], weights=step[give], minlength=bgs.shape[0])
        if not np.any(given != 0):
            break  # pragma: no cover - the scalar loop would not terminate either
        rest -= given.astype(np.int64)


def _reihenfolge(sub_bg: I64, u: I64, idx: I32) -> npt.NDArray[np.intp]:
    """The order (BG, largest U first, list order) of ``_rest_verteilen``: one sort of one
    int64 key (BG, U descending and position in the BG packed into one integer; all three
    are bounded) instead of a three-key ``lexsort``; ``lexsort`` where the packed key would
    not fit into 62 bits (amounts near the input limit in a huge chunk)."""
    if u.shape[0] == 0:
        return np.zeros(0, dtype=np.intp)
    u_max, u_min = int(u.max()), int(u.min())
    i_min = int(idx.min())
    span_u, span_i = u_max - u_min + 1, int(idx.max()) - i_min + 1
    if (int(sub_bg[-1]) + 1) * span_u * span_i >= 1 << 62:
        return np.lexsort((idx, -u, sub_bg))
    key = sub_bg * span_u
    key += u_max - u
    key *= span_i
    key += idx - i_min
    return np.argsort(key)  # the keys are unique: any sort gives this order


# --------------------------------------------------------------------------- result


@dataclass
class BatchErgebnis:
    """Per-person (aligned with ``Columns.bg``) and per-BG results in int64 cents.

    ``bedarf``, ``davon_regel_und_mehrbedarf`` and ``zahlbetrag`` are derived on access
    (exact integer identities of the scalar steps S5, S10/S13 and S14), which keeps the
    stored result small for millions of BGs.
    """

    in_bg: B
    regelbedarfsstufe: I32  # 0 = none (sonstige)
    erwerbsfaehig: B
    regelbedarf: I64
    mehrbedarf: I64
    kdu: I64
    einkommen_anrechenbar: I64
    anspruch: I64
    davon_kdu: I64
    kindersofortzuschlag: I64
    minderung: I64
    summe_bedarf: I64
    summe_einkommen_anrechenbar: I64
    summe_anspruch: I64
    summe_kindersofortzuschlag: I64
    summe_minderung: I64
    summe_zahlbetrag: I64
    anspruch_bg: B
    bewilligungszeitraum_monate: I32

    @property
    def bedarf(self) -> I64:
        """S5: Regelbedarf + Mehrbedarf + KdU (0 outside the BG)."""
        return self.regelbedarf + self.mehrbedarf + self.kdu

    @property
    def davon_regel_und_mehrbedarf(self) -> I64:
        """S10/S13: anspruch − davon_kdu."""
        return self.anspruch - self.davon_kdu

    @property
    def zahlbetrag(self) -> I64:
        """S14: anspruch + Kindersofortzuschlag − Minderung."""
        return self.anspruch + self.kindersofortzuschlag - self.minderung


# --------------------------------------------------------------------------- the steps


@dataclass(frozen=True, slots=True)
class Teil:
    """One chunk of BGs being computed: its columns, the month's parameters and the BG
    structure every step needs (persons are contiguous per BG)."""

    cols: Columns
    p: Parameters
    ist_kind: B
    ist_paar: B
    bg_n: npt.NDArray[np.intp]  # persons per BG as np.repeat wants its counts
    ende: npt.NDArray[np.intp]  # index of each BG's last person

    def rep(self, x: npt.NDArray[Any]) -> npt.NDArray[Any]:
        """BG value for each of its persons."""
        return np.repeat(x, self.bg_n)

    def seg(self, values: npt.NDArray[Any]) -> I64:
        """Exact int64 sum per BG."""
        return _seg(values, self.ende)


def berechnen_teil(cols: Columns, p: Parameters) -> BatchErgebnis:
    """All BGs of ``cols`` (one chunk): the steps of ``sgb2.engine.berechnen`` in order."""
    rolle = cols.rolle
    # role codes: ANTRAG 0, PARTNER 1, KIND 2, SONSTIGE 3
    bg_n = cols.bg_n.astype(np.intp)
    t = Teil(cols, p, rolle == KIND, rolle <= PARTNER, bg_n, cols.bg_start + (bg_n - 1))
    kand, partner_vorhanden, rbs = personen(t)  # S1
    rb_table = _cent_table(p.regelbedarf)
    rb = regelbedarf(t, kand, rbs, rb_table)  # S2 § 20, S1c § 41 Abs. 1 (birthdays)
    mb = mehrbedarfe(t, kand, partner_vorhanden, rbs, rb, rb_table)  # S3 § 21, § 23
    kdu, unangemessen, kdu_alle = unterkunft_und_heizung(t, kand)  # S4 § 22
    bedarf = rb + mb + kdu  # S5 § 19 Abs. 1
    ueberschuss = gemischte_bg(t, kdu_alle)  # S5b gemischte BG
    erwerb_anr, erwerbstaetig, bafoeg_anr = erwerbseinkommen_anrechenbar(t, kand)  # S6
    s7 = kinder_und_erwachsene(t, kand, bedarf, erwerb_anr, erwerbstaetig, bafoeg_anr)  # S7
    zu_hoch = vermoegen_zu_hoch(t, s7.in_bg)  # S8 § 12
    v = bedarfsanteile(t, s7, zu_hoch, ueberschuss)  # S9 § 9 Abs. 2 S. 3
    tage_p = t.rep(cols.tage)
    anspruch, davon_rmb, davon_kdu = anspruch_person(t, s7.in_bg, v, bedarf, rb + mb, tage_p)
    szz = kindersofortzuschlag(t, kand, rbs, bedarf, s7, v, anspruch, zu_hoch)  # S11 § 72
    minderung = leistungsminderung(t, s7.in_bg, rb, davon_rmb, tage_p)  # S12 §§ 31a, 32
    return ergebnis(  # S14 § 19, § 41
        t,
        kand=kand,
        in_bg=s7.in_bg,
        rbs=rbs,
        regelbedarf=rb,
        mehrbedarf=mb,
        kdu=kdu,
        bedarf=bedarf,
        einkommen=s7.einkommen,
        anspruch=anspruch,
        davon_kdu=davon_kdu,
        sofortzuschlag=szz,
        minderung=minderung,
        unangemessen=unangemessen,
    )


def _cent_table(werte: Mapping[int, Decimal]) -> I64:
    """RBS-indexed table (index 1–6) of amounts in cents."""
    table = np.zeros(7, dtype=np.int64)
    for s in range(1, 7):
        table[s] = cent(werte[s])
    return table


def personen(t: Teil) -> tuple[B, B, I32]:
    """S1: BG candidates (none without an erwerbsfähige candidate, § 7 Abs. 1), whether
    both partners are listed, and the RBS (§ 20 Abs. 2–4, § 23 Nr. 1; 0 = sonstige)."""
    cols = t.cols
    alter = cols.alter
    ist_paar = t.ist_paar
    kand = cols.kandidat_person.copy()
    hat_ef_kand = t.seg(kand & cols.ef_person) > 0
    kand &= t.rep(hat_ef_kand)
    n_paar = t.seg(ist_paar)
    partner_vorhanden = t.rep(n_paar == 2)
    # partner's age: sum of the couple's ages minus own age
    paar_alter_sum = t.seg(_nur(ist_paar, alter))
    partner_alter = t.rep(paar_alter_sum) - alter
    rbs_kind = _RBS_KIND[np.minimum(alter, 18)]
    rbs_erw = _wahl(
        alter < 18,
        _wahl(partner_vorhanden, 4, 1),
        _wahl(partner_vorhanden & (partner_alter >= 18), 2, 1),
    )
    # § 20 Abs. 3: under 25, moved without the Zusicherung: RBS 3 instead of 1
    if np.any(cols.ohne_zusicherung):
        rbs_erw = _wahl(cols.ohne_zusicherung & (rbs_erw == 1), 3, rbs_erw)
    rbs = _wahl(t.ist_kind, rbs_kind, _nur(cols.rolle != SONSTIGE, rbs_erw))
    return kand, partner_vorhanden, rbs.astype(np.int32)


def regelbedarf(t: Teil, kand: B, rbs: I32, rb_table: I64) -> I64:
    """S2: the Regelbedarf of each candidate's RBS (§ 20, § 23 Nr. 1); with a birthday in
    the month that changes an RBS (S1c, § 41 Abs. 1) each RBS for its days of the 30-day
    month: r2(RB_old × pos / 30) + r2(RB_new × (30 − pos) / 30)."""
    rb: I64 = _nur(kand, rb_table[rbs])
    cols = t.cols
    geb = cols.geb_pos >= 0
    if not np.any(geb):
        return rb
    alter = cols.alter
    # kind: its own birthday; a couple: an 18th birthday of either partner (the only one
    # that changes an adult's RBS; the columns hold at most one position per couple)
    rel18 = t.ist_paar & geb & (alter == 17)
    pos18 = np.maximum.reduceat(np.where(rel18, cols.geb_pos, -1), cols.bg_start)
    pos = np.where(t.ist_kind, np.where(geb, cols.geb_pos, -1), t.rep(pos18))
    pos = np.where(t.ist_paar | t.ist_kind, pos, -1)
    sel = np.nonzero(kand & (pos >= 0))[0]
    if sel.shape[0] == 0:
        return rb
    alter2 = alter + rel18
    partner_vorhanden = t.rep(t.seg(t.ist_paar) == 2)
    paar_alter2 = t.rep(t.seg(np.where(t.ist_paar, alter2, 0))) - alter2
    rbs_erw2 = np.where(
        alter2 < 18,
        np.where(partner_vorhanden, 4, 1),
        np.where(partner_vorhanden & (paar_alter2 >= 18), 2, 1),
    )
    rbs_erw2 = np.where(cols.ohne_zusicherung & (rbs_erw2 == 1), 3, rbs_erw2)
    rbs2 = np.where(t.ist_kind, _RBS_KIND[np.minimum(alter + geb, 18)], rbs_erw2)[sel]
    rbs1 = rbs[sel]
    p_s = pos[sel].astype(np.int64)
    mix = _r2_mul_div(rb_table[rbs1], p_s, 30) + _r2_mul_div(rb_table[rbs2], 30 - p_s, 30)
    rb[sel] = np.where(rbs2 != rbs1, mix, rb[sel])
    return rb


def mehrbedarfe(t: Teil, kand: B, partner_vorhanden: B, rbs: I32, rb: I64, rb_table: I64) -> I64:
    """S3: § 21 Abs. 2–5 (+ § 23 Nr. 2, 4) capped by Abs. 8, plus Abs. 6/6a and Abs. 7 —
    computed only for the persons that can have one."""
    cols, p = t.cols, t.p
    alter = cols.alter
    i64 = np.int64
    n_pers = cols.n_personen
    hat_partner = partner_vorhanden & t.ist_paar
    kinder = np.nonzero(t.ist_kind & (alter < 18))[0]
    # Alleinerziehende: minor children (role kind) naming the person as a parent (each
    # child once per named parent: its first and second parent in one list)
    eltern = np.concatenate((cols.eltern1[kinder], cols.eltern2[kinder]))
    k_alter = np.concatenate((alter[kinder], alter[kinder]))
    ok = eltern >= 0
    eltern, k_alter = eltern[ok], k_alter[ok]
    n_minor = np.bincount(eltern, minlength=n_pers)
    n_u16 = np.bincount(eltern[k_alter < 16], minlength=n_pers)
    n_u7 = np.bincount(eltern[k_alter < 7], minlength=n_pers)
    ae_ok = ~hat_partner & (n_minor > 0)
    ww_on = t.rep(cols.dezentral)
    sel = np.nonzero(
        kand
        & (
            ae_ok
            | (cols.ssw > 0)
            | (cols.n_behinderung > 0)
            | (cols.n_merkzeichen_g > 0)
            | (cols.ernaehrung > 0)
            | (cols.unabweisbar > 0)
            | (cols.schulbuecher > 0)
            | ww_on
        )
    )[0]
    rb_s = rb[sel]
    alter_s = alter[sel]
    ef_s = cols.ef_person[sel]
    ssw_s = cols.ssw[sel]
    # § 21 Abs. 2 Schwangerschaft
    ged = np.where(
        (ssw_s > 0) & (ssw_s >= p.mb_schwangerschaft_ab_woche),
        _r2_mul_div(rb_s, _e6(p.mb_schwangerschaft), 1_000_000),
        0,
    )
    # § 21 Abs. 3 Alleinerziehende
    nm_s, n16_s, n7_s = n_minor[sel], n_u16[sel], n_u7[sel]
    erh = np.where((n7_s > 0) | ((n16_s >= 2) & (n16_s <= 3)), _e6(p.mb_ae_erhoeht), 0)
    anteil = np.minimum(_e6(p.mb_ae_max), np.maximum(erh, _e6(p.mb_ae_je_kind) * nm_s))
    ged += np.where(ae_ok[sel], _r2_mul_div(np.full_like(rb_s, rb_table[1]), anteil, 1_000_000), 0)
    # § 21 Abs. 4, § 23 Nr. 2 Behinderung; § 23 Nr. 4 Merkzeichen G; § 21 Abs. 5 Ernährung
    nb_s = cols.n_behinderung[sel]
    ged += np.where(
        ef_s | (alter_s >= 15), nb_s * _r2_mul_div(rb_s, _e6(p.mb_behinderung), 1_000_000), 0
    )
    ged += np.where(
        ~ef_s & (alter_s >= 15) & (nb_s == 0),
        cols.n_merkzeichen_g[sel] * _r2_mul_div(rb_s, _e6(p.mb_merkzeichen_g), 1_000_000),
        0,
    )
    ged += cols.ernaehrung[sel]
    # § 21 Abs. 8 cap
    ged = np.minimum(ged, rb_s)
    # § 21 Abs. 7 dezentrale Warmwassererzeugung
    ww_table = np.zeros(7, dtype=i64)
    for s in range(1, 7):
        ww_table[s] = _e6(p.mb_warmwasser[s])
    ww = np.where(ww_on[sel], _r2_mul_div(rb_s, ww_table[rbs[sel]], 1_000_000), 0)
    mb = np.zeros_like(rb)
    # § 21 Abs. 6, 6a: the amounts given
    mb[sel] = ged + cols.unabweisbar[sel] + cols.schulbuecher[sel] + ww
    return mb


def unterkunft_und_heizung(t: Teil, kand: B) -> tuple[I64, B, I64]:
    """S4: recognised rent and heating of each dwelling (§ 22 Abs. 1, § 65 Abs. 3), the
    candidates' Kopfteile, whether the costs are unangemessen (per BG), and every listed
    person's Kopfteil (for the SGB XII need of S5b)."""
    cols, p = t.cols, t.p
    i64 = np.int64
    mon = cols.mon.astype(i64)
    seit = cols.seit_karenz.astype(i64)
    miete = cols.miete
    grenze = cols.grenze
    hat_grenze = grenze >= 0
    erster = ordinal(ERSTER_MONAT)
    # § 65 Abs. 3: no rent Karenzzeit for a pre-2023 case whose Kostensenkungsfrist ended
    # before 2023 (engine.kdu_karenz_aktiv)
    alt_gesenkt = (cols.beginn_bezug < erster) & (cols.frist_ende >= 0) & (cols.frist_ende < erster)
    karenz = (seit < p.kdu_karenz_monate) & ~alt_gesenkt
    anerkannt = miete
    unang = np.zeros(cols.n_bg, dtype=np.bool_)
    if p.kdu_karenz_deckel_faktor is not None:
        deckel = _r2_mul_div(np.maximum(grenze, 0), _e6(p.kdu_karenz_deckel_faktor), 1_000_000)
        ueber = karenz & hat_grenze & (miete > deckel)
        anerkannt = _wahl(ueber, deckel, anerkannt)
        unang |= ueber
    nach = ~karenz & hat_grenze & (miete > grenze)
    frist_gesetzt = cols.frist_ende >= 0
    frist = _wahl(
        frist_gesetzt,
        cols.frist_ende.astype(i64),
        _plus_monate(cols.karenz_beginn, p.kdu_karenz_monate + p.kdu_kostensenkung_monate - 1),
    )
    anerkannt = _wahl(nach & (mon > frist), grenze, anerkannt)
    unang |= nach
    heizung = cols.heizung
    h_unang = ~cols.heiz_angemessen & (heizung > 0)
    frist_h = _wahl(
        frist_gesetzt,
        cols.frist_ende.astype(i64),
        _plus_monate(cols.beginn_bezug, p.kdu_kostensenkung_monate - 1),
    )
    heizung = _nur(~(h_unang & (mon > frist_h)), heizung)
    unang |= h_unang
    koepfe = cols.koepfe.astype(i64)
    k1 = np.maximum(koepfe, 1)
    m_anteil, m_letzter = _kopfteile(anerkannt, koepfe, k1)
    h_anteil, h_letzter = _kopfteile(heizung, koepfe, k1)
    # every listed person pays a Kopfteil; the person at position koepfe − 1 of the list
    # (if listed) pays the last one, with the remainder
    kdu = t.rep(m_anteil + h_anteil)
    b = np.nonzero((koepfe >= 1) & (koepfe <= cols.bg_n))[0]  # BGs listing that person
    kdu[cols.bg_start[b] + koepfe[b] - 1] = m_letzter[b] + h_letzter[b]
    # § 22 Abs. 5: no Unterkunft for a person under 25 who moved without the Zusicherung
    kand_kdu = kand & ~cols.ohne_zusicherung if np.any(cols.ohne_zusicherung) else kand
    return _nur(kand_kdu, kdu), unang, kdu


def gemischte_bg(t: Teil, kdu_alle: I64) -> I64 | None:
    """S5b: per BG, the income of excluded partners above their SGB XII need (need without
    the Kopfteil and income come from the columns, ``sgb12_rechnung``), § 9 Abs. 2 S. 1."""
    cols = t.cols
    if not np.any(cols.xii):
        return None
    ueb = np.where(cols.xii, np.maximum(0, cols.xii_einkommen - cols.xii_bedarf - kdu_alle), 0)
    return t.seg(ueb)


def erwerbseinkommen_anrechenbar(t: Teil, kand: B) -> tuple[I64, B, I64 | None]:
    """S6: countable earnings (§ 11b Abs. 1–3: Grundfreibetrag or § 11b Abs. 2b, then each
    Erwerbstätigenfreibetrag band r2(rate × part)) — only for the earners —, who earns, and
    the countable Ausbildungsförderung (§ 11b Abs. 2b, less what the earnings used)."""
    cols, p = t.cols, t.p
    alter = cols.alter
    n_pers = cols.n_personen
    brutto, netto = cols.brutto, cols.netto
    erwerbstaetig = (brutto > 0) | (netto > 0)
    if p.freibetrag_u25_ausbildung is not None:
        ausb = cols.in_ausbildung & (alter < 25)
        g_ausb = cent(p.freibetrag_u25_ausbildung)
    else:
        ausb = np.zeros(n_pers, dtype=np.bool_)
        g_ausb = 0
    gfb = cent(p.grundfreibetrag)
    ew = np.nonzero(kand & erwerbstaetig)[0]
    # § 11b Abs. 3 S. 3 per earner: a minor kind in the BG other than the earner, or a
    # minor child living elsewhere
    minor_kind = t.ist_kind & (alter < 18)
    n_minor = t.seg(minor_kind)[cols.bg[ew]] - minor_kind[ew]
    mit_kind_w = (n_minor > 0) | cols.kind_ausserhalb[ew]
    cap_w = _wahl(mit_kind_w, cent(p.etf_obergrenze_mit_kind), cent(p.etf_obergrenze))
    br_w = brutto[ew]
    ausb_w = ausb[ew]
    abzug = np.minimum(br_w, _wahl(ausb_w, g_ausb, gfb))
    grund = np.zeros(n_pers, dtype=np.int64)
    grund[ew] = abzug
    untergrenze = _nur(ausb_w, g_ausb)
    for a_, b_, rate in p.etf_stufen:
        oben = cap_w if b_ is None else cent(b_)
        unten = np.maximum(cent(a_), untergrenze)
        teil_w = np.minimum(br_w, oben) - unten
        # r2(rate × 0) is 0: a band the earnings do not reach adds nothing
        abzug += _r2_mul_div(np.maximum(teil_w, 0), _e6(rate), 1_000_000)
    erwerb_anr = np.zeros(n_pers, dtype=np.int64)
    erwerb_anr[ew] = np.maximum(0, netto[ew] - abzug)
    bafoeg_anr: I64 | None = None
    bf = np.nonzero(kand & (cols.bafoeg > 0))[0]
    if bf.shape[0]:
        bafoeg_anr = np.zeros(n_pers, dtype=np.int64)
        u25 = (alter[bf] < 25) & (p.freibetrag_u25_ausbildung is not None)
        grenze = _wahl(u25, g_ausb, gfb)
        absetz = np.minimum(cols.bafoeg[bf], np.maximum(0, grenze - grund[bf]))
        bafoeg_anr[bf] = cols.bafoeg[bf] - absetz
    return erwerb_anr, erwerbstaetig, bafoeg_anr


@dataclass(frozen=True, slots=True)
class Einkommen:
    """S7 per person: the child's own income without Kindergeld, its Kindergeldübertrag,
    BG membership, countable income and uncovered need."""

    eigen: I64
    kg_ueb: I64
    in_bg: B
    einkommen: I64
    ungedeckt: I64


def kinder_und_erwachsene(
    t: Teil, kand: B, bedarf: I64, erwerb_anr: I64, erwerbstaetig: B, bafoeg_anr: I64 | None
) -> Einkommen:
    """S7: children vertically (own income, then Kindergeld up to the need; § 7 Abs. 3 Nr. 4),
    the Kindergeldübertrag to an adult member (§ 11 Abs. 1 S. 5), then the adults with the
    Versicherungspauschale (§ 11b Abs. 1 S. 1 Nr. 3)."""
    cols, p = t.cols, t.p
    ist_kind = t.ist_kind
    vp = cent(p.versicherungspauschale)
    kgeld = _nur(kand, cols.kindergeld)
    pausch_ok = (cols.alter >= 18) & ~erwerbstaetig
    if bafoeg_anr is None:
        sonst = _nur(kand, cols.sonstiges)
    else:
        sonst = _nur(kand, cols.sonstiges + bafoeg_anr)
        # § 11b Abs. 2b replaces the Pauschale for recipients of Ausbildungsförderung
        pausch_ok &= cols.bafoeg == 0
    kind_k = kand & ist_kind
    basis_k = sonst + kgeld
    pausch_k = _nur(kind_k & pausch_ok & (basis_k > 0), np.minimum(vp, basis_k))
    aus_sonst_k = np.minimum(pausch_k, sonst)
    aus_kg_k = pausch_k - aus_sonst_k
    eigen = erwerb_anr + sonst - aus_sonst_k
    kg = kgeld - aus_kg_k
    rest = np.maximum(0, bedarf - eigen)
    kg_gen = np.minimum(kg, rest)
    kg_ueb = _nur(kind_k, kg - kg_gen)
    ziel = cols.kg_empfaenger
    ziel_ok = ziel >= 0
    ziel_c = _nur(ziel_ok, ziel)
    ziel_valid = ziel_ok & kand[ziel_c] & (cols.rolle[ziel_c] != KIND)
    kg_ueb = _nur(ziel_valid, kg_ueb)
    uebertrag = np.zeros(cols.n_personen, dtype=np.int64)
    hat_ueb = np.nonzero(kg_ueb > 0)[0]
    np.add.at(uebertrag, ziel_c[hat_ueb], kg_ueb[hat_ueb])
    in_bg = (kind_k & (eigen + kg < bedarf)) | (~ist_kind & kand)
    erw_k = kand & ~ist_kind
    basis_e = sonst + uebertrag
    pausch_e = _nur(erw_k & pausch_ok & (basis_e > 0), np.minimum(vp, basis_e))
    aus_sonst_e = np.minimum(pausch_e, sonst + uebertrag)
    # kind_k and erw_k exclude each other: each person takes at most one of the terms
    einkommen = _nur(kind_k, eigen + kg_gen) + _nur(
        erw_k, erwerb_anr + sonst + uebertrag - aus_sonst_e
    )
    ungedeckt = _nur(kind_k, np.maximum(0, bedarf - (eigen + kg_gen))) + _nur(erw_k, bedarf)
    return Einkommen(eigen, kg_ueb, in_bg, einkommen, ungedeckt)


def vermoegen_zu_hoch(t: Teil, mitglied: B) -> B:
    """S8: per BG, whether the members' assets exceed the Vermögensfreibetrag (§ 12)."""
    cols, p = t.cols, t.p
    n_mit = t.seg(mitglied)
    vermoegen = t.seg(_nur(mitglied, cols.vermoegen))
    if p.vermoegen_nach_alter is not None:
        fb_p = np.zeros(cols.n_personen, dtype=np.int64)
        for ab, betrag in p.vermoegen_nach_alter:
            fb_p = _wahl(cols.alter >= ab, cent(betrag), fb_p)
        freibetrag = t.seg(_nur(mitglied, fb_p))
    else:
        karenz_v = cols.seit_karenz.astype(np.int64) < p.vermoegen_karenz_monate
        je = cent(p.vermoegen_je_person) * n_mit
        if p.vermoegen_karenz_erste is not None:
            kz = cent(p.vermoegen_karenz_erste) + cent(p.vermoegen_karenz_weitere) * np.maximum(
                0, n_mit - 1
            )
            freibetrag = np.where(karenz_v, kz, je)
        else:
            freibetrag = je
    return (n_mit > 0) & (vermoegen > freibetrag)


@dataclass(frozen=True, slots=True)
class Verteilung:
    """S9 per BG: Σ uncovered need, the adults' income, the claim; per person: the share."""

    summe_u: I64
    e_bg: I64
    a_bg: I64
    anteil: I64


def bedarfsanteile(t: Teil, s7: Einkommen, zu_hoch: B, ueberschuss: I64 | None) -> Verteilung:
    """S9: the BG's claim and each member's share (Bedarfsanteilsmethode, § 9 Abs. 2 S. 3),
    remainder cents like ``engine.verteilen``."""
    mitglied = s7.in_bg
    u_m = _nur(mitglied, s7.ungedeckt)
    summe_u = t.seg(u_m)
    e_bg = t.seg(_nur(mitglied & ~t.ist_kind, s7.einkommen))
    if ueberschuss is not None:
        e_bg += ueberschuss
    a_bg = _nur(~zu_hoch, np.maximum(0, summe_u - e_bg))
    voll = a_bg >= summe_u
    null = (summe_u <= 0) | (a_bg <= 0)
    # each share is r2(u × z / n) with, per BG, z / n = a / Σu — or 1 / 1 where the claim
    # covers all (the share is u), 0 / 1 where there is none; a non-member's u is 0. The
    # cases are settled per BG, so the persons see one multiplication and one division.
    fest = null | voll
    z = _nur(~null, _wahl(voll, 1, a_bg))
    n_p = t.rep(_wahl(fest, 1, summe_u))
    anteil_p = u_m * t.rep(2 * z)
    anteil_p += n_p
    n_p <<= 1
    anteil_p //= n_p
    rest_bg = _nur(~fest, a_bg - t.seg(anteil_p))
    if np.any(rest_bg != 0):
        _rest_verteilen(anteil_p, rest_bg, u_m, mitglied, t.cols)
    return Verteilung(summe_u, e_bg, a_bg, anteil_p)


def anspruch_person(
    t: Teil, mitglied: B, v: Verteilung, bedarf: I64, rmb: I64, tage_p: I32
) -> tuple[I64, I64, I64]:
    """S10 + S13: (anspruch, davon RB+MB, davon KdU) per person: the share split by § 19
    Abs. 3, then prorated for a partial month (§ 41 Abs. 1; only BGs under 30 days)."""
    a_i = v.anteil
    gedeckt = bedarf - a_i
    davon_rmb = np.minimum(a_i, np.maximum(0, rmb - gedeckt))
    davon_kdu = a_i - davon_rmb
    anspruch = _nur(mitglied, a_i)
    davon_kdu = _nur(mitglied, davon_kdu)
    davon_rmb = _nur(mitglied, davon_rmb)
    mt = t.p.monat_tage
    tm = np.nonzero(mitglied & (tage_p < mt))[0]
    if tm.shape[0]:
        tg = tage_p[tm].astype(np.int64)
        a_t = _r2_mul_div(a_i[tm], tg, mt)
        kdu_t = _r2_mul_div(davon_kdu[tm], tg, mt)
        anspruch[tm] = a_t
        davon_kdu[tm] = kdu_t
        davon_rmb[tm] = a_t - kdu_t
    return anspruch, davon_rmb, davon_kdu


def kindersofortzuschlag(
    t: Teil,
    kand: B,
    rbs: I32,
    bedarf: I64,
    s7: Einkommen,
    v: Verteilung,
    anspruch: I64,
    zu_hoch: B,
) -> I64:
    """S11: § 72 for candidates under 25 with RBS 3–6 (only the persons who can get it)."""
    cols = t.cols
    szz = np.zeros(cols.n_personen, dtype=np.int64)
    zk = np.nonzero(~t.rep(zu_hoch) & kand & (cols.alter < 25) & (rbs >= 3))[0]
    if zk.shape[0]:
        kind_z = t.ist_kind[zk]
        u_ohne_kg = np.maximum(0, bedarf[zk] - _nur(kind_z, s7.eigen[zk]))
        bgz = cols.bg[zk]
        rest_u = v.summe_u[bgz] - _nur(s7.in_bg[zk], s7.ungedeckt[zk])
        a_ohne = rest_u + u_ohne_kg - np.maximum(0, v.e_bg[bgz] - s7.kg_ueb[zk])
        anz = anspruch[zk] > 0
        berechtigt = anz | (kind_z & (u_ohne_kg > 0) & (a_ohne > 0))
        szz[zk] = _nur(berechtigt, cent(t.p.kindersofortzuschlag))
    return szz


def leistungsminderung(t: Teil, mitglied: B, rb: I64, davon_rmb: I64, tage_p: I32) -> I64:
    """S12: §§ 31a, 32 (only the persons with one): r2(pct × RB), capped by the regime,
    prorated in a partial month, at most the Regel-/Mehrbedarf part."""
    p = t.p
    minderung = np.zeros(t.cols.n_personen, dtype=np.int64)
    pz_all = t.cols.minderung_pz100
    mi = np.nonzero(mitglied & (pz_all > 0))[0]
    if mi.shape[0]:
        mt = p.monat_tage
        pz = pz_all[mi]
        voll_entzug = (pz == 10000) & p.minderung_vollentzug
        pz_eff = np.where(voll_entzug, pz, np.minimum(pz, cent(p.minderung_max_prozent)))
        m = _r2_mul_div(rb[mi], pz_eff, 10000)
        tg = tage_p[mi].astype(np.int64)
        m = np.where(tg < mt, _r2_mul_div(m, tg, mt), m)
        minderung[mi] = np.minimum(m, davon_rmb[mi])
    return minderung


def ergebnis(
    t: Teil,
    *,
    kand: B,
    in_bg: B,
    rbs: I32,
    regelbedarf: I64,
    mehrbedarf: I64,
    kdu: I64,
    bedarf: I64,
    einkommen: I64,
    anspruch: I64,
    davon_kdu: I64,
    sofortzuschlag: I64,
    minderung: I64,
    unangemessen: B,
) -> BatchErgebnis:
    """S14: Zahlbetrag, the BG totals and the Bewilligungszeitraum (§ 19, § 41)."""
    p = t.p
    zahl = anspruch + sofortzuschlag - minderung
    # persons outside the BG show no Bedarf: non-candidates are 0 already, so only the
    # (few) candidates who left the BG are cleared, in place
    raus = np.nonzero(kand & ~in_bg)[0]
    for arr in (regelbedarf, mehrbedarf, kdu, bedarf, einkommen):
        arr[raus] = 0
    s_a = t.seg(anspruch)
    s_z = t.seg(zahl)
    return BatchErgebnis(
        in_bg=in_bg,
        regelbedarfsstufe=rbs,
        erwerbsfaehig=t.cols.ef_person,
        regelbedarf=regelbedarf,
        mehrbedarf=mehrbedarf,
        kdu=kdu,
        einkommen_anrechenbar=einkommen,
        anspruch=anspruch,
        davon_kdu=davon_kdu,
        kindersofortzuschlag=sofortzuschlag,
        minderung=minderung,
        summe_bedarf=t.seg(bedarf),
        summe_einkommen_anrechenbar=t.seg(einkommen),
        summe_anspruch=s_a,
        summe_kindersofortzuschlag=t.seg(sofortzuschlag),
        summe_minderung=t.seg(minderung),
        summe_zahlbetrag=s_z,
        anspruch_bg=(s_a > 0) | (s_z > 0),
        bewilligungszeitraum_monate=_wahl(unangemessen, p.bwz_verkuerzt, p.bwz_regel).astype(
            np.int32
        ),
    )
