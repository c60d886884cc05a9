"""What every step of the engine shares: rounding (§ 41 Abs. 2), money and month formats,
and the working state of one calculation (one :class:`Werte` per person, one
:class:`Kontext` per call)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from ..model import Person, Position, Request
from ..params import Parameters

ZERO = Decimal(0)
CENT = Decimal("0.01")
HUNDRED = Decimal(100)
_TAUSEND = Decimal(1000)
_MINUS_TAUSEND = Decimal(-1000)


def r2(x: Decimal) -> Decimal:
    """Round to cents, half up (§ 41 Abs. 2 SGB II).

    The rounding mode is passed by position: ``quantize`` parses keyword arguments about
    three times slower than positional ones (CPython's ``decimal``), and this is the
    engine's most frequent call."""
    return x.quantize(CENT, ROUND_HALF_UP)


@lru_cache(maxsize=8192)
def eur_en(x: Decimal) -> str:
    """English money format: €1,234.56 (-€84.00)."""
    return ("-" if x < 0 else "") + f"€{abs(x):,.2f}"


def eur(x: Decimal) -> str:
    """German money format: 1.234,56 €.

    (Compared with ``Decimal`` bounds rather than ``int`` ones, which ``Decimal`` would
    convert on every comparison; the result is the same.)"""
    if _MINUS_TAUSEND < x < _TAUSEND:
        return f"{x:.2f}".replace(".", ",") + " €"
    s = f"{x:,.2f}"
    return s.replace(",", "X").replace(".", ",").replace("X", ".") + " €"


@lru_cache(maxsize=256)
def prozent_text(x: Decimal) -> str:
    """A rate as German percent text: 0.17 → "17 %"."""
    s = f"{(x * HUNDRED).normalize():f}"
    return s.replace(".", ",") + " %"


def monat_text(d: dt.date) -> str:
    """ "JJJJ-MM" of ``d`` (the first seven characters of its ISO form, which pads the year
    to four digits like ``{year:04d}`` — one C call instead of two integer formats)."""
    return d.isoformat()[:7]


def monate_zwischen(von: dt.date, bis: dt.date) -> int:
    return (bis.year - von.year) * 12 + bis.month - von.month


def plus_monate(d: dt.date, n: int) -> dt.date:
    total = d.year * 12 + d.month - 1 + n
    return dt.date(total // 12, total % 12 + 1, 1)


# --------------------------------------------------------------------------- state
@dataclass(slots=True)
class Werte:
    """Working values for one person (internal, mutable, one per person and call).

    Each step fills the fields of its legal quantity; ``pos`` collects the person's lines
    of the Berechnungsbogen in the order the steps add them.
    """

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
    bafoeg: Decimal = ZERO  # Ausbildungsförderung before the § 11b Abs. 2b allowance
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
    schulbedarf: Decimal = ZERO  # § 28 Abs. 3: paid in this month (S10b)
    minderung: Decimal = ZERO
    #: § 9 Abs. 3: id of the child who heads the person's own unit (None: the main unit)
    einheit: str | None = None
    #: excluded from the SGB II (gemischte BG): "altersgrenze", "altersrente",
    #: "erwerbsminderung"; None: not excluded
    ausschluss: str | None = None
    #: § 41 Abs. 1 with a change within the month: days (of 30) per RBS; None: RBS all month
    rbs_tage: dict[int, int] | None = None
    pos: list[Position] = field(default_factory=list)

    @property
    def einheit_kopf(self) -> bool:
        """The child (pregnant, or caring for her own child under 6) who heads her own
        unit under § 9 Abs. 3: the 'adult' of that unit."""
        return self.einheit is not None and self.einheit == self.person.id


class Kontext:
    """One calculation: parameters, request, the notes and BG lines in order, and the
    facts of the BG that several steps read."""

    __slots__ = (
        "p",
        "req",
        "hinweise",
        "bg_pos",
        "verkuerzt",
        "partner_vorhanden",
        "abschnitte",
        "ueberschuss_sgb12",
        "karenz_start",
    )

    def __init__(self, p: Parameters, req: Request) -> None:
        self.p = p
        self.req = req
        self.hinweise: list[str] = []
        self.bg_pos: list[Position] = []
        self.verkuerzt = False  # § 41 Abs. 3 S. 2: unangemessene Unterkunftskosten
        self.partner_vorhanden = False  # antragsteller and partner both listed (S1)
        #: S1c: sections [von, bis) of the 30-day month with the ids present; None: no change
        self.abschnitte: list[tuple[int, int, frozenset[str]]] | None = None
        #: S5b: income of excluded partners above their SGB XII need (§ 9 Abs. 2 S. 1)
        self.ueberschuss_sgb12 = ZERO
        #: effective start of the Karenzzeiten (§ 22 Abs. 1 S. 3, 4), set by S4 / S8
        self.karenz_start: dt.date | None = None


def eltern(w: Werte, ws: list[Werte]) -> tuple[str, ...]:
    """The parents of ``w``: as listed, else the antragsteller and the partner."""
    if w.person.eltern:
        return w.person.eltern
    return tuple(x.person.id for x in ws if x.person.rolle in ("antragsteller", "partner"))
