"""How a claim's state reads, the same on every page that shows the claim (the citizen's
"Zahlungen", the staff claim page, the Bedarfsgemeinschaft's payments, the facts beside a
concern "Stundung, Ratenzahlung oder Erlass einer Forderung"), in the reader's language.

* **Stundung** as of a day (the Europe/Berlin date of the request, ``timezone.localdate``):
  a claim deferred until a day is deferred on that day and before it — the same rule as the
  instalment schedule (``services.claims.instalment_schedule``) and the payment run, which
  offsets no month beginning on or before it. After that day the claim is open again, and
  the text says that the Stundung has ended instead of "gestundet bis" a past day.
* **Aufrechnung**: an Erstattung's ends at the latest with the month the
  Aufrechnungserklärung names (§ 43 Abs. 4 Satz 2 SGB II); a loan's has no end month — it
  runs at 5 % of the Regelbedarf while benefits are received until the loan is repaid, and
  what is left falls due when the benefits end (§ 42a Abs. 2 Satz 1, Abs. 4 Satz 1 SGB II).
  Ended because the benefit ended (an Aufhebung, an Änderung to 0 €, or staff by hand when
  the Bezug ends without a Bescheid: ``Claim.offset_end_bezug``), each says so with its
  months. Ended by hand for another reason (the benefit going on), it says its months and
  "beendet" — the reason staff gave stays on the staff page — and for a loan when its rest
  falls due: with the end of the Bezug (§ 42a Abs. 4 Satz 1 SGB II), or since then
  (``Claim.rest_due_from``, set by a later Bescheid that ends the benefit).
"""

from __future__ import annotations

import datetime as dt

from django.utils import formats
from django.utils.translation import gettext as _

from jobcenter.decisions.letter import month_de
from jobcenter.zahlungen.models import Claim


def deferred(claim: Claim, today: dt.date) -> bool:
    """Whether the open claim is deferred on ``today`` (the Stundung's day included)."""
    return (claim.status == Claim.Status.OPEN and claim.deferred_until is not None
            and today <= claim.deferred_until)


def state(claim: Claim, today: dt.date) -> str:
    """"gestundet bis 1. März 2027" while deferred; after that day "offen, Stundung bis
    1. März 2027 abgelaufen"; otherwise the claim's status."""
    if claim.status == Claim.Status.OPEN and claim.deferred_until is not None:
        day = formats.date_format(claim.deferred_until, "DATE_FORMAT")
        if deferred(claim, today):
            return _("gestundet bis %(day)s") % {"day": day}
        return _("offen, Stundung bis %(day)s abgelaufen") % {"day": day}
    return str(claim.get_status_display())


def deferral(claim: Claim, today: dt.date) -> str:
    """The Stundung on its own (staff pages): "bis 1. März 2027", "bis 1. März 2027,
    abgelaufen" or "" for none."""
    if claim.deferred_until is None:
        return ""
    day = formats.date_format(claim.deferred_until, "DATE_FORMAT")
    if claim.deferred_until < today:
        return _("bis %(day)s, abgelaufen") % {"day": day}
    return _("bis %(day)s") % {"day": day}


def offset_label(claim: Claim) -> str:
    return (_("Aufrechnung (§ 42a Abs. 2 SGB II)") if claim.basis == Claim.Basis.FIVE
            else _("Aufrechnung (§ 43 SGB II)"))


def offset(claim: Claim) -> str:
    """The declared Aufrechnung: from which month and how long; "" when none runs."""
    if claim.offset_from is None:
        return ""
    values = {"from": month_de(claim.offset_from)}
    if claim.offset_ended_at is not None and claim.offset_until is not None:
        loan = claim.basis == Claim.Basis.FIVE
        if not claim.offset_end_bezug:  # by hand, for another reason
            months = _ended_by_hand(claim.offset_from, claim.offset_until)
            if not loan:
                return months
            return months + "; " + (
                _("seit dem Ende des Leistungsbezugs ist der Rest sofort fällig (§ 42a Abs. 4 "
                  "Satz 1 SGB II)") if claim.rest_due_from is not None else
                _("der Rest wird sofort fällig, wenn der Leistungsbezug endet (§ 42a Abs. 4 "
                  "Satz 1 SGB II)"))
        # ended because the benefit ended (a Bescheid: services.claims.claim_offset_end_from,
        # or staff by hand when the Bezug ends without one)
        if claim.offset_until < claim.offset_from:
            return (_("beendet, bevor sie begann, weil der Leistungsbezug endete; der Rest ist "
                      "sofort fällig (§ 42a Abs. 4 Satz 1 SGB II)") if loan else
                    _("beendet, bevor sie begann, weil der Leistungsbezug endete"))
        if claim.offset_until == claim.offset_from:
            return (_("im %(from)s; beendet, weil der Leistungsbezug endete; der Rest ist "
                      "sofort fällig (§ 42a Abs. 4 Satz 1 SGB II)") if loan else
                    _("im %(from)s; beendet, weil der Leistungsbezug endete")) % values
        values["to"] = month_de(claim.offset_until)
        return (_("von %(from)s bis %(to)s; beendet, weil der Leistungsbezug endete; der Rest "
                  "ist sofort fällig (§ 42a Abs. 4 Satz 1 SGB II)") if loan else
                _("von %(from)s bis %(to)s; beendet, weil der Leistungsbezug endete")) % values
    if claim.offset_until is not None:
        return _("ab %(from)s, längstens bis %(to)s") % {
            **values, "to": month_de(claim.offset_until)}
    if claim.basis == Claim.Basis.FIVE:
        return _("ab %(from)s jeden Monat 5 Prozent des Regelbedarfs, solange Leistungen "
                 "bezogen werden, bis das Darlehen getilgt ist; endet der Leistungsbezug, ist "
                 "der Rest sofort fällig (§ 42a Abs. 4 Satz 1 SGB II)") % values
    return _("ab %(from)s") % values


def _ended_by_hand(first: dt.date, last: dt.date) -> str:
    """An Aufrechnung ended by staff for another reason (``services.claims.claim_offset_end``
    without a Bescheid, the benefit going on): the months and that it ended — the staff's
    reason is a note for the file, not the citizen's text."""
    if last < first:
        return _("beendet, bevor sie begann")
    if last == first:
        return _("im %(from)s; beendet") % {"from": month_de(first)}
    return _("von %(from)s bis %(to)s; beendet") % {"from": month_de(first),
                                                   "to": month_de(last)}
