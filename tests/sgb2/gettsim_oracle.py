"""GETTSIM as an external, test-only oracle for the sgb2 engine.

GETTSIM (https://github.com/ttsim-dev/gettsim) is AGPL-3.0. It is used here only as an
installed, separately distributed test dependency (``requirements-test-oracle.txt``); no
code of it is copied and nothing under ``src/`` imports it.

This module maps requests of OUR JSON contract (issue 3, item 3) to GETTSIM input columns
for many households at once and calls GETTSIM once per policy date with a pre-built policy
environment. It returns per request the Bürgergeld total of the household
(sum of ``bürgergeld__anspruchshöhe_m`` over all persons of the request, i.e. over every
BG GETTSIM forms from the request's persons; children whose income covers their need form
their own BG with 0).

Only the rules both sides model can be mapped (see ``docs/sgb2-validation.md``):

* no Mehrbedarfe other than Alleinerziehende (GETTSIM derives that one itself), no
  Schwangerschaft, no dezentrale Warmwasser;
* no partial month, no Leistungsminderung, no explicit Angemessenheitsgrenze;
* Kindergeld only at the statutory rate (GETTSIM computes it itself from the recipient);
* everybody in the dwelling is in the request (``personen_im_haushalt`` == persons);
* GETTSIM takes BG membership as input (``bg_id``; it does not drop children whose income
  covers their need): the adapter gives such a child its own BG, judged by GETTSIM's own
  need (Regelsatz incl. Sofortzuschlag + Kopfteil), as GETTSIM's policy cases do;
* GETTSIM's Karenzzeit is a boolean "received Bürgergeld in the previous 12 months":
  we set it from ``monat - leistungsbeginn >= 12``;
* after the Karenzzeit GETTSIM caps the KdU at 10 EUR/m² warm × (45 m² + 15 m² per further
  person); the adapter assumes the largest allowed flat (``wohnflaeche`` may be given
  in ``extra``) and refuses requests whose warm rent would exceed that stylised cap.

Anything outside these rules raises :class:`NichtAbbildbar` (German: "not mappable") so a
generator or a test can never silently compare different things.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

try:  # pragma: no cover - exercised by the import itself
    import gettsim as _gettsim  # noqa: F401
    from gettsim import InputData, MainTarget, TTTargets, main

    GETTSIM_IMPORT_ERROR: Exception | None = None
except Exception as exc:  # pragma: no cover - only without the oracle
    GETTSIM_IMPORT_ERROR = exc

INSTALL_HINT = (
    "GETTSIM is required for the sgb2 validation tests but is not importable "
    "({err!r}). Install the test-only oracle with "
    "`.venv/bin/pip install -r requirements-test-oracle.txt` (gettsim==1.3.1)."
)

# Statutory Kindergeld per child and month (BKGG § 6; spec §3). GETTSIM computes the
# Kindergeld itself, so requests must carry exactly this amount.
KINDERGELD_SATZ: dict[int, float] = {2023: 250.0, 2024: 250.0, 2025: 255.0, 2026: 259.0}

# GETTSIM's stylised KdU cap after the Karenzzeit (kosten_der_unterkunft.yaml).
GETTSIM_MIETE_JE_QM = 10.0
GETTSIM_QM_SINGLE = 45.0
GETTSIM_QM_WEITERE = 15.0

ERWERB_ARTEN = {"erwerbseinkommen", "minijob"}

# GETTSIM's own need of a child, used only to tell GETTSIM which children form their own BG
# (GETTSIM does not derive that: ``ids.bg_id`` returns the Familiengemeinschaft, and its
# policy cases pass ``bg_id`` explicitly). Values as in GETTSIM's bedarfe.yaml /
# grundsicherung (Regelsatz by age band incl. the Sofortzuschlag, which GETTSIM folds in).
_KIND_REGELSATZ = {  # year -> (0-5, 6-13, 14-17, 18-24)
    2023: (318.0, 348.0, 420.0, 402.0),
    2024: (357.0, 390.0, 471.0, 451.0),
    2025: (357.0, 390.0, 471.0, 451.0),
    2026: (357.0, 390.0, 471.0, 451.0),
}
_SOFORTZUSCHLAG = {2023: 20.0, 2024: 20.0, 2025: 25.0, 2026: 25.0}


def _gettsim_kindbedarf(alter: int, jahr: int, kdu_kopfteil: float) -> float:
    band = 0 if alter < 6 else 1 if alter < 14 else 2 if alter < 18 else 3
    return _KIND_REGELSATZ[jahr][band] + _SOFORTZUSCHLAG[jahr] + kdu_kopfteil


class NichtAbbildbar(ValueError):
    """The request uses a rule GETTSIM does not model (or models differently)."""


def require_gettsim() -> None:
    """Fail loudly (never skip) when GETTSIM is missing."""
    if GETTSIM_IMPORT_ERROR is not None:
        raise RuntimeError(INSTALL_HINT.format(err=GETTSIM_IMPORT_ERROR))


# --------------------------------------------------------------------------- dates


def _monat(s: str) -> dt.date:
    y, m = s.split("-")[:2]
    return dt.date(int(y), int(m), 1)


def _months_between(a: dt.date, b: dt.date) -> int:
    """b - a in whole calendar months."""
    return (b.year - a.year) * 12 + (b.month - a.month)


def alter_am(geburtsdatum: str, stichtag: dt.date) -> int:
    g = dt.date.fromisoformat(geburtsdatum)
    return stichtag.year - g.year - ((stichtag.month, stichtag.day) < (g.month, g.day))


# Dates on which a Bürgergeld-relevant GETTSIM parameter changes (Regelbedarf,
# Sofortzuschlag, Kindergeld, § 11b Abs. 3 bands). Within one regime GETTSIM's parameters
# are identical, so requests of all months of a regime go into ONE vectorised call with
# the regime's first day as policy date; ages are still computed for the request's month.
GETTSIM_REGIMES = ("2023-01-01", "2023-07-01", "2024-01-01", "2025-01-01", "2026-01-01")


def policy_date_of(request: Mapping[str, Any]) -> str:
    """The GETTSIM policy date used for the request's month (start of its regime)."""
    m = _monat(request["monat"]).isoformat()
    return max(d for d in GETTSIM_REGIMES if d <= m)


