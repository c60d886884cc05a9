"""The citizen's "Zahlungen": payments of their Bedarfsgemeinschaft and their claims."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from jobcenter.core.access import AuthenticatedHttpRequest, citizen_required
from jobcenter.portal.views.profile import masked_iban
from jobcenter.zahlungen import selectors


@citizen_required
@require_http_methods(["GET"])
def payments(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = [{"payment": p, "iban": masked_iban(p.iban)}
            for p in selectors.payments_for_citizen(request.user)[:120]]
    return render(request, "zahlungen/citizen.html", {
        "rows": rows, "claims": selectors.claims_for_citizen(request.user),
        "letters": selectors.letters_for_citizen(request.user)[:50]})
