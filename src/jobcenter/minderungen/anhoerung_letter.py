"""The Anhörungsschreiben before a Leistungsminderung (§ 24 SGB X, § 31a Abs. 2 SGB II) as
PDF/A through the project's one Typst renderer (``core.typst_pdf``) with the letter layout
of ``decisions/pdf/schreiben.typ``. It is rendered once after the Anhörung is started
(outbox task ``minderungen.tasks.anhoerung_render``) and filed in the eAkte, visible to the
citizen; sent online where the citizen chose it, otherwise printed and posted from the
staff list of Minderungen.

The letter is addressed to the person concerned (not to the Bedarfsgemeinschaft's
representative: § 38 SGB II does not cover the Anhörung, BSG B 14 AS 2/13 R) and states the
facts, the intended Minderung with amount and period, the right to be heard with the
deadline, the personal hearing where the law provides it, how to answer, the wichtiger
Grund (§ 31 Abs. 1 Satz 2, § 32 Abs. 1 Satz 2 SGB II) and the Härte (§ 31a Abs. 3 SGB II).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jobcenter.casefiles.services import case_add_document
from jobcenter.core.typst_pdf import render_pdf
from jobcenter.decisions import deadlines, documents
from jobcenter.decisions.letters import section
from jobcenter.minderungen import regeln
from jobcenter.minderungen.models import Minderung

TEMPLATE = (Path(__file__).resolve().parent.parent / "decisions" / "pdf" / "schreiben.typ")


def expected_amount(m: Minderung) -> Decimal:
    """The monthly amount intended: the percentage of the person's Regelbedarf in the
    current Bescheid's first month, at most what is paid for Regel- and Mehrbedarf (as the
    engine's step S12; the Bescheid states the exact amount of each month)."""
    for result in (m.basis.snapshot.get("results") or {}).values():
        for person in result.get("personen") or []:
            if person.get("id") == m.person_key:
                regelbedarf = Decimal(str(person.get("regelbedarf") or 0))
                paid = Decimal(str(person.get("davon_regel_und_mehrbedarf") or 0))
                percent = Decimal(100 if m.full_withdrawal else min(m.percent, 30))
                amount = (regelbedarf * percent / 100).quantize(Decimal("0.01"))
                return min(amount, paid)
    return Decimal(0)


def earliest_start(m: Minderung) -> dt.date | None:
    """The Minderung starts with the month after its Bescheid takes effect (§ 31b Abs. 1
    Satz 1 SGB II); the Bescheid comes after the deadline at the earliest."""
    if m.answer_due is None:
        return None
    return regeln.first_month_after(deadlines.presumed_delivery(m.answer_due))


def _addressee(m: Minderung) -> list[str]:
    person = m.case.applicant
    lines = [m.person_name]
    if person is not None and person.street:
        lines.append(person.street)
    if person is not None and (person.postcode or person.city):
        lines.append(f"{person.postcode} {person.city}".strip())
    return lines


