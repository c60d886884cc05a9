"""The batch path's input: :class:`Columns`, flat arrays for the BGs of one month (amounts
in int64 cents), built from parsed or JSON-contract requests. Person-level facts that do
not depend on the rest of the BG (age on the 1st of the month, Regelaltersgrenze,
erwerbsfähig by the person's own data, parent and Kindergeld-recipient indices) are derived
here, with the scalar engine's own rule functions; requests the batch path cannot
represent raise :class:`NichtImBatch` or are reported in ``Columns.braucht_skalar``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt

from ..engine import (
    alter_am,
    eigene_einheit_kind,
    karenz_start,
    regelaltersgrenze_ueberschritten,
    schulbedarf_betrag,
    teilmonat_tage,
)
from ..engine.einkommen import elterngeld_freibetrag
from ..engine.monatsverlauf import geburtstag_im_monat, hat_aenderung, position_beginn
from ..engine.personen import (
    bg_kandidat,
    erwerbsfaehig,
    regelbedarfsstufe,
    sgb2_ausschluss,
    unter25_ohne_zusicherung,
)
from ..engine.sgb12 import sgb12_rechnung
from ..model import ERWERBS_ARTEN, Request
from ..params import Parameters, parameters_for
from ..parse import parse_request

I64 = npt.NDArray[np.int64]
I32 = npt.NDArray[np.int32]
B = npt.NDArray[np.bool_]

ROLLE_CODE = {"antragsteller": 0, "partner": 1, "kind": 2, "sonstige": 3}
ANTRAG, PARTNER, KIND, SONSTIGE = 0, 1, 2, 3


class NichtImBatch(ValueError):
    """A request the batch path cannot represent (compute it with the scalar engine)."""


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
    sonstiges: I64  # other non-earned income (incl. Kindergeld of non-children; Elterngeld
    # less its § 10 Abs. 5 BEEG free part)
    bafoeg: I64  # Ausbildungsförderung before the § 11b Abs. 2b allowance (S6)
    in_ausbildung: B
    geb_pos: I32  # § 41 Abs. 1: position of a birthday in the month (30-day month), -1 = none
    kind_ausserhalb: B  # § 11b Abs. 3 S. 3: has a minor child living elsewhere
    ohne_zusicherung: B  # § 20 Abs. 3, § 22 Abs. 5: under 25, moved without Zusicherung
    xii: B  # gemischte BG: an excluded antragsteller or partner (S5b)
    xii_bedarf: I64  # their SGB XII need without the Kopfteil (cents)
    xii_einkommen: I64  # their countable income under the SGB XII (cents)
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


def ordinal(d: dt.date) -> int:
    return d.year * 12 + d.month - 1


def cent(x: Decimal | None) -> int:
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
    if any(x.schueler for x in personen) and schulbedarf_betrag(req.monat, p)[0]:
        # S10b (§ 28 Abs. 3): the Schulbedarf of August / February is computed by the scalar
        # path; in the other months ``schueler`` changes nothing
        raise NichtImBatch("§ 28 Abs. 3 SGB II: Schulbedarf im August oder Februar")
    alter_alle = [alter_am(x.geburtsdatum, req.monat) for x in personen]
    for j, x in enumerate(personen):
        if x.rolle == "kind" and eigene_einheit_kind(
            x.rolle,
            alter_alle[j],
            x.schwangerschaftswoche is not None,
            [
                alter_alle[k]
                for k, y in enumerate(personen)
                if x.id in y.eltern and y.rolle == "kind"
            ],
        ):
            raise NichtImBatch("§ 9 Abs. 3 SGB II: eigene Einheit eines Kindes")
    if hat_aenderung(personen, req.monat):
        geb_pos, relevant18 = [], set()
        for j, x in enumerate(personen):
            if x.anwesend_ab is not None or x.anwesend_bis is not None:
                raise NichtImBatch("Ein- oder Auszug im Monat (§ 41 Abs. 1 SGB II, taggenau)")
            if x.geburtsdatum >= req.monat and x.geburtsdatum.day > 1:
                raise NichtImBatch("Geburt im Monat (§ 41 Abs. 1 SGB II, taggenau)")
            tag = geburtstag_im_monat(x.geburtsdatum, req.monat)
            pos = -1 if tag is None or x.rolle == "sonstige" else position_beginn(tag)
            geb_pos.append(pos)
            if pos >= 0 and x.rolle in ("antragsteller", "partner") and alter_alle[j] == 17:
                relevant18.add(pos)
        if len(relevant18) > 1:
            raise NichtImBatch("zwei 18. Geburtstage des Paares an verschiedenen Tagen im Monat")
    else:
        geb_pos = [-1] * len(personen)
    for j, x in enumerate(personen):
        alter = alter_am(x.geburtsdatum, req.monat)
        sgb12 = regelaltersgrenze_ueberschritten(x.geburtsdatum, req.monat, p)
        ausschluss = sgb2_ausschluss(x, alter, sgb12)
        xii = ausschluss is not None and x.rolle in ("antragsteller", "partner")
        if ausschluss is not None and (
            {m.art for m in x.mehrbedarfe} - {"merkzeichen_g", "ernaehrung"}
            or (x.rolle == "kind" and any(e.art == "kindergeld" for e in x.einkommen))
        ):
            # the scalar path raises sgb2.NichtModelliert for it (engine/sgb12.nicht_abgebildet)
            raise NichtImBatch("SGB XII: nicht abgebildeter Bedarf oder Kindergeld")
        xii_bedarf = xii_einkommen = 0
        if ausschluss is not None and xii:
            paar = [k for k, y in enumerate(personen) if y.rolle in ("antragsteller", "partner")]
            partner_da = len(paar) == 2
            p_alter = next((alter_alle[k] for k in paar if k != j), 0) if partner_da else 0
            kinder = (
                []
                if partner_da
                else [
                    alter_alle[k]
                    for k, y in enumerate(personen)
                    if y.rolle == "kind" and x.id in (y.eltern or default_eltern)
                ]
            )
            rechnung = sgb12_rechnung(
                x,
                regelbedarfsstufe(x.rolle, alter, partner_da, p_alter),
                ausschluss,
                p,
                alleinerziehend_kinder=kinder,
                dezentral=req.unterkunft.warmwasser == "dezentral",
            )
            xii_bedarf = cent(rechnung.bedarf_ohne_kdu)
            xii_einkommen = cent(rechnung.einkommen)
        sgb12 = sgb12 or ausschluss is not None
        ef = erwerbsfaehig(x.erwerbsfaehig, alter, sgb12, p)
        kand = bg_kandidat(x.rolle, alter, sgb12)
        eltern = x.eltern if x.eltern else default_eltern
        if len(eltern) > 2:
            raise NichtImBatch("mehr als zwei Elternteile")
        e1 = p_start + ids[eltern[0]] if len(eltern) > 0 else -1
        e2 = p_start + ids[eltern[1]] if len(eltern) > 1 and eltern[1] != eltern[0] else -1
        n_beh = sum(1 for m in x.mehrbedarfe if m.art == "behinderung")
        n_g = sum(1 for m in x.mehrbedarfe if m.art == "merkzeichen_g")
        ern = sum(cent(m.betrag) for m in x.mehrbedarfe if m.art == "ernaehrung")
        una = sum(cent(m.betrag) for m in x.mehrbedarfe if m.art == "unabweisbar")
        sch = sum(cent(m.betrag) for m in x.mehrbedarfe if m.art == "schulbuecher")
        brutto = netto = kg = sonst = bafoeg = 0
        ausbildung = x.in_ausbildung
        empf: str | None = None
        for e in x.einkommen:
            if e.art in ERWERBS_ARTEN:
                brutto += cent(e.brutto)
                netto += cent(e.netto)
                ausbildung = ausbildung or e.art == "ausbildungsverguetung"
            elif e.art == "kindergeld" and x.rolle == "kind":
                kg += cent(p.kindergeld if e.betrag is None else e.betrag)
            elif e.art == "bafoeg":
                bafoeg += cent(e.betrag)
            elif e.art == "elterngeld" and e.betrag is not None:
                frei = elterngeld_freibetrag(e.betrag, e.einkommen_vor_geburt, e.elterngeld_plus)
                sonst += cent(e.betrag - frei)
            else:
                sonst += cent(p.kindergeld if e.betrag is None else e.betrag)
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
                "in_ausbildung": ausbildung,
                "bafoeg": bafoeg,
                "geb_pos": geb_pos[j],
                "kind_ausserhalb": x.minderjaehriges_kind_ausserhalb,
                "xii": xii,
                "xii_bedarf": xii_bedarf,
                "xii_einkommen": xii_einkommen,
                # § 20 Abs. 3, § 22 Abs. 5 are SGB II rules: not for an excluded person
                "ohne_zusicherung": not sgb12
                and unter25_ohne_zusicherung(x.rolle, alter, x.umzug_ohne_zusicherung),
                "vermoegen": cent(x.vermoegen),
                "eltern1": e1,
                "eltern2": e2,
                "kg_empfaenger": kg_e,
                "minderung_pz100": pz,
            }
        )
    u = req.unterkunft
    start = karenz_start(req.leistungsbeginn, req.monat, req.bezugsunterbrechungen)
    bg_row = {
        "seit_karenz": ordinal(req.monat) - ordinal(start),
        "mon": ordinal(req.monat),
        "beginn_bezug": ordinal(req.leistungsbeginn),
        "karenz_beginn": ordinal(start),
        "miete": cent(u.bruttokaltmiete),
        "heizung": cent(u.heizkosten),
        "grenze": -1
        if u.angemessenheitsgrenze_bruttokalt is None
        else cent(u.angemessenheitsgrenze_bruttokalt),
        "heiz_angemessen": u.heizkosten_angemessen,
        "frist_ende": -1
        if u.kostensenkung_frist_ende is None
        else ordinal(u.kostensenkung_frist_ende),
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
    "kind_ausserhalb": np.bool_,
    "xii": np.bool_,
    "xii_bedarf": np.int64,
    "xii_einkommen": np.int64,
    "ohne_zusicherung": np.bool_,
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
    "bafoeg": np.int64,
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


def ausschnitt(cols: Columns, b0: int, b1: int) -> Columns:
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
        out[k] = x - p0 * (x >= 0)  # -1 (none) stays -1
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
