"""Citizen views: my Bescheide (with download) and how I want to receive them."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from jobcenter.core.access import citizen_required
from jobcenter.decisions import selectors
from jobcenter.decisions.models import DeliveryPreference
from jobcenter.decisions.views import _pdf_response


@citizen_required
@require_GET
def bescheide(request: HttpRequest) -> HttpResponse:
    pref = DeliveryPreference.objects.filter(user=request.user).first()
    return render(request, "decisions/citizen/list.html", {
        "bescheide": selectors.bescheide_for_citizen(request.user),
        "channel": pref.channel if pref else DeliveryPreference.Channel.POST,
    })


@citizen_required
@require_GET
def download(request: HttpRequest, pk: int) -> HttpResponse:
    return _pdf_response(selectors.bescheid_for_citizen(request.user, pk))


@citizen_required
@require_GET
def delivery(request: HttpRequest) -> HttpResponse:
    """The choice lives in the profile now (``portal:profile_delivery``); old links land there."""
    return redirect("portal:profile_delivery", permanent=True)