def anhoerung_sections(m: Minderung) -> list[dict[str, Any]]:
    jc = m.case.jobcenter
    values = {
        "person": m.person_name, "duty": m.duty, "event": documents.date_de(m.event_on),
        "belehrung": documents.date_de(m.belehrung_on), "percent": m.percent,
        "months": ngettext("einen Monat", "%(n)s Monate", m.months) % {"n": m.months},
        "amount": documents.euro(expected_amount(m)), "basis": m.legal_basis,
        "start": documents.date_de(earliest_start(m)),
        "previous": documents.date_de(m.basis.letter_date),
        "deadline": documents.date_de(m.answer_due), "reference": m.case.reference,
        "jobcenter": jc.name, "street": jc.street, "postcode": jc.postcode, "city": jc.city,
        "phone": jc.phone, "n": m.missed_in_row,
        "hearing": documents.date_de(m.personal_hearing_on),
    }
    melde = m.kind == Minderung.Kind.MELDE
    sections = [
        section("", [
            _("Guten Tag %(person)s,") % values,
            (_("wir prüfen, ob sich Ihre Leistungen wegen eines versäumten Termins mindern. "
               "Bevor wir entscheiden, möchten wir Ihre Sicht hören. Dieses Schreiben ist noch "
               "keine Entscheidung.") if melde else
             _("wir prüfen, ob sich Ihre Leistungen wegen einer Pflichtverletzung mindern. "
               "Bevor wir entscheiden, möchten wir Ihre Sicht hören. Dieses Schreiben ist noch "
               "keine Entscheidung.")),
        ]),
        section(_("Was wir wissen"), [
            (_("Wir hatten Sie zu einem Termin eingeladen: %(duty)s.") if melde else
             _("Ihre Pflicht war: %(duty)s.")) % values,
            _("Über die Folgen, wenn Sie dem ohne wichtigen Grund nicht nachkommen, haben wir "
              "Sie am %(belehrung)s schriftlich belehrt (Rechtsfolgenbelehrung).") % values,
            (_("Nach unseren Unterlagen haben Sie den Termin am %(event)s nicht "
               "wahrgenommen:") if melde else
             _("Nach unseren Unterlagen sind Sie dieser Pflicht am %(event)s nicht "
               "nachgekommen:")) % values,
            m.event_text,
            _("Es ist der %(n)s. Termin in Folge, den Sie nicht wahrgenommen haben.") % values
            if melde and m.missed_in_row > 1 else "",
        ]),
    ]
    if m.full_withdrawal:
        intended = [
            _("Wer drei Meldetermine in Folge ohne wichtigen Grund versäumt, gilt als nicht "
              "erreichbar (%(basis)s). Wir beabsichtigen deshalb festzustellen, dass Sie für "
              "einen Monat keinen Regelbedarf erhalten, das sind voraussichtlich %(amount)s. "
              "Das gilt frühestens ab dem %(start)s, dem Monat nach der Bekanntgabe des "
              "Bescheids.") % values,
            _("Die Kosten für Unterkunft und Heizung zahlen wir in diesem Monat weiter. Wenn "
              "Sie sich in diesem Monat persönlich bei uns melden, gelten Sie als durchgehend "
              "erreichbar, und es wird nichts entzogen."),
            _("Wenn Sie sich nicht melden, kann Ihr Anspruch danach ganz entfallen, auch für "
              "Unterkunft und Heizung, bis Sie sich persönlich melden. Darüber entscheiden wir "
              "gesondert und hören Sie vorher an."),
        ]
    else:
        intended = [
            _("Wir beabsichtigen festzustellen, dass sich Ihr Regelbedarf für %(months)s um "
              "%(percent)s Prozent mindert, das sind voraussichtlich %(amount)s im Monat "
              "(%(basis)s). Die Minderung beginnt mit dem Monat nach der Bekanntgabe des "
              "Bescheids, frühestens am %(start)s. Insoweit würden wir unseren Bescheid vom "
              "%(previous)s ändern (§ 48 SGB X).") % values,
            _("Die Kosten für Unterkunft und Heizung werden nicht gemindert. Für die anderen "
              "Personen Ihrer Bedarfsgemeinschaft ändert sich nichts."),
        ]
        if m.ends_on_cooperation:
            intended.append(_("Wenn Sie die Pflicht erfüllen oder uns ernsthaft und nachhaltig "
                              "erklären, ihr künftig nachzukommen, heben wir die Minderung ab "
                              "diesem Zeitpunkt auf, frühestens nach einem Monat (§ 31a Abs. 1 "
                              "Satz 6, § 31b Abs. 2 Satz 2 SGB II)."))
    if m.provisional_rule:
        intended.append(_("Die Regeln für Minderungen ab dem 1. Juli 2026 wenden wir nach dem "
                          "vom Bundestag beschlossenen Gesetz an."))
    sections.append(section(_("Was wir vorhaben"), intended))
    sections.append(section(_("Wichtiger Grund und außergewöhnliche Härte"), [
        (_("Eine Minderung tritt nicht ein, wenn Sie für das Versäumnis einen wichtigen Grund "
           "hatten und ihn darlegen und nachweisen (§ 32 Abs. 1 Satz 2 SGB II).") if melde else
         _("Eine Minderung tritt nicht ein, wenn Sie für Ihr Verhalten einen wichtigen Grund "
           "hatten und ihn darlegen und nachweisen (§ 31 Abs. 1 Satz 2 SGB II).")),
        _("Ein wichtiger Grund kann zum Beispiel eine Krankheit, ein Unfall oder die "
          "notwendige Betreuung eines Kindes sein. Bitte nennen Sie uns den Grund und legen Sie "
          "Nachweise bei, zum Beispiel eine ärztliche Bescheinigung."),
        _("Eine Minderung erfolgt auch nicht, wenn sie für Sie im Einzelfall eine "
          "außergewöhnliche Härte bedeuten würde (§ 31a Abs. 3 SGB II), zum Beispiel wenn "
          "Ihnen dadurch der Verlust der Wohnung droht. Wenn das so ist, schreiben Sie uns "
          "bitte, warum."),
    ]))
    if m.personal_hearing_on:
        sections.append(section(_("Persönliches Gespräch"), [
            (_("Bevor wir Ihnen den Regelbedarf entziehen, möchten wir Sie persönlich anhören. "
               "Wir laden Sie dazu ein am %(hearing)s in das %(jobcenter)s, %(street)s, "
               "%(postcode)s %(city)s.") if m.full_withdrawal else
             _("Wir möchten Sie persönlich anhören (§ 31a Abs. 2 SGB II). Wir laden Sie dazu ein "
               "am %(hearing)s in das %(jobcenter)s, %(street)s, %(postcode)s %(city)s."))
            % values,
            _("Wenn Sie an diesem Tag nicht kommen können, rufen Sie uns bitte an: %(phone)s. "
              "Wir vereinbaren dann einen anderen Termin.") % values,
        ]))
    else:
        sections.append(section(_("Persönliches Gespräch"), [
            _("Wenn Sie möchten, hören wir Sie auch persönlich an (§ 31a Abs. 2 Satz 1 SGB II). "
              "Rufen Sie uns dazu an: %(phone)s.") % values,
        ]))
    sections.append(section(_("Ihre Möglichkeit, sich zu äußern"), [
        _("Sie haben das Recht, sich vor unserer Entscheidung zu allen Tatsachen zu äußern, "
          "die dafür wichtig sind (§ 24 Abs. 1 SGB X). Bitte antworten Sie bis zum "
          "%(deadline)s. Dafür haben Sie drei Wege:") % values,
        _("– online in Ihrem Kundenkonto bei Jobcenter Online unter „Leistungsminderungen und "
          "Anhörungen“;"),
        _("– per Post an %(jobcenter)s, %(street)s, %(postcode)s %(city)s;") % values,
        _("– persönlich bei uns während der Öffnungszeiten (siehe oben)."),
        _("Bitte geben Sie dabei das Aktenzeichen %(reference)s an.") % values,
        _("Wenn wir bis dahin nichts von Ihnen hören, entscheiden wir nach den Unterlagen, die "
          "uns vorliegen. Über eine Minderung erhalten Sie einen eigenen Bescheid."),
    ]))
    return sections


