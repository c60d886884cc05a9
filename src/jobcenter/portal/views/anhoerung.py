"""The citizen's Anhörung: what we intend and why, until when to answer, the answer form
(text and an optional file through the upload pipeline), and the letter as PDF."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from jobcenter.casefiles.downloads import document_version_response
from jobcenter.core.access import citizen_required
from jobcenter.core.pending import document_pending
from jobcenter.decisions import anhoerung as selectors
from jobcenter.decisions.services import DecisionError
from jobcenter.decisions.services import aufhebung as services
from jobcenter.formengine.services import UploadRateLimited


@citizen_required
@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    anhoerung = selectors.anhoerung_for_citizen(request.user, pk)
    form = selectors.AnswerForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data.get("file")
            try:
                services.anhoerung_answer(anhoerung=anhoerung, user=request.user,
                                          text=form.cleaned_data.get("text") or "",
                                          uploads=[upload] if upload else [])
            except UploadRateLimited as exc:
                form.add_error("file", exc.messages[0])
            except DecisionError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Danke! Ihre Antwort ist bei uns angekommen. Wir "
                                            "prüfen sie, bevor wir entscheiden."))
                return redirect("anhoerung_citizen:detail", pk=pk)
        status = 400
    claims = selectors.display_rows(anhoerung.positions)
    return render(request, "anhoerung/citizen.html", {
        "anhoerung": anhoerung, "claims": claims, "form": form,
        "total_display": selectors.money(anhoerung.total),
        "can_answer": selectors.is_open(anhoerung),
    }, status=status)


@citizen_required
@require_GET
def pdf(request: HttpRequest, pk: int) -> HttpResponse:
    anhoerung = selectors.anhoerung_for_citizen(request.user, pk)
    if anhoerung.document_version is None:
        return document_pending(request, title=_("Anhörungsschreiben"),
                                back_url=reverse("anhoerung_citizen:detail", args=[pk]),
                                back_label=_("Zurück zur Anhörung"))
    return document_version_response(anhoerung.document_version, inline=False)
