"""The citizen's area. Sections whose issue has not come yet say so honestly."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jobcenter.accounts.services import AccountError, citizen_change_postcode
from jobcenter.core.access import citizen_required
from jobcenter.households.selectors import current_household_for_user
from jobcenter.portal.forms import MoveForm
from jobcenter.transparency.selectors import (
    access_log_for_citizen,
    access_log_month_filter,
    access_log_page,
)


@citizen_required
def overview(request: HttpRequest) -> HttpResponse:
    household = current_household_for_user(request.user)
    return render(request, "portal/overview.html", {"household": household})


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


@citizen_required
def move(request: HttpRequest) -> HttpResponse:
    """A move: the new postcode decides which Jobcenter is responsible from now on."""
    form = MoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            jobcenter = citizen_change_postcode(
                user=request.user, postcode=form.cleaned_data["postcode"]
            )
        except AccountError as exc:
            form.add_error("postcode", str(exc))
        else:
            messages.success(
                request,
                _("Ihre Postleitzahl wurde geändert. Zuständig ist jetzt: %(jobcenter)s. Bitte "
                  "teilen Sie den Umzug Ihrem Jobcenter auch mit einer Veränderungsmitteilung "
                  "mit.") % {"jobcenter": jobcenter.name},
            )
            return redirect("portal:profile")
    return render(request, "portal/move.html", {"form": form})


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