def anhoerung_data(m: Minderung) -> dict[str, Any]:
    case = m.case
    jc = case.jobcenter
    rows = [[_("Aktenzeichen"), case.reference],
            [_("Datum"), documents.date_de(m.hearing_letter_date)],
            [_("Antwort bis"), documents.date_de(m.answer_due)]]
    if m.personal_hearing_on:
        rows.append([_("Persönliches Gespräch"), documents.date_de(m.personal_hearing_on)])
    return {
        "title": _("Anhörung vor einer Leistungsminderung (§ 24 SGB X)"),
        "footer_reference": _("Aktenzeichen %(reference)s") % {"reference": case.reference},
        **documents.letterhead(jc),
        "addressee": _addressee(m),
        "reference_rows": rows,
        "sections": anhoerung_sections(m),
        "signature_note": _("Dieses Schreiben wurde elektronisch erstellt und ist ohne "
                            "Unterschrift gültig."),
    }


def anhoerung_pdf(m: Minderung) -> bytes:
    stamp = int((m.hearing_sent_at or m.recorded_at).timestamp())
    with translation.override("de"):
        return render_pdf(TEMPLATE, anhoerung_data(m), logo=documents._logo(m.basis),
                          timestamp=stamp)


def anhoerung_render(*, minderung_id: int) -> bool:
    """Render once and file in the eAkte; a second run finds the document and does
    nothing."""
    m = (Minderung.objects.select_related("case", "case__jobcenter", "case__applicant",
                                          "basis", "basis__case", "basis__case__jobcenter")
         .filter(pk=minderung_id).first())
    if m is None or m.hearing_document_id is not None or m.hearing_letter_date is None:
        return False
    pdf = anhoerung_pdf(m)
    with transaction.atomic():
        locked = Minderung.objects.select_for_update().select_related("case").get(pk=m.pk)
        if locked.hearing_document_id is not None:
            return False
        with translation.override("de"):
            title = _("Anhörung vor einer Leistungsminderung vom %(date)s") % {
                "date": documents.date_de(locked.hearing_letter_date)}
        locked.hearing_document = case_add_document(
            case=locked.case, title=title, document_type_key="schreiben", content=pdf,
            content_type="application/pdf", actor=locked.recorded_by, visible_to_citizen=True)
        locked.save(update_fields=["hearing_document"])
    return True
