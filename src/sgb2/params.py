"""Date-effective legal parameters.

Each file ``sgb2/params/<name>.yaml`` holds one topic::

    name: regelbedarf
    rechtsgrundlage: "§ 20 ..."
    versionen:
      2024-01-01:
        werte: {...}
        quelle: "..."            # legal source of these values
        vorlaeufig: true          # optional: value marked [U] in the spec
        vorlaeufig_grund: "..."   # optional: plain-German note for the explanation
        vorlaeufig_grund_en: "..."  # the same note in English (required with the German one)

For a month M the version with the latest effective date on or before the first day of M
applies (the policy date is the first of the month).  :func:`parameters_for` returns a frozen
:class:`Parameters` object; it is cached per month and per distinct combination of versions,
so the YAML is parsed only once per process.

:func:`rechtsstand_vor` computes, for the duration of a ``with`` block, with the versions
known before a date only — the legal state as it was before a new Rechtsstand was entered
(for demos and tests of the mass recalculation; it changes process-wide state and is not
meant for concurrent request handling).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

__all__ = [
    "Parameters",
    "ParameterVersion",
    "parameters_for",
    "load_versions",
    "rechtsstand_vor",
    "ERSTER_MONAT",
]

ERSTER_MONAT = dt.date(2023, 1, 1)

#: Versions effective on or after this date are ignored (see :func:`rechtsstand_vor`).
_AUSGEBLENDET_AB: dt.date | None = None


@dataclass(frozen=True, slots=True, eq=False)
class ParameterVersion:
    """One dated version of one parameter topic."""

    name: str
    gueltig_ab: dt.date
    werte: dict[str, Any]
    quelle: str
    rechtsgrundlage: str
    vorlaeufig: bool
    vorlaeufig_grund: str | None
    vorlaeufig_grund_en: str | None = None

    @property
    def kennung(self) -> str:
        return f"{self.name}@{self.gueltig_ab.isoformat()}"


def _dec(value: Any) -> Decimal:
    return Decimal(str(value))


def _opt_dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


@lru_cache(maxsize=1)
def load_versions() -> dict[str, tuple[ParameterVersion, ...]]:
    """Read every YAML file of ``sgb2.params`` once; versions sorted by date."""
    result: dict[str, tuple[ParameterVersion, ...]] = {}
    folder = resources.files("sgb2").joinpath("params")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml"):
            continue
        data = yaml.safe_load(entry.read_text(encoding="utf-8"))
        name = str(data["name"])
        rechtsgrundlage = str(data.get("rechtsgrundlage", ""))
        versions = []
        for key, body in data["versionen"].items():
            datum = key if isinstance(key, dt.date) else dt.date.fromisoformat(str(key))
            versions.append(
                ParameterVersion(
                    name=name,
                    gueltig_ab=datum,
                    werte=dict(body["werte"]),
                    quelle=str(body["quelle"]),
                    rechtsgrundlage=rechtsgrundlage,
                    vorlaeufig=bool(body.get("vorlaeufig", False)),
                    vorlaeufig_grund=body.get("vorlaeufig_grund"),
                    vorlaeufig_grund_en=body.get("vorlaeufig_grund_en"),
                )
            )
        versions.sort(key=lambda v: v.gueltig_ab)
        result[name] = tuple(versions)
    return result


@dataclass(frozen=True, slots=True)
class Parameters:
    """All legal parameters in force on one policy date (the first day of a month)."""

    stichtag: dt.date
    rechtsstand: tuple[str, ...]
    quellen: dict[str, str]
    vorlaeufig: tuple[str, ...]  # plain-German notes for values marked [U]
    vorlaeufig_themen: frozenset[str]
    # Regelbedarf (§ 20, § 23)
    regelbedarf: dict[int, Decimal]
    # § 72
    kindersofortzuschlag: Decimal
    kindergeld: Decimal
    # Mehrbedarfe (§ 21, § 23)
    mb_schwangerschaft: Decimal
    mb_schwangerschaft_ab_woche: int
    mb_ae_je_kind: Decimal
    mb_ae_erhoeht: Decimal
    mb_ae_max: Decimal
    mb_behinderung: Decimal
    mb_merkzeichen_g: Decimal
    mb_warmwasser: dict[int, Decimal]
    # Einkommen (§ 11b)
    grundfreibetrag: Decimal
    etf_stufen: tuple[tuple[Decimal, Decimal | None, Decimal], ...]
    etf_obergrenze: Decimal
    etf_obergrenze_mit_kind: Decimal
    versicherungspauschale: Decimal
    freibetrag_u25_ausbildung: Decimal | None
    # Vermögen (§ 12)
    vermoegen_karenz_monate: int
    vermoegen_karenz_erste: Decimal | None
    vermoegen_karenz_weitere: Decimal | None
    vermoegen_je_person: Decimal | None
    vermoegen_nach_alter: tuple[tuple[int, Decimal], ...] | None
    # Unterkunft (§ 22)
    kdu_karenz_monate: int
    kdu_kostensenkung_monate: int
    kdu_karenz_deckel_faktor: Decimal | None
    # Minderung (§§ 31a, 32)
    minderung_max_prozent: Decimal
    minderung_vollentzug: bool
    # Leistung (§ 19, § 41)
    leistungsname: str
    leistungsart_erwerbsfaehig: str
    leistungsart_nicht_erwerbsfaehig: str
    monat_tage: int
    bwz_regel: int
    bwz_verkuerzt: int
    # § 7a
    rag_tabelle: tuple[tuple[int, int, int], ...]
    rag_ab_1964: tuple[int, int]
    erwerbsfaehig_ab_alter: int
    # Persönlicher Schulbedarf (§ 28 Abs. 3 SGB II, § 34 Abs. 3, 3a SGB XII): the amounts for
    # the first and second school half-year and the calendar months they are due in
    schulbedarf_erstes: Decimal
    schulbedarf_zweites: Decimal
    schulbedarf_monat_erstes: int
    schulbedarf_monat_zweites: int
    vorlaeufig_en: tuple[str, ...] = ()  # the notes of ``vorlaeufig`` in English


def _select(stichtag: dt.date) -> tuple[ParameterVersion, ...]:
    chosen = []
    for name, versions in load_versions().items():
        current = None
        for version in versions:
            if _AUSGEBLENDET_AB is not None and version.gueltig_ab >= _AUSGEBLENDET_AB:
                break
            if version.gueltig_ab <= stichtag:
                current = version
            else:
                break
        if current is None:
            raise ValueError(f"Keine Parameter „{name}“ für {stichtag.isoformat()}")
        chosen.append(current)
    return tuple(chosen)


@lru_cache(maxsize=64)
def _build(chosen: tuple[ParameterVersion, ...]) -> Parameters:
    by_name = {v.name: v for v in chosen}
    stichtag = max(v.gueltig_ab for v in chosen)

    def w(name: str) -> dict[str, Any]:
        return by_name[name].werte

    rb = w("regelbedarf")
    mb = w("mehrbedarf")
    ek = w("einkommen")
    vm = w("vermoegen")
    ku = w("unterkunft")
    mi = w("minderung")
    le = w("leistung")
    ra = w("regelaltersgrenze")
    sb = w("schulbedarf")
    stufen = tuple((_dec(a), _opt_dec(b), _dec(r)) for a, b, r in ek["stufen"])
    nach_alter = (
        None if vm["nach_alter"] is None else tuple((int(a), _dec(b)) for a, b in vm["nach_alter"])
    )
    vorl = tuple(
        v.vorlaeufig_grund or f"{v.name}: vorläufiger Wert" for v in chosen if v.vorlaeufig
    )
    vorl_en = tuple(
        v.vorlaeufig_grund_en or f"{v.name}: provisional value" for v in chosen if v.vorlaeufig
    )
    return Parameters(
        stichtag=stichtag,
        rechtsstand=tuple(v.kennung for v in chosen),
        quellen={v.name: v.quelle for v in chosen},
        vorlaeufig=vorl,
        vorlaeufig_en=vorl_en,
        vorlaeufig_themen=frozenset(v.name for v in chosen if v.vorlaeufig),
        regelbedarf={i: _dec(rb[f"rbs{i}"]) for i in range(1, 7)},
        kindersofortzuschlag=_dec(w("kindersofortzuschlag")["betrag"]),
        kindergeld=_dec(w("kindergeld")["betrag"]),
        mb_schwangerschaft=_dec(mb["schwangerschaft"]),
        mb_schwangerschaft_ab_woche=int(mb["schwangerschaft_ab_woche"]),
        mb_ae_je_kind=_dec(mb["alleinerziehend_je_kind"]),
        mb_ae_erhoeht=_dec(mb["alleinerziehend_erhoeht"]),
        mb_ae_max=_dec(mb["alleinerziehend_max"]),
        mb_behinderung=_dec(mb["behinderung"]),
        mb_merkzeichen_g=_dec(mb["merkzeichen_g"]),
        mb_warmwasser={i: _dec(mb["warmwasser"][f"rbs{i}"]) for i in range(1, 7)},
        grundfreibetrag=_dec(ek["grundfreibetrag"]),
        etf_stufen=stufen,
        etf_obergrenze=_dec(ek["obergrenze"]),
        etf_obergrenze_mit_kind=_dec(ek["obergrenze_mit_kind"]),
        versicherungspauschale=_dec(ek["versicherungspauschale"]),
        freibetrag_u25_ausbildung=_opt_dec(ek["freibetrag_u25_ausbildung"]),
        vermoegen_karenz_monate=int(vm["karenz_monate"]),
        vermoegen_karenz_erste=_opt_dec(vm["karenz_erste_person"]),
        vermoegen_karenz_weitere=_opt_dec(vm["karenz_weitere_person"]),
        vermoegen_je_person=_opt_dec(vm["je_person"]),
        vermoegen_nach_alter=nach_alter,
        kdu_karenz_monate=int(ku["karenz_monate"]),
        kdu_kostensenkung_monate=int(ku["kostensenkung_monate"]),
        kdu_karenz_deckel_faktor=_opt_dec(ku["karenz_deckel_faktor"]),
        minderung_max_prozent=_dec(mi["max_prozent"]),
        minderung_vollentzug=bool(mi["vollentzug"]),
        leistungsname=str(le["leistungsname"]),
        leistungsart_erwerbsfaehig=str(le["leistungsart_erwerbsfaehig"]),
        leistungsart_nicht_erwerbsfaehig=str(le["leistungsart_nicht_erwerbsfaehig"]),
        monat_tage=int(le["monat_tage"]),
        bwz_regel=int(le["bewilligungszeitraum_regel"]),
        bwz_verkuerzt=int(le["bewilligungszeitraum_verkuerzt"]),
        rag_tabelle=tuple((int(a), int(b), int(c)) for a, b, c in ra["tabelle"]),
        rag_ab_1964=(int(ra["ab_1964"][0]), int(ra["ab_1964"][1])),
        erwerbsfaehig_ab_alter=int(ra["erwerbsfaehig_ab_alter"]),
        schulbedarf_erstes=_dec(sb["erstes_halbjahr"]),
        schulbedarf_zweites=_dec(sb["zweites_halbjahr"]),
        schulbedarf_monat_erstes=int(sb["monat_erstes_halbjahr"]),
        schulbedarf_monat_zweites=int(sb["monat_zweites_halbjahr"]),
    )


@lru_cache(maxsize=256)
def parameters_for(month: dt.date) -> Parameters:
    """Parameters in force for the month containing ``month`` (policy date: its first day).

    Months before 2023-01 are not supported and raise ``ValueError``.
    """
    stichtag = month.replace(day=1)
    if stichtag < ERSTER_MONAT:
        raise ValueError("Berechnungen sind erst ab Januar 2023 möglich")
    return _build(_select(stichtag))


@contextmanager
def rechtsstand_vor(datum: dt.date) -> Iterator[None]:
    """Within the block, compute as if no parameter version effective on or after
    ``datum`` had been entered yet (e.g. ``rechtsstand_vor(date(2027, 1, 1))``: Bescheide
    issued before the 2027 values were known). Process-wide; for demos and tests."""
    global _AUSGEBLENDET_AB
    vorher = _AUSGEBLENDET_AB
    _AUSGEBLENDET_AB = datum
    parameters_for.cache_clear()
    try:
        yield
    finally:
        _AUSGEBLENDET_AB = vorher
        parameters_for.cache_clear()
