"""Wiedervorlagen in the work area (/arbeitsbereich/akte/wiedervorlagen/…): the list with
its filters (mine, my team, due today, overdue), a free Wiedervorlage on a case, done."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from jobcenter.backoffice.haushalt_forms import FollowUpFilterForm, FollowUpForm
from jobcenter.casefiles import selectors, services
from jobcenter.core.access import CHANGE, AuthenticatedHttpRequest, Data, may, staff_required


@staff_required(Data.LEISTUNGSAKTE)
@require_GET
def follow_up_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = FollowUpFilterForm(request.GET or None)
    who = due = ""
    if form.is_valid():
        who, due = form.cleaned_data["wer"], form.cleaned_data["faellig"]
    page = selectors.follow_ups_page(user=request.user, who=who, due=due,
                                     page=request.GET.get("seite"))
    query = request.GET.copy()
    query.pop("seite", None)
    return render(request, "casefiles/follow_ups.html", {
        "form": form, "page": page, "query": query.urlencode(),
        "today": timezone.localdate(),
        "can_change": may(request.user, Data.LEISTUNGSAKTE, CHANGE),
    })


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
def follow_up_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A free Wiedervorlage on the case ``pk``."""
    case = selectors.case_for_staff(request.user, pk)
    form = FollowUpForm(request.POST or None, jobcenter_id=request.user.jobcenter_id,
                        initial={"assignee": case.assignee_id or request.user.pk,
                                 "team": case.team_id})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.create_follow_up(
                jobcenter_id=case.jobcenter_id, case=case, due_on=data["due_on"],
                text=data["text"], assignee=data["assignee"], team=data["team"],
                created_by=request.user)
        except services.CasefilesError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Die Wiedervorlage wurde angelegt."))
            return redirect("casefiles:case", pk=case.pk)
    return render(request, "casefiles/follow_up_create.html", {"case": case, "form": form})


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
@require_POST
def follow_up_done(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    follow_up = selectors.follow_up_for_staff(request.user, pk)
    services.follow_up_done(follow_up=follow_up, actor=request.user)
    messages.success(request, _("Die Wiedervorlage ist erledigt."))
    return redirect("casefiles:follow_ups")
