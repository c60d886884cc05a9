"""Staff views of the Minderung procedure: the open procedures with their hearing
deadlines, recording one for a case (also prefilled from a Meldetermin recorded as "nicht
erschienen": "Meldeversäumnis prüfen"), and one procedure's page (Anhörung, the answer from
paper or the personal hearing, the Minderungsbescheid, no Minderung, the early end)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jobcenter.casefiles.downloads import document_version_response
from jobcenter.core.access import CHANGE, AuthenticatedHttpRequest, Data, staff_required
from jobcenter.core.pending import document_pending
from jobcenter.decisions import selectors as decision_selectors
from jobcenter.minderungen import forms, selectors, services
from jobcenter.minderungen.models import Minderung
from jobcenter.termine import selectors as termine_selectors
from jobcenter.termine import services as termine_services
from jobcenter.termine.legal import rechtsfolgenbelehrung
from jobcenter.termine.models import Appointment
from jobcenter.transparency.models import AccessLogEntry


@staff_required(Data.LEISTUNGSAKTE)
@require_http_methods(["GET"])
def minderung_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = [(m, selectors.hearing_overdue(m)) for m in selectors.open_for_staff(request.user)]
    return render(request, "minderungen/staff/list.html",
                  {"rows": rows, "to_post": selectors.to_post_for_staff(request.user)})


def _meldeversaeumnis(request: AuthenticatedHttpRequest, case_pk: int,
                      persons: list[tuple[str, str]]) -> tuple[Appointment | None, dict]:
    """"Meldeversäumnis prüfen": the Meldetermin named by ``termin`` (GET or POST) and the
    form's prefill from its recorded outcome — the date, the Meldezweck, the
    Rechtsfolgenbelehrung given with the invitation, who recorded "nicht erschienen" and when,
    the count of missed Meldetermine in a row. None when no Meldetermin is named."""
    raw = request.POST.get("termin") or request.GET.get("termin") or ""
    if not raw.isdigit():
        return None, {}
    appointment = termine_selectors.appointment_for_staff(
        user=request.user, pk=int(raw), purpose=AccessLogEntry.Purpose.CASE_WORK)
    if not appointment.is_meldeversaeumnis or appointment.case_id != case_pk:
        raise Http404
    with translation.override("de"):  # the procedure's texts are stored in German
        local = timezone.localtime(appointment.start)
        when = termine_services.when_text(appointment.start)
        purpose = appointment.get_meldezweck_display()
        recorded = timezone.localtime(appointment.outcome_at) if appointment.outcome_at else None
        by = appointment.outcome_by
        facts = [_("Zum Meldetermin am %(when)s (Zweck: %(purpose)s) bei %(staff)s nicht "
                   "erschienen.") % {"when": when, "purpose": purpose,
                                     "staff": f"{appointment.staff.first_name} "
                                              f"{appointment.staff.last_name}"}]
        if recorded is not None and by is not None:
            facts.append(_("Festgestellt von %(name)s am %(date)s um %(time)s Uhr.")
                         % {"name": f"{by.first_name} {by.last_name}",
                            "date": f"{recorded:%d.%m.%Y}", "time": f"{recorded:%H:%M}"})
        if appointment.absence_reason:
            facts.append(_("Mitgeteilter Grund: %(reason)s. %(text)s")
                         % {"reason": appointment.get_absence_reason_display(),
                            "text": appointment.absence_text})
        else:
            facts.append(_("Ein wichtiger Grund wurde nicht mitgeteilt."))
        belehrung = appointment.belehrung_text or "\n\n".join(
            rechtsfolgenbelehrung(appointment))
        duty = _("Meldetermin am %(when)s (§ 59 SGB II in Verbindung mit § 309 SGB III), "
                 "Zweck: %(purpose)s") % {"when": when, "purpose": purpose}
    name = (f"{appointment.person.first_name} {appointment.person.last_name}"
            if appointment.person else "")
    person_key = next((key for key, shown in persons if shown == name), "")
    return appointment, {
        "kind": Minderung.Kind.MELDE, "person_key": person_key,
        "duty": duty[:500], "belehrung_on": timezone.localdate(appointment.created_at),
        "belehrung_text": belehrung, "event_on": local.date(),
        "event_text": " ".join(facts).strip(),
        "missed_in_row": max(1, termine_services.missed_in_row(appointment)),
    }


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
@require_http_methods(["GET", "POST"])
def minderung_record(request: AuthenticatedHttpRequest, case_pk: int) -> HttpResponse:
    case = decision_selectors.case_for_calculation(request.user, case_pk)
    basis = services.current_bescheid(case)
    persons = services.persons_of(basis) if basis is not None else []
    appointment, prefill = _meldeversaeumnis(request, case.pk, persons)
    source_key = f"termin:{appointment.pk}" if appointment is not None else ""
    if source_key:
        existing = selectors.for_source_for_staff(request.user, source_key)
        if existing is not None:  # checked before: the procedure already runs
            messages.info(request, _("Zu diesem Meldetermin gibt es schon ein Verfahren."))
            return redirect("minderungen:detail", pk=existing.pk)
    status = 200
    if request.method == "POST":
        form = forms.RecordForm(request.POST, persons=persons)
        if form.is_valid():
            data = form.cleaned_data
            try:
                m = services.minderung_record(
                    actor=request.user, case=case, person_key=data["person_key"],
                    kind=data["kind"], duty=data["duty"], belehrung_on=data["belehrung_on"],
                    belehrung_text=data["belehrung_text"], event_on=data["event_on"],
                    event_text=data["event_text"], missed_in_row=data["missed_in_row"] or 1,
                    source_key=source_key)
            except services.MinderungError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Erfasst. Leiten Sie jetzt die Anhörung ein."))
                return redirect("minderungen:detail", pk=m.pk)
        status = 400
    else:
        form = forms.RecordForm(persons=persons, initial=prefill or {"missed_in_row": 1})
    return render(request, "minderungen/staff/record.html",
                  {"case": case, "basis": basis, "form": form, "appointment": appointment},
                  status=status)


def _context(m: Minderung, **forms_: Any) -> dict[str, Any]:
    return {
        "m": m, "overdue": selectors.hearing_overdue(m), "today": timezone.localdate(),
        "hearing_form": forms_.get("hearing_form") or forms.HearingForm(),
        "answer_form": forms_.get("answer_form") or forms.AnswerRecordForm(),
        "decide_form": forms_.get("decide_form") or forms.DecideForm(),
        "drop_form": forms_.get("drop_form") or forms.DropForm(),
        "end_form": forms_.get("end_form") or forms.EndForm(),
        "posted_form": forms_.get("posted_form") or forms.PostedForm(),
    }


@staff_required(Data.LEISTUNGSAKTE)
@require_http_methods(["GET"])
def minderung_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    m = selectors.minderung_for_staff(request.user, pk)
    return render(request, "minderungen/staff/detail.html", _context(m))


def _action(request: AuthenticatedHttpRequest, pk: int, form_class: Any, key: str,
            call: Any, done: str) -> HttpResponse:
    m = selectors.minderung_for_staff(request.user, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            result = call(m, form.cleaned_data)
        except services.MinderungError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, done)
            if result is not None and not isinstance(result, Minderung):
                return redirect("decisions:detail", pk=result.pk)
            return redirect("minderungen:detail", pk=m.pk)
    return render(request, "minderungen/staff/detail.html", _context(m, **{key: form}),
                  status=400)


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
@require_POST
def minderung_hearing(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, forms.HearingForm, "hearing_form", lambda m, d:
                   services.minderung_hearing(minderung=m, actor=request.user,
                                              answer_due=d["answer_due"],
                                              personal_hearing_on=d["personal_hearing_on"]),
                   _("Die Anhörung ist eingeleitet. Die Person sieht sie in ihrem Konto."))


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
@require_POST
def minderung_answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, forms.AnswerRecordForm, "answer_form", lambda m, d:
                   services.minderung_answer_record(minderung=m, actor=request.user,
                                                    answer=d["answer"], channel=d["channel"]),
                   _("Die Äußerung ist erfasst."))


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
@require_POST
def minderung_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, forms.DecideForm, "decide_form", lambda m, d:
                   services.minderung_decide(minderung=m, actor=request.user,
                                             reasons=d["reasons"], hardship=d["hardship"]),
                   _("Der Entwurf des Minderungsbescheids ist erstellt. Prüfen Sie ihn und "
                     "erlassen Sie ihn."))


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
@require_POST
def minderung_drop(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, forms.DropForm, "drop_form", lambda m, d:
                   services.minderung_drop(minderung=m, actor=request.user, note=d["note"]),
                   _("Das Verfahren ist ohne Minderung beendet."))


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
@require_POST
def minderung_end(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, forms.EndForm, "end_form", lambda m, d:
                   services.minderung_end(minderung=m, actor=request.user,
                                          cooperated_on=d["cooperated_on"],
                                          reasons=d["reasons"]),
                   _("Der Entwurf des Bescheids über das Ende der Minderung ist erstellt."))


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
@require_POST
def minderung_posted(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, forms.PostedForm, "posted_form", lambda m, d:
                   services.minderung_hearing_posted(minderung=m, actor=request.user,
                                                     posted_on=d["posted_on"]),
                   _("Der Versand ist vermerkt. Die Frist für die Äußerung läuft ab Zugang."))


@staff_required(Data.LEISTUNGSAKTE)
@require_http_methods(["GET"])
def minderung_hearing_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The Anhörungsschreiben (PDF/A) to read or print; "wird erstellt" while rendering."""
    m = selectors.minderung_for_staff(request.user, pk, reading=selectors.MINDERUNG_PDF)
    if m.hearing_document is None:
        if m.hearing_letter_date is None:
            raise Http404
        return document_pending(request, title=_("Anhörungsschreiben"),
                                back_url=reverse("minderungen:detail", args=[pk]),
                                back_label=_("Zurück zum Verfahren"))
    return document_version_response(m.hearing_document, inline=True)
