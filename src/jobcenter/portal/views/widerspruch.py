"""Citizen views of the Widerspruchsverfahren: file a Widerspruch against a Bescheid in the
account (with the honest note that this does not replace the written form), the receipt
with its time (Europe/Berlin) and content hash, and the state in plain language."""

from __future__ import annotations

import secrets

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from jobcenter.casefiles.downloads import document_version_response
from jobcenter.core.access import AuthenticatedHttpRequest, citizen_required
from jobcenter.core.pending import document_pending
from jobcenter.decisions import selectors as decision_selectors
from jobcenter.rechtsbehelfe import forms, selectors, services


@citizen_required
@require_GET
def widerspruch_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    items = [(w, selectors.citizen_state(w))
             for w in selectors.widersprueche_for_citizen(request.user)]
    return render(request, "rechtsbehelfe/citizen/list.html", {"items": items})


@citizen_required
@require_http_methods(["GET", "POST"])
def widerspruch_create(request: AuthenticatedHttpRequest, decision_pk: int) -> HttpResponse:
    decision = decision_selectors.bescheid_for_citizen(request.user, decision_pk)
    existing = selectors.open_widerspruch_for(request.user, decision)
    jc = decision.case.jobcenter
    context = {"decision": decision, "existing": existing, "jobcenter": jc,
               "label": services.contested_label(decision),
               "is_ruling": decision.decision_type.key == "widerspruchsbescheid"}
    if existing is not None or context["is_ruling"]:
        return render(request, "rechtsbehelfe/citizen/create.html", context)
    if request.method == "POST":
        form = forms.CitizenWiderspruchForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                w = services.widerspruch_file_online(
                    user=request.user, decision=decision, scope=data["scope"],
                    contested=data["contested"], reasons=data["reasons"],
                    idempotency_key=data["token"], upload=data.get("attachment"))
            except services.WiderspruchError as exc:
                form.add_error(None, str(exc))
            else:
                return redirect("rechtsbehelfe_citizen:detail", pk=w.pk)
        status = 400
    else:
        form = forms.CitizenWiderspruchForm(initial={"token": secrets.token_hex(16)})
        status = 200
    context["form"] = form
    return render(request, "rechtsbehelfe/citizen/create.html", context, status=status)


@citizen_required
@require_GET
def widerspruch_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    w = selectors.widerspruch_for_citizen(request.user, pk)
    return render(request, "rechtsbehelfe/citizen/detail.html", {
        "w": w, "state": selectors.citizen_state(w), "jobcenter": w.decision.case.jobcenter,
        "label": services.contested_label(w.decision),
        "deadline": selectors.citizen_deadline(w),
        "attachments": list(w.attachments.select_related("document")),
    })


@citizen_required
@require_GET
def widerspruch_receipt(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The Eingangsbestätigung (PDF/A); "wird erstellt" while the outbox renders it."""
    w = selectors.widerspruch_for_citizen(request.user, pk)
    if w.receipt is None:
        return document_pending(request, title=_("Die Eingangsbestätigung wird erstellt"),
                                back_url=reverse("rechtsbehelfe_citizen:detail", args=[pk]),
                                back_label=_("Zurück zum Widerspruch"))
    return document_version_response(w.receipt, inline=False)
