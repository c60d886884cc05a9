"""The Eingangsbestätigung of a Widerspruch as PDF/A: the project's one Typst renderer
(``core.typst_pdf``) with the letter layout of ``decisions/pdf/schreiben.typ``. Rendered
once after the filing's commit through the outbox (``rechtsbehelfe.tasks.receipt_render``)
and filed in the eAkte, visible to the citizen and downloadable from the Widerspruch's page
("wird erstellt" until then).

It states when the Widerspruch was received (Europe/Berlin) and how, against which
Bescheid, what was lodged with its SHA-256, the deadline neutrally (its end as computed,
the check of time and form still to come), what happens next and — for a Widerspruch filed
in the account — the same note as the page: the account does not replace the written form
(§ 84 Abs. 1 SGG, § 36a Abs. 2 SGB I).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jobcenter.casefiles.services import case_add_document
from jobcenter.core.typst_pdf import render_pdf
from jobcenter.decisions import documents
from jobcenter.decisions.letters import section
from jobcenter.rechtsbehelfe.labels import contested_label
from jobcenter.rechtsbehelfe.models import Widerspruch

TEMPLATE = (Path(__file__).resolve().parent.parent / "decisions" / "pdf" / "schreiben.typ")
W = Widerspruch


def _received(w: Widerspruch) -> str:
    local = timezone.localtime(w.received_at)
    return _("%(date)s um %(time)s Uhr") % {"date": local.strftime("%d.%m.%Y"),
                                            "time": local.strftime("%H:%M")}


def _sender(w: Widerspruch) -> str:
    person = w.decision.case.applicant
    if person is not None:
        return f"{person.first_name} {person.last_name}"
    user = w.filed_by or w.decision.case.applicant_user
    return (user.get_full_name() or user.email) if user is not None else ""


def _addressee(w: Widerspruch) -> list[str]:
    person = w.decision.case.applicant
    lines = [_sender(w)]
    if person is not None and person.street:
        lines.append(person.street)
    if person is not None and (person.postcode or person.city):
        lines.append(f"{person.postcode} {person.city}".strip())
    return [line for line in lines if line]


def receipt_sections(w: Widerspruch) -> list[dict[str, Any]]:
    case = w.decision.case
    jc = case.jobcenter
    values = {"received": _received(w), "contested": contested_label(w.decision),
              "reference": w.reference, "jobcenter": jc.name, "street": jc.street,
              "postcode": jc.postcode, "city": jc.city,
              "deadline": documents.date_de(w.decision.objection_deadline)}
    scope = w.get_scope_display() + (f": {w.contested}" if w.contested else "")
    attachments = [v.document.title for v in w.attachments.select_related("document")]
    rows = [
        [_("Eingegangen am"), values["received"]],
        [_("Eingang"), w.get_channel_display()],
        [_("Widerspruch gegen"), values["contested"]],
        [_("Angefochten"), scope],
        [_("Geschäftszeichen"), w.reference],
        [_("Aktenzeichen"), case.reference],
        [_("Unterlagen"), "; ".join(attachments) if attachments else _("keine")],
        [_("Prüfsumme (SHA-256)"), w.content_hash],
    ]
    sections = [
        section("", [
            _("Guten Tag %(name)s,") % {"name": _sender(w)} if _sender(w) else _("Guten Tag,"),
            _("Ihr Widerspruch gegen unseren %(contested)s ist am %(received)s bei uns "
              "eingegangen. Diese Bestätigung weist nach, wann er eingegangen ist und was Sie "
              "eingereicht haben.") % values,
        ], {"columns": ["auto", "1fr"], "align": ["left", "left"],
            "header": [_("Angabe"), _("Inhalt")], "rows": rows}),
        section(_("Ihre Begründung"),
                w.reasons.splitlines() if w.reasons.strip() else
                [_("Sie haben noch keine Begründung angegeben. Sie können sie nachreichen.")]),
        section("", [
            _("Mit der Prüfsumme können Sie später belegen, was Sie eingereicht haben: Jede "
              "Änderung am Inhalt ergäbe eine andere Zahl. Sie wird aus dem Geschäftszeichen, "
              "dem Bescheid, Ihren Angaben und den Prüfsummen der Unterlagen berechnet."),
        ]),
    ]
    if w.decision.objection_deadline:
        deadline = [_("Die Widerspruchsfrist für diesen Bescheid endet nach unserer Berechnung "
                      "am %(deadline)s. Ob Ihr Widerspruch rechtzeitig und in der richtigen "
                      "Form eingelegt ist, prüfen wir, wenn wir ihn bearbeiten; das Ergebnis "
                      "teilen wir Ihnen mit.") % values]
    else:
        deadline = [_("Für diesen Bescheid läuft noch keine Widerspruchsfrist, weil er noch "
                      "nicht bekannt gegeben ist. Ob Ihr Widerspruch in der richtigen Form "
                      "eingelegt ist, prüfen wir, wenn wir ihn bearbeiten; das Ergebnis teilen "
                      "wir Ihnen mit.")]
    sections.append(section(_("Frist"), deadline))
    if w.channel == W.Channel.ONLINE:
        sections.append(section(_("Bitte schriftlich bestätigen"), [
            _("Die Eingabe im Kundenkonto ersetzt nicht die Schriftform. Drucken Sie diese "
              "Bestätigung aus, unterschreiben Sie sie und schicken Sie sie an %(jobcenter)s, "
              "%(street)s, %(postcode)s %(city)s. Oder erklären Sie den Widerspruch im "
              "Jobcenter zur Niederschrift.") % values,
            _("Ort, Datum, Unterschrift: ______________________________________"),
        ]))
    sections.append(section(_("Wie es weitergeht"), [
        _("Wir prüfen den Bescheid noch einmal. Halten wir Ihren Widerspruch für begründet, "
          "ändern wir den Bescheid mit einem neuen Bescheid (Abhilfe). Sonst entscheidet unsere "
          "Widerspruchsstelle mit einem Widerspruchsbescheid; dieser nennt Ihnen dann den Weg "
          "zum Sozialgericht."),
        _("Den Stand sehen Sie in Ihrem Kundenkonto unter „Meine Widersprüche“. Bitte geben "
          "Sie bei Fragen das Geschäftszeichen %(reference)s an.") % values,
    ]))
    return sections


def receipt_data(w: Widerspruch) -> dict[str, Any]:
    case = w.decision.case
    return {
        "title": _("Eingangsbestätigung: Widerspruch"),
        "footer_reference": _("Geschäftszeichen %(reference)s") % {"reference": w.reference},
        **documents.letterhead(case.jobcenter),
        "addressee": _addressee(w),
        "reference_rows": [[_("Geschäftszeichen"), w.reference],
                           [_("Aktenzeichen"), case.reference],
                           [_("Datum"), documents.date_de(timezone.localdate(w.received_at))]],
        "sections": receipt_sections(w),
        "signature_note": _("Diese Bestätigung wurde automatisch erstellt und ist ohne "
                            "Unterschrift gültig."),
    }


def receipt_pdf(w: Widerspruch) -> bytes:
    with translation.override("de"):
        return render_pdf(TEMPLATE, receipt_data(w), logo=documents._logo(w.decision),
                          timestamp=int(w.received_at.timestamp()))


def receipt_render(*, widerspruch_id: int) -> bool:
    """Render once and file in the eAkte; a second run finds the receipt and does nothing."""
    w = (Widerspruch.objects.select_related(
        "decision", "decision__decision_type", "decision__case", "decision__case__jobcenter",
        "decision__case__applicant", "decision__case__applicant_user", "filed_by")
        .filter(pk=widerspruch_id).first())
    if w is None or w.receipt_id is not None:
        return False
    pdf = receipt_pdf(w)
    with transaction.atomic():
        locked = Widerspruch.objects.select_for_update().select_related(
            "decision__case").get(pk=w.pk)
        if locked.receipt_id is not None:
            return False
        with translation.override("de"):
            title = _("Eingangsbestätigung Widerspruch %(reference)s") % {
                "reference": locked.reference}
        locked.receipt = case_add_document(
            case=locked.decision.case, title=title, document_type_key="eingangsbestaetigung",
            content=pdf, content_type="application/pdf",
            actor=locked.filed_by or locked.recorded_by, visible_to_citizen=True)
        locked.save(update_fields=["receipt"])
    return True
