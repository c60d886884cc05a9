"""Vectorised batch path: many Bedarfsgemeinschaften of ONE month at once.

Usage::

    from sgb2.batch import Columns, berechnen_batch, columns_from_requests

    cols = columns_from_requests(list_of_request_dicts, "2025-03")
    res = berechnen_batch(cols)          # parameters of the month (or pass params=...)
    res.summe_zahlbetrag                 # int64 cents per BG
    res.zahlbetrag                       # int64 cents per person (cols.bg = BG index)

Data layout: persons are flat arrays sorted by BG (``Columns.bg`` is the BG index of each
person, ``Columns.idx`` its position inside the request); BG-level inputs are arrays of
length ``n_bg``. All amounts are integer cents in ``int64``; every statutory rounding step of
the scalar engine (``Decimal`` with ROUND_HALF_UP, § 41 Abs. 2) is reproduced exactly with
integer arithmetic: ``r2(a × z / n)`` for non-negative integers is ``(2·a·z + n) // (2·n)``.

The computation mirrors the scalar step list in ``sgb2.engine`` (S1–S14) one by one, with
no Python loop over households (``np.bincount``, ``np.lexsort``, ``np.cumsum``; the only loop
is over the few passes of the cent-remainder distribution in S9, each pass vectorised).

Person-level static facts that do not depend on the rest of the BG are derived while the
columns are built (age on the 1st of the month, Regelaltersgrenze, erwerbsfähig by the
person's own data, resolved parent and Kindergeld-recipient indices); everything that
depends on the BG (RBS, Mehrbedarfe, KdU, income, Übertrag, membership, assets,
distribution, Sofortzuschlag, Minderung, partial month) is computed in
:func:`berechnen_batch`.

Fallback: what the batch path cannot represent is detected in
:func:`columns_from_requests`: more than two parents of a child, or a Minderung percentage
with more than two decimals. Such requests are reported in ``Columns.braucht_skalar``
(by default) — they are left out of the columns and the caller computes them with
``sgb2.berechnen_json``; ``strict=True`` raises instead. Explanations (``positionen``,
``hinweise``) are not produced by the batch path; use the scalar engine for a Bescheid.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import functools
import platform
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt

from .engine import alter_am, karenz_beginn, regelaltersgrenze_ueberschritten, teilmonat_tage
from .model import ERWERBS_ARTEN, Request
from .params import ERSTER_MONAT, Parameters, parameters_for
from .parse import parse_request

__all__ = [
    "Columns",
    "BatchErgebnis",
    "columns_from_requests",
    "columns_from_parsed",
    "berechnen_batch",
    "NichtImBatch",
]

I64 = npt.NDArray[np.int64]
I32 = npt.NDArray[np.int32]
B = npt.NDArray[np.bool_]

ROLLE_CODE = {"antragsteller": 0, "partner": 1, "kind": 2, "sonstige": 3}
ANTRAG, PARTNER, KIND, SONSTIGE = 0, 1, 2, 3


class NichtImBatch(ValueError):
    """A request the batch path cannot represent (compute it with the scalar engine)."""


# --------------------------------------------------------------------------- columns


@dataclass
class Columns:
    """Column arrays for ``n_bg`` BGs of one month (amounts in int64 cents)."""

    monat: dt.date
    # --- per BG
    seit_karenz: I32  # months since the start of the Karenzzeiten (S4, S8)
    mon: I32  # month ordinal (year*12 + month-1) of the computed month
    beginn_bezug: I32  # month ordinal of Leistungsbeginn (heating Kostensenkungsfrist)
    karenz_beginn: I32  # month ordinal of max(Leistungsbeginn, 2023-01)
    miete: I64
    heizung: I64
    grenze: I64  # Angemessenheitsgrenze bruttokalt, -1 = none
    heiz_angemessen: B
    frist_ende: I32  # month ordinal of kostensenkung_frist_ende, -1 = none
    koepfe: I32  # personen_im_haushalt (or number of listed persons)
    dezentral: B  # warm water
    tage: I32  # entitlement days on the 30-day month
    bg_start: I64  # index of the BG's first person
    bg_n: I32  # persons listed
    # --- per person
    bg: I32
    idx: I32
    rolle: I32
    alter: I32
    sgb12: B
    ef_person: B  # erwerbsfähig from the person's own data (S1 without the BG rule)
    kandidat_person: B
    ssw: I32  # pregnancy week, 0 = none
    n_behinderung: I32
    n_merkzeichen_g: I32
    ernaehrung: I64
    unabweisbar: I64
    schulbuecher: I64
    brutto: I64
    netto: I64
    kindergeld: I64  # Kindergeld of a child (own income, S7)
    sonstiges: I64  # other non-earned income (incl. Kindergeld of non-children)
    in_ausbildung: B
    vermoegen: I64
    eltern1: I64  # global person index of the first parent, -1
    eltern2: I64
    kg_empfaenger: I64  # global person index of the Kindergeld recipient, -1
    minderung_pz100: I64  # Minderung percent × 100, -1 = none
    # --- requests not representable (index in the input list -> reason)
    braucht_skalar: dict[int, str] = field(default_factory=dict)
    request_index: I64 = field(default_factory=lambda: np.zeros(0, np.int64))

    @property
    def n_bg(self) -> int:
        return int(self.seit_karenz.shape[0])

    @property
    def n_personen(self) -> int:
        return int(self.bg.shape[0])

    def wiederholen(self, k: int) -> Columns:
        """The same BGs ``k`` times (benchmarks: scale a sample to millions of BGs)."""
        n_bg, n_p = self.n_bg, self.n_personen
        out: dict[str, Any] = {}
        for f in fields(self):
            v = getattr(self, f.name)
            if f.name in ("monat", "braucht_skalar"):
                out[f.name] = v
            elif f.name == "request_index":
                out[f.name] = np.tile(v, k)
            elif f.name in ("bg", "bg_start", "eltern1", "eltern2", "kg_empfaenger"):
                per = n_bg if f.name == "bg" else n_p
                base = np.tile(v, k).astype(np.int64)
                shift = np.repeat(np.arange(k, dtype=np.int64) * per, v.shape[0])
                res = np.where(base >= 0, base + shift, base) if f.name != "bg" else base + shift
                out[f.name] = res.astype(v.dtype)
            else:
                out[f.name] = np.tile(v, k)
        return Columns(**out)


def _ordinal(d: dt.date) -> int:
    return d.year * 12 + d.month - 1


def _cent(x: Decimal | None) -> int:
    if x is None:
        return 0
    c = x * 100
    if c != c.to_integral_value():
        raise NichtImBatch("Betrag mit mehr als zwei Nachkommastellen")
    return int(c)


def _lists() -> dict[str, list[Any]]:
    return {f.name: [] for f in fields(Columns) if f.name not in ("monat", "braucht_skalar")}


def _add_request(
    L: dict[str, list[Any]], req: Request, p: Parameters, n_bg: int, p_start: int
) -> None:
    """Append one parsed request; raises NichtImBatch before appending anything."""
    personen = req.personen
    ids = {x.id: j for j, x in enumerate(personen)}
    default_eltern = tuple(x.id for x in personen if x.rolle in ("antragsteller", "partner"))
    rows: list[dict[str, Any]] = []
    for j, x in enumerate(personen):
        alter = alter_am(x.geburtsdatum, req.monat)
        sgb12 = regelaltersgrenze_ueberschritten(x.geburtsdatum, req.monat, p)
        ef = x.erwerbsfaehig
        if ef is None:
            ef = alter >= p.erwerbsfaehig_ab_alter and not sgb12
        ef = bool(ef) and alter >= p.erwerbsfaehig_ab_alter and not sgb12
        if x.rolle in ("antragsteller", "partner"):
            kand = not sgb12
        elif x.rolle == "kind":
            kand = alter < 25 and not sgb12
        else:
            kand = False
        eltern = x.eltern if x.eltern else default_eltern
        if len(eltern) > 2:
            raise NichtImBatch("mehr als zwei Elternteile")
        e1 = p_start + ids[eltern[0]] if len(eltern) > 0 else -1
        e2 = p_start + ids[eltern[1]] if len(eltern) > 1 and eltern[1] != eltern[0] else -1
        n_beh = sum(1 for m in x.mehrbedarfe if m.art == "behinderung")
        n_g = sum(1 for m in x.mehrbedarfe if m.art == "merkzeichen_g")
        ern = sum(_cent(m.betrag) for m in x.mehrbedarfe if m.art == "ernaehrung")
        una = sum(_cent(m.betrag) for m in x.mehrbedarfe if m.art == "unabweisbar")
        sch = sum(_cent(m.betrag) for m in x.mehrbedarfe if m.art == "schulbuecher")
        brutto = netto = kg = sonst = 0
        empf: str | None = None
        for e in x.einkommen:
            if e.art in ERWERBS_ARTEN:
                brutto += _cent(e.brutto)
                netto += _cent(e.netto)
            elif e.art == "kindergeld" and x.rolle == "kind":
                kg += _cent(p.kindergeld if e.betrag is None else e.betrag)
            else:
                sonst += _cent(p.kindergeld if e.betrag is None else e.betrag)
            if e.art == "kindergeld" and e.empfaenger and empf is None:
                empf = e.empfaenger
        if empf is None:
            empf = eltern[0] if eltern else None
        kg_e = p_start + ids[empf] if empf is not None and empf in ids else -1
        lm = x.leistungsminderung
        if lm is None:
            pz = -1
        else:
            q = lm.prozent * 100
            if q != q.to_integral_value():
                raise NichtImBatch("Minderungsprozentsatz mit mehr als zwei Nachkommastellen")
            pz = int(q)
        rows.append(
            {
                "bg": n_bg,
                "idx": j,
                "rolle": ROLLE_CODE[x.rolle],
                "alter": alter,
                "sgb12": sgb12,
                "ef_person": ef,
                "kandidat_person": kand,
                "ssw": x.schwangerschaftswoche or 0,
                "n_behinderung": n_beh,
                "n_merkzeichen_g": n_g,
                "ernaehrung": ern,
                "unabweisbar": una,
                "schulbuecher": sch,
                "brutto": brutto,
                "netto": netto,
                "kindergeld": kg,
                "sonstiges": sonst,
                "in_ausbildung": x.in_ausbildung,
                "vermoegen": _cent(x.vermoegen),
                "eltern1": e1,
                "eltern2": e2,
                "kg_empfaenger": kg_e,
                "minderung_pz100": pz,
            }
        )
    u = req.unterkunft

    bg_row = {
        "seit_karenz": _ordinal(req.monat) - _ordinal(karenz_beginn(req.leistungsbeginn)),
        "mon": _ordinal(req.monat),
        "beginn_bezug": _ordinal(req.leistungsbeginn),
        "karenz_beginn": _ordinal(karenz_beginn(req.leistungsbeginn)),
        "miete": _cent(u.bruttokaltmiete),
        "heizung": _cent(u.heizkosten),
        "grenze": -1
        if u.angemessenheitsgrenze_bruttokalt is None
        else _cent(u.angemessenheitsgrenze_bruttokalt),
        "heiz_angemessen": u.heizkosten_angemessen,
        "frist_ende": -1
        if u.kostensenkung_frist_ende is None
        else _ordinal(u.kostensenkung_frist_ende),
        "koepfe": u.personen_im_haushalt or len(personen),
        "dezentral": u.warmwasser == "dezentral",
        "tage": teilmonat_tage(req.monat, req.anspruch_von, req.anspruch_bis),
        "bg_start": p_start,
        "bg_n": len(personen),
    }
    for r in rows:
        for k, v in r.items():
            L[k].append(v)
    for k, v in bg_row.items():
        L[k].append(v)


_DTYPES: dict[str, Any] = {
    "heiz_angemessen": np.bool_,
    "dezentral": np.bool_,
    "sgb12": np.bool_,
    "ef_person": np.bool_,
    "kandidat_person": np.bool_,
    "in_ausbildung": np.bool_,
    "miete": np.int64,
    "heizung": np.int64,
    "grenze": np.int64,
    "bg_start": np.int64,
    "ernaehrung": np.int64,
    "unabweisbar": np.int64,
    "schulbuecher": np.int64,
    "brutto": np.int64,
    "netto": np.int64,
    "kindergeld": np.int64,
    "sonstiges": np.int64,
    "vermoegen": np.int64,
    "eltern1": np.int64,
    "eltern2": np.int64,
    "kg_empfaenger": np.int64,
    "minderung_pz100": np.int64,
    "request_index": np.int64,
}


def columns_from_parsed(
    requests: Sequence[Request], monat: dt.date | str, *, strict: bool = False
) -> Columns:
    """Columns from parsed :class:`~sgb2.model.Request` objects of one month."""
    if isinstance(monat, str):
        y, m = monat.split("-")[:2]
        monat = dt.date(int(y), int(m), 1)
    monat = monat.replace(day=1)
    p = parameters_for(monat)
    L = _lists()
    skalar: dict[int, str] = {}
    n_p = 0
    for i, req in enumerate(requests):
        if req.monat != monat:
            raise ValueError(f"Anfrage {i}: Monat {req.monat:%Y-%m} ≠ {monat:%Y-%m}")
        try:
            _add_request(L, req, p, len(L["seit_karenz"]), n_p)
        except NichtImBatch as exc:
            if strict:
                raise NichtImBatch(f"Anfrage {i}: {exc}") from exc
            skalar[i] = str(exc)
            continue
        L["request_index"].append(i)
        n_p += len(req.personen)
    arrays = {k: np.asarray(v, dtype=_DTYPES.get(k, np.int32)) for k, v in L.items()}
    return Columns(monat=monat, braucht_skalar=skalar, **arrays)


def columns_from_requests(
    requests: Sequence[Mapping[str, Any]], monat: dt.date | str, *, strict: bool = False
) -> Columns:
    """Validate JSON-contract requests (``sgb2.parse_request``) and build the columns.

    Requests the batch path cannot represent are listed in ``Columns.braucht_skalar``
    (index -> reason) and left out; ``Columns.request_index`` maps each BG back to its
    request. With ``strict=True`` such a request raises :class:`NichtImBatch`.
    Invalid input raises ``sgb2.Eingabefehler`` as in the scalar path.
    """
    return columns_from_parsed([parse_request(r) for r in requests], monat, strict=strict)


# --------------------------------------------------------------------------- helpers


def _r2_mul_div(a: I64, z: int | I64, n: int | I64) -> I64:
    """round_half_up(a × z / n) for non-negative integer a, z and positive n."""
    return (2 * a * z + n) // (2 * n)


def _e6(x: Decimal) -> int:
    """Rate as an exact integer multiple of 1e-6."""
    q = x * 1_000_000
    if q != q.to_integral_value():
        raise ValueError(f"Satz {x} nicht in 1e-6 darstellbar")
    return int(q)


def _seg(values: npt.NDArray[Any], starts: I64) -> I64:
    """Exact int64 sum per BG (persons are contiguous per BG; every BG has a person)."""
    if starts.shape[0] == 0:
        return np.zeros(0, dtype=np.int64)
    return np.add.reduceat(values.astype(np.int64, copy=False), starts)


# § 23 Nr. 1 / § 20 Abs. 2 S. 2: RBS of a child by age 0..18+ (index clipped at 18)
_RBS_KIND = np.array([6] * 6 + [5] * 8 + [4] * 4 + [3], dtype=np.int32)


def _kopfteile(gesamt: I64, koepfe: I64, k1: I64) -> tuple[I64, I64]:
    """engine.kopfteile: r2(total / heads), remainder on the last head; if the first heads'
    half-up shares would exceed the total (a few cents), the shares are rounded down."""
    anteil = _r2_mul_div(gesamt, 1, k1)
    anteil = np.where(anteil * (koepfe - 1) > gesamt, gesamt // k1, anteil)
    anteil = np.where(koepfe <= 1, gesamt, anteil)
    letzter = np.where(koepfe <= 1, gesamt, gesamt - anteil * (koepfe - 1))
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
    order = np.lexsort((cols.idx[pers], -u_m[pers], sub_bg))
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


# --------------------------------------------------------------------------- compute


_PERSON_OUT = (
    "in_bg",
    "regelbedarfsstufe",
    "erwerbsfaehig",
    "regelbedarf",
    "mehrbedarf",
    "kdu",
    "einkommen_anrechenbar",
    "anspruch",
    "davon_kdu",
    "kindersofortzuschlag",
    "minderung",
)


def _slice(cols: Columns, b0: int, b1: int) -> Columns:
    """BGs [b0, b1) as their own Columns (person indices re-based)."""
    n_p = cols.n_personen
    p0 = int(cols.bg_start[b0])
    p1 = int(cols.bg_start[b1]) if b1 < cols.n_bg else n_p
    out: dict[str, Any] = {}
    for f in fields(cols):
        v = getattr(cols, f.name)
        if f.name in ("monat", "braucht_skalar"):
            out[f.name] = v
        elif f.name in _BG_F:
            out[f.name] = v[b0:b1]
        else:
            out[f.name] = v[p0:p1]
    out["bg"] = out["bg"] - np.int32(b0)
    out["bg_start"] = out["bg_start"] - p0
    for k in ("eltern1", "eltern2", "kg_empfaenger"):
        x = out[k]
        out[k] = np.where(x >= 0, x - p0, x)
    return Columns(**out)


_BG_F = frozenset(
    {
        "seit_karenz",
        "mon",
        "beginn_bezug",
        "karenz_beginn",
        "miete",
        "heizung",
        "grenze",
        "heiz_angemessen",
        "frist_ende",
        "koepfe",
        "dezentral",
        "tage",
        "bg_start",
        "bg_n",
        "request_index",
    }
)
_PERSON_F = frozenset(f.name for f in fields(Columns)) - _BG_F - {"monat", "braucht_skalar"}


def berechnen_batch(
    cols: Columns, params: Parameters | None = None, *, chunk: int = 16384
) -> BatchErgebnis:
    """Compute all BGs of ``cols`` (one month) exactly like ``sgb2.engine.berechnen``.

    The BGs are processed in chunks of ``chunk`` BGs so that the temporaries stay in the
    CPU cache (a loop over chunks, not over households); results are identical for any
    chunk size.
    """
    p = params if params is not None else parameters_for(cols.monat)
    # numpy asks the kernel for transparent huge pages for large arrays; with the kernel's
    # synchronous THP defragmentation ("madvise") that costs more system time than it
    # saves here (2.9 M BGs: ~1.2 s of 4.2 s). Switched off for this call only.
    alt = _set_hugepage(False)
    try:
        with _heap_behalten():
            return _berechnen_chunks(cols, p, chunk)
    finally:
        _set_hugepage(alt)


@contextlib.contextmanager
def _heap_behalten() -> Iterator[None]:
    """Keep freed memory in the C heap while the chunks are computed (glibc only).

    Every chunk allocates and frees the same ~200 temporary arrays. With glibc's defaults
    the larger ones are fresh ``mmap`` regions or trimmed from the heap top on ``free``,
    so the next chunk page-faults the same memory in again — about a fifth of the batch
    time. A fixed mmap threshold of 32 MiB and no trimming keep that memory mapped for
    reuse; afterwards trimming is restored and the free memory returned to the system.
    """
    libc = _glibc()
    if libc is None:
        yield
        return
    libc.mallopt(_M_MMAP_THRESHOLD, 32 * 1024 * 1024)
    libc.mallopt(_M_TRIM_THRESHOLD, 2**30)
    try:
        yield
    finally:
        libc.mallopt(_M_TRIM_THRESHOLD, _GLIBC_TRIM_DEFAULT)
        libc.mallopt(_M_MMAP_THRESHOLD, _GLIBC_MMAP_DEFAULT)
        libc.malloc_trim(0)


_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # <malloc.h>
_GLIBC_TRIM_DEFAULT, _GLIBC_MMAP_DEFAULT = 128 * 1024, 128 * 1024


@functools.cache
def _glibc() -> Any:
    if sys.platform != "linux" or platform.libc_ver()[0] != "glibc":
        return None
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
        libc.malloc_trim.argtypes = [ctypes.c_size_t]
    except (OSError, AttributeError):  # pragma: no cover - unusual libc
        return None
    return libc


def _set_hugepage(on: bool) -> bool:
    import importlib

    try:
        fn = importlib.import_module("numpy._core.multiarray")._set_madvise_hugepage
    except (ImportError, AttributeError):  # pragma: no cover - other numpy layouts
        return on
    return bool(fn(on))


def _berechnen_chunks(cols: Columns, p: Parameters, chunk: int) -> BatchErgebnis:
    n_bg = cols.n_bg
    if n_bg <= chunk:
        return _berechnen(cols, p)
    # Each chunk's result is copied into preallocated output arrays at once, so the chunk's
    # temporaries are freed (and their memory reused by the next chunk) before the next
    # chunk starts; nothing is concatenated at the end.
    out: dict[str, npt.NDArray[Any]] = {}
    for b0 in range(0, n_bg, chunk):
        b1 = min(b0 + chunk, n_bg)
        teil = _berechnen(_slice(cols, b0, b1), p)
        p0 = int(cols.bg_start[b0])
        p1 = int(cols.bg_start[b1]) if b1 < n_bg else cols.n_personen
        for f in fields(BatchErgebnis):
            v = getattr(teil, f.name)
            if f.name not in out:
                n = n_bg if f.name in _BG_OUT else cols.n_personen
                out[f.name] = np.empty(n, dtype=v.dtype)
            if f.name in _BG_OUT:
                out[f.name][b0:b1] = v
            else:
                out[f.name][p0:p1] = v
        del teil
    return BatchErgebnis(**out)


_BG_OUT = frozenset(
    {
        "summe_bedarf",
        "summe_einkommen_anrechenbar",
        "summe_anspruch",
        "summe_kindersofortzuschlag",
        "summe_minderung",
        "summe_zahlbetrag",
        "anspruch_bg",
        "bewilligungszeitraum_monate",
    }
)


def _berechnen(cols: Columns, p: Parameters) -> BatchErgebnis:
    n_bg = cols.n_bg
    reps = cols.bg_n

    def rep(x: npt.NDArray[Any]) -> npt.NDArray[Any]:
        """BG value for each of its persons (persons are contiguous per BG)."""
        return np.repeat(x, reps)

    bg = cols.bg
    rolle = cols.rolle
    alter = cols.alter
    ist_kind = rolle == KIND
    ist_paar = (rolle == ANTRAG) | (rolle == PARTNER)
    i64 = np.int64

    # ---------------- S1 membership candidates, erwerbsfähig, RBS
    ef = cols.ef_person
    kand = cols.kandidat_person.copy()
    st = cols.bg_start
    hat_ef_kand = _seg(kand & ef, st) > 0
    kand &= rep(hat_ef_kand)
    n_paar = _seg(ist_paar, st)
    partner_vorhanden = rep(n_paar == 2)
    # partner's age: sum of the couple's ages minus own age
    paar_alter_sum = _seg(np.where(ist_paar, alter, 0), st)
    partner_alter = (rep(paar_alter_sum) - alter).astype(np.int32)
    rbs_kind = _RBS_KIND[np.minimum(alter, 18)]
    rbs_erw = np.where(
        alter < 18,
        np.where(partner_vorhanden, 4, 1),
        np.where(partner_vorhanden & (partner_alter >= 18), 2, 1),
    )
    rbs = np.where(ist_kind, rbs_kind, np.where(rolle == SONSTIGE, 0, rbs_erw)).astype(np.int32)

    # ---------------- S2 Regelbedarf
    rb_table = np.zeros(7, dtype=i64)
    for s in range(1, 7):
        rb_table[s] = _cent(p.regelbedarf[s])
    rb = np.where(kand, rb_table[rbs], 0).astype(i64)

    # ---------------- S3 Mehrbedarfe (computed for the persons that can have one)
    hat_partner = partner_vorhanden & ist_paar
    kinder = np.nonzero(ist_kind & (alter < 18))[0]
    n_pers = cols.n_personen
    # Alleinerziehende: minor children (role kind) naming the person as a parent
    n_minor = np.zeros(n_pers, dtype=i64)
    n_u16 = np.zeros(n_pers, dtype=i64)
    n_u7 = np.zeros(n_pers, dtype=i64)
    u16 = alter[kinder] < 16
    u7 = alter[kinder] < 7
    for e in (cols.eltern1[kinder], cols.eltern2[kinder]):
        ok = e >= 0
        n_minor += np.bincount(e[ok], minlength=n_pers)
        n_u16 += np.bincount(e[ok], weights=u16[ok], minlength=n_pers).astype(i64)
        n_u7 += np.bincount(e[ok], weights=u7[ok], minlength=n_pers).astype(i64)
    ae_ok = ~hat_partner & (n_minor > 0)
    ww_on = rep(cols.dezentral)
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
    ef_s = ef[sel]
    ssw_s = cols.ssw[sel]
    ged = np.where(
        (ssw_s > 0) & (ssw_s >= p.mb_schwangerschaft_ab_woche),
        _r2_mul_div(rb_s, _e6(p.mb_schwangerschaft), 1_000_000),
        0,
    )
    nm_s, n16_s, n7_s = n_minor[sel], n_u16[sel], n_u7[sel]
    erh = np.where((n7_s > 0) | ((n16_s >= 2) & (n16_s <= 3)), _e6(p.mb_ae_erhoeht), 0)
    anteil = np.minimum(_e6(p.mb_ae_max), np.maximum(erh, _e6(p.mb_ae_je_kind) * nm_s))
    ged += np.where(ae_ok[sel], _r2_mul_div(np.full_like(rb_s, rb_table[1]), anteil, 1_000_000), 0)
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
    ged = np.minimum(ged, rb_s)
    ww_table = np.zeros(7, dtype=i64)
    for s in range(1, 7):
        ww_table[s] = _e6(p.mb_warmwasser[s])
    ww = np.where(ww_on[sel], _r2_mul_div(rb_s, ww_table[rbs[sel]], 1_000_000), 0)
    mb = np.zeros_like(rb)
    mb[sel] = ged + cols.unabweisbar[sel] + cols.schulbuecher[sel] + ww

    # ---------------- S4 KdU (per BG), Kopfteile
    mon = cols.mon.astype(i64)
    seit = cols.seit_karenz.astype(i64)
    miete = cols.miete
    grenze = cols.grenze
    hat_grenze = grenze >= 0
    erster = _ordinal(ERSTER_MONAT)
    # § 65 Abs. 3: no rent Karenzzeit for a pre-2023 case whose Kostensenkungsfrist ended
    # before 2023 (engine.kdu_karenz_aktiv)
    alt_gesenkt = (cols.beginn_bezug < erster) & (cols.frist_ende >= 0) & (cols.frist_ende < erster)
    karenz = (seit < p.kdu_karenz_monate) & ~alt_gesenkt
    anerkannt = miete.copy()
    unang = np.zeros(n_bg, dtype=np.bool_)
    if p.kdu_karenz_deckel_faktor is not None:
        deckel = _r2_mul_div(np.maximum(grenze, 0), _e6(p.kdu_karenz_deckel_faktor), 1_000_000)
        ueber = karenz & hat_grenze & (miete > deckel)
        anerkannt = np.where(ueber, deckel, anerkannt)
        unang |= ueber
    nach = ~karenz & hat_grenze & (miete > grenze)
    frist = np.where(
        cols.frist_ende >= 0,
        cols.frist_ende.astype(i64),
        _plus_monate(cols.karenz_beginn, p.kdu_karenz_monate + p.kdu_kostensenkung_monate - 1),
    )
    anerkannt = np.where(nach & (mon > frist), grenze, anerkannt)
    unang |= nach
    heizung = cols.heizung.copy()
    h_unang = ~cols.heiz_angemessen & (heizung > 0)
    frist_h = np.where(
        cols.frist_ende >= 0,
        cols.frist_ende.astype(i64),
        _plus_monate(cols.beginn_bezug, p.kdu_kostensenkung_monate - 1),
    )
    heizung = np.where(h_unang & (mon > frist_h), 0, heizung)
    unang |= h_unang
    koepfe = cols.koepfe.astype(i64)
    k1 = np.maximum(koepfe, 1)
    m_anteil, m_letzter = _kopfteile(anerkannt, koepfe, k1)
    h_anteil, h_letzter = _kopfteile(heizung, koepfe, k1)
    letzter = cols.idx == rep(koepfe - 1)
    kdu = np.where(letzter, rep(m_letzter + h_letzter), rep(m_anteil + h_anteil))
    kdu = np.where(kand, kdu, 0)

    # ---------------- S5 Bedarf
    bedarf = rb + mb + kdu

    # ---------------- S6 earned income
    mit_kind = _seg(ist_kind & (alter < 18), st) > 0
    cap = rep(np.where(mit_kind, _cent(p.etf_obergrenze_mit_kind), _cent(p.etf_obergrenze)))
    brutto, netto = cols.brutto, cols.netto
    erwerbstaetig = (brutto > 0) | (netto > 0)
    if p.freibetrag_u25_ausbildung is not None:
        ausb = cols.in_ausbildung & (alter < 25)
        g_ausb = _cent(p.freibetrag_u25_ausbildung)
    else:
        ausb = np.zeros(n_pers, dtype=np.bool_)
        g_ausb = 0
    gfb = _cent(p.grundfreibetrag)
    # only earners (a subset): Grundfreibetrag / § 11b Abs. 2b, then each band r2(rate × part)
    ew = np.nonzero(kand & erwerbstaetig)[0]
    br_w = brutto[ew]
    ausb_w = ausb[ew]
    abzug = np.where(ausb_w, np.minimum(br_w, g_ausb), np.minimum(br_w, gfb))
    untergrenze = np.where(ausb_w, g_ausb, 0)
    cap_w = cap[ew]
    for a_, b_, rate in p.etf_stufen:
        oben = cap_w if b_ is None else _cent(b_)
        unten = np.maximum(_cent(a_), untergrenze)
        teil_w = np.minimum(br_w, oben) - unten
        abzug += np.where(teil_w > 0, _r2_mul_div(np.maximum(teil_w, 0), _e6(rate), 1_000_000), 0)
    erwerb_anr = np.zeros(n_pers, dtype=i64)
    erwerb_anr[ew] = np.maximum(0, netto[ew] - abzug)

    # ---------------- S7 children vertically, Kindergeldübertrag, adults
    vp = _cent(p.versicherungspauschale)
    sonst = np.where(kand, cols.sonstiges, 0)
    kgeld = np.where(kand, cols.kindergeld, 0)
    pausch_ok = (alter >= 18) & ~erwerbstaetig
    kind_k = kand & ist_kind
    basis_k = sonst + kgeld
    pausch_k = np.where(kind_k & pausch_ok & (basis_k > 0), np.minimum(vp, basis_k), 0)
    aus_sonst_k = np.minimum(pausch_k, sonst)
    aus_kg_k = pausch_k - aus_sonst_k
    eigen = erwerb_anr + sonst - aus_sonst_k
    kg = kgeld - aus_kg_k
    rest = np.maximum(0, bedarf - eigen)
    kg_gen = np.minimum(kg, rest)
    kg_ueb = np.where(kind_k, kg - kg_gen, 0)
    ziel = cols.kg_empfaenger
    ziel_ok = ziel >= 0
    ziel_c = np.where(ziel_ok, ziel, 0)
    ziel_valid = ziel_ok & kand[ziel_c] & (rolle[ziel_c] != KIND)
    kg_ueb = np.where(ziel_valid, kg_ueb, 0)
    uebertrag = np.zeros(n_pers, dtype=i64)
    hat_ueb = np.nonzero(kg_ueb > 0)[0]
    np.add.at(uebertrag, ziel_c[hat_ueb], kg_ueb[hat_ueb])
    in_bg = np.where(kind_k, eigen + kg < bedarf, kand)
    erw_k = kand & ~ist_kind
    basis_e = sonst + uebertrag
    pausch_e = np.where(erw_k & pausch_ok & (basis_e > 0), np.minimum(vp, basis_e), 0)
    aus_sonst_e = np.minimum(pausch_e, sonst + uebertrag)
    einkommen = np.where(
        kind_k,
        eigen + kg_gen,
        np.where(erw_k, erwerb_anr + sonst + uebertrag - aus_sonst_e, 0),
    )
    ungedeckt = np.where(
        kind_k, np.maximum(0, bedarf - (eigen + kg_gen)), np.where(erw_k, bedarf, 0)
    )

    # ---------------- S8 assets
    mitglied = in_bg
    n_mit = _seg(mitglied, st)
    vermoegen = _seg(np.where(mitglied, cols.vermoegen, 0), st)
    if p.vermoegen_nach_alter is not None:
        fb_p = np.zeros(n_pers, dtype=i64)
        for ab, betrag in p.vermoegen_nach_alter:
            fb_p = np.where(alter >= ab, _cent(betrag), fb_p)
        freibetrag = _seg(np.where(mitglied, fb_p, 0), st)
    else:
        karenz_v = seit < p.vermoegen_karenz_monate
        je = _cent(p.vermoegen_je_person) * n_mit
        if p.vermoegen_karenz_erste is not None:
            kz = _cent(p.vermoegen_karenz_erste) + _cent(p.vermoegen_karenz_weitere) * np.maximum(
                0, n_mit - 1
            )
            freibetrag = np.where(karenz_v, kz, je)
        else:
            freibetrag = je
    zu_hoch = (n_mit > 0) & (vermoegen > freibetrag)

    # ---------------- S9 distribution (Bedarfsanteilsmethode)
    u_m = np.where(mitglied, ungedeckt, 0)
    summe_u = _seg(u_m, st)
    e_bg = _seg(np.where(mitglied & ~ist_kind, einkommen, 0), st)
    a_bg = np.where(zu_hoch, 0, np.maximum(0, summe_u - e_bg))
    voll = a_bg >= summe_u
    null = (summe_u <= 0) | (a_bg <= 0)
    s_safe = np.maximum(summe_u, 1)
    anteil_p = _r2_mul_div(u_m, rep(a_bg), rep(s_safe))
    anteil_p = np.where(rep(voll), u_m, anteil_p)
    anteil_p = np.where(rep(null) | ~mitglied, 0, anteil_p)
    rest_bg = np.where(null | voll, 0, a_bg - _seg(anteil_p, st))
    if np.any(rest_bg != 0):
        _rest_verteilen(anteil_p, rest_bg, u_m, mitglied, cols)
    a_i = anteil_p

    # ---------------- S10 § 19 Abs. 3 split
    gedeckt = bedarf - a_i
    rmb = rb + mb
    davon_rmb = np.minimum(a_i, np.maximum(0, rmb - gedeckt))
    davon_kdu = a_i - davon_rmb
    # ---------------- S13 partial month (only BGs with fewer than 30 days)
    anspruch = np.where(mitglied, a_i, 0)
    davon_kdu = np.where(mitglied, davon_kdu, 0)
    davon_rmb = np.where(mitglied, davon_rmb, 0)
    mt = p.monat_tage
    tage_p = rep(cols.tage)
    tm = np.nonzero(mitglied & (tage_p < mt))[0]
    if tm.shape[0]:
        tg = tage_p[tm].astype(i64)
        a_t = _r2_mul_div(a_i[tm], tg, mt)
        kdu_t = _r2_mul_div(davon_kdu[tm], tg, mt)
        anspruch[tm] = a_t
        davon_kdu[tm] = kdu_t
        davon_rmb[tm] = a_t - kdu_t

    # ---------------- S11 Kindersofortzuschlag (only persons who can get it)
    szz = np.zeros(n_pers, dtype=i64)
    zk = np.nonzero(~rep(zu_hoch) & kand & (alter < 25) & (rbs >= 3))[0]
    if zk.shape[0]:
        kind_z = ist_kind[zk]
        u_ohne_kg = np.maximum(0, bedarf[zk] - np.where(kind_z, eigen[zk], 0))
        bgz = bg[zk]
        rest_u = summe_u[bgz] - np.where(in_bg[zk], ungedeckt[zk], 0)
        a_ohne = rest_u + u_ohne_kg - np.maximum(0, e_bg[bgz] - kg_ueb[zk])
        anz = anspruch[zk] > 0
        berechtigt = np.where(kind_z, anz | ((u_ohne_kg > 0) & (a_ohne > 0)), anz)
        szz[zk] = np.where(berechtigt, _cent(p.kindersofortzuschlag), 0)

    # ---------------- S12 Minderung (only persons with one)
    minderung = np.zeros(n_pers, dtype=i64)
    pz_all = cols.minderung_pz100
    mi = np.nonzero(mitglied & (pz_all > 0))[0]
    if mi.shape[0]:
        pz = pz_all[mi]
        voll_entzug = (pz == 10000) & p.minderung_vollentzug
        pz_eff = np.where(voll_entzug, pz, np.minimum(pz, _cent(p.minderung_max_prozent)))
        m = _r2_mul_div(rb[mi], pz_eff, 10000)
        tg = tage_p[mi].astype(i64)
        m = np.where(tg < mt, _r2_mul_div(m, tg, mt), m)
        minderung[mi] = np.minimum(m, davon_rmb[mi])

    # ---------------- S14
    zahl = anspruch + szz - minderung
    # persons outside the BG show no Bedarf: non-candidates are 0 already, so only the
    # (few) candidates who left the BG are cleared, in place
    raus = np.nonzero(kand & ~mitglied)[0]
    regelbedarf, mehrbedarf, kdu_o, bedarf_o, eink_o = rb, mb, kdu, bedarf, einkommen
    for arr in (regelbedarf, mehrbedarf, kdu_o, bedarf_o, eink_o):
        arr[raus] = 0
    s_b = _seg(bedarf_o, st)
    s_e = _seg(eink_o, st)
    s_a = _seg(anspruch, st)
    s_s = _seg(szz, st)
    s_m = _seg(minderung, st)
    s_z = _seg(zahl, st)
    bwz = np.where(unang, p.bwz_verkuerzt, p.bwz_regel).astype(np.int32)
    return BatchErgebnis(
        in_bg=mitglied,
        regelbedarfsstufe=rbs,
        erwerbsfaehig=ef,
        regelbedarf=regelbedarf,
        mehrbedarf=mehrbedarf,
        kdu=kdu_o,
        einkommen_anrechenbar=eink_o,
        anspruch=anspruch,
        davon_kdu=davon_kdu,
        kindersofortzuschlag=szz,
        minderung=minderung,
        summe_bedarf=s_b,
        summe_einkommen_anrechenbar=s_e,
        summe_anspruch=s_a,
        summe_kindersofortzuschlag=s_s,
        summe_minderung=s_m,
        summe_zahlbetrag=s_z,
        anspruch_bg=(s_a > 0) | (s_z > 0),
        bewilligungszeitraum_monate=bwz,
    )