# --------------------------------------------------------------------------- mapping


@dataclass
class _Columns:
    cols: dict[str, list[Any]] = field(default_factory=dict)

    def add(self, key: str, value: Any) -> None:
        self.cols.setdefault(key, []).append(value)


# All GETTSIM input leaves we provide (same key set as GETTSIM's own Bürgergeld policy
# cases), as flat "__"-joined qualified names. Values not derived from the request are 0.
_ZERO_FLOAT_INPUTS = (
    "einkommensteuer__einkünfte__aus_selbstständiger_arbeit__betrag_m",
    "einkommensteuer__einkünfte__aus_vermietung_und_verpachtung__betrag_m",
    "einnahmen__kapitalerträge_m",
    "einnahmen__renten__betriebliche_altersvorsorge_m",
    "einnahmen__renten__geförderte_private_vorsorge_m",
    "einnahmen__renten__basisrente_m",
    "einnahmen__renten__sonstige_private_vorsorge_m",
    "einnahmen__renten__aus_berufsständischen_versicherungen_m",
    "elterngeld__betrag_m",
    "einkommensteuer__betrag_y_sn",
    "solidaritätszuschlag__betrag_y_sn",
    "sozialversicherung__arbeitslosen__betrag_m",
    "sozialversicherung__rente__altersrente__betrag_m",
    "sozialversicherung__rente__erwerbsminderung__betrag_m",
    "wohngeld__anspruchshöhe_m_wthh",
)
_FALSE_INPUTS = (
    "einkommensteuer__einkünfte__ist_hauptberuflich_selbstständig",
    "einkommensteuer__gemeinsam_veranlagt",
    "schwerbehindert_grad_g",
    "sozialversicherung__kranken__beitrag__privat_versichert",
    "sozialversicherung__rente__bezieht_rente",
    "wohnen__bewohnt_eigentum_hh",
    "wohnort_ost_hh",
    # Wohngeld/Kinderzuschlag priority (§ 12a) is not part of our engine's amount: we
    # set GETTSIM's Vorrangprüfung to "not prior" so betrag_m == anspruchshöhe_m.
    "vorrangprüfungen__wohngeld_kinderzuschlag_vorrangig_oder_günstiger",
)
_ZERO_INT_INPUTS = ("sozialversicherung__rente__grundrente__grundrentenzeiten_monate",)


