"""The staff work area. Every query goes through ``core.access.scope``; every read of a
person's data writes an access-log entry."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jobcenter.accounts import services as account_services
from jobcenter.accounts.models import User
from jobcenter.accounts.roles import Role
from jobcenter.backoffice.forms import StaffCreateForm
from jobcenter.backoffice.search import persons_searched
from jobcenter.core.access import get_scoped_or_404, scope, staff_required
from jobcenter.households.models import Membership, Person
from jobcenter.jobcenters.models import Team
from jobcenter.transparency.models import AccessLogEntry
from jobcenter.transparency.services import access_log_record


@staff_required()
def queue(request: HttpRequest) -> HttpResponse:
    """The work area's start page is the eAkte work queue (Arbeitsvorrat)."""
    return redirect("casefiles:queue")


@staff_required()
def search(request: HttpRequest) -> HttpResponse:
    form, results = persons_searched(request)
    return render(request, "backoffice/search.html", {"form": form, "results": results})


@staff_required()
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_scoped_or_404(Person.objects.all(), request.user, pk=pk)
    access_log_record(
        actor=request.user, purpose=AccessLogEntry.Purpose.VIEW_PERSON, obj=person, person=person
    )
    memberships = (
        scope(Membership.objects.all(), request.user)
        .filter(person=person)
        .select_related("bedarfsgemeinschaft")
    )
    return render(
        request, "backoffice/person_detail.html", {"person": person, "memberships": memberships}
    )


@staff_required()
def administration(request: HttpRequest) -> HttpResponse:
    user = request.user
    staff = (
        scope(User.objects.all(), user)
        .exclude(role=Role.CITIZEN)
        .select_related("team")
        .order_by("last_name", "first_name")
    )
    teams = scope(Team.objects.all(), user)
    return render(
        request,
        "backoffice/administration.html",
        {"jobcenter": user.jobcenter, "staff": staff, "teams": teams,
         "can_manage_staff": user.role == Role.JOBCENTER_ADMIN},
    )


@staff_required(Role.JOBCENTER_ADMIN)
def staff_create(request: HttpRequest) -> HttpResponse:
    form = StaffCreateForm(request.POST or None, jobcenter_id=request.user.jobcenter_id)
    if request.method == "POST" and form.is_valid():
        try:
            account_services.staff_create(
                created_by=request.user,
                email=form.cleaned_data["email"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                role=form.cleaned_data["role"],
                team=form.cleaned_data["team"],
            )
        except account_services.AccountError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Das Konto wurde angelegt. Die Person erhält eine E-Mail mit einem Link, um "
                  "ihr Passwort festzulegen; bei der ersten Anmeldung richtet sie den zweiten "
                  "Faktor ein."),
            )
            return redirect("backoffice:administration")
    return render(request, "backoffice/staff_create.html", {"form": form})
