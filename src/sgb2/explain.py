"""Berechnungsbogen: a result rendered as structured data and as accessible HTML.

``berechnungsbogen(result, lang)`` groups the result's ``positionen`` into sections (the
dwelling/BG and one per person) with fixed groups — Regelbedarf, Mehrbedarfe, Unterkunft und
Heizung, Bedarf, Einkommen (each Freibetrag line), Anspruch, Kindersofortzuschlag,
Leistungsminderung, Zahlbetrag — each line with its Rechtsgrundlage.

``render_html(result, lang)`` renders it as semantic HTML: one ``<table>`` per section with
``<caption>``, ``<th scope>``, amounts in cells of class ``betrag`` (right-aligned by the
page's stylesheet), no inline styles, no scripts; all text escaped with ``html.escape``.
Works on a :class:`~sgb2.model.Result` or on its JSON dict (e.g. a stored snapshot), so the
web app and the Bescheid can reuse it.  Languages: ``"de"`` (plain German) and ``"en"``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from html import escape
from typing import Any, Literal

from .model import Result

__all__ = [
    "Zeile",
    "Gruppe",
    "Abschnitt",
    "Berechnungsbogen",
    "berechnungsbogen",
    "render_html",
    "betrag_text",
    "GRUPPEN_REIHENFOLGE",
    "gruppe_der_art",
]

Sprache = Literal["de", "en"]

_GRUPPEN: tuple[tuple[str, str, str], ...] = (
    # key, German, English
    ("wohnung", "Wohnung", "Dwelling"),
    ("bg", "Bedarfsgemeinschaft", "Benefit unit (Bedarfsgemeinschaft)"),
    ("regelbedarf", "Regelbedarf", "Standard needs (Regelbedarf)"),
    ("mehrbedarf", "Mehrbedarfe", "Additional needs (Mehrbedarfe)"),
    ("kdu", "Unterkunft und Heizung", "Housing and heating"),
    ("bedarf", "Bedarf", "Total need"),
    ("einkommen", "Einkommen", "Income"),
    ("anspruch", "Anspruch", "Entitlement"),
    ("sofortzuschlag", "Kindersofortzuschlag", "Immediate child supplement"),
    (
        "bildung",
        "Bildung und Teilhabe: Schulbedarf",
        "Education and participation: school supplies",
    ),
    ("minderung", "Leistungsminderung", "Benefit reduction"),
    ("zahlbetrag", "Zahlbetrag", "Amount paid"),
    (
        "sgb12",
        "Gemischte Bedarfsgemeinschaft: Bedarf und Einkommen nach dem SGB XII",
        "Mixed benefit unit: needs and income under SGB XII",
    ),
)

# art → (group, English label)
_ARTEN: dict[str, tuple[str, str]] = {
    "kdu_unterkunft_anerkannt": ("wohnung", "Recognised rent incl. service charges (dwelling)"),
    "kdu_heizung_anerkannt": ("wohnung", "Recognised heating costs (dwelling)"),
    "vermoegen": ("bg", "Countable assets of the benefit unit"),
    "vermoegensfreibetrag": ("bg", "Asset allowance"),
    "ungedeckter_bedarf": ("bg", "Need not covered by the children's own income"),
    "einkommen_zur_verteilung": ("bg", "Adults' income set against the need"),
    "anspruch_bg": ("bg", "Entitlement of the benefit unit"),
    "regelbedarf": ("regelbedarf", "Standard needs"),
    "mehrbedarf_schwangerschaft": ("mehrbedarf", "Additional need: pregnancy"),
    "mehrbedarf_alleinerziehend": ("mehrbedarf", "Additional need: single parent"),
    "mehrbedarf_behinderung": ("mehrbedarf", "Additional need: disability"),
    "mehrbedarf_merkzeichen_g": ("mehrbedarf", "Additional need: disability pass mark G"),
    "mehrbedarf_ernaehrung": ("mehrbedarf", "Additional need: special diet"),
    "mehrbedarf_kappung": ("mehrbedarf", "Reduction: additional needs capped"),
    "mehrbedarf_unabweisbar": ("mehrbedarf", "Additional need: unavoidable special need"),
    "mehrbedarf_schulbuecher": ("mehrbedarf", "Additional need: school books"),
    "mehrbedarf_warmwasser": ("mehrbedarf", "Additional need: hot water heated in the flat"),
    "kdu_unterkunft": ("kdu", "Share of the rent"),
    "kdu_heizung": ("kdu", "Share of the heating costs"),
    "bedarf": ("bedarf", "Total need"),
    "bedarf_gedeckt": ("bedarf", "Need covered by own income: not part of the benefit unit"),
    "erwerbseinkommen_brutto": ("einkommen", "Gross earnings"),
    "erwerbseinkommen_netto": ("einkommen", "Net earnings"),
    "grundfreibetrag": ("einkommen", "Basic earnings allowance"),
    "freibetrag_ausbildung": ("einkommen", "Allowance for pupils, students and trainees"),
    "erwerbstaetigenfreibetrag": ("einkommen", "Earnings allowance"),
    "erwerbseinkommen_anrechenbar": ("einkommen", "Countable earnings"),
    "einkommen_kindergeld": ("einkommen", "Child benefit (Kindergeld)"),
    "einkommen_unterhalt": ("einkommen", "Maintenance payments"),
    "einkommen_unterhaltsvorschuss": ("einkommen", "Advance maintenance payments"),
    "einkommen_sonstiges": ("einkommen", "Other income"),
    "einkommen_sgb_xii_ueberschuss": ("bg", "Partner's income above own SGB XII needs"),
    "sgb_xii_regelbedarf": ("sgb12", "SGB XII: standard needs"),
    "sgb_xii_mehrbedarf": ("sgb12", "SGB XII: additional need"),
    "sgb_xii_kdu": ("sgb12", "SGB XII: share of housing and heating"),
    "sgb_xii_bedarf": ("sgb12", "SGB XII: total need"),
    "sgb_xii_freibetrag": ("sgb12", "SGB XII: allowance on income"),
    "sgb_xii_einkommen": ("sgb12", "SGB XII: countable income"),
    "sgb_xii_ueberschuss": ("sgb12", "Income above own needs: counts for the benefit unit"),
    "einkommen_altersrente": ("einkommen", "Old-age pension"),
    "einkommen_erwerbsminderungsrente": ("einkommen", "Reduced earning capacity pension"),
    "einkommen_waisenrente": ("einkommen", "Orphan's pension"),
    "einkommen_arbeitslosengeld": ("einkommen", "Unemployment benefit (Arbeitslosengeld)"),
    "einkommen_krankengeld": ("einkommen", "Sickness benefit (Krankengeld)"),
    "einkommen_elterngeld": ("einkommen", "Parental allowance (Elterngeld)"),
    "elterngeld_freibetrag": ("einkommen", "Parental allowance not counted (§ 10 (5) BEEG)"),
    "einkommen_bafoeg": ("einkommen", "Training assistance (BAföG)"),
    "freibetrag_bafoeg": ("einkommen", "Deduction from training assistance"),
    "einkommen_wohngeld": ("einkommen", "Housing benefit (Wohngeld)"),
    "einkommen_kinderzuschlag": ("einkommen", "Child supplement (Kinderzuschlag)"),
    "versicherungspauschale": ("einkommen", "Flat-rate insurance deduction"),
    "kindergeld_uebertrag_abgabe": ("einkommen", "Unneeded child benefit passed on"),
    "kindergeld_uebertrag": ("einkommen", "Child benefit passed on from the child"),
    "einkommen_anrechenbar": ("einkommen", "Countable income"),
    "anteil_bedarf": ("anspruch", "Share of the uncovered need"),
    "anspruch_monat": ("anspruch", "Entitlement for the full month"),
    "anspruch": ("anspruch", "Entitlement"),
    "davon_regel_und_mehrbedarf": ("anspruch", "of which standard and additional needs"),
    "davon_kdu": ("anspruch", "of which housing and heating"),
    "kindersofortzuschlag": ("sofortzuschlag", "Immediate child supplement"),
    "schulbedarf_bedarf": ("bildung", "Personal school supplies for the school half-year"),
    "schulbedarf_gedeckt": ("bildung", "of which covered by income left after all other needs"),
    "schulbedarf": ("bildung", "School supplies (§ 28 (3) SGB II)"),
    "minderung": ("minderung", "Benefit reduction (never housing costs)"),
    "zahlbetrag": ("zahlbetrag", "Amount paid for the month"),
}

#: the groups' keys in the order the sheet shows them
GRUPPEN_REIHENFOLGE: tuple[str, ...] = tuple(k for k, _de, _en in _GRUPPEN)


def gruppe_der_art(art: str) -> str:
    """The group a line of kind ``art`` is shown in (an unknown kind: "anspruch")."""
    return _ARTEN[art][0] if art in _ARTEN else "anspruch"


_MONATE = {
    "de": (
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}

_LEISTUNGSART = {
    "de": {
        "buergergeld": "Bürgergeld",
        "sozialgeld": "Sozialgeld",
        "grundsicherungsgeld": "Grundsicherungsgeld",
        "keine": "keine Leistung",
    },
    "en": {
        "buergergeld": "Bürgergeld (citizen's benefit)",
        "sozialgeld": "Sozialgeld (benefit for persons unable to work)",
        "grundsicherungsgeld": "Grundsicherungsgeld (basic income support)",
        "keine": "no benefit",
    },
}

_SPALTEN: dict[str, tuple[str, ...]] = {
    "de": ("Bedarf", "Einkommen", "Anspruch", "Kindersofortzuschlag", "Minderung", "Zahlbetrag"),
    "en": ("Need", "Income", "Entitlement", "Child supplement", "Reduction", "Amount paid"),
}

#: the overview's extra column in a month with a Schulbedarf (§ 28 Abs. 3), before "Minderung"
_SPALTE_SCHULBEDARF = {"de": "Schulbedarf", "en": "School supplies"}

_TEXTE: dict[str, dict[str, str]] = {
    "de": {
        "titel": "Berechnungsbogen {leistung} für {monat}",
        "person": "Person {id}",
        "person_info": "{art}, Regelbedarfsstufe {rbs}",
        "person_info_ohne": "{art}",
        "ausserhalb": "nicht Mitglied der Bedarfsgemeinschaft",
        "position": "Position",
        "betrag": "Betrag",
        "rechtsgrundlage": "Rechtsgrundlage",
        "uebersicht": "Übersicht: Zahlbeträge je Person",
        "summe": "Summe",
        "hinweise": "Hinweise",
        "hinweise_de": "Hinweise",
        "intern": "nur für die Fachkraft",
        "bwz": "Empfohlener Bewilligungszeitraum: {n} Monate.",
        "rechtsstand": "Angewandter Rechtsstand: {liste}.",
        "kein_anspruch": "Für diesen Monat besteht kein Anspruch.",
    },
    "en": {
        "titel": "Benefit calculation {leistung} for {monat}",
        "person": "Person {id}",
        "person_info": "{art}, standard needs level {rbs}",
        "person_info_ohne": "{art}",
        "ausserhalb": "not a member of the benefit unit",
        "position": "Item",
        "betrag": "Amount",
        "rechtsgrundlage": "Legal basis",
        "uebersicht": "Overview: amounts paid per person",
        "summe": "Total",
        "hinweise": "Notes",
        "hinweise_de": "Notes (in German)",
        "intern": "for staff only",
        "bwz": "Recommended award period: {n} months.",
        "rechtsstand": "Parameter versions applied: {liste}.",
        "kein_anspruch": "There is no entitlement for this month.",
    },
}


@dataclass(frozen=True, slots=True)
class Zeile:
    art: str
    bezeichnung: str  # label in the chosen language
    betrag: Decimal
    rechtsgrundlage: str
    text: str  # the engine's German text


@dataclass(frozen=True, slots=True)
class Gruppe:
    schluessel: str
    titel: str
    zeilen: tuple[Zeile, ...]


@dataclass(frozen=True, slots=True)
class Abschnitt:
    person: str | None  # None: dwelling and BG
    titel: str
    untertitel: str
    gruppen: tuple[Gruppe, ...]


@dataclass(frozen=True, slots=True)
class Berechnungsbogen:
    lang: str
    titel: str
    monat: str
    leistungsname: str
    anspruch: bool
    abschnitte: tuple[Abschnitt, ...]
    uebersicht_spalten: tuple[str, ...]
    uebersicht: tuple[tuple[str, tuple[Decimal, ...]], ...]  # (person label, amounts)
    summe: tuple[Decimal, ...]
    hinweise: tuple[str, ...]
    bewilligungszeitraum_monate: int
    rechtsstand: tuple[str, ...]
    #: the notes of ``hinweise`` for the Jobcenter's staff only (``hinweise_intern``)
    hinweise_intern: tuple[str, ...] = ()
    #: the language of the notes: ``lang``, or "de" for a result without ``hinweise_en``
    hinweise_lang: str = "de"


def betrag_text(betrag: Decimal, lang: str = "de") -> str:
    """1.234,56 € (de) or €1,234.56 (en); negative amounts with a minus sign."""
    s = f"{abs(betrag):,.2f}"
    minus = "−" if betrag < 0 else ""
    if lang == "en":
        return f"{minus}€{s}"
    return minus + s.replace(",", "X").replace(".", ",").replace("X", ".") + " €"


def _dec(x: Any) -> Decimal:
    return Decimal(str(x))


def _as_dict(result: Result | Mapping[str, Any]) -> Mapping[str, Any]:
    return result.to_dict() if isinstance(result, Result) else result


def berechnungsbogen(result: Result | Mapping[str, Any], lang: Sprache = "de") -> Berechnungsbogen:
    """Structured Berechnungsbogen of a result (``Result`` or its JSON dict)."""
    if lang not in _TEXTE:
        raise ValueError(f"unsupported language: {lang!r}")
    r = _as_dict(result)
    t = _TEXTE[lang]
    gruppen_titel = {k: (de if lang == "de" else en) for k, de, en in _GRUPPEN}
    jahr, mon = (int(x) for x in str(r["monat"]).split("-"))
    monat_text = f"{_MONATE[lang][mon - 1]} {jahr}"

    def zeile(pos: Mapping[str, Any]) -> tuple[str, Zeile]:
        gruppe, en = _ARTEN.get(str(pos["art"]), ("anspruch", str(pos["art"])))
        label = str(pos["text"]) if lang == "de" else en
        return gruppe, Zeile(
            str(pos["art"]),
            label,
            _dec(pos["betrag"]),
            str(pos["rechtsgrundlage"]),
            str(pos["text"]),
        )

    def gruppiert(positionen: list[Mapping[str, Any]]) -> tuple[Gruppe, ...]:
        buckets: dict[str, list[Zeile]] = {}
        for pos in positionen:
            g, z = zeile(pos)
            buckets.setdefault(g, []).append(z)
        return tuple(
            Gruppe(k, gruppen_titel[k], tuple(buckets[k])) for k, _, _ in _GRUPPEN if k in buckets
        )

    abschnitte: list[Abschnitt] = []
    bg_pos = [p for p in r["positionen"] if p["person"] is None]
    if bg_pos:
        abschnitte.append(
            Abschnitt(
                None, f"{gruppen_titel['wohnung']} / {gruppen_titel['bg']}", "", gruppiert(bg_pos)
            )
        )
    arten = _LEISTUNGSART[lang]
    uebersicht: list[tuple[str, tuple[Decimal, ...]]] = []
    keys: tuple[str, ...] = (
        "bedarf",
        "einkommen_anrechenbar",
        "anspruch",
        "kindersofortzuschlag",
        "minderung",
        "zahlbetrag",
    )
    spalten = _SPALTEN[lang]
    if _dec(r["summe"].get("schulbedarf", 0)):
        # a month with a Schulbedarf: its own column, so that the row adds up to the Zahlbetrag
        keys = keys[:4] + ("schulbedarf",) + keys[4:]
        spalten = spalten[:4] + (_SPALTE_SCHULBEDARF[lang],) + spalten[4:]
    for p in r["personen"]:
        pid = str(p["id"])
        art = arten.get(str(p["leistungsart"]), str(p["leistungsart"]))
        if not p["in_bg"]:
            info = f"{art} ({t['ausserhalb']})"
        elif p["regelbedarfsstufe"] is not None:
            info = t["person_info"].format(art=art, rbs=p["regelbedarfsstufe"])
        else:
            info = t["person_info_ohne"].format(art=art)
        eigene = [x for x in r["positionen"] if x["person"] == pid]
        titel = t["person"].format(id=pid)
        abschnitte.append(Abschnitt(pid, titel, info, gruppiert(eigene)))
        uebersicht.append((titel, tuple(_dec(p.get(k, 0)) for k in keys)))
    hinweise, hinweise_lang = _hinweise(r, lang)
    return Berechnungsbogen(
        lang=lang,
        titel=t["titel"].format(leistung=r["leistungsname"], monat=monat_text),
        monat=str(r["monat"]),
        leistungsname=str(r["leistungsname"]),
        anspruch=bool(r["anspruch"]),
        abschnitte=tuple(abschnitte),
        uebersicht_spalten=spalten,
        uebersicht=tuple(uebersicht),
        summe=tuple(_dec(r["summe"].get(k, 0)) for k in keys),
        hinweise=tuple(texte for texte, _intern in hinweise),
        bewilligungszeitraum_monate=int(r["bewilligungszeitraum_monate"]),
        rechtsstand=tuple(str(x) for x in r["rechtsstand"]),
        hinweise_intern=tuple(texte for texte, intern in hinweise if intern),
        hinweise_lang=hinweise_lang,
    )


def _hinweise(r: Mapping[str, Any], lang: str) -> tuple[list[tuple[str, bool]], str]:
    """(text, for staff only) per note in ``lang`` — German where the result has no English
    texts (results stored before ``hinweise_en`` existed) — and the language used."""
    deutsch = [str(h) for h in r["hinweise"]]
    englisch = [str(h) for h in r.get("hinweise_en") or ()]
    intern = {str(h) for h in r.get("hinweise_intern", ())}
    if lang == "en" and len(englisch) == len(deutsch):
        return [(en, de in intern) for de, en in zip(deutsch, englisch, strict=True)], "en"
    return [(de, de in intern) for de in deutsch], "de"


def buerger_hinweise(result: Result | Mapping[str, Any], lang: Sprache = "de") -> list[str]:
    """The result's notes in ``lang`` without those for staff only (for a Bescheid)."""
    r = result.to_dict() if isinstance(result, Result) else result
    return [text for text, intern in _hinweise(r, lang)[0] if not intern]


