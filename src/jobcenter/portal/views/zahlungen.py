"""The citizen's "Zahlungen": payments of their Bedarfsgemeinschaft and their claims."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from jobcenter.core.access import AuthenticatedHttpRequest, citizen_required
from jobcenter.portal.views.profile import masked_iban
from jobcenter.zahlungen import selectors
from jobcenter.zahlungen.models import ManualPayment, Payment


def _one_off_subject(payment: Payment) -> dict[str, object] | None:
    """What a Bescheid's one-off payment or Vorschuss was for, in the reader's language
    (the purpose is the German title of the concern, a msgid of the catalogue) and the
    Bescheid's day; a re-issued payment names the Bescheid of the returned one."""
    standing = payment.standing_order
    if standing is not None:  # a Bescheid's monthly amount (§ 26, § 27 SGB II)
        return {"title": gettext(standing.purpose), "monthly": True,
                "letter_date": standing.decision.letter_date}
    manual = payment.manual_payment
    if manual is not None and manual.reissue_of is not None:
        original = manual.reissue_of.manual_payment
        decision = original.decision if original is not None else None
        return {"title": gettext(manual.purpose) if manual.purpose else "",
                "letter_date": decision.letter_date if decision else None, "reissued": True}
    if manual is None or manual.decision is None:
        return None
    return {"title": gettext(manual.purpose) if manual.purpose else "",
            "letter_date": manual.decision.letter_date, "advance": manual.advance}


def _reissue(payment: Payment) -> dict[str, object] | None:
    """A returned one-off payment: whether it is ordered again and to which account (the
    citizen's own account masked; a provider's only by name) — or None."""
    if payment.status != Payment.Status.RETURNED or payment.kind != Payment.Kind.ONE_OFF:
        return None
    order = next((m for m in payment.reissues.all()
                  if m.status != ManualPayment.Status.REJECTED), None)
    if order is None:
        return {"state": "open"}
    own = payment.recipient_kind != Payment.RecipientKind.THIRD
    return {"state": "paid" if hasattr(order, "payment") else order.status,
            "account": masked_iban(order.payee_iban) if own else order.payee_name}


@citizen_required
@require_http_methods(["GET"])
def payments(request: AuthenticatedHttpRequest) -> HttpResponse:
    payments_ = list(selectors.payments_for_citizen(request.user).select_related(
        "run", "manual_payment__decision", "manual_payment__reissue_of__manual_payment__decision",
        "standing_order__decision").prefetch_related("reissues__payment")[:120])
    # a Vorschuss (§ 42 Abs. 2 SGB II) lowers the payment of its month: said on that row
    advances: dict[tuple[int, object], list[Payment]] = {}
    for p in payments_:
        if p.kind == Payment.Kind.ADVANCE and p.status == Payment.Status.SENT:
            advances.setdefault((p.bedarfsgemeinschaft_id, p.month), []).append(p)
    rows = [{"payment": p, "subject": _one_off_subject(p), "reissue": _reissue(p),
             "advances": advances.get((p.bedarfsgemeinschaft_id, p.month), [])
             if p.kind == Payment.Kind.REGULAR and p.recipient_key == "citizen" else [],
             # a third party's account is theirs: the citizen sees the payee's name only
             "iban": masked_iban(p.iban) if p.recipient_kind != Payment.RecipientKind.THIRD
             else ""}
            for p in payments_]
    return render(request, "zahlungen/citizen.html", {
        # a run is sent to the bank before its execution day: until then it is announced,
        # not reported as done
        "rows": rows, "today": timezone.localdate(),
        "claims": selectors.claims_for_citizen(request.user),
        "standing": [{"order": o, "title": gettext(o.purpose)}
                     for o in selectors.standing_orders_for_citizen(request.user)],
        "letters": selectors.letters_for_citizen(request.user)[:50]})
