"""The citizen's view of their cases (status, tasks, documents) under /portal/vorgaenge/."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jobcenter.casefiles import selectors
from jobcenter.core.access import citizen_required


@citizen_required
def case_list(request: HttpRequest) -> HttpResponse:
    cases = list(selectors.cases_for_citizen(request.user))
    requests = list(selectors.open_requests_for_citizen(request.user))
    return render(request, "casefiles/citizen/list.html", {"cases": cases, "requests": requests})
