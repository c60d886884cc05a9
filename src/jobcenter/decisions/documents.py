"""The Bescheid's content: texts in plain German and the data passed to the Typst template.

All sentences are translatable msgids with named placeholders; the PDF template only lays
them out (``decisions.pdf``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from jobcenter.core import buergerbogen
from jobcenter.core import sgb2_adapter as engine  # the one adapter to the law engine
from jobcenter.decisions import addressees, checks, kinds, letter, letters
from jobcenter.decisions.letter import month_de
from jobcenter.decisions.models import Decision
from jobcenter.decisions.pdf import render_pdf


def euro(value: Decimal | float) -> str:
    """German amount: 1.234,56 €."""
    text = f"{Decimal(str(value)).quantize(Decimal('0.01')):,.2f}"
    return text.replace(",", "§").replace(".", ",").replace("§", ".") + " €"


def date_de(day: dt.date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else ""


def letter_labels() -> dict[str, str]:
    """The labels of the letter layout ``pdf/schreiben.typ`` (Anhörungen, receipts)."""
    return {"page": _("Seite"), "phone": _("Telefon"), "email": _("E-Mail"),
            "website": _("Internet"), "opening_hours": _("Öffnungszeiten")}


def jobcenter_block(jc: Any) -> dict[str, Any]:
    """The sender block of every letter (Bescheid, Anhörung, receipt): address, contact
    and opening hours of the Jobcenter."""
    return {
        "name": jc.name, "street": jc.street, "postcode": jc.postcode, "city": jc.city,
        "phone": jc.phone, "email": jc.email, "website": jc.website or "",
        "opening_hours": jc.opening_hours_lines,
    }


def _addressee(decision: Decision) -> list[str]:
    addressee = letter.addressee_of(decision)
    if addressee is not None:  # an Aufhebungs- und Erstattungsbescheid per member
        return addressees.address_lines(addressee)
    case = decision.case
    person = case.applicant
    if person is not None:
        lines = [f"{person.first_name} {person.last_name}"]
        if person.street:
            lines.append(person.street)
        if person.postcode or person.city:
            lines.append(f"{person.postcode} {person.city}".strip())
        return lines
    if case.applicant_user is not None:
        return [str(case.applicant_user)]
    return [_("An die antragstellende Person")]


def _month_groups(decision: Decision) -> list[tuple[dt.date, dt.date, list[Any]]]:
    """Consecutive months with the same amounts per person, as (first, last, rows)."""
    groups: list[tuple[dt.date, dt.date, list[Any]]] = []
    by_month: dict[dt.date, list[Any]] = {}
    addressee = letter.addressee_of(decision)
    for row in decision.amounts.all().order_by("month", "pk"):
        if addressee is not None and row.person_key != addressee["person_key"]:
            continue  # a member's own Bescheid shows that member's amounts
        by_month.setdefault(row.month, []).append(row)
    for month, rows in by_month.items():
        signature = [(r.person_key, r.amount) for r in rows]
        if groups and [(r.person_key, r.amount) for r in groups[-1][2]] == signature:
            groups[-1] = (groups[-1][0], month, groups[-1][2])
        else:
            groups.append((month, month, rows))
    return groups


def period_label(first: dt.date, last: dt.date) -> str:
    if first == last:
        return month_de(first)
    return _("%(first)s bis %(last)s") % {"first": month_de(first), "last": month_de(last)}


def _paragraphs(decision: Decision) -> list[str]:
    key = decision.decision_type.key
    kind = kinds.get(key)
    if kind is not None:
        return kind.paragraphs(decision)
    name = decision.snapshot.get("leistungsname") or _("Leistungen nach dem SGB II")
    values = {
        "name": name, "from": date_de(decision.period_from), "to": date_de(decision.period_to),
        "received": date_de(letter.received_on(decision)),
        "previous": date_de(decision.previous.letter_date) if decision.previous else "",
        "previous_reference": decision.previous.reference if decision.previous else "",
    }
    if key in letters.TYPES:  # decisions about the past, § 41a final decision
        return letters.bescheid_paragraphs(decision)
    if key == "bewilligung" and decision.snapshot.get("vorlaeufig"):
        return letters.provisional_paragraphs(decision, values)
    if key == "bewilligung":
        return [
            _("auf Ihren Antrag vom %(received)s bewilligen wir Ihnen und den Personen in Ihrer "
              "Bedarfsgemeinschaft für die Zeit vom %(from)s bis %(to)s %(name)s in der "
              "folgenden Höhe.") % values,
            _("Bitte teilen Sie uns jede Änderung Ihrer Verhältnisse sofort mit "
              "(§ 60 SGB I)."),
        ]
    if key == "teilbewilligung":
        return [
            _("auf Ihren Antrag vom %(received)s bewilligen wir Ihnen für die Zeit vom %(from)s "
              "bis %(to)s %(name)s in der folgenden Höhe. Im Übrigen lehnen wir den Antrag ab; "
              "die Gründe stehen unten.") % values,
        ]
    if key == "ablehnung":
        return [_("Ihren Antrag vom %(received)s auf %(name)s lehnen wir ab. Die Gründe stehen "
                  "unten.") % values]
    if key == "aenderung":
        return [
            _("wir ändern unseren Bescheid vom %(previous)s (Bescheid-Nr. "
              "%(previous_reference)s) mit Wirkung ab %(from)s (§ 48 SGB X, § 40 SGB II). Für "
              "die Zeit vom %(from)s bis %(to)s erhalten Sie %(name)s in der folgenden Höhe.")
            % values,
        ]
    return [
        _("wir heben unseren Bescheid vom %(previous)s (Bescheid-Nr. %(previous_reference)s) "
          "mit Wirkung ab %(from)s auf (§ 48 SGB X, § 40 SGB II, § 330 Abs. 3 SGB III). Die "
          "Gründe stehen unten.") % values,
    ]


def _rechtsbehelf(decision: Decision) -> list[str]:
    kind = kinds.get(decision.decision_type.key)
    if kind is not None and kind.rechtsbehelf is not None:
        return kind.rechtsbehelf(decision)
    return widerspruch_belehrung(decision)


def letterhead(jc: Any) -> dict[str, Any]:
    """The letterhead part of a letter's data (``pdf/schreiben.typ``): labels and the
    Jobcenter's name, address and contacts."""
    return {"labels": letter_labels(), "jobcenter": jobcenter_block(jc)}


