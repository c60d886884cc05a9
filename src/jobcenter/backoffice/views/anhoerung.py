"""Staff views of a change for the past: start the Anhörung from a case's changed
calculation, send it (online or print and post), record a paper answer, and create the
Aufhebungs- und Erstattungsbescheid (then approved by a second person on the Bescheid's
page, ``decisions:detail``)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from jobcenter.casefiles.downloads import document_version_response
from jobcenter.core import sgb2_adapter as engine  # the one adapter to the law engine
from jobcenter.core.access import CHANGE, Data, staff_required
from jobcenter.core.pending import document_pending
from jobcenter.decisions import anhoerung as selectors
from jobcenter.decisions import selectors as decision_selectors
from jobcenter.decisions.models import Anhoerung
from jobcenter.decisions.services import DecisionError, previous_final_decision
from jobcenter.decisions.services import aufhebung as services


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, case_pk: int) -> HttpResponse:
    """Start an Anhörung from the case's calculation (already changed to the known facts)."""
    case = decision_selectors.case_for_calculation(request.user, case_pk)
    ruling = previous_final_decision(case=case)
    form = selectors.AnhoerungStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            anhoerung = services.anhoerung_create(
                case=case, actor=request.user, basis=data["basis"], facts=data["facts"],
                trust=data["trust"], month_from=data["month_from"], month_to=data["month_to"],
                kenntnis_am=data["kenntnis_am"])
        except DecisionError as exc:
            form.add_error(None, str(exc))
        except engine.CalculationError:
            form.add_error(None, _("Die Berechnung ist gerade nicht möglich. Bitte prüfen Sie "
                                   "die Angaben der Berechnung."))
        else:
            messages.success(request, _("Die Anhörung ist vorbereitet. Prüfen Sie die Beträge "
                                        "und versenden Sie sie."))
            return redirect("anhoerung:detail", pk=anhoerung.pk)
    return render(request, "anhoerung/start.html", {
        "case": case, "ruling": ruling, "form": form,
    }, status=400 if form.errors else 200)


@staff_required(Data.LEISTUNGSAKTE)
@require_http_methods(["GET"])
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    anhoerung = selectors.anhoerung_for_staff(request.user, pk)
    claims = selectors.display_rows(anhoerung.positions)
    return render(request, "anhoerung/detail.html", {
        "anhoerung": anhoerung, "case": anhoerung.case, "claims": claims,
        "total_display": selectors.money(anhoerung.total),
        "can_decide": services.can_decide(anhoerung),
        "posted_form": selectors.PostedForm(initial={"posted_on": timezone.localdate()}),
        "paper_form": selectors.PaperAnswerForm(initial={"received_on": timezone.localdate()}),
        "decide_form": selectors.DecideForm(anhoerung=anhoerung, minors=_minors(anhoerung)),
        "fristen": services.anhoerung_fristen(anhoerung),
        "member_bescheide": anhoerung.bescheide.select_related("decision_type").order_by("pk"),
    })


def _minors(anhoerung: Anhoerung) -> list[str]:
    """The minors whose Bescheid goes to their representatives (staff confirm them)."""
    return services.minors_to_confirm(anhoerung) if services.can_decide(anhoerung) else []


def _redirect(pk: int) -> HttpResponse:
    return redirect("anhoerung:detail", pk=pk)


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
@require_POST
def send(request: HttpRequest, pk: int) -> HttpResponse:
    anhoerung = selectors.anhoerung_for_staff(request.user, pk)
    try:
        services.anhoerung_send(anhoerung=anhoerung, actor=request.user)
        messages.success(request, _("Das Anhörungsschreiben wird erstellt."))
    except DecisionError as exc:
        messages.error(request, str(exc))
    return _redirect(pk)