def _check_supported(req: Mapping[str, Any]) -> None:
    if req.get("anspruch_von") or req.get("anspruch_bis"):
        raise NichtAbbildbar("Teilmonat (§ 41 Abs. 1) fehlt in GETTSIM")
    u = req["unterkunft"]
    if u.get("angemessenheitsgrenze_bruttokalt") is not None:
        raise NichtAbbildbar("kommunale Angemessenheitsgrenze fehlt in GETTSIM")
    if u.get("heizkosten_angemessen") is False:
        raise NichtAbbildbar("Heizkostenprüfung fehlt in GETTSIM")
    if u.get("warmwasser", "zentral") != "zentral":
        raise NichtAbbildbar("Mehrbedarf Warmwasser (§ 21 Abs. 7) fehlt in GETTSIM")
    if int(u.get("personen_im_haushalt", len(req["personen"]))) != len(req["personen"]):
        raise NichtAbbildbar("Haushaltsmitglieder außerhalb der Anfrage")
    if req.get("bezugsunterbrechungen"):
        raise NichtAbbildbar("Karenzzeit nach Unterbrechung (§ 22 Abs. 1 S. 3, 4) fehlt in GETTSIM")
    monat = req["monat"]
    for p in req["personen"]:
        for feld, grund in (
            ("anwesend_ab", "Einzug im Monat (§ 41 Abs. 1) fehlt in GETTSIM"),
            ("anwesend_bis", "Auszug im Monat (§ 41 Abs. 1) fehlt in GETTSIM"),
            ("umzug_ohne_zusicherung", "§ 20 Abs. 3, § 22 Abs. 5 fehlen in GETTSIM"),
            ("dauerhaft_voll_erwerbsgemindert", "gemischte BG (SGB XII) fehlt in GETTSIM"),
            ("minderjaehriges_kind_ausserhalb", "Kind außerhalb des Haushalts nicht abgebildet"),
        ):
            if p.get(feld):
                raise NichtAbbildbar(grund)
        geb = str(p["geburtsdatum"])
        if geb[5:7] == monat[5:7] and geb[8:10] != "01":
            raise NichtAbbildbar("Geburtstag oder Geburt im Monat (taggenau, § 41 Abs. 1)")
        if (
            p.get("rolle") == "kind"
            and p.get("eltern")
            and any(q.get("rolle") == "kind" for q in req["personen"] if q["id"] in p["eltern"])
        ):
            raise NichtAbbildbar("§ 9 Abs. 3 (Kind mit eigenem Kind) fehlt in GETTSIM")
        if p.get("mehrbedarfe"):
            raise NichtAbbildbar("Mehrbedarfe § 21 Abs. 2, 4-7 fehlen in GETTSIM")
        if p.get("schwangerschaftswoche"):
            raise NichtAbbildbar("Mehrbedarf Schwangerschaft fehlt in GETTSIM")
        if p.get("leistungsminderung"):
            raise NichtAbbildbar("Leistungsminderung fehlt in GETTSIM")
        if p.get("erwerbsfaehig") is False:
            raise NichtAbbildbar("Erwerbsunfähigkeit (SGB XII) nicht abgebildet")
        if p.get("rolle") == "sonstige":
            raise NichtAbbildbar("Rolle 'sonstige' nicht abgebildet")


