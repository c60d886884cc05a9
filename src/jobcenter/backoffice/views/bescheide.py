"""Staff views of ``decisions`` (calculation, Bescheide, approval, print list, report)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jobcenter.casefiles.models import Case
from jobcenter.core import sgb2_adapter as engine  # the one adapter to the law engine
from jobcenter.core.access import CHANGE, Data, get_scoped_or_404, staff_required
from jobcenter.core.pending import document_pending
from jobcenter.decisions import forms, kinds, selectors, services
from jobcenter.decisions.documents import bescheid_data
from jobcenter.decisions.downloads import bescheid_pdf_response
from jobcenter.decisions.models import AutomationRule, Decision
from jobcenter.transparency.models import AccessLogEntry
from jobcenter.transparency.reads import staff_count, staff_read_many, staff_statistics

LIST_LIMIT = 200


def _case(request: HttpRequest, pk: int) -> Case:
    return selectors.case_for_calculation(request.user, pk)


def _decisions(request: HttpRequest, queryset, limit: int) -> list[Decision]:  # noqa: ANN001
    return staff_read_many(user=request.user, queryset=queryset,
                           reading=selectors.DECISION_IN_LIST,
                           purpose=AccessLogEntry.Purpose.DECISION, limit=limit)


@staff_required(Data.LEISTUNGSAKTE)
@require_http_methods(["GET"])
def overview(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(request, "decisions/overview.html", {
        "awaiting": _decisions(request, selectors.awaiting_approval(user), LIST_LIMIT),
        "drafts": _decisions(request, selectors.prepared_drafts(user), LIST_LIMIT),
        "print_count": staff_count(user=user, queryset=selectors.print_list(user),
                                   data=Data.LEISTUNGSAKTE),
    })


def _calculation_context(case: Case, calculation, sections, errors=None, reason="",
                         reason_error="") -> dict:
    result = calculation.result
    return {
        "case": case, "calculation": calculation, "sections": sections,
        "field_errors": errors or [], "reason": reason, "reason_error": reason_error,
        "result": result,
        # the month as a date, for the reader's format ("Januar 2027", not "2027-01")
        "result_month": engine.month_of(str(result["monat"])) if result else None,
        "explanation": engine.explanation_html(result) if result else "",
        "comparison": selectors.comparison_with_previous(case, result),
        "changes": calculation.changes.select_related("actor")[:100],
        "decisions": selectors.decisions_for_case(case),
        "chain_runs": selectors.chain_runs(case),
        "create_form": forms.DecisionCreateForm(),
        "einkommen_choices": forms.EINKOMMEN, "mehrbedarf_choices": forms.MEHRBEDARFE,
        "rollen": forms.ROLLEN,
    }


def _place_errors(errors: list, fields: list[forms.Field]) -> list[tuple[str, str]]:
    """The engine's errors at the calculation form's inputs (named by their request paths),
    with translated messages; returns those that belong to no input, as (path, message)."""
    by_path = {f.path: f for f in fields}
    unplaced = []
    for problem in engine.place(errors, engine.FieldMap.identity(by_path), staff=True):
        if problem.field is not None:
            by_path[problem.field].error = problem.message
        else:
            unplaced.append((problem.path, problem.message))
    return unplaced


def _problem_text(problem: engine.Problem) -> str:
    return f"{problem.path}: {problem.message}" if problem.path else problem.message


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
@require_http_methods(["GET", "POST"])
def calculation(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = _case(request, case_pk)
    calc = services.calculation_for_case(case=case, actor=request.user)
    sections = forms.calculation_sections(calc.request)
    if request.method == "GET":
        unplaced = _place_errors(calc.errors, forms.all_fields(sections))
        return render(request, "decisions/calculation.html",
                      _calculation_context(case, calc, sections, unplaced))
    ops, unplaced = [], []
    fields = forms.all_fields(sections)
    for f in fields:
        raw = request.POST.get(f.path, "")
        try:
            value = forms.parse_value(f.kind, raw)
        except forms.ParseError as exc:
            f.error = str(exc)
            f.value = raw
            continue
        if value != f.value:
            ops.append(("set", f.path, value))
        f.value = value if value is not None else raw
    reason = request.POST.get("reason", "").strip()
    reason_error = ""
    if ops and not reason:
        reason_error = _("Bitte geben Sie an, warum Sie die Angaben ändern.")
    has_field_errors = any(f.error for f in fields)
    if not has_field_errors and not reason_error and ops:
        try:
            services.calculation_change(
                calculation=calc, ops=ops, reason=reason, actor=request.user,
                expected_version=int(request.POST.get("version") or 0) or None)
            messages.success(request, _("Die Berechnung wurde aktualisiert."))
            return redirect("decisions:calculation", case_pk=case.pk)
        except engine.CalculationError as exc:
            unplaced = _place_errors(exc.errors, fields)
        except services.DecisionError as exc:
            reason_error = str(exc)
    elif not ops and not has_field_errors:
        messages.info(request, _("Sie haben nichts geändert."))
        return redirect("decisions:calculation", case_pk=case.pk)
    return render(request, "decisions/calculation.html",
                  _calculation_context(case, calc, sections, unplaced, reason, reason_error),
                  status=400)


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
@require_POST
def calculation_structure(request: HttpRequest, case_pk: int) -> HttpResponse:
    """Add a person, an income or a Mehrbedarf, or remove an entry (with a reason)."""
    case = _case(request, case_pk)
    calc = services.calculation_for_case(case=case, actor=request.user)
    action = request.POST.get("action", "")
    reason = request.POST.get("reason", "")
    try:
        if action == "remove":
            ops = [("remove", request.POST.get("path", ""), None)]
        elif action == "add_person":
            count = len(calc.request.get("personen") or [])
            ops = [("append", "personen", {
                "id": f"P{count + 1}", "rolle": request.POST.get("rolle", "kind"),
                "geburtsdatum": request.POST.get("geburtsdatum", "").strip()})]
        elif action in {"add_income", "add_mehrbedarf"}:
            index = int(request.POST.get("person", "-1"))
            if action == "add_income":
                item = {"art": request.POST.get("art", "sonstiges"), "betrag": 0.0}
                ops = [("append", f"personen[{index}].einkommen", item)]
            else:
                ops = [("append", f"personen[{index}].mehrbedarfe",
                        {"art": request.POST.get("art", "behinderung")})]
        else:
            raise services.DecisionError(_("Unbekannte Aktion."))
        services.calculation_change(calculation=calc, ops=ops, reason=reason,
                                    actor=request.user)
        messages.success(request, _("Die Berechnung wurde aktualisiert."))
    except (services.DecisionError, ValueError) as exc:
        if isinstance(exc, engine.CalculationError):
            text = "; ".join(_problem_text(p) for p in engine.place(
                exc.errors, engine.FieldMap(), staff=True))
        elif isinstance(exc, services.DecisionError):
            text = str(exc)
        else:
            text = _("Dieser Eintrag kann so nicht geändert werden.")
        messages.error(request, text)
    return redirect("decisions:calculation", case_pk=case.pk)


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
@require_POST
def decision_create(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = _case(request, case_pk)
    form = forms.DecisionCreateForm(request.POST)
    if form.is_valid():
        try:
            decision = services.decision_create(
                case=case, decision_type_key=form.cleaned_data["decision_type"],
                actor=request.user, period_from=form.cleaned_data["period_from"],
                reasons=form.cleaned_data["reasons"])
            return redirect("decisions:detail", pk=decision.pk)
        except services.DecisionError as exc:
            form.add_error(None, str(exc))
        except engine.CalculationError as exc:
            for problem in engine.place(exc.errors, engine.FieldMap(), staff=True):
                form.add_error(None, _problem_text(problem))
    calc = services.calculation_for_case(case=case, actor=request.user)
    context = _calculation_context(case, calc, forms.calculation_sections(calc.request))
    context["create_form"] = form
    return render(request, "decisions/calculation.html", context, status=400)


@staff_required(Data.LEISTUNGSAKTE)
@require_http_methods(["GET"])
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.decision_for_staff(request.user, pk)
    open_ = decision.status in {Decision.Status.DRAFT, Decision.Status.AWAITING_APPROVAL}
    return render(request, "decisions/detail.html", {
        "decision": decision, "case": decision.case,
        "amounts": decision.amounts.all(),
        "changes": selectors.changes_of(decision),
        "four_eyes_reasons": selectors.four_eyes_reasons_of(decision)
        if decision.requires_four_eyes else [],
        "problems": selectors.problems_of(decision) if open_ else [],
        "can_approve": services.can_approve(decision=decision, user=request.user),
        "is_creator": decision.created_by_id == request.user.pk,
        "return_form": forms.ReturnForm(),
        # a kind registered by another app (Widerspruch, Minderung, a concern): its letter
        # text, so the draft can be read before it is issued
        "kind": kinds.get(decision.decision_type.key),
        "letter_preview": _letter_preview(decision) if open_ else None,
    })


def _letter_preview(decision: Decision) -> dict | None:
    if kinds.get(decision.decision_type.key) is None:
        return None
    with translation.override("de"):  # the letter's language
        data = bescheid_data(decision)
    return {"title": data["title"], "paragraphs": data["paragraphs"],
            "rechtsbehelf": data["rechtsbehelf"]}


def _action(request: HttpRequest, pk: int, func, success: str) -> HttpResponse:
    decision = selectors.decision_for_staff(request.user, pk)
    try:
        func(decision)
        messages.success(request, success)
    except services.DecisionError as exc:
        messages.error(request, str(exc))
    return redirect("decisions:detail", pk=pk)


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
@require_POST
def finalize(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, lambda d: services.decision_finalize(decision=d,
                                                                     actor=request.user),
                   _("Der Bescheid wurde erlassen oder zur Freigabe vorgelegt."))


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, lambda d: services.decision_approve(decision=d,
                                                                    actor=request.user),
                   _("Der Bescheid wurde freigegeben."))


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
@require_POST
def return_to_draft(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, lambda d: services.decision_return(
        decision=d, actor=request.user, note=request.POST.get("note", "")),
        _("Der Bescheid wurde zur Überarbeitung zurückgegeben."))


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
@require_POST
def discard(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.decision_for_staff(request.user, pk)
    case_pk = decision.case_id
    try:
        services.decision_discard(decision=decision, actor=request.user)
    except services.DecisionError as exc:
        messages.error(request, str(exc))
        return redirect("decisions:detail", pk=pk)
    messages.success(request, _("Der Entwurf wurde verworfen."))
    return redirect("decisions:calculation", case_pk=case_pk)


@staff_required(Data.DOKUMENTE)
@require_http_methods(["GET"])
def pdf(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.decision_for_staff(request.user, pk, reading=selectors.DECISION_PDF)
    if decision.document_version is None:
        if decision.status not in services.FINAL:  # a draft has no document
            raise Http404
        return document_pending(  # issued; rendered in a background task
            request, title=_("Bescheid"), back_url=reverse("decisions:detail", args=[pk]),
            back_label=_("Zurück zum Bescheid"))
    return bescheid_pdf_response(decision)


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
@require_http_methods(["GET", "POST"])
def print_list(request: HttpRequest) -> HttpResponse:
    items = _decisions(request, selectors.print_list(request.user), 500)
    form = forms.PostedForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        wanted = {int(x) for x in request.POST.getlist("decision") if x.isdigit()}
        chosen = [d for d in items if d.pk in wanted]
        if not chosen:
            form.add_error(None, _("Bitte wählen Sie mindestens einen Bescheid aus."))
        else:
            count = services.decisions_mark_posted(
                decisions=chosen, actor=request.user,
                posted_on=form.cleaned_data["posted_on"])
            messages.success(request, _("%(count)s Bescheide als versandt markiert.")
                             % {"count": count})
            return redirect("decisions:print_list")
    return render(request, "decisions/print_list.html", {"items": items, "form": form},
                  status=400 if form.errors else 200)


@staff_required(Data.AUTOMATISIERUNG)
@require_http_methods(["GET"])
def report(request: HttpRequest) -> HttpResponse:
    since = dt.date.today() - dt.timedelta(days=365)
    return render(request, "decisions/report.html", {
        "report": staff_statistics(
            user=request.user, data=Data.AUTOMATISIERUNG,
            compute=lambda: selectors.automation_report(
                jobcenter_id=request.user.jobcenter_id, since=since)),
        "since": since,
    })


@staff_required(Data.AUTOMATISIERUNG, CHANGE)
@require_http_methods(["GET", "POST"])
def rules(request: HttpRequest) -> HttpResponse:
    """Jobcenter admins and team leads configure which cases are automated."""
    form = forms.AutomationRuleForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if "deactivate" in request.POST:
            rule = get_scoped_or_404(AutomationRule.objects.all(), request.user,
                                     pk=request.POST.get("deactivate"))
            services.automation_rule_deactivate(rule=rule, actor=request.user)
            messages.success(request, _("Die Regel ist abgeschaltet."))
            return redirect("decisions:rules")
        if form.is_valid():
            services.automation_rule_save(jobcenter_id=request.user.jobcenter_id,
                                          actor=request.user, **form.cleaned_data)
            messages.success(request, _("Die Regel ist gespeichert."))
            return redirect("decisions:rules")
    active = AutomationRule.objects.filter(jobcenter_id=request.user.jobcenter_id,
                                           is_active=True)
    return render(request, "decisions/rules.html", {"form": form, "rules": active},
                  status=400 if form.errors else 200)


@staff_required(Data.AUTOMATISIERUNG, CHANGE)
@require_http_methods(["GET", "POST"])
def decision_settings(request: HttpRequest) -> HttpResponse:
    """The Jobcenter's rules for Bescheide: four-eyes thresholds per month and year, the cap
    on automatic decisions and the one-click window of a Weiterbewilligung."""
    current = selectors.settings_of(request.user.jobcenter_id)
    initial = {name: getattr(current, name) for name in forms.DecisionSettingsForm.base_fields}
    form = forms.DecisionSettingsForm(request.POST if request.method == "POST" else None,
                                      initial=initial)
    if request.method == "POST" and form.is_valid():
        services.decision_settings_save(jobcenter_id=request.user.jobcenter_id,
                                        actor=request.user, **form.cleaned_data)
        messages.success(request, _("Die Einstellungen für Bescheide sind gespeichert."))
        return redirect("decisions:settings")
    return render(request, "decisions/settings.html", {"form": form, "current": current},
                  status=400 if form.errors else 200)