def render_html(
    result: Result | Mapping[str, Any], lang: Sprache = "de", *, interne_markieren: bool = False
) -> str:
    """Accessible HTML fragment of the Berechnungsbogen (no styles, no scripts).

    With ``interne_markieren`` the notes for staff only (``hinweise_intern``) are marked as
    such (the Jobcenter's own view of a calculation)."""
    b = berechnungsbogen(result, lang)
    t = _TEXTE[lang]
    e = escape
    out: list[str] = [
        f'<section class="sgb2-berechnungsbogen" lang="{e(lang)}">',
        f"<h2>{e(b.titel)}</h2>",
    ]
    if not b.anspruch:
        out.append(f"<p>{e(t['kein_anspruch'])}</p>")
    # overview
    out.append('<table class="sgb2-tabelle sgb2-uebersicht">')
    out.append(f"<caption>{e(t['uebersicht'])}</caption>")
    out.append(f'<thead><tr><th scope="col">{e(t["person"].format(id="")).strip()}</th>')
    for s in b.uebersicht_spalten:
        out.append(f'<th scope="col" class="betrag">{e(s)}</th>')
    out.append("</tr></thead><tbody>")
    for label, werte in b.uebersicht:
        out.append(f'<tr><th scope="row">{e(label)}</th>')
        out.extend(f'<td class="betrag">{e(betrag_text(w, lang))}</td>' for w in werte)
        out.append("</tr>")
    out.append(f'</tbody><tfoot><tr><th scope="row">{e(t["summe"])}</th>')
    out.extend(f'<td class="betrag">{e(betrag_text(w, lang))}</td>' for w in b.summe)
    out.append("</tr></tfoot></table>")
    # sections
    for a in b.abschnitte:
        caption = a.titel + (f" – {a.untertitel}" if a.untertitel else "")
        out.append('<table class="sgb2-tabelle">')
        out.append(f"<caption>{e(caption)}</caption>")
        out.append(
            f'<thead><tr><th scope="col">{e(t["position"])}</th>'
            f'<th scope="col" class="betrag">{e(t["betrag"])}</th>'
            f'<th scope="col">{e(t["rechtsgrundlage"])}</th></tr></thead>'
        )
        for g in a.gruppen:
            out.append(f'<tbody><tr><th scope="rowgroup" colspan="3">{e(g.titel)}</th></tr>')
            for z in g.zeilen:
                out.append(
                    f'<tr><th scope="row">{e(z.bezeichnung)}</th>'
                    f'<td class="betrag">{e(betrag_text(z.betrag, lang))}</td>'
                    f"<td>{e(z.rechtsgrundlage)}</td></tr>"
                )
            out.append("</tbody>")
        out.append("</table>")
    out.append(f"<p>{e(t['bwz'].format(n=b.bewilligungszeitraum_monate))}</p>")
    intern = set(b.hinweise_intern) if interne_markieren else set()
    if b.hinweise:
        if b.hinweise_lang == lang:
            out.append(f"<h3>{e(t['hinweise'])}</h3><ul>")
        else:
            out.append(f'<h3>{e(t["hinweise_de"])}</h3><ul lang="{e(b.hinweise_lang)}">')
        out.extend(
            f"<li>{e(h)} <em>({e(t['intern'])})</em></li>" if h in intern else f"<li>{e(h)}</li>"
            for h in b.hinweise
        )
        out.append("</ul>")
    out.append(f"<p>{e(t['rechtsstand'].format(liste=', '.join(b.rechtsstand)))}</p>")
    out.append("</section>")
    return "\n".join(out)
