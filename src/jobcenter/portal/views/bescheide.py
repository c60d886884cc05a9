"""Citizen views: the download of a Bescheid and how I want to receive them (the list of
Bescheide is part of the portal's "Dokumente")."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from jobcenter.core.access import citizen_required
from jobcenter.core.pending import document_pending
from jobcenter.decisions import forms, selectors, services
from jobcenter.decisions.downloads import bescheid_pdf_response
from jobcenter.decisions.models import DeliveryPreference


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
                                back_url=reverse("decisions_citizen:list"),
                                back_label=_("Zurück zu Ihren Bescheiden"))
    return bescheid_pdf_response(decision)


@citizen_required
@require_http_methods(["GET", "POST"])
def delivery(request: HttpRequest) -> HttpResponse:
    pref = DeliveryPreference.objects.filter(user=request.user).first()
    initial = {"channel": pref.channel if pref else DeliveryPreference.Channel.POST}
    form = forms.DeliveryPreferenceForm(
        request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.delivery_preference_set(user=request.user,
                                         channel=form.cleaned_data["channel"])
        messages.success(request, _("Ihre Wahl ist gespeichert."))
        return redirect(reverse("portal:documents") + "#bescheide")
    return render(request, "decisions/citizen/delivery.html", {"form": form},
                  status=400 if form.errors else 200)
