"""The citizen's area. Sections whose issue has not come yet say so honestly."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jobcenter.core.access import AuthenticatedHttpRequest, citizen_required
from jobcenter.core.pagecache import cached_page
from jobcenter.households.selectors import current_household_for_user
from jobcenter.transparency.selectors import (
    access_log_for_citizen,
    access_log_month_filter,
    access_log_page,
)


@citizen_required
@cached_page
def overview(request: HttpRequest) -> HttpResponse:
    household = current_household_for_user(request.user)
    return render(request, "portal/overview.html", {"household": household})


@citizen_required
def contact(request: AuthenticatedHttpRequest) -> HttpResponse:
    """How to reach the responsible Jobcenter and how to arrange an appointment."""
    return render(request, "portal/contact.html", {"jobcenter": request.user.jobcenter})


@citizen_required
def access_log(request: HttpRequest) -> HttpResponse:
    """"Wer hat meine Daten gesehen?": every read of the citizen's data by Jobcenter staff."""
    entries = access_log_for_citizen(request.user)
    months = access_log_month_filter(request.GET, queryset=entries)
    page = access_log_page(queryset=entries, month=months.month,
                           page=request.GET.get("seite"), staff_names=False)
    query = request.GET.copy()
    query.pop("seite", None)
    return render(request, "portal/access_log.html", {
        "page": page, "months": months, "query": query.urlencode(),
        "retention_days": settings.ACCESS_LOG_RETENTION_DAYS,
    })
