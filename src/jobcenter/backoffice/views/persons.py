"""The staff work area. Every query goes through ``core.access.scope``; personal data is
read through ``transparency.reads`` (via the selectors), which writes the access log."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from jobcenter.accounts import services as account_services
from jobcenter.accounts.models import User
from jobcenter.auskunft.selectors import copies_for_person
from jobcenter.backoffice.forms import StaffCreateForm
from jobcenter.backoffice.haushalt_forms import NoteForm
from jobcenter.backoffice.search import persons_searched
from jobcenter.casefiles.selectors import follow_ups_of
from jobcenter.core.access import CHANGE, Data, may, scope, staff_required, staff_start_page
from jobcenter.core.roles import Role
from jobcenter.households.selectors import (
    PERSON_ACCESS_LOG,
    household_members_for_staff,
    payment_account_for,
    person_for_staff,
    person_record,
)
from jobcenter.jobcenters.models import Team
from jobcenter.transparency.models import AccessLogEntry
from jobcenter.transparency.selectors import (
    access_log_for_person,
    access_log_month_filter,
    access_log_page,
)


@staff_required(Data.KONTEN)
def queue(request: HttpRequest) -> HttpResponse:
    """The work area's start page: the Arbeitsvorrat for case work, otherwise the search or
    the administration (whatever the role's work needs)."""
    return redirect(staff_start_page(request.user))


@staff_required(Data.STAMMDATEN)
def search(request: HttpRequest) -> HttpResponse:
    form, results = persons_searched(request)
    return render(request, "backoffice/search.html", {"form": form, "results": results})


@staff_required(Data.STAMMDATEN)
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_for_staff(request.user, pk)
    today = timezone.localdate()
    record = person_record(person, today)
    members = (household_members_for_staff(request.user, record.household.bedarfsgemeinschaft,
                                           today, viewed=person) if record.household else [])
    can_case_work = may(request.user, Data.LEISTUNGSAKTE)
    return render(request, "backoffice/person_detail.html", {
        "person": person, "memberships": record.memberships, "record": record,
        "members": members, "today": today,
        "payment_account": payment_account_for(person, today),
        "follow_ups": follow_ups_of(person_id=person.pk) if can_case_work else [],
        "can_read_access_log": may(request.user, Data.ZUGRIFFSPROTOKOLL),
        "can_change": may(request.user, Data.STAMMDATEN, CHANGE),
        "can_follow_up": may(request.user, Data.LEISTUNGSAKTE, CHANGE),
        "note_form": NoteForm(),
        "can_write_message": may(request.user, Data.NACHRICHTEN, CHANGE) and person.user_id,
        "can_invite": may(request.user, Data.TERMINE, CHANGE),
    })


@staff_required(Data.ZUGRIFFSPROTOKOLL)
def person_access_log(request: HttpRequest, pk: int) -> HttpResponse:
    """Who read this person's data: the same list the citizen sees, for team leads and
    the data-protection officer (reading it is itself logged)."""
    person = person_for_staff(request.user, pk, reading=PERSON_ACCESS_LOG,
                              purpose=AccessLogEntry.Purpose.DATA_PROTECTION)
    entries = access_log_for_person(person)
    months = access_log_month_filter(request.GET, queryset=entries)
    page = access_log_page(queryset=entries, month=months.month,
                           page=request.GET.get("seite"), staff_names=True)
    return render(request, "backoffice/person_access_log.html", {
        "person": person, "page": page, "months": months, "query": _without_page(request),
        "copies": copies_for_person(person),
    })


def _without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("seite", None)
    return query.urlencode()


@staff_required(Data.KONTEN)
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
         "can_manage_staff": may(user, Data.KONTEN, CHANGE),
         "can_read_reminders": may(user, Data.AUTOMATISIERUNG)},
    )


@staff_required(Data.KONTEN, CHANGE)
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
