"""The Anhörungsschreiben as PDF/A (``pdf/schreiben.typ`` through ``core.typst_pdf``),
rendered once after it is sent (outbox task ``decisions.tasks.anhoerung_render``) and filed
in the eAkte like a Bescheid (visible to the citizen once it is sent)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from jobcenter.casefiles.services import case_add_document
from jobcenter.core.typst_pdf import render_pdf
from jobcenter.decisions import addressees, documents, letters
from jobcenter.decisions.models import Anhoerung
from jobcenter.decisions.services import aufhebung

TEMPLATE = Path(__file__).resolve().parent.parent / "pdf" / "schreiben.typ"


def anhoerung_data(anhoerung: Anhoerung) -> dict[str, Any]:
    case = anhoerung.case
    jc = case.jobcenter
    person = case.applicant
    greeting = (_("Guten Tag %(name)s,") % {"name": f"{person.first_name} {person.last_name}"}
                if person is not None else _("Guten Tag,"))
    sections = letters.anhoerung_sections(anhoerung)
    addressee = documents._addressee(anhoerung.decision)
    heard = aufhebung.anhoerung_addressees(anhoerung)
    if len(heard) > 1 or any(p.get("person_id") != case.applicant_id for p in heard):
        # every adult concerned (and the representatives of a minor) is heard by name
        greeting = addressees.salutation_of(heard)
        addressee = [addressees.names_text(heard), *addressees.address_lines(heard[0])[1:]]
        _keys, to = aufhebung.member_addressees(anhoerung)
        minors = [a["name"] for a in to.values() if a["minor"]]
        note = _("Dieses Schreiben richtet sich an jede der genannten Personen: %(names)s. "
                 "Jede von Ihnen kann sich äußern. Zurückfordern würden wir von jeder Person "
                 "nur den Betrag, der in der Tabelle für sie steht.") % {
            "names": addressees.names_text(heard)}
        if minors:
            note += " " + _("Für %(children)s schreiben wir Ihnen als gesetzliche Vertretung.") \
                % {"children": ", ".join(minors)}
        sections[0]["paragraphs"].append(note)
    sections[0]["paragraphs"].insert(0, greeting)
    return {
        "title": _("Anhörung vor einer Aufhebung und Erstattung (§ 24 SGB X)"),
        "footer_reference": _("Aktenzeichen %(reference)s") % {"reference": case.reference},
        **documents.letterhead(jc),
        "addressee": addressee,
        "reference_rows": [
            [_("Aktenzeichen"), case.reference],
            [_("Datum"), documents.date_de(anhoerung.letter_date)],
            [_("Antwort bis"), documents.date_de(anhoerung.deadline)],
        ],
        "sections": sections,
        "signature_note": _("Dieses Schreiben wurde elektronisch erstellt und ist ohne "
                            "Unterschrift gültig."),
    }


def anhoerung_pdf(anhoerung: Anhoerung) -> bytes:
    stamp = int(anhoerung.created_at.timestamp()) if anhoerung.created_at else None
    with translation.override("de"):
        return render_pdf(TEMPLATE, anhoerung_data(anhoerung),
                          logo=documents._logo(anhoerung.decision), timestamp=stamp)


def anhoerung_render(*, anhoerung_id: int) -> bool:
    """Render once and file in the eAkte; a second run finds the document and does nothing."""
    anhoerung = (Anhoerung.objects.select_related(
        "case", "case__jobcenter", "case__applicant", "decision", "decision__case",
        "decision__case__jobcenter", "decision__case__applicant").filter(pk=anhoerung_id).first())
    if (anhoerung is None or anhoerung.document_version_id is not None
            or anhoerung.status == Anhoerung.Status.DRAFT):
        return False
    pdf = anhoerung_pdf(anhoerung)
    with transaction.atomic():
        locked = Anhoerung.objects.select_for_update().select_related("case").get(
            pk=anhoerung.pk)
        if locked.document_version_id is not None:
            return False
        locked.document_version = case_add_document(
            case=locked.case, title=_("Anhörungsschreiben vom %(date)s")
            % {"date": documents.date_de(locked.letter_date)},
            document_type_key="schreiben", content=pdf, content_type="application/pdf",
            actor=locked.created_by,
            visible_to_citizen=locked.channel == "online")
        locked.save(update_fields=["document_version"])
    return True