def _add_request(
    c: _Columns,
    req: Mapping[str, Any],
    hh_id: int,
    p_id_start: int,
    extra: Mapping[str, Any] | None,
) -> int:
    """Append the persons of one request; returns the next free p_id."""
    _check_supported(req)
    monat = _monat(req["monat"])
    beginn = _monat(req.get("leistungsbeginn") or req["monat"])
    karenz_vorbei = _months_between(beginn, monat) >= 12
    personen: Sequence[Mapping[str, Any]] = req["personen"]
    pid = {p["id"]: p_id_start + i for i, p in enumerate(personen)}
    alter = {p["id"]: alter_am(p["geburtsdatum"], monat) for p in personen}
    n = len(personen)

    partner_of: dict[str, str] = {}
    rollen = {p["id"]: p["rolle"] for p in personen}
    antrag = [p["id"] for p in personen if p["rolle"] == "antragsteller"]
    partner = [p["id"] for p in personen if p["rolle"] == "partner"]
    if len(antrag) != 1 or len(partner) > 1:
        raise NichtAbbildbar("genau ein Antragsteller und höchstens ein Partner erwartet")
    if partner:
        partner_of = {antrag[0]: partner[0], partner[0]: antrag[0]}

    kinder_von: dict[str, list[str]] = {p["id"]: [] for p in personen}
    for p in personen:
        for e in p.get("eltern", []) or []:
            kinder_von[e].append(p["id"])

    # Kindergeld recipients and the in-Ausbildung flag for 18-24-year-olds.
    kg_empf: dict[str, int] = {}
    for p in personen:
        for e in p.get("einkommen", []) or []:
            if e["art"] != "kindergeld":
                continue
            betrag = float(e.get("betrag", 0.0))
            if betrag == 0:
                continue
            satz = KINDERGELD_SATZ[monat.year]
            if abs(betrag - satz) > 1e-9:
                raise NichtAbbildbar(f"Kindergeld {betrag} ≠ gesetzlicher Satz {satz}")
            empf = e.get("empfaenger") or p["id"]
            if empf not in pid:
                raise NichtAbbildbar("Kindergeldempfänger nicht im Haushalt")
            if rollen[p["id"]] != "kind":
                raise NichtAbbildbar("Kindergeld nur für Kinder abgebildet")
            if alter[p["id"]] >= 25:
                raise NichtAbbildbar("Kindergeld ab 25 nicht abgebildet")
            kg_empf[p["id"]] = pid[empf]

    wohnflaeche = None
    if extra is not None:
        wohnflaeche = extra.get("wohnflaeche")
    if wohnflaeche is None:
        wohnflaeche = GETTSIM_QM_SINGLE + GETTSIM_QM_WEITERE * (n - 1)
    u = req["unterkunft"]
    miete = float(u.get("bruttokaltmiete", 0.0))
    heiz = float(u.get("heizkosten", 0.0))
    if karenz_vorbei:
        max_qm = GETTSIM_QM_SINGLE + GETTSIM_QM_WEITERE * (n - 1)
        if wohnflaeche > max_qm + 1e-9 or (miete + heiz) > GETTSIM_MIETE_JE_QM * wohnflaeche:
            raise NichtAbbildbar("GETTSIMs pauschale KdU-Grenze nach der Karenzzeit greift")

    # BG membership as GETTSIM expects it as input: a child whose own income (Unterhalt,
    # UVG, Kindergeld) covers GETTSIM's need of it forms its own BG.
    kopfteil = (miete + heiz) / n
    bg_of: dict[str, int] = {}
    for p in personen:
        i = p["id"]
        bg_of[i] = pid[antrag[0]]
        if rollen[i] != "kind":
            continue
        eigen = sum(
            float(e.get("betrag", 0.0))
            for e in (p.get("einkommen", []) or [])
            if e["art"] in ("unterhalt", "unterhaltsvorschuss", "kindergeld")
        )
        if eigen >= _gettsim_kindbedarf(alter[i], monat.year, kopfteil):
            bg_of[i] = pid[i]

    for p in personen:
        i = p["id"]
        a = alter[i]
        c.add("p_id", pid[i])
        c.add("hh_id", hh_id)
        c.add("bg_id", bg_of[i])
        c.add("alter", a)
        c.add("alter_monate", a * 12)
        c.add("geburtsjahr", dt.date.fromisoformat(p["geburtsdatum"]).year)
        c.add("arbeitsstunden_w", 0.0)
        c.add("bürgergeld__bezug_im_vorjahr", karenz_vorbei)
        pp = pid[partner_of[i]] if i in partner_of else -1
        c.add("bürgergeld__p_id_einstandspartner", pp)
        c.add("familie__p_id_ehepartner", pp)
        eltern = list(p.get("eltern", []) or [])
        if rollen[i] == "kind" and not eltern:
            raise NichtAbbildbar("Kind ohne Eltern im Haushalt")
        c.add("familie__p_id_elternteil_1", pid[eltern[0]] if len(eltern) > 0 else -1)
        c.add("familie__p_id_elternteil_2", pid[eltern[1]] if len(eltern) > 1 else -1)
        minderj = [k for k in kinder_von[i] if alter[k] < 18]
        c.add("familie__alleinerziehend", bool(minderj) and i not in partner_of)
        c.add("kindergeld__p_id_empfänger", kg_empf.get(i, -1))
        c.add("kindergeld__in_ausbildung", i in kg_empf and alter[i] >= 18)
        brutto = netto = unterhalt = uvg = sonst = 0.0
        for e in p.get("einkommen", []) or []:
            art = e["art"]
            if art in ERWERB_ARTEN:
                brutto += float(e.get("brutto", 0.0))
                netto += float(e.get("netto", e.get("brutto", 0.0)))
            elif art == "unterhalt":
                unterhalt += float(e.get("betrag", 0.0))
            elif art == "unterhaltsvorschuss":
                uvg += float(e.get("betrag", 0.0))
            elif art == "sonstiges":
                sonst += float(e.get("betrag", 0.0))
            elif art == "kindergeld":
                pass
            else:
                raise NichtAbbildbar(f"Einkommensart {art!r}")
        c.add("einnahmen__bruttolohn_m", brutto)
        c.add("sozialversicherung__beiträge_versicherter_m", round(brutto - netto, 2))
        c.add("unterhalt__tatsächlich_erhaltener_betrag_m", unterhalt)
        c.add("unterhaltsvorschuss__betrag_m", uvg)
        c.add("einkommensteuer__einkünfte__sonstige__alle_weiteren_m", sonst)
        c.add("vermögen", float(p.get("vermögen", p.get("vermoegen", 0.0)) or 0.0))
        c.add("wohnen__bruttokaltmiete_m_hh", miete)
        c.add("wohnen__heizkosten_m_hh", heiz)
        c.add("wohnen__wohnfläche_hh", float(wohnflaeche))
        c.add("sozialversicherung__pflege__beitrag__anzahl_kinder_bis_24", 0)
        c.add("sozialversicherung__pflege__beitrag__hat_kinder", False)
        c.add("grundsicherung__im_alter__überschusseinkommen_m_eg", 0.0)
        for k in _ZERO_FLOAT_INPUTS:
            if k != "einkommensteuer__einkünfte__sonstige__alle_weiteren_m":
                c.add(k, 0.0)
        for k in _FALSE_INPUTS:
            c.add(k, False)
        for k in _ZERO_INT_INPUTS:
            c.add(k, 0)
    return p_id_start + n


