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
from jobcenter.decisions.models import Decision
from jobcenter.decisions.pdf import render_pdf

MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
          "September", "Oktober", "November", "Dezember"]


def euro(value: Decimal | float) -> str:
    """German amount: 1.234,56 €."""
    text = f"{Decimal(str(value)).quantize(Decimal('0.01')):,.2f}"
    return text.replace(",", "§").replace(".", ",").replace("§", ".") + " €"


def date_de(day: dt.date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else ""


def month_de(month: dt.date) -> str:
    return f"{_(MONTHS[month.month - 1])} {month.year}"


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


def berechnungsboegen(results: dict[str, Any],
                      names: dict[str, str] | None = None,
                      headings: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """One Berechnungsbogen per run of consecutive months with equal results.

    ``results`` maps ``"YYYY-MM"`` to the engine's result for that month (the decision
    snapshot's ``results``), ``names`` the engine's person ids to the persons' names (the
    snapshot's ``names``). The Bogen is the citizen's (``core.buergerbogen``): persons by
    name, plain labels, only the notes with a citizen-facing text — no staff notes, ids or
    parameter versions. ``headings`` maps a person's name to the heading of their section
    ("Name, geb. …"). Pure: the benchmark builds its data with it too.
    """
    names = names or {}
    headings = headings or {}
    previous_key: Any = None
    groups: list[tuple[list[str], dict[str, Any], list[str]]] = []
    for month_key, result in results.items():
        signature = (result.get("summe"), result.get("personen"))
        if groups and signature == previous_key:
            groups[-1][0].append(month_key)
        else:
            groups.append(([month_key], result, []))
        # The notes of every month of the run (e.g. one that only applies from its third
        # month), each once, in order of appearance; notes for staff only never.
        notes = groups[-1][2]
        notes.extend(h for h in buergerbogen.citizen_notes(result, names) if h not in notes)
        previous_key = signature
    boegen: list[dict[str, Any]] = []
    for months, result, notes in groups:
        sheet = buergerbogen.sheet(result, names)
        first, last = engine.month_of(months[0]), engine.month_of(months[-1])
        sections = []
        for section in sheet.sections:
            # "Anspruch: Anspruch" — a line named like its group stands alone.
            rows = [[_line_label(group.title, line.label), line.legal_basis, line.amount]
                    for group in section.groups for line in group.lines]
            sections.append({"title": headings.get(section.title, section.title),
                             "subtitle": section.subtitle, "rows": rows})
        boegen.append({
            "title": _("Berechnungsbogen %(period)s") % {"period": period_label(first, last)},
            "sections": sections,
            "notes": notes,
        })
    return boegen


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
