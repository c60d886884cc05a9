"""The citizen's "Zahlungen": payments of their Bedarfsgemeinschaft and their claims."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from jobcenter.core.access import AuthenticatedHttpRequest, citizen_required
from jobcenter.portal.views.profile import masked_iban
from jobcenter.zahlungen import selectors
from jobcenter.zahlungen.models import Payment


def _one_off_subject(payment: Payment) -> dict[str, object] | None:
    """What a Bescheid's one-off payment was for, in the reader's language (the purpose
    is the German title of the concern, a msgid of the catalogue) and the Bescheid's day."""
    manual = payment.manual_payment
    if manual is None or manual.decision is None:
        return None
    return {"title": gettext(manual.purpose) if manual.purpose else "",
            "letter_date": manual.decision.letter_date}


@citizen_required
@require_http_methods(["GET"])
def payments(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = [{"payment": p, "subject": _one_off_subject(p),
             # a third party's account is theirs: the citizen sees the payee's name only
             "iban": masked_iban(p.iban) if p.recipient_kind != Payment.RecipientKind.THIRD
             else ""}
            for p in selectors.payments_for_citizen(request.user).select_related(
                "run", "manual_payment__decision")[:120]]
    return render(request, "zahlungen/citizen.html", {
        "rows": rows, "claims": selectors.claims_for_citizen(request.user),
        "letters": selectors.letters_for_citizen(request.user)[:50]})
