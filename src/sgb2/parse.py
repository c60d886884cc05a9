"""JSON data → :class:`~sgb2.model.Request`, with validation messages in German.

Every message names the field path and the reason, e.g.
``personen[1].geburtsdatum: kein gültiges Datum (erwartet JJJJ-MM-TT)``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from .model import (
    EINKOMMEN_ARTEN,
    ERWERBS_ARTEN,
    MEHRBEDARF_ARTEN,
    ROLLEN,
    WARMWASSER,
    Einkommen,
    Leistungsminderung,
    Mehrbedarf,
    Person,
    Request,
    Unterkunft,
)
from .params import ERSTER_MONAT

__all__ = ["Eingabefehler", "parse_request"]

_MONAT_RE = re.compile(r"^\d{4}-\d{2}$")
_DATUM_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MAX_BETRAG = Decimal("10000000")
_CENT = Decimal("0.01")
_MISSING = object()
# Valid JSON amounts → their Decimal (a bounded memo: amounts repeat across requests). Zero
# is never stored, because ``0`` and ``-0.0`` share a key but not a sign.
_BETRAEGE: dict[int | float, Decimal] = {}
_BETRAEGE_MAX = 1 << 16
# Valid "JJJJ-MM" strings → first day of the month, and month → last day of the month
_MONATE: dict[str, dt.date] = {}
_MONATSENDEN: dict[dt.date, dt.date] = {}

_REQUEST_FELDER = frozenset(
    {
        "monat",
        "leistungsbeginn",
        "anspruch_von",
        "anspruch_bis",
        "personen",
        "unterkunft",
        "bezugsunterbrechungen",
    }
)
_PERSON_FELDER = frozenset(
    {
        "id",
        "rolle",
        "geburtsdatum",
        "eltern",
        "erwerbsfaehig",
        "schwangerschaftswoche",
        "mehrbedarfe",
        "einkommen",
        "vermoegen",
        "leistungsminderung",
        "in_ausbildung",
        "minderjaehriges_kind_ausserhalb",
        "anwesend_ab",
        "anwesend_bis",
        "umzug_ohne_zusicherung",
        "dauerhaft_voll_erwerbsgemindert",
        "schueler",
    }
)
_MB_FELDER = frozenset({"art", "betrag"})
_EK_FELDER = frozenset(
    {
        "art",
        "brutto",
        "netto",
        "betrag",
        "empfaenger",
        "einkommen_vor_geburt",
        "elterngeld_plus",
        "grundrentenzeiten",
    }
)
_LM_FELDER = frozenset({"prozent"})
_KDU_FELDER = frozenset(
    {
        "bruttokaltmiete",
        "heizkosten",
        "warmwasser",
        "personen_im_haushalt",
        "angemessenheitsgrenze_bruttokalt",
        "heizkosten_angemessen",
        "kostensenkung_frist_ende",
    }
)
_MB_MIT_BETRAG = frozenset({"ernaehrung", "unabweisbar", "schulbuecher"})


class Eingabefehler(ValueError):
    """Invalid request. ``fehler`` lists ``(pfad, grund)``; ``str()`` gives one line each."""

    def __init__(self, fehler: list[tuple[str, str]]) -> None:
        self.fehler = fehler
        super().__init__("\n".join(f"{pfad}: {grund}" for pfad, grund in fehler))

    def mit_praefix(self, praefix: str) -> Eingabefehler:
        return Eingabefehler(
            [
                (f"{praefix}.{p}" if not p.startswith("[") else f"{praefix}{p}", g)
                for p, g in self.fehler
            ]
        )


class NichtModelliert(Eingabefehler):
    """A valid request that touches a rule the engine does not model: it computes no number
    rather than an inexact one. ``fehler`` lists ``(pfad, was nicht abgebildet ist)``; the
    case must be computed by hand (docs/sgb2.md, "Still not modelled")."""


class _Pruefer:
    """Collects the problems of one request. The checks take the path of the object and,
    optionally, the field's name (``feld``): the field's path ``pfad.feld`` is only put
    together for a message, not for every field of every valid request."""

    def __init__(self) -> None:
        self.fehler: list[tuple[str, str]] = []

    def err(self, pfad: str, grund: str, feld: str | None = None) -> None:
        self.fehler.append((pfad if feld is None else f"{pfad}.{feld}", grund))

    def objekt(self, value: Any, pfad: str, erlaubt: frozenset[str]) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.err(pfad, "muss ein JSON-Objekt sein")
            return None
        if value.keys() <= erlaubt:
            return value
        for key in value:
            if key not in erlaubt:
                self.err(f"{pfad}.{key}" if pfad else str(key), "unbekanntes Feld")
        return value

    def betrag(
        self, value: Any, pfad: str, feld: str | None = None, *, optional: bool = False
    ) -> Decimal | None:
        typ = type(value)
        if typ is float or typ is int:
            bekannt = _BETRAEGE.get(value)
            if bekannt is not None:
                return bekannt
        if value is _MISSING or value is None:
            if optional:
                return None
            self.err(pfad, "Pflichtangabe fehlt (Betrag in Euro)", feld)
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.err(pfad, "muss eine Zahl sein (Betrag in Euro)", feld)
            return None
        if isinstance(value, float) and not math.isfinite(value):
            self.err(pfad, "muss eine endliche Zahl sein", feld)
            return None
        try:
            d = Decimal(value) if isinstance(value, int) else Decimal(repr(value))
        except InvalidOperation:  # pragma: no cover - repr of a finite float is valid
            self.err(pfad, "muss eine Zahl sein (Betrag in Euro)", feld)
            return None
        if d < 0:
            self.err(pfad, "darf nicht negativ sein", feld)
            return None
        if d > _MAX_BETRAG:
            self.err(pfad, "unplausibel hoch (höchstens 10.000.000 €)", feld)
            return None
        q = d.quantize(_CENT)
        if d != q:
            self.err(pfad, "höchstens zwei Nachkommastellen (Cent)", feld)
            return None
        if q and len(_BETRAEGE) < _BETRAEGE_MAX and (typ is float or typ is int):
            _BETRAEGE[value] = q
        return q

    def monat(self, value: Any, pfad: str) -> dt.date | None:
        if type(value) is str:
            bekannt = _MONATE.get(value)
            if bekannt is not None:
                return bekannt
        if not isinstance(value, str) or not _MONAT_RE.match(value):
            self.err(pfad, "kein gültiger Monat (erwartet JJJJ-MM)")
            return None
        try:
            d = dt.date(int(value[:4]), int(value[5:7]), 1)
        except ValueError:
            self.err(pfad, "kein gültiger Monat (erwartet JJJJ-MM)")
            return None
        if type(value) is str and len(_MONATE) < _BETRAEGE_MAX:
            _MONATE[value] = d
        return d

    def datum(self, value: Any, pfad: str, feld: str | None = None) -> dt.date | None:
        if not isinstance(value, str) or not _DATUM_RE.match(value):
            self.err(pfad, "kein gültiges Datum (erwartet JJJJ-MM-TT)", feld)
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.err(pfad, "kein gültiges Datum (erwartet JJJJ-MM-TT)", feld)
            return None

    def wahrheitswert(
        self, value: Any, pfad: str, default: bool | None, feld: str | None = None
    ) -> bool | None:
        if value is _MISSING or value is None:
            return default
        if not isinstance(value, bool):
            self.err(pfad, "muss true oder false sein", feld)
            return default
        return value

    def ganzzahl(
        self, value: Any, pfad: str, lo: int, hi: int, feld: str | None = None
    ) -> int | None:
        if value is _MISSING or value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            else:
                self.err(pfad, "muss eine ganze Zahl sein", feld)
                return None
        if not lo <= value <= hi:
            self.err(pfad, f"muss zwischen {lo} und {hi} liegen", feld)
            return None
        return int(value)

    def text(self, value: Any, pfad: str, feld: str | None = None) -> str | None:
        if not isinstance(value, str) or not value.strip():
            self.err(pfad, "muss ein nicht leerer Text sein", feld)
            return None
        return value

    def auswahl(
        self, value: Any, pfad: str, erlaubt: tuple[str, ...], was: str, feld: str | None = None
    ) -> str | None:
        if value is _MISSING:
            self.err(pfad, f"Pflichtangabe fehlt ({was}: {', '.join(erlaubt)})", feld)
            return None
        if value not in erlaubt:
            self.err(pfad, f"unbekannte {was} „{value}“ (erlaubt: {', '.join(erlaubt)})", feld)
            return None
        return str(value)


def _monatsende(monat: dt.date) -> dt.date:
    ende = _MONATSENDEN.get(monat)
    if ende is None:
        naechster = dt.date(monat.year + (monat.month == 12), monat.month % 12 + 1, 1)
        ende = naechster - dt.timedelta(days=1)
        if len(_MONATSENDEN) < _BETRAEGE_MAX:
            _MONATSENDEN[monat] = ende
    return ende


def _person(p: _Pruefer, raw: Any, pfad: str, monatsende: dt.date | None) -> Person | None:
    obj = p.objekt(raw, pfad, _PERSON_FELDER)
    if obj is None:
        return None
    anzahl = len(p.fehler)
    pid = p.text(obj.get("id"), pfad, "id")
    rolle = p.auswahl(obj.get("rolle", _MISSING), pfad, ROLLEN, "Rolle", "rolle")
    geb = None
    if "geburtsdatum" in obj:
        geb = p.datum(obj["geburtsdatum"], pfad, "geburtsdatum")
    else:
        p.err(f"{pfad}.geburtsdatum", "Pflichtangabe fehlt (Datum JJJJ-MM-TT)")
    if geb is not None and monatsende is not None and geb > monatsende:
        p.err(f"{pfad}.geburtsdatum", "liegt nach dem berechneten Monat")
    eltern_raw = obj.get("eltern", [])
    eltern: list[str] = []
    if not isinstance(eltern_raw, list):
        p.err(f"{pfad}.eltern", "muss eine Liste von Personen-IDs sein")
    else:
        for i, e in enumerate(eltern_raw):
            t = p.text(e, f"{pfad}.eltern[{i}]")
            if t is not None:
                eltern.append(t)
    ef = p.wahrheitswert(obj.get("erwerbsfaehig", _MISSING), pfad, None, "erwerbsfaehig")
    ssw = p.ganzzahl(
        obj.get("schwangerschaftswoche", _MISSING), pfad, 1, 45, "schwangerschaftswoche"
    )
    mbs: list[Mehrbedarf] = []
    mb_raw = obj.get("mehrbedarfe", [])
    if not isinstance(mb_raw, list):
        p.err(f"{pfad}.mehrbedarfe", "muss eine Liste sein")
    else:
        for i, m in enumerate(mb_raw):
            mp = f"{pfad}.mehrbedarfe[{i}]"
            mo = p.objekt(m, mp, _MB_FELDER)
            if mo is None:
                continue
            art = p.auswahl(mo.get("art", _MISSING), f"{mp}.art", MEHRBEDARF_ARTEN, "Art")
            betrag = p.betrag(
                mo.get("betrag", _MISSING), f"{mp}.betrag", optional=art not in _MB_MIT_BETRAG
            )
            if art is not None:
                mbs.append(Mehrbedarf(art=art, betrag=betrag))
    eks: list[Einkommen] = []
    ek_raw = obj.get("einkommen", [])
    if not isinstance(ek_raw, list):
        p.err(f"{pfad}.einkommen", "muss eine Liste sein")
    else:
        for i, e in enumerate(ek_raw):
            ep = f"{pfad}.einkommen[{i}]"
            eo = p.objekt(e, ep, _EK_FELDER)
            if eo is None:
                continue
            art = p.auswahl(eo.get("art", _MISSING), ep, EINKOMMEN_ARTEN, "Art", "art")
            if art is None:
                continue
            empf = None
            if "empfaenger" in eo and eo["empfaenger"] is not None:
                empf = p.text(eo["empfaenger"], ep, "empfaenger")
            if art in ERWERBS_ARTEN:
                brutto = p.betrag(eo.get("brutto", _MISSING), ep, "brutto")
                netto = p.betrag(eo.get("netto", _MISSING), ep, "netto")
                if brutto is not None and netto is not None and netto > brutto:
                    p.err(f"{ep}.netto", "darf nicht größer als brutto sein")
                if "betrag" in eo:
                    p.err(f"{ep}.betrag", "bei Erwerbseinkommen brutto und netto angeben")
                eks.append(
                    Einkommen(art=art, brutto=brutto or Decimal(0), netto=netto or Decimal(0))
                )
            else:
                for feld in ("brutto", "netto"):
                    if feld in eo:
                        p.err(f"{ep}.{feld}", "nur bei Erwerbseinkommen; sonst betrag angeben")
                betrag = p.betrag(
                    eo.get("betrag", _MISSING), ep, "betrag", optional=art == "kindergeld"
                )
                vor_geburt = None
                plus = grz = False
                if art in _EK_BESONDERS or not _EK_NEU.isdisjoint(eo.keys()):
                    vor_geburt, plus, grz = _einkommen_besonders(p, eo, ep, art)
                if art == "kinderzuschlag" and obj.get("rolle") != "kind":
                    p.err(
                        f"{ep}.art",
                        "Kinderzuschlag ist Einkommen des Kindes (§ 11 Abs. 1 S. 4 SGB II): "
                        "beim Kind angeben",
                    )
                eks.append(
                    Einkommen(
                        art=art,
                        betrag=betrag,
                        empfaenger=empf,
                        einkommen_vor_geburt=vor_geburt,
                        elterngeld_plus=plus,
                        grundrentenzeiten=grz,
                    )
                )
    verm = p.betrag(obj.get("vermoegen", _MISSING), pfad, "vermoegen", optional=True)
    lm = None
    if obj.get("leistungsminderung") is not None:
        lp = f"{pfad}.leistungsminderung"
        lo = p.objekt(obj["leistungsminderung"], lp, _LM_FELDER)
        if lo is not None:
            if "prozent" not in lo:
                p.err(f"{lp}.prozent", "Pflichtangabe fehlt (0 bis 100)")
            else:
                pr = p.ganzzahl(lo["prozent"], f"{lp}.prozent", 0, 100)
                if pr is not None:
                    lm = Leistungsminderung(prozent=Decimal(pr))
    aus = p.wahrheitswert(obj.get("in_ausbildung", _MISSING), pfad, False, "in_ausbildung")
    schueler = p.wahrheitswert(obj.get("schueler", _MISSING), pfad, False, "schueler")
    kind_aussen = dvem = umzug = False
    anwesend: list[dt.date | None] = [None, None]
    if not _NEU_PERSON_FELDER.isdisjoint(obj.keys()):
        kind_aussen, dvem, umzug, anwesend = _neue_personfelder(p, obj, pfad, monatsende)
    if len(p.fehler) > anzahl or pid is None or rolle is None or geb is None:
        return None
    # By position, in the order of Person's fields: matching 17 keyword arguments made up
    # about a third of the construction (tests/sgb2/test_schneller_pfad.py checks that
    # each input field arrives in its own attribute)
    return Person(
        pid,  # id
        rolle,  # rolle
        geb,  # geburtsdatum
        tuple(eltern),  # eltern
        ef,  # erwerbsfaehig
        ssw,  # schwangerschaftswoche
        tuple(mbs),  # mehrbedarfe
        tuple(eks),  # einkommen
        verm or Decimal(0),  # vermoegen
        lm,  # leistungsminderung
        bool(aus),  # in_ausbildung
        kind_aussen,  # minderjaehriges_kind_ausserhalb
        dvem,  # dauerhaft_voll_erwerbsgemindert
        umzug,  # umzug_ohne_zusicherung
        anwesend[0],  # anwesend_ab
        anwesend[1],  # anwesend_bis
        bool(schueler),  # schueler
    )


_NEU_PERSON_FELDER = frozenset(
    {
        "minderjaehriges_kind_ausserhalb",
        "dauerhaft_voll_erwerbsgemindert",
        "umzug_ohne_zusicherung",
        "anwesend_ab",
        "anwesend_bis",
    }
)


def _neue_personfelder(
    p: _Pruefer, obj: dict[str, Any], pfad: str, monatsende: dt.date | None
) -> tuple[bool, bool, bool, list[dt.date | None]]:
    """The person fields of issue 16 (only read when one of them is given)."""
    kind_aussen = p.wahrheitswert(
        obj.get("minderjaehriges_kind_ausserhalb", _MISSING),
        f"{pfad}.minderjaehriges_kind_ausserhalb",
        False,
    )
    dvem = p.wahrheitswert(
        obj.get("dauerhaft_voll_erwerbsgemindert", _MISSING),
        f"{pfad}.dauerhaft_voll_erwerbsgemindert",
        False,
    )
    umzug = p.wahrheitswert(
        obj.get("umzug_ohne_zusicherung", _MISSING), f"{pfad}.umzug_ohne_zusicherung", False
    )
    anwesend: list[dt.date | None] = []
    for feld in ("anwesend_ab", "anwesend_bis"):
        d = None
        if obj.get(feld) is not None:
            d = p.datum(obj[feld], f"{pfad}.{feld}")
            if (
                d is not None
                and monatsende is not None
                and (d > monatsende or d < monatsende.replace(day=1))
            ):
                p.err(f"{pfad}.{feld}", "muss im berechneten Monat liegen")
                d = None
        anwesend.append(d)
    if anwesend[0] is not None and anwesend[1] is not None and anwesend[0] > anwesend[1]:
        p.err(f"{pfad}.anwesend_bis", "darf nicht vor anwesend_ab liegen")
    return bool(kind_aussen), bool(dvem), bool(umzug), anwesend


_EK_BESONDERS = frozenset({"elterngeld", "altersrente", "erwerbsminderungsrente"})
_EK_NEU = frozenset({"einkommen_vor_geburt", "elterngeld_plus", "grundrentenzeiten"})


def _einkommen_besonders(
    p: _Pruefer, eo: dict[str, Any], ep: str, art: str
) -> tuple[Decimal | None, bool, bool]:
    """Elterngeld fields and Grundrentenzeiten of an income entry."""
    vor_geburt = None
    plus = False
    if art == "elterngeld":
        vor_geburt = p.betrag(
            eo.get("einkommen_vor_geburt"), f"{ep}.einkommen_vor_geburt", optional=True
        )
        plus = bool(
            p.wahrheitswert(eo.get("elterngeld_plus", _MISSING), f"{ep}.elterngeld_plus", False)
        )
    else:
        for feld in ("einkommen_vor_geburt", "elterngeld_plus"):
            if eo.get(feld) is not None:
                p.err(f"{ep}.{feld}", "nur bei Elterngeld")
    grz = bool(
        p.wahrheitswert(eo.get("grundrentenzeiten", _MISSING), f"{ep}.grundrentenzeiten", False)
    )
    if grz and art not in ("altersrente", "erwerbsminderungsrente"):
        p.err(f"{ep}.grundrentenzeiten", "nur bei Altersrente oder Erwerbsminderungsrente")
    return vor_geburt, plus, grz


def _unterkunft(p: _Pruefer, raw: Any, anzahl_personen: int) -> Unterkunft | None:
    obj = p.objekt(raw, "unterkunft", _KDU_FELDER)
    if obj is None:
        return None
    miete = p.betrag(obj.get("bruttokaltmiete", 0), "unterkunft.bruttokaltmiete")
    heiz = p.betrag(obj.get("heizkosten", 0), "unterkunft.heizkosten")
    ww = obj.get("warmwasser", "zentral")
    ww = p.auswahl(ww, "unterkunft.warmwasser", WARMWASSER, "Warmwasserbereitung")
    n = p.ganzzahl(
        obj.get("personen_im_haushalt", _MISSING), "unterkunft.personen_im_haushalt", 1, 99
    )
    if n is not None and n < anzahl_personen:
        p.err(
            "unterkunft.personen_im_haushalt",
            f"kleiner als die Zahl der angegebenen Personen ({anzahl_personen})",
        )
    grenze = p.betrag(
        obj.get("angemessenheitsgrenze_bruttokalt"),
        "unterkunft.angemessenheitsgrenze_bruttokalt",
        optional=True,
    )
    hz_ok = p.wahrheitswert(
        obj.get("heizkosten_angemessen", _MISSING), "unterkunft.heizkosten_angemessen", True
    )
    frist = None
    if obj.get("kostensenkung_frist_ende") is not None:
        frist = p.monat(obj["kostensenkung_frist_ende"], "unterkunft.kostensenkung_frist_ende")
    return Unterkunft(
        bruttokaltmiete=miete or Decimal(0),
        heizkosten=heiz or Decimal(0),
        warmwasser=ww or "zentral",
        personen_im_haushalt=n,
        angemessenheitsgrenze_bruttokalt=grenze,
        heizkosten_angemessen=bool(hz_ok),
        kostensenkung_frist_ende=frist,
    )


def parse_request(data: Any) -> Request:
    """Validate JSON data and build a :class:`Request`; raise :class:`Eingabefehler`."""
    p = _Pruefer()
    obj = p.objekt(data, "", _REQUEST_FELDER)
    if obj is None:
        raise Eingabefehler([("(Anfrage)", "muss ein JSON-Objekt sein")])
    monat = None
    if "monat" not in obj:
        p.err("monat", "Pflichtangabe fehlt (Monat JJJJ-MM)")
    else:
        monat = p.monat(obj["monat"], "monat")
        if monat is not None and monat < ERSTER_MONAT:
            p.err("monat", "Berechnung erst ab 2023-01 möglich")
            monat = None
    beginn = None
    if "leistungsbeginn" not in obj:
        p.err("leistungsbeginn", "Pflichtangabe fehlt (erster Monat des Leistungsbezugs JJJJ-MM)")
    else:
        beginn = p.monat(obj["leistungsbeginn"], "leistungsbeginn")
        if beginn is not None and monat is not None and beginn > monat:
            p.err("leistungsbeginn", "darf nicht nach dem berechneten Monat liegen")
    von = bis = None
    for feld in ("anspruch_von", "anspruch_bis"):
        if obj.get(feld) is None:
            continue
        d = p.datum(obj[feld], feld)
        if d is not None and monat is not None and d.replace(day=1) != monat:
            p.err(feld, "muss im berechneten Monat liegen")
            d = None
        if feld == "anspruch_von":
            von = d
        else:
            bis = d
    if von is not None and bis is not None and von > bis:
        p.err("anspruch_bis", "darf nicht vor anspruch_von liegen")
    unterbrechungen: list[tuple[dt.date, dt.date]] = []
    raw_u = obj.get("bezugsunterbrechungen")
    if raw_u is not None:
        if not isinstance(raw_u, list):
            p.err("bezugsunterbrechungen", "muss eine Liste sein")
        else:
            for i, u in enumerate(raw_u):
                up = f"bezugsunterbrechungen[{i}]"
                uo = p.objekt(u, up, frozenset({"von", "bis"}))
                if uo is None:
                    continue
                grenzen: list[dt.date | None] = []
                for feld in ("von", "bis"):
                    if feld not in uo:
                        p.err(f"{up}.{feld}", "Pflichtangabe fehlt (Monat JJJJ-MM)")
                        grenzen.append(None)
                    else:
                        grenzen.append(p.monat(uo[feld], f"{up}.{feld}"))
                u_von, u_bis = grenzen
                if u_von is None or u_bis is None:
                    continue
                if u_von > u_bis:
                    p.err(f"{up}.bis", "darf nicht vor von liegen")
                elif monat is not None and u_bis >= monat:
                    p.err(f"{up}.bis", "muss vor dem berechneten Monat liegen")
                elif beginn is not None and u_von <= beginn:
                    p.err(f"{up}.von", "muss nach dem Leistungsbeginn liegen")
                elif any(not (u_bis < a or u_von > b) for a, b in unterbrechungen):
                    p.err(up, "überschneidet sich mit einer anderen Unterbrechung")
                else:
                    unterbrechungen.append((u_von, u_bis))
    personen: list[Person] = []
    raw_personen = obj.get("personen", _MISSING)
    if raw_personen is _MISSING:
        p.err("personen", "Pflichtangabe fehlt (Liste der Personen)")
    elif not isinstance(raw_personen, list) or not raw_personen:
        p.err("personen", "muss eine nicht leere Liste sein")
    else:
        ende = None if monat is None else _monatsende(monat)
        for i, raw in enumerate(raw_personen):
            person = _person(p, raw, f"personen[{i}]", ende)
            if person is not None:
                personen.append(person)
        if len(personen) == len(raw_personen):
            _pruefe_personen(p, personen, monat)
    kdu_raw = obj.get("unterkunft")
    unterkunft = (
        Unterkunft()
        if kdu_raw is None
        else _unterkunft(p, kdu_raw, len(raw_personen) if isinstance(raw_personen, list) else 0)
    )
    if p.fehler:
        raise Eingabefehler(p.fehler)
    assert monat is not None and beginn is not None and unterkunft is not None
    return Request(
        monat=monat,
        leistungsbeginn=beginn,
        personen=tuple(personen),
        unterkunft=unterkunft,
        anspruch_von=von,
        anspruch_bis=bis,
        bezugsunterbrechungen=tuple(sorted(unterbrechungen)),
    )


def _pruefe_personen(p: _Pruefer, personen: list[Person], monat: dt.date | None) -> None:
    ids: dict[str, int] = {}
    for i, person in enumerate(personen):
        if person.id in ids:
            p.err(f"personen[{i}].id", f"doppelte ID „{person.id}“")
        ids.setdefault(person.id, i)
    antragsteller = [i for i, x in enumerate(personen) if x.rolle == "antragsteller"]
    if len(antragsteller) != 1:
        p.err("personen", "genau eine Person mit der Rolle „antragsteller“ erforderlich")
    partner = [i for i, x in enumerate(personen) if x.rolle == "partner"]
    if len(partner) > 1:
        p.err(f"personen[{partner[1]}].rolle", "höchstens eine Person mit der Rolle „partner“")
    for i, person in enumerate(personen):
        for j, e in enumerate(person.eltern):
            if e not in ids:
                p.err(f"personen[{i}].eltern[{j}]", f"unbekannte Personen-ID „{e}“")
            elif e == person.id:
                p.err(f"personen[{i}].eltern[{j}]", "eigene ID ist als Elternteil unzulässig")
        for j, ek in enumerate(person.einkommen):
            if ek.empfaenger is not None and ek.empfaenger not in ids:
                p.err(
                    f"personen[{i}].einkommen[{j}].empfaenger",
                    f"unbekannte Personen-ID „{ek.empfaenger}“",
                )
        if monat is not None and person.rolle in ("antragsteller", "partner"):
            geb = person.geburtsdatum
            alter = monat.year - geb.year - ((monat.month, monat.day) < (geb.month, geb.day))
            if alter < 15:
                p.err(
                    f"personen[{i}].geburtsdatum",
                    f"die Rolle „{person.rolle}“ setzt ein Alter ab 15 Jahren voraus",
                )
