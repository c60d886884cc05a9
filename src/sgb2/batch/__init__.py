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
no Python loop over households (``np.bincount``, ``np.argsort``, ``np.cumsum``; the only loop
is over the few passes of the cent-remainder distribution in S9, each pass vectorised).

Person-level static facts that do not depend on the rest of the BG are derived while the
columns are built (age on the 1st of the month, Regelaltersgrenze, erwerbsfähig by the
person's own data, resolved parent and Kindergeld-recipient indices); everything that
depends on the BG (RBS, Mehrbedarfe, KdU, income, Übertrag, membership, assets,
distribution, Sofortzuschlag, Minderung, partial month) is computed in
:func:`berechnen_batch`.

Modules: ``spalten`` (the columns and how they are built from requests), ``schritte`` (the
steps S1–S14, one function each, named like the scalar steps, and the result), this module
(the public API, chunking and the memory settings of one call).

Fallback: what the batch path cannot represent is detected in
:func:`columns_from_requests`: more than two parents of a child, a Minderung percentage
with more than two decimals, the rules of issue 16 named in ``spalten``, or a pupil in
August or February (the Schulbedarf of § 28 Abs. 3, step S10b of the scalar path). Such
requests are reported in ``Columns.braucht_skalar`` (by default) — they are left out of
the columns and the caller computes them with ``sgb2.berechnen_json``; ``strict=True``
raises instead. Explanations (``positionen``, ``hinweise``) are not produced by the batch
path; use the scalar engine for a Bescheid.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import mmap
import platform
import sys
from collections.abc import Iterator
from dataclasses import fields
from typing import Any

import numpy as np
import numpy.typing as npt

from ..params import Parameters, parameters_for
from .schritte import BatchErgebnis, berechnen_teil
from .spalten import (
    Columns,
    NichtImBatch,
    ausschnitt,
    columns_from_parsed,
    columns_from_requests,
)

__all__ = [
    "Columns",
    "BatchErgebnis",
    "columns_from_requests",
    "columns_from_parsed",
    "berechnen_batch",
    "NichtImBatch",
]


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
def _glibc() -> ctypes.CDLL | None:
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
        return berechnen_teil(cols, p)
    # Each chunk's result is copied into preallocated output arrays at once, so the chunk's
    # temporaries are freed (and their memory reused by the next chunk) before the next
    # chunk starts; nothing is concatenated at the end.
    out: dict[str, npt.NDArray[Any]] = {}
    for b0 in range(0, n_bg, chunk):
        b1 = min(b0 + chunk, n_bg)
        teil = berechnen_teil(ausschnitt(cols, b0, b1), p)
        p0 = int(cols.bg_start[b0])
        p1 = int(cols.bg_start[b1]) if b1 < n_bg else cols.n_personen
        for f in fields(BatchErgebnis):
            v = getattr(teil, f.name)
            if f.name not in out:
                n = n_bg if f.name in _BG_OUT else cols.n_personen
                out[f.name] = _ausgabe(n, v.dtype)
            if f.name in _BG_OUT:
                out[f.name][b0:b1] = v
            else:
                out[f.name][p0:p1] = v
        del teil
    return BatchErgebnis(**out)


def _ausgabe(n: int, dtype: np.dtype[Any]) -> npt.NDArray[Any]:
    """A result array of ``n`` values whose memory is mapped in by one system call.

    Every page of the result arrays is written once (2.9 M BGs: ~660 MB, 160,000 pages).
    Faulted in page by page as the chunks are copied, that is one trap into the kernel per
    page; ``MAP_POPULATE`` (Linux) maps them all in the ``mmap`` call: about a third less
    system time. The array owns the mapping (``np.frombuffer`` keeps it) and unmaps it when
    it is freed. Elsewhere, or for small results, a plain ``np.empty``.
    """
    groesse = n * dtype.itemsize
    if groesse < _POPULATE_AB or not hasattr(mmap, "MAP_POPULATE"):
        return np.empty(n, dtype=dtype)
    try:
        m = mmap.mmap(-1, groesse, flags=mmap.MAP_PRIVATE | mmap.MAP_POPULATE)
    except OSError:  # pragma: no cover - no memory for the mapping: numpy reports it
        return np.empty(n, dtype=dtype)
    return np.frombuffer(m, dtype=dtype)


_POPULATE_AB = 1 << 20  # bytes


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
