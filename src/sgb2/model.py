"""Typed request and result objects of the engine (the JSON contract in Python form)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Any, Literal, NamedTuple

__all__ = [
    "ROLLEN",
    "MEHRBEDARF_ARTEN",
    "EINKOMMEN_ARTEN",
    "ERWERBS_ARTEN",
    "Rolle",
    "Mehrbedarf",
    "Einkommen",
    "Leistungsminderung",
    "Person",
    "Unterkunft",
    "Request",
    "PersonErgebnis",
    "Summe",
    "Position",
    "neue_position",
    "Result",
    "Hinweis",
    "InternerHinweis",
]

Rolle = Literal["antragsteller", "partner", "kind", "sonstige"]
ROLLEN: tuple[str, ...] = ("antragsteller", "partner", "kind", "sonstige")
MEHRBEDARF_ARTEN: tuple[str, ...] = (
    "behinderung",
    "merkzeichen_g",
    "ernaehrung",
    "unabweisbar",
    "schulbuecher",
)
EINKOMMEN_ARTEN: tuple[str, ...] = (
    "erwerbseinkommen",
    "minijob",
    "ausbildungsverguetung",
    "kindergeld",
    "unterhalt",
    "unterhaltsvorschuss",
    "altersrente",
    "erwerbsminderungsrente",
    "waisenrente",
    "arbeitslosengeld",
    "krankengeld",
    "elterngeld",
    "bafoeg",
    "wohngeld",
    "kinderzuschlag",
    "sonstiges",
)
ERWERBS_ARTEN: frozenset[str] = frozenset({"erwerbseinkommen", "minijob", "ausbildungsverguetung"})
WARMWASSER: tuple[str, ...] = ("zentral", "dezentral")


@dataclass(frozen=True, slots=True)
class Mehrbedarf:
    art: str
    betrag: Decimal | None = None  # required where the law recognises the actual amount


@dataclass(frozen=True, slots=True)
class Einkommen:
    art: str
    brutto: Decimal = Decimal(0)  # earnings (erwerbseinkommen, minijob)
    netto: Decimal = Decimal(0)
    betrag: Decimal | None = None  # other kinds; Kindergeld: None = statutory amount
    empfaenger: str | None = None  # Kindergeld: who receives it
    #: Elterngeld (§ 10 Abs. 5 BEEG): the earnings before the birth it was based on
    #: (§ 2 Abs. 1 BEEG; None or 0: Mindestelterngeld without prior earnings) and
    #: whether it is Elterngeld Plus
    einkommen_vor_geburt: Decimal | None = None
    elterngeld_plus: bool = False
    #: Altersrente / Erwerbsminderungsrente: 33 years of Grundrentenzeiten (§ 82a SGB XII)
    grundrentenzeiten: bool = False


@dataclass(frozen=True, slots=True)
class Leistungsminderung:
    prozent: Decimal


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    rolle: str
    geburtsdatum: dt.date
    eltern: tuple[str, ...] = ()
    erwerbsfaehig: bool | None = None
    schwangerschaftswoche: int | None = None
    mehrbedarfe: tuple[Mehrbedarf, ...] = ()
    einkommen: tuple[Einkommen, ...] = ()
    vermoegen: Decimal = Decimal(0)
    leistungsminderung: Leistungsminderung | None = None
    in_ausbildung: bool = False  # extension: § 11b Abs. 2b (pupil, student, trainee, FWD)
    #: § 11b Abs. 3 S. 3: the person has a minor child who does not live in the household
    minderjaehriges_kind_ausserhalb: bool = False
    #: § 5 Abs. 2 S. 2 SGB II, § 41 Abs. 3 SGB XII: permanently fully erwerbsgemindert (an
    #: adult with Grundsicherung under the SGB XII instead of Sozialgeld)
    dauerhaft_voll_erwerbsgemindert: bool = False
    #: § 20 Abs. 3, § 22 Abs. 5: moved out before 25 without the Jobcenter's Zusicherung
    umzug_ohne_zusicherung: bool = False
    #: § 41 Abs. 1: first / last day in the household within the month (moving in / out)
    anwesend_ab: dt.date | None = None
    anwesend_bis: dt.date | None = None
    #: § 28 Abs. 1 S. 2, Abs. 3: attends an allgemein- or berufsbildende Schule (the
    #: Schulbedarf in August and February for a pupil under 25 without Ausbildungsvergütung)
    schueler: bool = False


@dataclass(frozen=True, slots=True)
class Unterkunft:
    bruttokaltmiete: Decimal = Decimal(0)
    heizkosten: Decimal = Decimal(0)
    warmwasser: str = "zentral"
    personen_im_haushalt: int | None = None  # None: number of listed persons
    angemessenheitsgrenze_bruttokalt: Decimal | None = None
    heizkosten_angemessen: bool = True
    kostensenkung_frist_ende: dt.date | None = None  # first day of the last month


@dataclass(frozen=True, slots=True)
class Request:
    monat: dt.date  # first day of the month
    leistungsbeginn: dt.date  # first day of the first month of receipt
    personen: tuple[Person, ...]
    unterkunft: Unterkunft = Unterkunft()
    anspruch_von: dt.date | None = None
    anspruch_bis: dt.date | None = None
    #: § 22 Abs. 1 S. 3, 4, § 12 Abs. 3: (first, last) months without benefits since
    #: Leistungsbeginn (first days of the months)
    bezugsunterbrechungen: tuple[tuple[dt.date, dt.date], ...] = ()


class PersonErgebnis(NamedTuple):
    id: str
    in_bg: bool
    leistungsart: str
    regelbedarfsstufe: int | None
    regelbedarf: Decimal
    mehrbedarf: Decimal
    kdu: Decimal
    bedarf: Decimal
    einkommen_anrechenbar: Decimal
    anspruch: Decimal
    davon_regel_und_mehrbedarf: Decimal
    davon_kdu: Decimal
    kindersofortzuschlag: Decimal
    minderung: Decimal
    zahlbetrag: Decimal
    #: § 28 Abs. 3, § 19 Abs. 2, 3: the persönlicher Schulbedarf paid in this month (in
    #: ``zahlbetrag``; not part of ``bedarf``/``anspruch``, which are § 19 Abs. 1)
    schulbedarf: Decimal = Decimal(0)


class Summe(NamedTuple):
    bedarf: Decimal
    einkommen_anrechenbar: Decimal
    anspruch: Decimal
    kindersofortzuschlag: Decimal
    minderung: Decimal
    zahlbetrag: Decimal
    schulbedarf: Decimal = Decimal(0)


class Position(NamedTuple):
    """One line of the Berechnungsbogen; deductions carry a negative ``betrag``."""

    person: str | None  # None: the whole BG or the dwelling
    art: str
    betrag: Decimal
    rechtsgrundlage: str
    text: str


#: ``neue_position((person, art, betrag, rechtsgrundlage, text))`` is
#: ``Position(person, art, betrag, rechtsgrundlage, text)``, built by ``tuple.__new__``
#: directly: the ``__new__`` that ``NamedTuple`` generates is a Python function around
#: that same call, and the engine builds 20–70 lines per calculation (about a third of the
#: cost of each line saved; ``tests/sgb2/test_schneller_pfad.py`` checks they are equal).
neue_position: Callable[[tuple[str | None, str, Decimal, str, str]], Position] = partial(
    tuple.__new__, Position
)


class Hinweis(str):
    """A note of the result (``hinweise``): the German text (the string itself) with its
    English text in ``en``. A plain ``str`` everywhere else."""

    en: str

    def __new__(cls, de: str, en: str) -> Hinweis:
        note = str.__new__(cls, de)  # (not ``super()``: its lookup costs as much again)
        note.en = en
        return note

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (str(self), self.en))


class InternerHinweis(Hinweis):
    """A note for the Jobcenter's staff only: a modelling assumption, a provisional legal
    state or a task to check something. It is part of the calculation's explanation for
    staff but does not belong in a Bescheid; the result lists these notes again under
    ``hinweise_intern``."""


@dataclass(frozen=True, slots=True)
class Result:
    monat: str  # "YYYY-MM"
    leistungsname: str
    rechtsstand: tuple[str, ...]
    anspruch: bool
    personen: tuple[PersonErgebnis, ...]
    summe: Summe
    positionen: tuple[Position, ...]
    hinweise: tuple[str, ...]
    bewilligungszeitraum_monate: int
    #: the notes of ``hinweise`` that are for staff only (:class:`InternerHinweis`)
    hinweise_intern: tuple[str, ...] = ()
    #: the notes of ``hinweise`` in English, in the same order
    hinweise_en: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The result as JSON-ready data (amounts as numbers with at most two decimals)."""
        personen = [
            {
                "id": p.id,
                "in_bg": p.in_bg,
                "leistungsart": p.leistungsart,
                "regelbedarfsstufe": p.regelbedarfsstufe,
                "regelbedarf": float(p.regelbedarf),
                "mehrbedarf": float(p.mehrbedarf),
                "kdu": float(p.kdu),
                "bedarf": float(p.bedarf),
                "einkommen_anrechenbar": float(p.einkommen_anrechenbar),
                "anspruch": float(p.anspruch),
                "davon_regel_und_mehrbedarf": float(p.davon_regel_und_mehrbedarf),
                "davon_kdu": float(p.davon_kdu),
                "kindersofortzuschlag": float(p.kindersofortzuschlag),
                "minderung": float(p.minderung),
                "schulbedarf": float(p.schulbedarf),
                "zahlbetrag": float(p.zahlbetrag),
            }
            for p in self.personen
        ]
        s = self.summe
        return {
            "monat": self.monat,
            "leistungsname": self.leistungsname,
            "rechtsstand": list(self.rechtsstand),
            "anspruch": self.anspruch,
            "personen": personen,
            "summe": {
                "bedarf": float(s.bedarf),
                "einkommen_anrechenbar": float(s.einkommen_anrechenbar),
                "anspruch": float(s.anspruch),
                "kindersofortzuschlag": float(s.kindersofortzuschlag),
                "minderung": float(s.minderung),
                "schulbedarf": float(s.schulbedarf),
                "zahlbetrag": float(s.zahlbetrag),
            },
            "positionen": [
                {
                    "person": person,
                    "art": art,
                    "betrag": float(betrag),
                    "rechtsgrundlage": rg,
                    "text": text,
                }
                for person, art, betrag, rg, text in self.positionen
            ],
            "hinweise": list(map(str, self.hinweise)),
            "hinweise_intern": list(map(str, self.hinweise_intern)),
            "hinweise_en": list(self.hinweise_en),
            "bewilligungszeitraum_monate": self.bewilligungszeitraum_monate,
        }
