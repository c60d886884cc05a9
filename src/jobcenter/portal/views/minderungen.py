"""Citizen views of a Leistungsminderung: its state in plain language and the answer to the
Anhörung (§ 24 SGB X)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from jobcenter.casefiles.downloads import document_version_response
from jobcenter.core.access import AuthenticatedHttpRequest, citizen_required
from jobcenter.core.pending import document_pending
from jobcenter.minderungen import forms, selectors, services


@citizen_required
@require_GET
def minderung_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    items = [(m, selectors.citizen_state(m))
             for m in selectors.minderungen_for_citizen(request.user)]
    return render(request, "minderungen/citizen/list.html", {"items": items})


@citizen_required
@require_http_methods(["GET", "POST"])
def minderung_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    m = selectors.minderung_for_citizen(request.user, pk)
    state = selectors.citizen_state(m)
    status = 200
    form = forms.CitizenAnswerForm()
    if request.method == "POST":
        form = forms.CitizenAnswerForm(request.POST)
        if form.is_valid():
            try:
                services.minderung_answer_online(minderung=m, user=request.user,
                                                 answer=form.cleaned_data["answer"])
            except services.MinderungError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Danke. Ihre Antwort ist bei uns angekommen."))
                return redirect("minderungen_citizen:detail", pk=m.pk)
        status = 400
    return render(request, "minderungen/citizen/detail.html",
                  {"m": m, "state": state, "form": form}, status=status)


@citizen_required
@require_GET
def minderung_hearing_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The citizen's Anhörungsschreiben (PDF/A); "wird erstellt" while rendering."""
    m = selectors.minderung_for_citizen(request.user, pk)
    if m.hearing_document is None:
        return document_pending(request, title=_("Anhörungsschreiben"),
                                back_url=reverse("minderungen_citizen:detail", args=[pk]),
                                back_label=_("Zurück zur Leistungsminderung"))
    return document_version_response(m.hearing_document, inline=False)
