"""Staff answer a concern of the catalogue (``anliegen``): the concern's answers and facts,
one form with its outcomes, "Unterlagen anfordern" (Mitwirkung of the eAkte). The answer
is a draft letter of ``decisions``, opened on its page, where it is issued like every
Bescheid (four eyes where the Jobcenter's rules say so)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jobcenter.anliegen import registry, services
from jobcenter.anliegen.forms import DecideForm
from jobcenter.casefiles import selectors
from jobcenter.casefiles.models import Case
from jobcenter.core.access import CHANGE, AuthenticatedHttpRequest, Data, staff_required
from jobcenter.decisions.models import Decision
from jobcenter.decisions.selectors import decisions_for_case


def _concern(case: Case) -> registry.Anliegen:
    concern = registry.for_case_type(case.case_type.key)
    if concern is None:
        raise Http404
    return concern


def _render(request: AuthenticatedHttpRequest, case: Case, concern: registry.Anliegen,
            form: DecideForm, status: int = 200) -> HttpResponse:
    letters = list(decisions_for_case(case))  # the case was read (and logged) above
    open_drafts = [d for d in letters if d.status in services.OPEN]
    issued = [d for d in letters if d.status in (Decision.Status.APPROVED,
                                                 Decision.Status.DELIVERED)]
    return render(request, "anliegen/staff/decide.html", {
        "case": case, "concern": concern, "form": form,
        "topics": selectors.case_topics(case),
        "facts": concern.staff_facts(case) if concern.staff_facts else [],
        "links": concern.staff_links(case) if concern.staff_links else [],
        "open_drafts": open_drafts, "issued": issued,
        "final": case.status.is_final,
    }, status=status)


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
@require_http_methods(["GET", "POST"])
def decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_for_staff(request.user, pk)
    concern = _concern(case)
    if request.method != "POST":
        return _render(request, case, concern, DecideForm(concern=concern, answers=case.data))
    form = DecideForm(request.POST, concern=concern, answers=case.data)
    if form.is_valid():
        data = form.cleaned_data
        try:
            draft = services.anliegen_decide(
                case=case, actor=request.user, outcome_key=data["outcome"],
                reasons=data["reasons_text"], amount=data.get("amount"),
                details=data.get("details") or "", appointment=form.appointment(),
                payee_name=data.get("payee_name") or "", payee_iban=data.get("payee_iban") or "",
                months=form.months(), day=form.day_value())
        except services.AnliegenError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Der Entwurf ist erstellt. Prüfen Sie ihn und erlassen "
                                        "Sie ihn."))
            return redirect("decisions:detail", pk=draft.pk)
    return _render(request, case, concern, form, status=400)
