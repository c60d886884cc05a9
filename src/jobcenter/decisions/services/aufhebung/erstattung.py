"""The Aufhebungs- und Erstattungsbescheide after the Anhörung — one per member concerned —
and the event ``decisions.erstattung_festgesetzt`` with the claim per month and person."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from jobcenter.accounts.models import User
from jobcenter.casefiles.models import DecisionType, TimelineEntry
from jobcenter.casefiles.services import (
    timeline_add,
)
from jobcenter.core import datastand, events
from jobcenter.core import sgb2_adapter as engine  # the one adapter to the law engine
from jobcenter.decisions import addressees, ausschlussfristen
from jobcenter.decisions.models import Anhoerung, Decision, DecisionAmount
from jobcenter.decisions.services.aufhebung.anhoerung import (
    _lock,
    can_decide,
    member_addressees,
)
from jobcenter.decisions.services.aufhebung.common import (
    ERSTATTUNG_TYPE,
    _today,
    anhoerung_fristen,
    back_total,
    basis_norm,
    claims_total,
)
from jobcenter.decisions.services.common import (
    FINAL,
    DecisionError,
    _month_end,
)
from jobcenter.outbox.services import outbox_enqueue


def _amount_rows_from(decision: Decision, rows: list[dict[str, Any]]) -> list[DecisionAmount]:
    return [DecisionAmount(
        decision=decision, month=engine.month_of(r["month"]), person_key=r["person_key"],
        person_name=r["person_name"], bedarf=Decimal(r["bedarf"]),
        einkommen=Decimal(r["einkommen"]), amount=Decimal(r["new"])) for r in rows]


def _monthly_max(rows: list[dict[str, Any]]) -> Decimal:
    totals: dict[str, Decimal] = {}
    for r in rows:
        totals[r["month"]] = totals.get(r["month"], Decimal(0)) + Decimal(r["new"])
    return max(totals.values(), default=Decimal(0))


@transaction.atomic
def erstattungsbescheid_create(*, anhoerung: Anhoerung, actor: User, reasons: str,
                               kenntnis_am: dt.date | None = None,
                               representatives_confirmed: bool = False) -> Decision:
    """The draft Aufhebungs- und Erstattungsbescheide from the Anhörung — one per member of
    the BG whose benefit is withdrawn, addressed to that member (a minor: to the legal
    representatives, which staff confirm with ``representatives_confirmed``); each always
    goes to a second person for approval (catalogue: four eyes), then through the usual
    issuing. Returns the first (the applicant's, where there is one); all of them are
    ``anhoerung.bescheide``.
    ``kenntnis_am`` is only taken for an Anhörung that has no Kenntnis date yet; the
    limits (``ausschlussfristen``) are checked here and again when it is issued."""
    reasons = reasons.strip()
    locked = _lock(anhoerung)
    if locked.kenntnis_am is None:
        kenntnis_error = ausschlussfristen.kenntnis_problem(kenntnis_am, today=_today())
        if kenntnis_error:
            raise DecisionError(kenntnis_error)
        locked.kenntnis_am = kenntnis_am
    fristen = anhoerung_fristen(locked)
    assert fristen is not None
    late = ausschlussfristen.problems(fristen, issued_on=_today())
    if late:
        raise DecisionError(" ".join(late))
    if locked.result_id is not None:
        raise DecisionError(_("Zu dieser Anhörung gibt es schon einen Bescheid."))
    if not can_decide(locked):
        raise DecisionError(_("Der Bescheid kann erst nach der Antwort oder nach Ablauf der "
                              "Frist am %(deadline)s erlassen werden.") % {
            "deadline": locked.deadline.strftime("%d.%m.%Y") if locked.deadline else "–"})
    if not reasons:
        raise DecisionError(_("Bitte würdigen Sie in der Begründung die Stellungnahme (oder "
                              "dass keine eingegangen ist)."))
    decision_type = DecisionType.objects.entry(ERSTATTUNG_TYPE)
    if decision_type is None:
        raise DecisionError(_("Diese Bescheidart ist nicht (mehr) gültig."))
    previous = locked.decision
    if previous.status not in FINAL:
        raise DecisionError(_("Der geänderte Bescheid ist nicht (mehr) wirksam."))
    first: dict[str, Any] = next(iter(locked.results.values()), {})
    # One Bescheid per member whose benefit is withdrawn (or who gets a back payment): each
    # member is liable only for what he or she received (``decisions.addressees``).
    concerned, to = member_addressees(locked)
    names = previous.snapshot.get("names") or {}
    minors = [a for a in to.values() if a["minor"]]
    if any(not a["representatives"] for a in minors):
        raise DecisionError(_("Für ein minderjähriges Kind ist in der Bedarfsgemeinschaft "
                              "keine erwachsene Person als gesetzliche Vertretung erfasst. "
                              "Bitte ergänzen Sie die Bedarfsgemeinschaft."))
    if minors and not representatives_confirmed:
        raise DecisionError(
            _("Bitte bestätigen Sie, wer die minderjährigen Kinder gesetzlich vertritt: "
              "%(list)s.") % {"list": "; ".join(
                  _("%(child)s – %(reps)s") % {
                      "child": a["name"], "reps": addressees.representatives_text(a)}
                  for a in minors)})
    applicant_key = next((k for k, a in to.items()
                          if a["person_id"] and a["person_id"] == locked.case.applicant_id),
                         None)
    decisions: list[Decision] = []
    # The applicant's own letter first; then the others in the order of the calculation.
    for key in sorted(concerned, key=lambda k: (k != applicant_key, concerned.index(k))):
        addressee = to[key]
        rows = [r for r in locked.positions if r["person_key"] == key]
        represented = addressee["minor"] and any(
            rep["person_id"] == locked.case.applicant_id
            for rep in addressee["representatives"])
        decision = Decision(
            case=locked.case, bedarfsgemeinschaft_id=locked.case.bedarfsgemeinschaft_id,
            decision_type=decision_type, origin=Decision.Origin.MANUAL, reasons=reasons,
            created_by=actor, period_from=locked.month_from,
            period_to=_month_end(locked.month_to),
            monthly_total=_monthly_max(locked.positions), requires_four_eyes=True,
            source_anhoerung=locked,
            shown_to_applicant=key == applicant_key or represented,
            snapshot={
                "request": locked.request, "names": names,
                "results": locked.results, "rechtsstand": first.get("rechtsstand", []),
                "leistungsname": first.get("leistungsname", ""),
                "erstattung": {
                    "kind": "aufhebung", "basis": locked.basis,
                    "rechtsgrundlage": basis_norm(locked.basis) + ", § 50 Abs. 1 SGB X",
                    "aufhebung_norm": basis_norm(locked.basis),
                    "positions": [r for r in rows if Decimal(r["claim"]) > 0],
                    "rows": rows, "total": str(claims_total(rows)),
                    "back_total": str(back_total(rows)),
                    "facts": locked.facts, "trust": locked.trust, "anhoerung_id": locked.pk,
                    "anhoerung_date": f"{locked.letter_date:%Y-%m-%d}" if locked.letter_date
                    else "",
                    "changes_decision_id": previous.pk,
                    "changes_letter_date": f"{previous.letter_date:%Y-%m-%d}"
                    if previous.letter_date else "",
                    "answered": locked.status == Anhoerung.Status.ANSWERED,
                    "fristen": fristen.as_snapshot(),
                    "addressee": addressee,
                    "members": len(concerned),
                },
            },
        )
        decision.save()
        # All members' new amounts: the Bescheid rules these months for the BG in the chain
        # (every member's Bescheid holds the same amounts); its letter shows its member's.
        DecisionAmount.objects.bulk_create(_amount_rows_from(decision, locked.positions))
        datastand.changed(Decision, [decision.pk])  # its amounts: the same pages
        decisions.append(decision)
    decision = decisions[0]
    locked.result = decision
    locked.status = Anhoerung.Status.DECIDED
    locked.save(update_fields=["result", "status", "kenntnis_am"])
    for each in decisions:
        timeline_add(case=locked.case, kind=TimelineEntry.Kind.DECISION, actor=actor,
                     text=_("Bescheid-Entwurf erstellt: %(type)s an %(name)s") % {
                         "type": decision_type.title,
                         "name": each.snapshot["erstattung"]["addressee"]["name"]})
    return decision


# --- the event for the claims ----------------------------------------------------------------


def erstattung_positions(decision: Decision) -> list[dict[str, Any]]:
    """The event's positions: one per person and month with a claim (euro, decimal string)."""
    data = decision.snapshot.get("erstattung") or {}
    norm = data.get("rechtsgrundlage", "")
    return [{"person_id": p.get("person_id"), "month": p["month"], "amount": p["claim"],
             "rechtsgrundlage": norm}
            for p in data.get("positions") or [] if Decimal(p["claim"]) > 0]


def erstattung_enqueue(decision: Decision) -> None:
    """Called while issuing: hand the event over to the outbox, once per Bescheid."""
    if not erstattung_positions(decision):
        return
    from jobcenter.decisions.tasks import erstattung_festgesetzt

    outbox_enqueue(task=erstattung_festgesetzt, kwargs={"decision_id": decision.pk},
                   key=f"decisions.erstattung_festgesetzt:{decision.pk}")


def erstattung_publish(*, decision_id: int) -> bool:
    """Publish ``decisions.erstattung_festgesetzt`` for an issued Bescheid with claims
    (run by the outbox task, in one transaction with its done mark)."""
    decision = (Decision.objects.select_related("case").filter(pk=decision_id).first())
    if decision is None or decision.status not in FINAL:
        return False
    positions = erstattung_positions(decision)
    if not positions:
        return False
    events.publish("decisions.erstattung_festgesetzt", bescheid_id=decision.pk,
                   jobcenter_id=decision.case.jobcenter_id, positions=positions)
    return True
