"""Event handlers of ``zahlungen`` (connected in ``config/wiring.py``)."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from django.utils.translation import gettext as _

from jobcenter.casefiles.models import FollowUp
from jobcenter.casefiles.services import note_and_follow_up
from jobcenter.decisions.letter import euro, month_de
from jobcenter.decisions.models import Decision
from jobcenter.decisions.services.issuing import issued_by, leistung_endet_text
from jobcenter.zahlungen import letters
from jobcenter.zahlungen.models import Claim, ClaimEntry, Letter
from jobcenter.zahlungen.services import (
    ClaimError,
    balance,
    claim_offset_end_from,
    claims_from_bescheid,
)
from jobcenter.zahlungen.services.claims import claim_notify, claim_rest_due


def on_erstattung_festgesetzt(*, bescheid_id: int, jobcenter_id: int,
                              positions: list[dict[str, Any]], **_: Any) -> int:
    """An Aufhebungs- und Erstattungsbescheid is issued: one claim per person (idempotent
    per Bescheid and person)."""
    return len(claims_from_bescheid(bescheid_id=bescheid_id, jobcenter_id=jobcenter_id,
                                    positions=positions))


def _schon_aufgerechnet(booked: list[dt.date]) -> str:
    return " " + _("Schon aufgerechnet für %(months)s: bei der Aufhebung und Erstattung "
                   "berücksichtigen.") % {"months": ", ".join(month_de(m) for m in booked)}


def _ended_before(claim: Claim, decision: Decision, first: dt.date, actor: Any, key: str,
                  values: dict[str, str]) -> None:
    """The benefit ends for a claim whose Aufrechnung had ended before (by hand, or by an
    earlier Bescheid): its end record stays as it is. A loan whose rest was not yet due
    (ended for another reason while the benefit went on) falls due now (§ 42a Abs. 4 Satz 1
    SGB II, ``claim_rest_due``): the person gets a notice (``Letter.Kind.LOAN_DUE``, once
    per claim), the caseworker an entry and a Wiedervorlage to agree the repayment
    (Satz 2). A month from ``first`` on that a run offset is named for the Aufhebung and
    Erstattung. Otherwise nothing."""
    booked = sorted(m for m in ClaimEntry.objects.filter(
        claim=claim, kind=ClaimEntry.Kind.OFFSET, month__gte=first)
        .values_list("month", flat=True) if m is not None)
    due = claim.basis == Claim.Basis.FIVE and claim_rest_due(claim=claim, first_month=first)
    if not due and not booked:
        return
    claim.refresh_from_db()
    values["balance"] = euro(balance(claim))
    case = claim.bescheid.case
    if due:
        note = _("Leistungsbezug beendet: %(cause)s. Die Aufrechnung des Darlehens aus "
                 "Bescheid Nr. %(claim_ref)s gegen %(person)s war schon vorher beendet; der "
                 "Rest von %(balance)s ist jetzt sofort fällig (§ 42a Abs. 4 Satz 1 "
                 "SGB II).") % values
        todo = _("%(cause)s. Die Aufrechnung des Darlehens aus Bescheid Nr. %(claim_ref)s "
                 "(%(person)s) war schon vorher beendet; der Rest von %(balance)s ist jetzt "
                 "sofort fällig (§ 42a Abs. 4 Satz 1 SGB II). Bitte vereinbaren Sie die "
                 "Rückzahlung unter Berücksichtigung der wirtschaftlichen Verhältnisse "
                 "(§ 42a Abs. 4 Satz 2 SGB II) und tragen Sie die Raten bei der Forderung "
                 "ein.") % values
        if actor is None:
            todo += " " + _("Niemand ist als Bearbeiterin oder Bearbeiter des Bescheids "
                            "erfasst; die Person hat deshalb keine Mitteilung erhalten. Bitte "
                            "informieren Sie sie.")
    else:
        note = _("Leistungsbezug beendet: %(cause)s. Die Aufrechnung der Forderung aus "
                 "Bescheid Nr. %(claim_ref)s gegen %(person)s war schon vorher "
                 "beendet.") % values
        todo = note
    note_and_follow_up(jobcenter_id=claim.jobcenter_id, cases={case, decision.case},
                       case=case, key=key, actor=actor, note=note,
                       todo=todo + (_schon_aufgerechnet(booked) if booked else ""))
    if due and actor is not None:
        claim_notify(claim, Letter.Kind.LOAN_DUE, actor, partial(
            letters.loan_due_notice, claim, case=case, first_month=first,
            cause_reference=decision.reference))


def on_leistung_aufgehoben(*, decision_id: int, jobcenter_id: int,
                           bedarfsgemeinschaft_id: int | None, from_month: str,
                           **_kwargs: Any) -> int:
    """A Bescheid ends the BG's Bürgergeld/Grundsicherungsgeld from ``from_month`` (an
    Aufhebung, an Änderung to 0 € to the end of its period): every Aufrechnung of the BG's
    open claims still running then ends with the month before
    (``services.claim_offset_end_from``: who, when, why and the Bescheid on the claim; a
    month already offset stays booked). For each claim with a balance left:

    * the person gets a notice (``Letter.Kind.DUE``, once per claim) saying what is still
      owed, that it is due — a loan's rest at once (§ 42a Abs. 4 Satz 1 SGB II) — and how to
      ask for instalments, a Stundung or an Erlass;
    * the caseworker of the claim's case gets an entry in the eAkte and a Wiedervorlage:
      for a loan to agree on the repayment considering the person's economic situation
      (§ 42a Abs. 4 Satz 2), for an Erstattung to agree on how the rest is paid.

    Once per Bescheid and claim (the Wiedervorlage's key ``aufhebung:<Bescheid>:F<claim>``;
    the letter once per claim): the event delivered twice does nothing twice. Nothing
    restarts by itself when the benefit is granted again. Returns how many Aufrechnungen
    ended."""
    if bedarfsgemeinschaft_id is None:
        return 0
    decision = Decision.objects.select_related("case", "decision_type").get(pk=decision_id)
    first = dt.date.fromisoformat(from_month)
    actor = issued_by(decision)
    claims = (Claim.objects.filter(jobcenter_id=jobcenter_id,
                                   bedarfsgemeinschaft_id=bedarfsgemeinschaft_id,
                                   status=Claim.Status.OPEN, offset_from__isnull=False)
              .select_related("person", "bescheid__case__jobcenter").order_by("pk"))
    ended_count = 0
    for claim in claims:
        key = f"aufhebung:{decision.pk}:F{claim.pk}"
        if FollowUp.objects.filter(jobcenter_id=jobcenter_id, key=key).exists():
            continue
        loan = claim.basis == Claim.Basis.FIVE
        values = {"ref": decision.reference, "from": month_de(first),
                  "claim_ref": claim.bescheid.reference, "person": str(claim.person),
                  "amount": euro(claim.amount)}
        values["cause"] = leistung_endet_text(decision) % values
        if claim.offset_ended_at is not None:  # ended before: keeps its own end record
            _ended_before(claim, decision, first, actor, key, values)
            continue
        problem = ""
        ended = False
        booked: list[dt.date] = []
        if actor is None:
            problem = _("Niemand ist als Bearbeiterin oder Bearbeiter des Bescheids erfasst.")
        else:
            reason = (_("%(cause)s; das Darlehen wird nur getilgt, solange Leistungen bezogen "
                        "werden (§ 42a Abs. 2 Satz 1 SGB II), der Rest ist sofort fällig "
                        "(§ 42a Abs. 4 Satz 1 SGB II).") if loan else
                      _("%(cause)s; aufgerechnet wird nur gegen laufende Leistungen "
                        "(§ 43 Abs. 1 SGB II).")) % values
            try:
                ended, booked = claim_offset_end_from(claim=claim, first_month=first,
                                                      reason=reason, actor=actor,
                                                      cause=decision)
            except ClaimError as exc:
                problem = str(exc)
        if not ended and not problem:
            continue  # no Aufrechnung ran in that month (ended before, or by this Bescheid)
        claim.refresh_from_db()
        left = balance(claim)
        values["balance"] = euro(left)
        case = claim.bescheid.case
        if ended:
            ended_count += 1
            note = _("Aufrechnung beendet: Forderung aus Bescheid Nr. %(claim_ref)s gegen "
                     "%(person)s, offen %(balance)s. Grund: %(cause)s.") % values
            if loan:
                todo = _("Aufrechnung des Darlehens aus Bescheid Nr. %(claim_ref)s "
                         "(%(person)s) beendet – %(cause)s. Offen: %(balance)s, sofort fällig "
                         "(§ 42a Abs. 4 Satz 1 SGB II). Bitte vereinbaren Sie die Rückzahlung "
                         "unter Berücksichtigung der wirtschaftlichen Verhältnisse (§ 42a "
                         "Abs. 4 Satz 2 SGB II) und tragen Sie die Raten bei der Forderung "
                         "ein.") % values
            else:
                todo = _("Aufrechnung der Forderung aus Bescheid Nr. %(claim_ref)s "
                         "(%(person)s) beendet – %(cause)s. Offen: %(balance)s. Bitte klären "
                         "Sie mit der Person, wie sie den Rest zahlt (Ratenzahlung, "
                         "Stundung), und tragen Sie es bei der Forderung ein.") % values
        else:
            note = _("Aufrechnung nicht beendet: Forderung aus Bescheid Nr. %(claim_ref)s "
                     "gegen %(person)s, obwohl gilt: %(cause)s.") % values + " " + problem
            todo = _("%(cause)s. Die Aufrechnung der Forderung aus Bescheid Nr. %(claim_ref)s "
                     "(%(person)s) konnte nicht beendet werden. Bitte beenden Sie sie auf "
                     "der Seite der Forderung.") % values + " " + problem
        if booked:
            todo += _schon_aufgerechnet(booked)
        note_and_follow_up(jobcenter_id=jobcenter_id, cases={case, decision.case}, case=case,
                           key=key, actor=actor, note=note, todo=todo)
        if ended and actor is not None:
            claim_notify(claim, Letter.Kind.DUE, actor, partial(
                letters.offset_end_notice, claim, case=case, first_month=first,
                cause_reference=decision.reference))
    return ended_count
