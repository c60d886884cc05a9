"""Texts of the letters for decisions about the past and provisional decisions: the
Anhörungsschreiben (§ 24 SGB X), the Aufhebungs- und Erstattungsbescheid (§§ 45, 48, 50 SGB X,
§ 40 SGB II), the provisional Bewilligung and the abschließende Entscheidung (§ 41a SGB II).

Plain German, every sentence a translatable msgid with named placeholders; the Typst
templates only lay them out. ``documents.bescheid_data`` asks :func:`bescheid_paragraphs`
and :func:`bescheid_sections` for the Bescheid types built here.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from jobcenter.core import sgb2_adapter as engine  # the one adapter to the law engine
from jobcenter.decisions import ausschlussfristen
from jobcenter.decisions.models import Anhoerung, Decision

#: Bescheid types whose texts are built here.
TYPES = frozenset({"aufhebung_erstattung", "abschliessend"})


def _euro(value: Any) -> str:
    from jobcenter.decisions.documents import euro

    return euro(Decimal(str(value)))


def _date(day: dt.date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else ""


def _month(key: str) -> str:
    from jobcenter.decisions.documents import month_de

    return month_de(engine.month_of(key))


def _table(header: list[str], rows: list[list[str]], align: list[str]) -> dict[str, Any]:
    return {"header": header, "rows": rows, "align": align,
            "columns": ["1fr" if a == "left" else "auto" for a in align]}


def section(heading: str, paragraphs: list[str], table: dict[str, Any] | None = None
            ) -> dict[str, Any]:
    return {"heading": heading, "paragraphs": [p for p in paragraphs if p], "table": table}


def claims_table(rows: list[dict[str, Any]], *, with_back: bool = False,
                 final: bool = False) -> dict[str, Any]:
    """Per month and person: bewilligt, zustehend, zu viel gezahlt (and nachzuzahlen)."""
    header = [_("Monat"), _("Person"),
              _("vorläufig bewilligt") if final else _("bisher bewilligt"),
              _("abschließend festgestellt") if final else _("zustehend"),
              _("zu viel gezahlt")]
    align = ["left", "left", "right", "right", "right"]
    if with_back:
        header.append(_("nachzuzahlen"))
        align.append("right")
    body = []
    for r in rows:
        line = [_month(r["month"]), r["person_name"], _euro(r["old"]), _euro(r["new"]),
                _euro(r["claim"])]
        if with_back:
            line.append(_euro(r["back"]))
        body.append(line)
    return _table(header, body, align)


def per_person_totals(rows: list[dict[str, Any]], field: str = "claim"
                      ) -> list[tuple[str, Decimal]]:
    totals: dict[str, Decimal] = {}
    for r in rows:
        totals[r["person_name"]] = totals.get(r["person_name"], Decimal(0)) + Decimal(r[field])
    return [(name, total) for name, total in totals.items() if total > 0]


def _period(month_from: dt.date, month_to: dt.date) -> dict[str, str]:
    from jobcenter.decisions.services.common import _month_end

    return {"m_from": _date(month_from), "m_to": _date(_month_end(month_to))}


# --- the Anhörungsschreiben --------------------------------------------------------------


def anhoerung_sections(anhoerung: Anhoerung) -> list[dict[str, Any]]:
    from jobcenter.decisions.services.aufhebung import basis_norm

    decision = anhoerung.decision
    values = {
        "date": _date(decision.letter_date), "from": _date(decision.period_from),
        "to": _date(decision.period_to), "total": _euro(anhoerung.total),
        "norm": basis_norm(anhoerung.basis), "deadline": _date(anhoerung.deadline),
        **_period(anhoerung.month_from, anhoerung.month_to),
    }
    claims = [r for r in anhoerung.positions if Decimal(r["claim"]) > 0]
    sections = [
        section("", [
            _("mit Bescheid vom %(date)s haben wir Ihnen und den Personen in Ihrer "
              "Bedarfsgemeinschaft Leistungen für die Zeit vom %(from)s bis %(to)s bewilligt. "
              "Nach unseren Unterlagen haben Sie für die Zeit vom %(m_from)s bis %(m_to)s zu "
              "hohe Leistungen erhalten. Bevor wir darüber entscheiden, möchten wir Ihre Sicht "
              "hören.") % values,
        ]),
        section(_("Was wir wissen"), [anhoerung.facts]),
        section(_("Was wir vorhaben"), [
            (_("Wir beabsichtigen, den Bescheid vom %(date)s für die Zeit vom %(m_from)s bis "
               "%(m_to)s teilweise zurückzunehmen (%(norm)s) und die zu viel gezahlten "
               "Leistungen von insgesamt %(total)s von Ihnen zurückzufordern (§ 50 Abs. 1 "
               "SGB X). Die Beträge je Monat und Person stehen in der folgenden Tabelle.")
             if anhoerung.basis.startswith("45") else
             _("Wir beabsichtigen, den Bescheid vom %(date)s für die Zeit vom %(m_from)s bis "
               "%(m_to)s teilweise aufzuheben (%(norm)s) und die zu viel gezahlten Leistungen "
               "von insgesamt %(total)s von Ihnen zurückzufordern (§ 50 Abs. 1 SGB X). Die "
               "Beträge je Monat und Person stehen in der folgenden Tabelle.")) % values,
        ], claims_table(claims)),
    ]
    if anhoerung.trust:
        sections.append(section(_("Warum wir meinen, dass Sie den Fehler erkennen konnten"), [
            _("Leistungen für die Vergangenheit dürfen wir in diesem Fall nur zurückfordern, "
              "wenn Sie wussten oder ohne Weiteres hätten erkennen können, dass Ihnen das Geld "
              "nicht zustand (Vertrauensschutz). Nach unserer Einschätzung ist das so:"),
            anhoerung.trust]))
    sections.append(section(_("Ihre Möglichkeit, sich zu äußern"), [
        _("Sie haben das Recht, sich vor unserer Entscheidung zu allen Tatsachen zu äußern, "
          "die dafür wichtig sind (§ 24 Abs. 1 SGB X). Bitte antworten Sie bis zum "
          "%(deadline)s: online in Ihrem Kundenkonto bei Jobcenter Online unter „Anhörung“, "
          "schriftlich oder persönlich bei uns.") % values,
        _("Teilen Sie uns bitte vor allem mit, ob die genannten Tatsachen und Beträge stimmen, "
          "ob und wann Sie uns die Änderung mitgeteilt haben und was wir sonst berücksichtigen "
          "sollten. Nachweise können Sie beifügen."),
        _("Wenn wir bis dahin nichts von Ihnen hören, entscheiden wir nach den Unterlagen, die "
          "uns vorliegen."),
        _("Dieses Schreiben ist noch keine Entscheidung. Sie müssen jetzt nichts zurückzahlen. "
          "Über eine Rückforderung erhalten Sie gegebenenfalls einen eigenen Bescheid."),
    ]))
    return sections


# --- Bescheide ---------------------------------------------------------------------------


def bescheid_paragraphs(decision: Decision) -> list[str]:
    """The Verfügungssatz (operative part) of the Bescheid types of this module."""
    key = decision.decision_type.key
    data = decision.snapshot.get("erstattung") or {}
    previous = decision.previous
    changed = data.get("changes_letter_date") or ""
    values = {
        "previous": _date(dt.date.fromisoformat(changed)) if changed else
        _date(previous.letter_date) if previous else "",
        "reference": decision.case.reference,
        "from": _date(decision.period_from), "to": _date(decision.period_to),
        "total": _euro(data.get("total") or 0), "back": _euro(data.get("back_total") or 0),
        "norm": data.get("aufhebung_norm") or data.get("rechtsgrundlage", ""),
    }
    if key == "aufhebung_erstattung" and data.get("addressee"):
        return _member_paragraphs(data, values)
    if key == "aufhebung_erstattung":
        rescind = str(data.get("basis", "")).startswith("45")  # § 45 SGB X: Rücknahme
        texts = [
            (_("wir nehmen unseren Bescheid vom %(previous)s (Aktenzeichen %(reference)s) für "
               "die Zeit vom %(from)s bis %(to)s teilweise zurück, soweit er höhere Leistungen "
               "bewilligt hat als in der Tabelle „Monatliche Beträge“ angegeben (%(norm)s).")
             if rescind else
             _("wir heben unseren Bescheid vom %(previous)s (Aktenzeichen %(reference)s) für "
               "die Zeit vom %(from)s bis %(to)s teilweise auf, soweit er höhere Leistungen "
               "bewilligt hat als in der Tabelle „Monatliche Beträge“ angegeben (%(norm)s)."))
            % values,
            _("Sie müssen die zu viel gezahlten Leistungen von insgesamt %(total)s erstatten "
              "(§ 50 Abs. 1 SGB X). Die Forderung je Person und Monat steht im Abschnitt "
              "„Erstattung“.") % values,
        ]
        if Decimal(data.get("back_total") or 0) > 0:
            texts.append(_("In einzelnen Monaten steht Ihnen mehr zu als bisher bewilligt. "
                           "Diese %(back)s zahlen wir Ihnen nach.") % values)
        return texts
    # abschließende Entscheidung (§ 41a Abs. 3 SGB II)
    texts = [
        _("über Ihren Anspruch für die Zeit vom %(from)s bis %(to)s, den wir mit Bescheid vom "
          "%(previous)s vorläufig bewilligt hatten, entscheiden wir abschließend "
          "(§ 41a Abs. 3 SGB II). Ihnen stehen die Leistungen in der folgenden Höhe zu.")
        % values,
    ]
    if Decimal(data.get("total") or 0) > 0:
        texts.append(_("Für diesen Zeitraum haben Sie insgesamt %(total)s zu viel erhalten. "
                       "Diesen Betrag müssen Sie erstatten (§ 41a Abs. 6 Satz 3 SGB II).")
                     % values)
    if Decimal(data.get("back_total") or 0) > 0:
        texts.append(_("Für diesen Zeitraum zahlen wir Ihnen insgesamt %(back)s nach "
                       "(§ 41a Abs. 6 Satz 1 und 2 SGB II).") % values)
    if not Decimal(data.get("total") or 0) and not Decimal(data.get("back_total") or 0):
        texts.append(_("Die vorläufig gezahlten Leistungen entsprechen dem abschließend "
                       "festgestellten Anspruch. Es ergibt sich weder eine Nachzahlung noch "
                       "eine Erstattung."))
    return texts


def _member_paragraphs(data: dict[str, Any], values: dict[str, str]) -> list[str]:
    """The Verfügungssatz of one member's Aufhebungs- und Erstattungsbescheid: addressed to
    the member (or, for a minor, to the legal representatives), for that member's benefit
    and claim only (``decisions.addressees``)."""
    addressee = data["addressee"]
    rescind = str(data.get("basis", "")).startswith("45")  # § 45 SGB X: Rücknahme
    minor = bool(addressee.get("minor"))
    birth = addressee.get("birth_date") or ""
    values = {**values, "child": addressee["name"],
              "birth": _date(dt.date.fromisoformat(birth)) if birth else ""}
    claim = Decimal(data.get("total") or 0)
    texts: list[str] = []
    if claim > 0 and minor:
        texts.append((
            _("wir nehmen unseren Bescheid vom %(previous)s (Aktenzeichen %(reference)s) "
              "gegenüber %(child)s, geb. %(birth)s, für die Zeit vom %(from)s bis %(to)s "
              "teilweise zurück, soweit er %(child)s höhere Leistungen bewilligt hat als in "
              "der Tabelle „Monatliche Beträge“ angegeben (%(norm)s).") if rescind else
            _("wir heben unseren Bescheid vom %(previous)s (Aktenzeichen %(reference)s) "
              "gegenüber %(child)s, geb. %(birth)s, für die Zeit vom %(from)s bis %(to)s "
              "teilweise auf, soweit er %(child)s höhere Leistungen bewilligt hat als in der "
              "Tabelle „Monatliche Beträge“ angegeben (%(norm)s).")) % values)
        texts.append(_("%(child)s muss die zu viel gezahlten Leistungen von insgesamt "
                       "%(total)s erstatten (§ 50 Abs. 1 SGB X). Die Forderung je Monat steht "
                       "im Abschnitt „Erstattung“.") % values)
        texts.append(_("Diesen Bescheid richten wir an Sie als gesetzliche Vertretung von "
                       "%(child)s (§ 1629 Abs. 1 BGB).") % values)
    elif claim > 0:
        texts.append((
            _("wir nehmen unseren Bescheid vom %(previous)s (Aktenzeichen %(reference)s) Ihnen "
              "gegenüber für die Zeit vom %(from)s bis %(to)s teilweise zurück, soweit er Ihnen "
              "höhere Leistungen bewilligt hat als in der Tabelle „Monatliche Beträge“ "
              "angegeben (%(norm)s).") if rescind else
            _("wir heben unseren Bescheid vom %(previous)s (Aktenzeichen %(reference)s) Ihnen "
              "gegenüber für die Zeit vom %(from)s bis %(to)s teilweise auf, soweit er Ihnen "
              "höhere Leistungen bewilligt hat als in der Tabelle „Monatliche Beträge“ "
              "angegeben (%(norm)s).")) % values)
        texts.append(_("Sie müssen die Ihnen zu viel gezahlten Leistungen von insgesamt "
                       "%(total)s erstatten (§ 50 Abs. 1 SGB X). Die Forderung je Monat steht "
                       "im Abschnitt „Erstattung“.") % values)
    else:  # only more than before: a change in the member's favour
        texts.append(_("wir ändern unseren Bescheid vom %(previous)s (Aktenzeichen "
                       "%(reference)s) für %(child)s für die Zeit vom %(from)s bis %(to)s zu "
                       "Gunsten von %(child)s (§ 48 Abs. 1 Satz 2 Nr. 1 SGB X): Es stehen die "
                       "Leistungen in der Höhe der Tabelle „Monatliche Beträge“ zu.") % values)
    if Decimal(data.get("back_total") or 0) > 0:
        texts.append((
            _("In einzelnen Monaten stehen %(child)s mehr Leistungen zu als bisher bewilligt. "
              "Diese %(back)s zahlen wir nach.") if minor else
            _("In einzelnen Monaten stehen Ihnen mehr Leistungen zu als bisher bewilligt. "
              "Diese %(back)s zahlen wir Ihnen nach.")) % values)
    if int(data.get("members") or 1) > 1:
        texts.append((
            _("Mit diesem Bescheid fordern wir nur zurück, was %(child)s selbst zu viel "
              "erhalten hat. Jedes andere Mitglied der Bedarfsgemeinschaft, dem wir zu viel "
              "gezahlt haben, erhält einen eigenen Bescheid.") if minor else
            _("Mit diesem Bescheid fordern wir nur zurück, was Sie selbst zu viel erhalten "
              "haben. Jedes andere Mitglied der Bedarfsgemeinschaft, dem wir zu viel gezahlt "
              "haben, erhält einen eigenen Bescheid.")) % values)
    return texts


def provisional_paragraphs(decision: Decision, values: dict[str, str]) -> list[str]:
    """The provisional Bewilligung (§ 41a Abs. 1, 2 SGB II): "vorläufig" in the operative
    part, the reason, and what happens next."""
    reason = (decision.snapshot.get("vorlaeufig") or {}).get("reason", "")
    return [
        _("auf Ihren Antrag vom %(received)s bewilligen wir Ihnen und den Personen in Ihrer "
          "Bedarfsgemeinschaft für die Zeit vom %(from)s bis %(to)s %(name)s vorläufig "
          "(§ 41a Abs. 1 SGB II) in der folgenden Höhe.") % values,
        _("Warum wir vorläufig entscheiden: %(reason)s") % {"reason": reason},
        _("Wir haben die Leistungen mit dem Einkommen berechnet, das wir für die Zeit erwarten "
          "(§ 41a Abs. 2 SGB II). Nach dem Ende des Bewilligungszeitraums entscheiden wir "
          "abschließend: Dazu bitten wir Sie, Nachweise über Ihr tatsächliches Einkommen in "
          "jedem Monat einzureichen (zum Beispiel Lohnabrechnungen)."),
        _("Bei der abschließenden Entscheidung legen wir in der Regel für jeden Monat ein "
          "Durchschnittseinkommen zugrunde: das gesamte Einkommen im Bewilligungszeitraum, "
          "geteilt durch die Zahl der Monate (§ 41a Abs. 4 SGB II). Haben Sie zu wenig "
          "erhalten, zahlen wir nach; haben Sie zu viel erhalten, müssen Sie den Unterschied "
          "erstatten (§ 41a Abs. 6 SGB II)."),
        _("Wichtig: Reichen Sie die Nachweise trotz unserer Aufforderung nicht bis zur "
          "gesetzten Frist ein, stellen wir für die Monate ohne Nachweis fest, dass kein "
          "Anspruch bestand (§ 41a Abs. 3 Satz 3 und 4 SGB II). Die für diese Monate "
          "gezahlten Leistungen müssten Sie dann vollständig erstatten."),
        _("Wir überweisen den Betrag jeweils zum Anfang des Monats im Voraus "
          "(§ 42 Abs. 1 SGB II). Bitte teilen Sie uns jede Änderung Ihrer Verhältnisse "
          "sofort mit (§ 60 SGB I)."),
    ]


def stundung_erlass_hint() -> str:
    """How the person asks for a Stundung, Ratenzahlung or Erlass of an Erstattung — the
    norms (§ 59 Abs. 1 Satz 1 Nr. 1 BHO: Stundung, a Ratenzahlung being a Stundung in parts;
    § 44 SGB II: Erlass; docs/zahlungen.md, "the norms") and the three ways: online by the
    concern's title as the portal shows it (the same msgid as the registry's title of
    ``bedarfe.forderung``, so both languages name it alike), by post, in person."""
    return _("Wenn Sie den Betrag nicht oder nicht auf einmal zahlen können, können Sie eine "
             "Stundung oder Ratenzahlung (§ 59 Abs. 1 Satz 1 Nr. 1 Bundeshaushaltsordnung: wenn "
             "die sofortige Zahlung für Sie eine erhebliche Härte wäre und die Forderung "
             "dadurch nicht gefährdet wird) oder einen Erlass (§ 44 SGB II: wenn die "
             "Einziehung nach Lage Ihres Falles unbillig wäre) beantragen: online in Ihrem "
             "Kundenkonto bei Jobcenter Online mit dem Antrag „%(concern)s“ (unter "
             "„%(page)s“), schriftlich per Post oder persönlich bei uns.") % {
        "page": _("Zahlungen"),
        "concern": _("Stundung, Ratenzahlung oder Erlass einer Forderung")}


def _aufrechnung(kind: str, basis: str = "") -> str:
    """§ 43 Abs. 2 S. 1 SGB II: 10 % of the Regelbedarf for claims under § 41a Abs. 6 S. 3
    SGB II or under § 48 Abs. 1 S. 2 Nr. 3 with § 50 SGB X, 30 % in all other cases."""
    if kind == "abschliessend":
        percent, norm = "10", "§ 43 Abs. 1 Nr. 4, Abs. 2 Satz 1 SGB II"
    elif basis == "48_nr3":
        percent, norm = "10", "§ 43 Abs. 1 Nr. 1, Abs. 2 Satz 1 SGB II"
    else:
        percent, norm = "30", "§ 43 Abs. 1 Nr. 1, Abs. 2 Satz 1 SGB II"
    return _("Aufrechnung: Solange Sie Leistungen vom Jobcenter erhalten, können Sie die "
             "Forderung auch in "
             "monatlichen Raten mit Ihren laufenden Leistungen verrechnen lassen. Ohne Ihre "
             "Zustimmung können wir nach %(norm)s höchstens %(percent)s Prozent Ihres "
             "Regelbedarfs monatlich einbehalten; darüber entscheiden wir mit einem eigenen "
             "Bescheid, nachdem wir Sie angehört haben. Wenn Sie das möchten, teilen Sie es "
             "uns bitte mit.") % {"norm": norm, "percent": percent}


def bescheid_sections(decision: Decision) -> list[dict[str, Any]]:
    """The Erstattung (per person and month), its payment and the Aufrechnung option; for an
    Aufhebung also the facts, the hearing and the Vertrauensschutz reasoning."""
    key = decision.decision_type.key
    data = decision.snapshot.get("erstattung") or {}
    if key not in TYPES:
        return []
    sections: list[dict[str, Any]] = []
    rows = data.get("rows") or []
    if key == "aufhebung_erstattung":
        anhoerung_date = data.get("anhoerung_date") or ""
        sections.append(section(_("Sachverhalt"), [data.get("facts", "")]))
        heard = (_("Wir haben Sie mit Schreiben vom %(date)s angehört (§ 24 SGB X). Ihre "
                   "Stellungnahme haben wir geprüft; unsere Würdigung steht in der "
                   "Begründung.") if data.get("answered") else
                 _("Wir haben Sie mit Schreiben vom %(date)s angehört (§ 24 SGB X). Bis zum Ende "
                   "der Frist haben Sie sich nicht geäußert."))
        sections.append(section(_("Anhörung"), [heard % {
            "date": _date(dt.date.fromisoformat(anhoerung_date)) if anhoerung_date else ""}]))
        if data.get("trust"):
            sections.append(section(_("Vertrauensschutz"), [
                _("Sie können sich nicht auf Vertrauensschutz berufen, weil:"),
                data["trust"]]))
        addressee = data.get("addressee") or {}
        if addressee.get("minor") and Decimal(data.get("total") or 0) > 0:
            sections.append(section(_("Haftung Minderjähriger (§ 1629a BGB)"), [
                _("%(child)s ist minderjährig. Die Forderung beruht auf Angaben und "
                  "Handlungen der gesetzlichen Vertretung. Nach § 1629a BGB kann sich "
                  "%(child)s nach Eintritt der Volljährigkeit darauf berufen, dass die Haftung "
                  "für diese Forderung auf das Vermögen beschränkt ist, das bei Eintritt der "
                  "Volljährigkeit vorhanden ist (Bundessozialgericht, Urteil vom 7. Juli 2011, "
                  "B 14 AS 153/10 R).") % {"child": addressee["name"]}]))
        fristen = ausschlussfristen.Fristen.from_snapshot(data.get("fristen") or {})
        if fristen is not None:
            sections.append(section(_("Fristen"), [ausschlussfristen.letter_paragraph(fristen)]))
    else:
        method = data.get("method_text", "")
        if method:
            sections.append(section(_("Einkommen bei der abschließenden Entscheidung"),
                                    [method], data.get("income_table")))
    total = Decimal(data.get("total") or 0)
    table_rows = [r for r in rows
                  if Decimal(r.get("claim", 0)) > 0 or Decimal(r.get("back", 0)) > 0]
    if table_rows:
        sections.append(section(_("Vergleich je Monat und Person"), [],
                                claims_table(table_rows, with_back=True,
                                             final=key == "abschliessend")))
    if total > 0:
        positions = data.get("positions") or []
        per_person = per_person_totals(positions)
        lines = [_("%(person)s: %(amount)s") % {"person": name, "amount": _euro(amount)}
                 for name, amount in per_person]
        norm = (_("§ 41a Abs. 6 Satz 3 SGB II") if key == "abschliessend"
                else _("§ 50 Abs. 1 SGB X"))
        sections.append(section(_("Erstattung"), [
            _("Jede Person erstattet nur den Betrag, der für sie zu viel gezahlt wurde "
              "(%(norm)s):") % {"norm": norm},
            *lines,
            _("Insgesamt: %(total)s") % {"total": _euro(total)},
            _("Der Betrag ist einen Monat nach Bekanntgabe dieses Bescheids fällig. Zahlungs"
              "hinweise erhalten Sie mit einem gesonderten Schreiben."),
            stundung_erlass_hint(),
            _aufrechnung(key, data.get("basis", "")),
        ]))
    return sections
