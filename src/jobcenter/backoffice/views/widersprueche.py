"""Staff views of the Widerspruchsverfahren: the list of open Widersprüche with their
deadlines and the count per month, recording one received by letter or on record, and one
Widerspruch's page (registration with the deadline check, Abhilfe, hand-over to the
Widerspruchsstelle, the Widerspruchsbescheid, withdrawal), and the Jobcenter's settings
(the Sozialgericht, the Widerspruchsstelle)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jobcenter.core.access import CHANGE, AuthenticatedHttpRequest, Data, may, staff_required
from jobcenter.decisions import selectors as decision_selectors
from jobcenter.jobcenters.models import Team
from jobcenter.rechtsbehelfe import forms, selectors, services
from jobcenter.rechtsbehelfe.models import Widerspruch


@staff_required(Data.LEISTUNGSAKTE)
@require_http_methods(["GET"])
def widerspruch_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = [(w, selectors.deadlines_for(w)) for w in selectors.open_for_staff(request.user)]
    return render(request, "rechtsbehelfe/staff/list.html", {
        "rows": rows, "counts": selectors.counts_per_month(request.user),
        "may_configure": may(request.user, Data.KONTEN, CHANGE),
    })


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
@require_http_methods(["GET", "POST"])
def widerspruch_record(request: AuthenticatedHttpRequest, decision_pk: int) -> HttpResponse:
    decision = decision_selectors.decision_for_staff(request.user, decision_pk)
    if request.method == "POST":
        form = forms.StaffRecordForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                w = services.widerspruch_record(
                    actor=request.user, decision=decision, channel=data["channel"],
                    received_on=data["received_on"], scope=data["scope"],
                    contested=data["contested"], reasons=data["reasons"],
                    upload=data.get("attachment"))
            except services.WiderspruchError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Der Widerspruch ist erfasst. Prüfen Sie jetzt "
                                            "Form und Frist."))
                return redirect("rechtsbehelfe:detail", pk=w.pk)
        status = 400
    else:
        form, status = forms.StaffRecordForm(), 200
    return render(request, "rechtsbehelfe/staff/record.html", {
        "decision": decision, "form": form,
        "label": services.contested_label(decision)}, status=status)


def _detail_context(request: AuthenticatedHttpRequest, w: Widerspruch,
                    **forms_: Any) -> dict[str, Any]:
    return {
        "w": w, "label": services.contested_label(w.decision),
        "deadlines": selectors.deadlines_for(w), "closed": selectors.is_closed(w),
        "may_rule": services.may_rule(widerspruch=w, user=request.user),
        "config": selectors.settings_for(w.jobcenter_id),
        "attachments": list(w.attachments.select_related("document")),
        "register_form": forms_.get("register_form") or forms.RegisterForm(initial={
            "form_ok": "nein" if w.channel == Widerspruch.Channel.ONLINE else "ja"}),
        "remedy_form": forms_.get("remedy_form") or forms.RemedyForm(),
        "ruling_form": forms_.get("ruling_form") or forms.RulingForm(),
    }


@staff_required(Data.LEISTUNGSAKTE)
@require_http_methods(["GET"])
def widerspruch_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    w = selectors.widerspruch_for_staff(request.user, pk)
    return render(request, "rechtsbehelfe/staff/detail.html", _detail_context(request, w))


def _invalid(request: AuthenticatedHttpRequest, w: Widerspruch, **forms_: Any) -> HttpResponse:
    return render(request, "rechtsbehelfe/staff/detail.html",
                  _detail_context(request, w, **forms_), status=400)


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
@require_POST
def widerspruch_register(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    w = selectors.widerspruch_for_staff(request.user, pk)
    form = forms.RegisterForm(request.POST)
    if form.is_valid():
        try:
            services.widerspruch_register(widerspruch=w, actor=request.user,
                                          form_ok=form.cleaned_data["form_ok"],
                                          form_note=form.cleaned_data["form_note"],
                                          belehrung_defective=form.cleaned_data[
                                              "belehrung_defective"])
        except services.WiderspruchError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Der Widerspruch ist registriert."))
            return redirect("rechtsbehelfe:detail", pk=w.pk)
    return _invalid(request, w, register_form=form)


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
@require_POST
def widerspruch_remedy(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    w = selectors.widerspruch_for_staff(request.user, pk)
    form = forms.RemedyForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            draft = services.widerspruch_remedy(
                widerspruch=w, actor=request.user, remedy=data["remedy"],
                reasons=data["reasons"], costs=data["costs"], costs_share=data["costs_share"])
        except services.WiderspruchError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Der Entwurf des Abhilfebescheids ist erstellt. Prüfen "
                                        "Sie ihn und erlassen Sie ihn."))
            return redirect("decisions:detail", pk=draft.pk)
    return _invalid(request, w, remedy_form=form)


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
@require_POST
def widerspruch_hand_over(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    w = selectors.widerspruch_for_staff(request.user, pk)
    try:
        services.widerspruch_hand_over(widerspruch=w, actor=request.user)
    except services.WiderspruchError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Der Widerspruch liegt jetzt bei der Widerspruchsstelle."))
    return redirect("rechtsbehelfe:detail", pk=w.pk)


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
@require_POST
def widerspruch_rule(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    w = selectors.widerspruch_for_staff(request.user, pk)
    form = forms.RulingForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            ruling = services.widerspruch_rule(
                widerspruch=w, actor=request.user, outcome=data["outcome"],
                reasons=data["reasons"], costs=data["costs"], costs_share=data["costs_share"])
        except services.WiderspruchError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Der Widerspruchsbescheid ist erlassen."))
            return redirect("decisions:detail", pk=ruling.pk)
    return _invalid(request, w, ruling_form=form)


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
@require_POST
def widerspruch_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    w = selectors.widerspruch_for_staff(request.user, pk)
    try:
        services.widerspruch_withdraw(widerspruch=w, actor=request.user)
    except services.WiderspruchError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Die Rücknahme ist vermerkt."))
    return redirect("rechtsbehelfe:detail", pk=w.pk)


@staff_required(Data.KONTEN, CHANGE)
@require_http_methods(["GET", "POST"])
def widerspruch_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    jobcenter_id = request.user.jobcenter_id
    assert jobcenter_id is not None  # staff_required: staff of a Jobcenter
    teams = [(t.pk, t.name) for t in Team.objects.filter(jobcenter_id=jobcenter_id)]
    config = selectors.settings_for(jobcenter_id)
    if request.method == "POST":
        form = forms.SettingsForm(request.POST, teams=teams)
        if form.is_valid():
            data = form.cleaned_data
            services.settings_save(
                jobcenter_id=jobcenter_id, actor=request.user, court_name=data["court_name"],
                court_street=data["court_street"], court_postcode=data["court_postcode"],
                court_city=data["court_city"],
                widerspruchsstelle_id=data["widerspruchsstelle"])
            messages.success(request, _("Die Einstellungen sind gespeichert."))
            return redirect("rechtsbehelfe:settings")
        status = 400
    else:
        initial = {}
        if config is not None:
            initial = {"court_name": config.court_name, "court_street": config.court_street,
                       "court_postcode": config.court_postcode, "court_city": config.court_city,
                       "widerspruchsstelle": config.widerspruchsstelle_id}
        form, status = forms.SettingsForm(initial=initial, teams=teams), 200
    return render(request, "rechtsbehelfe/staff/settings.html", {"form": form},
                  status=status)
