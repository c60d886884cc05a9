"""The citizen's one structure: "Meine Anliegen" (each concern with its status, tasks,
Bescheide and documents) and "Dokumente" (every document of the account in one list).

The older pages that overlapped with these (Anträge, Meine Vorgänge, a Vorgang's page,
Meine Dokumente und Bescheide, Meine Bescheide) redirect here; see ``portal/urls.py``,
``casefiles/citizen_urls.py`` and ``decisions/citizen_urls.py``.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from jobcenter.casefiles.selectors import timeline_for_citizen
from jobcenter.core.access import AuthenticatedHttpRequest, citizen_required
from jobcenter.core.pagecache import cached_page
from jobcenter.decisions.models import DeliveryPreference
from jobcenter.formengine.selectors import draft_rows
from jobcenter.portal import concerns


@citizen_required
@require_GET
@cached_page
def concern_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    items = concerns.concerns_for_citizen(request.user)
    return render(request, "portal/concerns.html", {
        "open_concerns": [c for c in items if c.is_open],
        "done_concerns": [c for c in items if not c.is_open],
        "drafts": draft_rows(request.user),
        "bewilligung": concerns.current_bewilligung(request.user),
    })


@citizen_required
@require_GET
@cached_page
def concern_detail(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    concern = concerns.concern_for_citizen(request.user, reference)
    return render(request, "portal/concern.html", {
        "concern": concern,
        "timeline": timeline_for_citizen(concern.case) if concern.case else [],
    })


@citizen_required
@require_GET
def documents(request: AuthenticatedHttpRequest) -> HttpResponse:
    links = [d for c in concerns.concerns_for_citizen(request.user) for d in c.documents]
    links.sort(key=lambda d: (d.day is not None, d.day), reverse=True)
    pref = DeliveryPreference.objects.filter(user=request.user).first()
    return render(request, "portal/documents.html", {
        "bescheide": [d for d in links if d.kind == "bescheid"],
        "letters": [d for d in links if d.kind == "schreiben"],
        "incoming": [d for d in links if d.kind == "eingang"],
        "channel": pref.channel if pref else DeliveryPreference.Channel.POST,
    })


@citizen_required
@require_GET
def applications_redirect(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Retired: "Anträge" (drafts, received applications, new application) is part of
    "Meine Anliegen"."""
    return redirect("portal:concerns", permanent=True)