def widerspruch_belehrung(decision: Decision) -> list[str]:
    """The Rechtsbehelfsbelehrung of a Bescheid: Widerspruch (§ 84 SGG) in exactly the
    forms the law admits and this Jobcenter has opened — schriftlich, zur Niederschrift,
    and electronically only as a document with a qualified electronic signature
    (§ 36a Abs. 2 Satz 2 SGB I) to the Jobcenter's published e-mail address. The account
    of Jobcenter Online (password and second factor, no eID) is no substitute for the
    written form (§ 36a Abs. 2a Nr. 1 SGB I requires an eID), so it is not named here;
    docs/bescheide.md, "Rechtsbehelfsbelehrung"."""
    return widerspruch_texts(decision.case.jobcenter, decision.presumed_delivery,
                             decision.objection_deadline)


def widerspruch_texts(jc: Any, presumed_delivery: dt.date | None,
                      objection_deadline: dt.date | None) -> list[str]:
    """The Belehrung of :func:`widerspruch_belehrung` for any Verwaltungsakt of the
    Jobcenter ``jc`` (also those other apps issue as their own letters, e.g. the
    Aufrechnungserklärung of ``zahlungen``)."""
    address = f"{jc.name}, {jc.street}, {jc.postcode} {jc.city}"
    texts = [
        _("Gegen diesen Bescheid können Sie innerhalb eines Monats, nachdem er Ihnen bekannt "
          "gegeben worden ist, Widerspruch einlegen (§ 84 Sozialgerichtsgesetz)."),
        _("Der Widerspruch ist schriftlich oder zur Niederschrift beim %(address)s "
          "einzulegen.") % {"address": address},
    ]
    if jc.email:
        texts.append(
            _("Sie können den Widerspruch auch in elektronischer Form einlegen: als "
              "elektronisches Dokument mit einer qualifizierten elektronischen Signatur "
              "(§ 36a Abs. 2 SGB I) an %(email)s. Eine einfache E-Mail genügt dafür "
              "nicht.") % {"email": jc.email})
    if presumed_delivery:
        texts.append(
            _("Dieser Bescheid gilt am %(delivered)s als bekannt gegeben (§ 37 Abs. 2 SGB X). "
              "Die Widerspruchsfrist endet danach am %(deadline)s.")
            % {"delivered": date_de(presumed_delivery),
               "deadline": date_de(objection_deadline)})
    else:
        texts.append(_("Ein Bescheid, der mit der Post verschickt wird, gilt am vierten Tag "
                       "nach der Aufgabe zur Post als bekannt gegeben (§ 37 Abs. 2 SGB X)."))
    return texts


