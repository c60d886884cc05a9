"""The citizen's area. Sections whose issue has not come yet say so honestly."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jobcenter.core.access import citizen_required
from jobcenter.households.selectors import current_household_for_user


@citizen_required
def overview(request: HttpRequest) -> HttpResponse:
    household = current_household_for_user(request.user)
    return render(request, "portal/overview.html", {"household": household})


@citizen_required
def applications(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/applications.html")


@citizen_required
def documents(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/documents.html")


@citizen_required
def mailbox(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/mailbox.html")


@citizen_required
def appointments(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/appointments.html")


@citizen_required
def profile(request: HttpRequest) -> HttpResponse:
    household = current_household_for_user(request.user)
    return render(request, "portal/profile.html", {"household": household})
