""""Was möchten Sie erledigen?": every concern a citizen can bring online, with search (a
GET form: works without JavaScript), plain descriptions, who it is for and the documents
needed, shown before starting (``anliegen.registry``)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from jobcenter.anliegen import registry
from jobcenter.core.access import AuthenticatedHttpRequest, citizen_required

MAX_QUERY = 100


@citizen_required
@require_GET
def catalogue(request: AuthenticatedHttpRequest) -> HttpResponse:
    query = (request.GET.get("q") or "").strip()[:MAX_QUERY]
    entries = registry.search(query, registry.entries())
    groups = []
    for key, title in registry.groups():
        items = []
        for entry in entries:
            if entry.group != key:
                continue
            available = not isinstance(entry, registry.Link) or entry.available is None \
                or entry.available(request.user)
            items.append({"entry": entry, "available": available})
        if items:
            groups.append({"key": key, "title": title, "items": items})
    return render(request, "portal/catalogue.html", {
        "query": query, "groups": groups, "count": len(entries),
        "total": len(registry.entries()),
    })