def _nest(flat: Mapping[str, list[Any]]) -> dict[str, Any]:
    tree: dict[str, Any] = {}
    for key, values in flat.items():
        parts = key.split("__")
        node = tree
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = np.asarray(values)
    return tree


def build_inputs(
    requests: Sequence[Mapping[str, Any]],
    extras: Sequence[Mapping[str, Any] | None] | None = None,
) -> tuple[dict[str, Any], np.ndarray]:
    """GETTSIM input tree for requests of ONE policy date; returns (tree, hh_id per person)."""
    c = _Columns()
    next_pid = 0
    for hh, req in enumerate(requests):
        extra = extras[hh] if extras is not None else None
        next_pid = _add_request(c, req, hh, next_pid, extra)
    return _nest(c.cols), np.asarray(c.cols["hh_id"])


# --------------------------------------------------------------------------- calling


class Oracle:
    """Calls GETTSIM; caches one policy environment per policy date."""

    def __init__(self) -> None:
        require_gettsim()
        self._env: dict[str, Any] = {}
        self.last_call_seconds = 0.0

    def environment(self, policy_date: str) -> Any:
        if policy_date not in self._env:
            self._env[policy_date] = main(
                main_target=MainTarget.policy_environment,
                policy_date_str=policy_date,
                backend="numpy",
            )
        return self._env[policy_date]

    def run_tree(
        self, policy_date: str, tree: Mapping[str, Any], targets: Mapping[str, Any]
    ) -> Any:
        t0 = time.perf_counter()
        df = main(
            main_target=MainTarget.results.df_with_nested_columns,
            policy_date_str=policy_date,
            policy_environment=self.environment(policy_date),
            input_data=InputData.tree(dict(tree)),
            tt_targets=TTTargets.tree(dict(targets)),
            backend="numpy",
            include_warn_nodes=False,
        )
        self.last_call_seconds = time.perf_counter() - t0
        return df

    def bg_totals_one_date(
        self,
        requests: Sequence[Mapping[str, Any]],
        extras: Sequence[Mapping[str, Any] | None] | None = None,
    ) -> np.ndarray:
        """Household totals (sum of anspruchshöhe_m) for requests of ONE month, unrounded."""
        if not requests:
            return np.zeros(0)
        dates = {policy_date_of(r) for r in requests}
        if len(dates) != 1:
            raise ValueError("bg_totals_one_date: requests of several months")
        tree, hh = build_inputs(requests, extras)
        df = self.run_tree(
            dates.pop(),
            tree,
            {"bürgergeld": {"anspruchshöhe_m": None, "betrag_m": None}},
        )
        per_person = np.asarray(df[("bürgergeld", "betrag_m")], dtype=float)
        return np.bincount(hh, weights=per_person, minlength=len(requests))

    def bg_totals(
        self,
        requests: Sequence[Mapping[str, Any]],
        extras: Sequence[Mapping[str, Any] | None] | None = None,
    ) -> np.ndarray:
        """Household totals for requests of any months: one GETTSIM call per month."""
        out = np.zeros(len(requests))
        by_date: dict[str, list[int]] = {}
        for i, r in enumerate(requests):
            by_date.setdefault(policy_date_of(r), []).append(i)
        for _date, idx in sorted(by_date.items()):
            sub = [requests[i] for i in idx]
            sub_extra = [extras[i] for i in idx] if extras is not None else None
            out[idx] = self.bg_totals_one_date(sub, sub_extra)
        return out


def mappable(requests: Iterable[Mapping[str, Any]]) -> list[bool]:
    """Which requests the adapter can map (without calling GETTSIM)."""
    ok = []
    for r in requests:
        try:
            _add_request(_Columns(), r, 0, 0, None)
            ok.append(True)
        except NichtAbbildbar:
            ok.append(False)
    return ok