#: How many runs of months a Berechnungsbogen shows side by side. Three amount columns
#: next to the position and its legal basis keep every label legible on A4; a year with
#: more runs continues in a further Bogen.
PERIODS_PER_SHEET = 3
#: An amount cell of a run in which the position does not occur.
NO_AMOUNT = "–"


def berechnungsboegen(results: dict[str, Any],
                      names: dict[str, str] | None = None,
                      headings: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """The Berechnungsbogen: one column of amounts per run of consecutive months with
    equal results, side by side (at most :data:`PERIODS_PER_SHEET` per Bogen).

    ``results`` maps ``"YYYY-MM"`` to the engine's result for that month (the decision
    snapshot's ``results``), ``names`` the engine's person ids to the persons' names (the
    snapshot's ``names``). The Bogen is the citizen's (``core.buergerbogen``): persons by
    name, plain labels, only the notes with a citizen-facing text — no staff notes, ids or
    parameter versions. ``headings`` maps a person's name to the heading of their section
    ("Name, geb. …").

    Each person (and the flat with the household) has one table: a row per position, its
    legal basis once, and the amount of each run in that run's column ("–" where the
    position does not occur in a run). A note that holds for only some of the runs names
    them. Pure: the benchmark builds its data with it too.
    """
    names = names or {}
    headings = headings or {}
    runs = _result_runs(results, names)
    return [_bogen(runs[start:start + PERIODS_PER_SHEET], names, headings)
            for start in range(0, len(runs), PERIODS_PER_SHEET)]


#: (months "YYYY-MM" of the run, the result of its first month, the citizen's notes of
#: every month of the run, each once)
_Run = tuple[list[str], dict[str, Any], list[str]]


def _result_runs(results: dict[str, Any], names: dict[str, str]) -> list[_Run]:
    """Consecutive months with equal results."""
    previous_key: Any = None
    runs: list[_Run] = []
    for month_key, result in results.items():
        signature = (result.get("summe"), result.get("personen"))
        if runs and signature == previous_key:
            runs[-1][0].append(month_key)
        else:
            runs.append(([month_key], result, []))
        # The notes of every month of the run (e.g. one that only applies from its third
        # month), each once, in order of appearance; notes for staff only never.
        notes = runs[-1][2]
        notes.extend(h for h in buergerbogen.citizen_notes(result, names) if h not in notes)
        previous_key = signature
    return runs


def _span(runs: list[_Run]) -> str:
    """"Januar 2027 bis Juni 2027": the months from the first run to the last."""
    return period_label(engine.month_of(runs[0][0][0]), engine.month_of(runs[-1][0][-1]))


def _spans(runs: list[_Run], columns: list[int]) -> str:
    """The periods of the given columns, neighbouring columns joined into one span."""
    spans: list[list[int]] = []
    for column in columns:
        if spans and spans[-1][-1] == column - 1:
            spans[-1].append(column)
        else:
            spans.append([column])
    return ", ".join(_span(runs[span[0]:span[-1] + 1]) for span in spans)


def _bogen(runs: list[_Run], names: dict[str, str],
           headings: dict[str, str]) -> dict[str, Any]:
    width = len(runs)
    sections: dict[str, dict[str, Any]] = {}  # the engine's person id ("" the flat) → …
    for column, (_months, result, _notes) in enumerate(runs):
        for section in buergerbogen.sheet(result, names).sections:
            entry = sections.setdefault(section.person, {
                "titles": [], "subtitles": {}, "rows": {}, "order": []})
            if section.title not in entry["titles"]:
                entry["titles"].append(section.title)
            entry["subtitles"][column] = section.subtitle
            seen: dict[tuple[str, str], int] = {}
            position = -1  # a position new in this run goes after its predecessor
            for group in section.groups:
                for line in group.lines:
                    label = _line_label(group.title, line.label)
                    # a label may recur with its own amount (two steps of a Freibetrag)
                    seen[label, line.legal_basis] = seen.get((label, line.legal_basis), 0) + 1
                    key = (label, line.legal_basis, seen[label, line.legal_basis])
                    row = entry["rows"].get(key)
                    if row is None:
                        row = entry["rows"][key] = [label, line.legal_basis,
                                                    *[NO_AMOUNT] * width]
                        # next to the same position under another legal basis (a month
                        # counted by days, § 41 Abs. 1), else after its predecessor
                        same = [i for i, k in enumerate(entry["order"]) if k[0] == label]
                        entry["order"].insert(same[-1] + 1 if same else position + 1, key)
                    position = entry["order"].index(key)
                    row[2 + column] = _glued(line.amount)
    out = []
    for person, entry in sections.items():
        if person or len(entry["titles"]) == 1:
            title = headings.get(entry["titles"][0], entry["titles"][0])
        else:  # the household grew or shrank: the flat's lines and the household's
            title = _("Wohnung und Haushalt")
        out.append({"title": title, "subtitle": _subtitle(runs, entry["subtitles"]),
                    "rows": [entry["rows"][key] for key in entry["order"]]})
    notes: dict[str, list[int]] = {}
    for column, (_months, _result, run_notes) in enumerate(runs):
        for note in run_notes:
            notes.setdefault(note, []).append(column)
    return {
        "title": _("Berechnungsbogen %(period)s") % {"period": _span(runs)},
        # one run: the title names its months, the column is the amount
        "columns": [_span([run]) for run in runs] if width > 1 else [_("Betrag")],
        "sections": out,
        "notes": [note if len(columns) == width else
                  _("Für %(period)s: %(note)s") % {"period": _spans(runs, columns),
                                                   "note": note}
                  for note, columns in notes.items()],
    }


def _subtitle(runs: list[_Run], subtitles: dict[int, str]) -> str:
    """The person's benefit ("Grundsicherungsgeld"), with its periods where it changes
    (a child who turns 15 changes from Sozialgeld to Grundsicherungsgeld)."""
    texts = [text for text in dict.fromkeys(subtitles.values()) if text]
    if len(texts) <= 1 and len(subtitles) == len(runs):
        return texts[0] if texts else ""
    return "; ".join(
        _("%(benefit)s für %(period)s") % {
            "benefit": text,
            "period": _spans(runs, [c for c, t in subtitles.items() if t == text])}
        for text in texts)


def _line_label(group: str, label: str) -> str:
    """"Einkommen: Kindergeld" — but "Anspruch", not "Anspruch: Anspruch", and "Zahlbetrag
    im Monat", not "Zahlbetrag: Zahlbetrag im Monat": a line that starts with its group's
    name stands alone."""
    if label.casefold().startswith(group.casefold()):
        return label
    return f"{group}: {label}"


_GLUE = [("§ ", "§\u00a0"), ("Abs. ", "Abs.\u00a0"), ("Nr. ", "Nr.\u00a0"),
         ("S. ", "S.\u00a0"), (" €", "\u00a0€"), ("geb. ", "geb.\u00a0")]


def _glued(text: str) -> str:
    """No line break inside "§ 42 Abs. 1", "590,95 €" or "geb. 17.05.1985"."""
    for plain, glued in _GLUE:
        text = text.replace(plain, glued)
    return text


TITLES = {
    "bewilligung": "Bewilligungsbescheid",
    "teilbewilligung": "Bescheid über eine teilweise Bewilligung",
    "ablehnung": "Ablehnungsbescheid",
    "aenderung": "Änderungsbescheid",
    "aufhebung": "Aufhebungsbescheid",
    "aufhebung_erstattung": "Aufhebungs- und Erstattungsbescheid",
    "abschliessend": "Abschließende Entscheidung über Ihren Anspruch",
}


def _sheets(decision: Decision) -> list[dict[str, Any]]:
    """The calculation the letter attaches: for an Ablehnung or Aufhebung the asset check
    (wegen Vermögen), the need sheet (income covers the need) or none (another ground: the
    calculation shows an entitlement, which a refusal must not present as payable)."""
    results = decision.snapshot.get("results") or {}
    ground = (checks.rejection_ground(results)
              if decision.decision_type.key in checks.ENDING else "")
    if ground == checks.VERMOEGEN:
        sheets = letter.asset_check(decision)
    elif ground == checks.SONSTIGES:
        sheets = []
    else:  # the need sheet (for an Ablehnung: it shows that income covers the need)
        sheets = berechnungsboegen(results, decision.snapshot.get("names") or {},
                                   letter.birth_labels(decision))
    for sheet in sheets:
        sheet["notes"] = [_glued(note) for note in sheet["notes"]]
    return sheets


def _amount_table(decision: Decision) -> list[dict[str, str]]:
    amount_rows = []
    for first, last, rows in _month_groups(decision):
        for row in rows:
            amount_rows.append({
                "month": period_label(first, last),
                "person": letter.person_label(decision, row.person_key, row.person_name),
                "amount": euro(row.amount)})
        if len(rows) > 1:
            amount_rows.append({"month": period_label(first, last),
                                "person": _("zusammen monatlich"),
                                "amount": euro(sum((r.amount for r in rows), Decimal(0)))})
    return amount_rows
def _title(decision: Decision) -> str:
    kind = kinds.get(decision.decision_type.key)
    if kind is not None:
        return kind.title_of(decision) if kind.title_of is not None else kind.title
    return TITLES.get(decision.decision_type.key, decision.decision_type.title)


def bescheid_data(decision: Decision) -> dict[str, Any]:
    jc = decision.case.jobcenter
    amount_rows = _amount_table(decision)
    reference_rows = letter.reference_rows(decision)
    facts = [p for p in (
        *letter.change_paragraphs(decision), letter.representation_note(decision),
        *letter.payment_paragraphs(decision), letter.provisional_law_paragraph(decision),
    ) if p]
    return {
        "title": (_("Vorläufiger Bewilligungsbescheid") if decision.snapshot.get("vorlaeufig")
                  else _(_title(decision))),
        "footer_reference": _("Aktenzeichen %(reference)s") % {
            "reference": decision.case.reference},
        "labels": {
            "page": _("Seite"), "phone": _("Telefon"), "email": _("E-Mail"),
            "website": _("Internet"), "opening_hours": _("Öffnungszeiten"),
            "amounts": _("Monatliche Beträge"), "month": _("Monat"), "person": _("Person"),
            "amount": _("Betrag"), "reasons": _("Begründung"), "position": _("Position"),
            "legal_basis": _("Rechtsgrundlage"), "rechtsbehelf": _("Rechtsbehelfsbelehrung"),
        },
        "jobcenter": jobcenter_block(jc),
        "addressee": _addressee(decision),
        "reference_rows": reference_rows,
        "paragraphs": [_glued(p) for p in
                       (letter.salutation(decision), *_paragraphs(decision), *facts)],
        "amount_rows": amount_rows,
        "reasons": [p for p in decision.reasons.splitlines() if p.strip()],
        "sections": letters.bescheid_sections(decision),
        "berechnungsboegen": _sheets(decision),
        "rechtsbehelf": [_glued(p) for p in _rechtsbehelf(decision)],
        "signature_note": _signature_note(decision),
    }


def _signature_note(decision: Decision) -> str:
    kind = kinds.get(decision.decision_type.key)
    if kind is not None and not kind.verwaltungsakt:
        return _("Dieses Schreiben wurde elektronisch erstellt und ist ohne Unterschrift "
                 "gültig.")
    return _("Dieser Bescheid wurde elektronisch erstellt und ist ohne Unterschrift gültig "
             "(§ 33 Abs. 5 SGB X).")


def _logo(decision: Decision) -> tuple[bytes, str] | None:
    return jobcenter_logo(decision.case.jobcenter)


def jobcenter_logo(jobcenter: Any) -> tuple[bytes, str] | None:
    """The Jobcenter's logo for a letter (PNG or SVG), or None."""
    logo = jobcenter.logo
    if not logo:
        return None
    ext = logo.name.rsplit(".", 1)[-1].lower()
    if ext not in {"png", "svg"}:
        return None
    try:
        with logo.open("rb") as handle:
            return handle.read(), ext
    except OSError:
        return None


def bescheid_pdf(decision: Decision) -> bytes:
    """The Bescheid as PDF/A-2a; dated by its approval, so a second render gives the same
    bytes."""
    stamp = int(decision.approved_at.timestamp()) if decision.approved_at else None
    with translation.override("de"):
        return render_pdf(bescheid_data(decision), logo=_logo(decision), timestamp=stamp)
