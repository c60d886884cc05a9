"""Citizen views: the download of a Bescheid and how I want to receive them (the list of
Bescheide is part of the portal's "Dokumente")."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from jobcenter.core.access import citizen_required
from jobcenter.core.pending import document_pending
from jobcenter.decisions import selectors
from jobcenter.decisions.downloads import bescheid_pdf_response


@citizen_required
@require_GET
def bescheide(request: HttpRequest) -> HttpResponse:
    """Retired: the Bescheide are listed with their deadlines under "Dokumente" (portal)."""
    return HttpResponsePermanentRedirect(reverse("portal:documents") + "#bescheide")


@citizen_required
@require_GET
def download(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.bescheid_for_citizen(request.user, pk)
    if decision.document_version is None:  # rendered in a background task
        return document_pending(request, title=_("Ihr Bescheid"),
                                back_url=reverse("portal:documents") + "#bescheide",
                                back_label=_("Zurück zu Ihren Bescheiden"))
    return bescheid_pdf_response(decision)


@citizen_required
@require_GET
def delivery(request: HttpRequest) -> HttpResponse:
    """The choice lives in the profile now (``portal:profile_delivery``); old links land there."""
    return redirect("portal:profile_delivery", permanent=True)