def _bad_form(request: HttpRequest, anhoerung: Anhoerung, **forms) -> HttpResponse:  # noqa: ANN003
    context = {
        "anhoerung": anhoerung, "case": anhoerung.case,
        "claims": selectors.display_rows(anhoerung.positions),
        "total_display": selectors.money(anhoerung.total),
        "can_decide": services.can_decide(anhoerung),
        "posted_form": selectors.PostedForm(), "paper_form": selectors.PaperAnswerForm(),
        "decide_form": selectors.DecideForm(anhoerung=anhoerung, minors=_minors(anhoerung)),
        "fristen": services.anhoerung_fristen(anhoerung),
        "member_bescheide": anhoerung.bescheide.select_related("decision_type").order_by("pk"),
    }
    context.update(forms)
    return render(request, "anhoerung/detail.html", context, status=400)


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
@require_POST
def posted(request: HttpRequest, pk: int) -> HttpResponse:
    anhoerung = selectors.anhoerung_for_staff(request.user, pk)
    form = selectors.PostedForm(request.POST)
    if form.is_valid():
        try:
            services.anhoerung_mark_posted(anhoerung=anhoerung, actor=request.user,
                                           posted_on=form.cleaned_data["posted_on"])
            messages.success(request, _("Die Anhörung ist als versandt vermerkt."))
            return _redirect(pk)
        except DecisionError as exc:
            form.add_error(None, str(exc))
    return _bad_form(request, anhoerung, posted_form=form)


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
@require_POST
def paper_answer(request: HttpRequest, pk: int) -> HttpResponse:
    anhoerung = selectors.anhoerung_for_staff(request.user, pk)
    form = selectors.PaperAnswerForm(request.POST)
    if form.is_valid():
        try:
            services.anhoerung_record_paper(
                anhoerung=anhoerung, actor=request.user, text=form.cleaned_data["text"],
                received_on=form.cleaned_data["received_on"])
            messages.success(request, _("Die Stellungnahme ist erfasst."))
            return _redirect(pk)
        except DecisionError as exc:
            form.add_error(None, str(exc))
    return _bad_form(request, anhoerung, paper_form=form)


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    anhoerung = selectors.anhoerung_for_staff(request.user, pk)
    form = selectors.DecideForm(request.POST, anhoerung=anhoerung, minors=_minors(anhoerung))
    if form.is_valid():
        try:
            decision = services.erstattungsbescheid_create(
                anhoerung=anhoerung, actor=request.user, reasons=form.cleaned_data["reasons"],
                kenntnis_am=form.cleaned_data.get("kenntnis_am"),
                representatives_confirmed=bool(form.cleaned_data.get("vertretung")))
        except DecisionError as exc:
            form.add_error(None, str(exc))
        else:
            count = anhoerung.bescheide.count()
            messages.success(request, ngettext(
                "Der Entwurf des Aufhebungs- und Erstattungsbescheids ist erstellt. Legen Sie "
                "ihn zur Freigabe vor.",
                "Die Entwürfe der %(count)s Aufhebungs- und Erstattungsbescheide (einer je "
                "betroffener Person) sind erstellt. Legen Sie jeden zur Freigabe vor; die "
                "Anhörung listet sie.", count) % {"count": count})
            return redirect("decisions:detail", pk=decision.pk)
    return _bad_form(request, anhoerung, decide_form=form)


@staff_required(Data.DOKUMENTE)
@require_http_methods(["GET"])
def pdf(request: HttpRequest, pk: int) -> HttpResponse:
    anhoerung = selectors.anhoerung_for_staff(request.user, pk, reading=selectors.ANHOERUNG_PDF)
    if anhoerung.document_version is None:
        if anhoerung.status == Anhoerung.Status.DRAFT:
            raise Http404
        return document_pending(request, title=_("Anhörungsschreiben"),
                                back_url=reverse("anhoerung:detail", args=[pk]),
                                back_label=_("Zurück zur Anhörung"))
    return document_version_response(anhoerung.document_version, inline=True)


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
@require_POST
def discard(request: HttpRequest, pk: int) -> HttpResponse:
    anhoerung = selectors.anhoerung_for_staff(request.user, pk)
    case_pk = anhoerung.case_id
    try:
        services.anhoerung_discard(anhoerung=anhoerung, actor=request.user)
    except DecisionError as exc:
        messages.error(request, str(exc))
        return _redirect(pk)
    messages.success(request, _("Der Entwurf der Anhörung ist verworfen."))
    return redirect("decisions:calculation", case_pk=case_pk)
