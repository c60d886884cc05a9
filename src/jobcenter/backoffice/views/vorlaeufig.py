"""Staff views of provisional decisions (§ 41a SGB II): create a provisional Bewilligung
from the calculation, request the proofs, and decide finally from the proven incomes (the
draft then goes to a second person on the Bescheid's page, ``decisions:detail``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jobcenter.core import sgb2_adapter as engine  # the one adapter to the law engine
from jobcenter.core.access import CHANGE, Data, staff_required
from jobcenter.decisions import selectors
from jobcenter.decisions.anhoerung import ProofsForm, money
from jobcenter.decisions.models import Decision
from jobcenter.decisions.services import DecisionError
from jobcenter.decisions.services import vorlaeufig as services
from jobcenter.decisions.services.common import _months as month_range


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
@require_POST
def create(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = selectors.case_for_calculation(request.user, case_pk)
    try:
        decision = services.provisional_create(case=case, actor=request.user,
                                               reason=request.POST.get("reason", ""))
    except DecisionError as exc:
        messages.error(request, str(exc))
        return redirect("decisions:calculation", case_pk=case.pk)
    except engine.CalculationError:
        messages.error(request, _("Die Berechnung ist gerade nicht möglich. Bitte prüfen Sie "
                                  "die Angaben der Berechnung."))
        return redirect("decisions:calculation", case_pk=case.pk)
    messages.success(request, _("Der Entwurf der vorläufigen Bewilligung ist erstellt."))
    return redirect("decisions:detail", pk=decision.pk)


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
@require_POST
def proofs(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.decision_for_staff(request.user, pk)
    proofs_form = ProofsForm(request.POST)
    if proofs_form.is_valid():
        try:
            services.proofs_request(decision=decision, actor=request.user,
                                    deadline=proofs_form.cleaned_data["deadline"])
            messages.success(request, _("Die Nachweise sind angefordert. Die Person sieht die "
                                        "Aufforderung in ihrem Konto."))
        except DecisionError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, " ".join(str(e) for errs in proofs_form.errors.values()
                                         for e in errs))
    return redirect("decisions:detail", pk=pk)


def _months(decision: Decision) -> list[dt.date]:
    return month_range(decision.period_from, decision.period_to)


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
@require_http_methods(["GET", "POST"])
def final(request: HttpRequest, pk: int) -> HttpResponse:
    """One row per month: the proven brutto and netto income, or "kein Nachweis"."""
    decision = selectors.decision_for_staff(request.user, pk)
    if not services.is_provisional(decision):
        messages.error(request, _("Dieser Bescheid ist keine vorläufige Bewilligung."))
        return redirect("decisions:detail", pk=pk)
    months = _months(decision)
    refs = services.replaced_refs(decision)
    incomes = [{"index": i, "label": services.income_label(decision, ref)}
               for i, ref in enumerate(refs)]
    errors: list[str] = []
    values: dict[str, dict[str, str]] = {}
    result = None
    if request.method == "POST":
        proofs: dict[dt.date, dict[tuple[int, int], tuple[Decimal, Decimal]] | None] = {}
        for month in months:
            key = f"{month:%Y-%m}"
            missing = request.POST.get(f"fehlt-{key}") == "1"
            values[key] = {"fehlt": "1" if missing else ""}
            month_values: dict[tuple[int, int], tuple[Decimal, Decimal]] = {}
            for i, ref in enumerate(refs):
                for part in ("brutto", "netto"):
                    values[key][f"{part}-{i}"] = request.POST.get(f"{part}-{key}-{i}", "")
                if missing:
                    continue
                raw = {part: values[key][f"{part}-{i}"].strip().replace(".", "")
                       .replace(",", ".") for part in ("brutto", "netto")}
                try:
                    brutto, netto = Decimal(raw["brutto"]), Decimal(raw["netto"])
                    if brutto < 0 or netto < 0 or netto > brutto:
                        raise InvalidOperation
                except InvalidOperation:
                    errors.append(_("%(month)s, %(income)s: Bitte geben Sie brutto und netto "
                                    "als Betrag an (netto höchstens brutto) oder kreuzen Sie "
                                    "„kein Nachweis“ an.")
                                  % {"month": month.strftime("%m/%Y"),
                                     "income": incomes[i]["label"]})
                    continue
                month_values[ref] = (brutto, netto)
            proofs[month] = None if missing else month_values
        actual = request.POST.get("tatsaechlich") == "1"
        if not errors:
            try:
                if request.POST.get("action") == "create":
                    created = services.final_create(
                        decision=decision, actor=request.user, proofs=proofs,
                        actual_requested=actual, reasons=request.POST.get("reasons", ""))
                    messages.success(request, _("Der Entwurf der abschließenden Entscheidung "
                                                "ist erstellt. Legen Sie ihn zur Freigabe vor."))
                    return redirect("decisions:detail", pk=created.pk)
                result = services.final_compute(decision=decision, proofs=proofs,
                                                actual_requested=actual)
            except DecisionError as exc:
                errors.append(str(exc))
            except engine.CalculationError:
                errors.append(_("Die Berechnung ist mit diesen Beträgen nicht möglich."))
    rows = []
    for m in months:
        entered = values.get(f"{m:%Y-%m}", {})
        rows.append({"month": m, "key": f"{m:%Y-%m}", "fehlt": entered.get("fehlt", ""),
                     "incomes": [{**income,
                                  "brutto": entered.get(f"brutto-{income['index']}", ""),
                                  "netto": entered.get(f"netto-{income['index']}", "")}
                                 for income in incomes]})
    preview = None
    if result is not None:
        preview = {
            "method": services.method_text(result, len(months)),
            "claim": money(result.total_claim), "back": money(result.total_back),
            "rows": [{"month": engine.month_of(r["month"]), "person": r["person_name"],
                      "old": money(r["old"]), "new": money(r["new"]),
                      "claim": money(r["claim"]), "back": money(r["back"])}
                     for r in result.rows],
        }
    return render(request, "vorlaeufig/final.html", {
        "decision": decision, "case": decision.case, "rows": rows, "errors": errors,
        "several": len(incomes) > 1,
        "preview": preview, "actual": request.POST.get("tatsaechlich") == "1",
        "reasons": request.POST.get("reasons", ""),
    }, status=400 if errors else 200)
