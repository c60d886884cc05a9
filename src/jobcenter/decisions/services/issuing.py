"""Bescheide from draft to issue: building the draft from the calculation, four-eyes approval,
return and discard, and issuing (approve, deliver, hand the PDF/A over to the renderer).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jobcenter.accounts.models import User
from jobcenter.casefiles.models import Case, DecisionType, TimelineEntry
from jobcenter.casefiles.services import (
    case_set_status,
    follow_ups_for_bescheid,
    timeline_add,
)
from jobcenter.core import datastand, events
from jobcenter.core import sgb2_adapter as engine  # the one adapter to the law engine
from jobcenter.decisions import chain, checks, deadlines, kinds, persons, policy
from jobcenter.decisions.models import (
    Decision,
    DecisionAmount,
    RecalculationRun,
)
from jobcenter.decisions.services.aufhebung import erstattung_enqueue, past_change_check
from jobcenter.decisions.services.calculation import calculation_for_case
from jobcenter.decisions.services.common import (
    AMOUNT_TYPES,
    APPROVER_ROLES,
    FINAL,
    REASON_TYPES,
    DecisionError,
    _dec,
    _first_of_month,
    _lock,
    _month_end,
    _months,
    four_eyes_required,
)
from jobcenter.decisions.services.delivery import _set_delivery_dates, delivery_channel_for
from jobcenter.outbox.services import outbox_enqueue


def _amount_rows(
    decision: Decision, request: dict[str, Any], months: list[dt.date], names: dict[str, str],
    first_result: dict[str, Any] | None = None,
) -> tuple[list[DecisionAmount], dict[str, Any]]:
    results: dict[str, Any] = {}
    rows: list[DecisionAmount] = []
    for month in months:
        key = f"{month:%Y-%m}"
        if first_result is not None and first_result.get("monat") == key:
            result = first_result
        else:
            result = engine.calculate(engine.with_month(request, month))
        results[key] = result
        for person in result["personen"]:
            if not person.get("in_bg", True):
                continue
            rows.append(DecisionAmount(
                decision=decision, month=month, person_key=person["id"],
                person_name=names.get(person["id"], ""),
                bedarf=_dec(person["bedarf"]), einkommen=_dec(person["einkommen_anrechenbar"]),
                amount=_dec(person["zahlbetrag"]),
            ))
    return rows, results


def _person_names(case: Case, request: dict[str, Any]) -> dict[str, str]:
    """Person ids of the request → names of the matched BG members (``decisions.persons``);
    a person without a match has no entry (``decisions.checks`` blocks issuing)."""
    return persons.names_of(persons.persons_for(case, request))


def _decision_build(
    *,
    case: Case,
    decision_type: DecisionType,
    request: dict[str, Any],
    first_result: dict[str, Any] | None,
    actor: User | None,
    period_from: dt.date | None,
    period_to: dt.date | None,
    reasons: str,
    origin: str,
    previous: Decision | None,
    run: RecalculationRun | None,
    person_names: dict[str, str] | None,
) -> tuple[Decision, list[DecisionAmount]]:
    """The unsaved Bescheid with its amount rows, totals, snapshot and four-eyes flag.

    No writes: :func:`decision_create` saves one, the mass recalculation bulk-inserts many.
    Raises :class:`DecisionError` or :class:`engine.CalculationError`.
    """
    key = decision_type.key
    decision = Decision(
        case=case, bedarfsgemeinschaft_id=case.bedarfsgemeinschaft_id,
        decision_type=decision_type, origin=origin, reasons=reasons, previous=previous,
        recalculation_run=run, created_by=actor,
    )
    rows: list[DecisionAmount] = []
    if person_names is None and previous is not None:
        person_names = previous.snapshot.get("names")
    people = persons.persons_for(case, request)
    # Names given by the caller (e.g. the Bescheid changed) fill gaps of the BG match.
    for pid, name in (person_names or {}).items():
        if pid in people and not people[pid]["name"] and name \
                and not name.startswith(("Person ", "Weitere Person")):
            people[pid]["name"] = name
    names = persons.names_of(people)
    snapshot: dict[str, Any] = {"request": request, "names": names, "persons": people}
    if key in AMOUNT_TYPES:
        start_month = engine.month_of(request["monat"])
        start = period_from or start_month
        if period_to is None:
            probe = first_result or engine.calculate(engine.with_month(request, start))
            months = int(probe.get("bewilligungszeitraum_monate") or 12)
            period_to = _month_end(deadlines.add_months(_first_of_month(start), months - 1))
        if period_to < start:
            raise DecisionError(_("Das Ende des Bewilligungszeitraums liegt vor seinem Beginn."))
        decision.period_from, decision.period_to = start, period_to
        rows, results = _amount_rows(decision, request, _months(start, period_to), names,
                                     first_result)
        if key not in {"aenderung", "abhilfe", "minderung", "minderung_ende"} and not any(
                r.amount > 0 for r in rows):
            raise DecisionError(_("Nach der Berechnung besteht kein Anspruch. Bitte wählen "
                                  "Sie „Ablehnung“ und begründen Sie sie."))
        snapshot["results"] = results
        first = next(iter(results.values()))
        snapshot["rechtsstand"] = first.get("rechtsstand", [])
        snapshot["leistungsname"] = first.get("leistungsname", "")
    else:
        decision.period_from = period_from or (
            engine.month_of(request["monat"]) if request.get("monat") else None)
        if first_result is not None:
            snapshot["results"] = {first_result["monat"]: first_result}
            snapshot["rechtsstand"] = first_result.get("rechtsstand", [])
            snapshot["leistungsname"] = first_result.get("leistungsname", "")
    totals: dict[dt.date, Decimal] = {}
    for row in rows:
        totals[row.month] = totals.get(row.month, Decimal(0)) + row.amount
    decision.monthly_total = max(totals.values(), default=Decimal(0))
    decision.snapshot = snapshot
    decision.requires_four_eyes = four_eyes_required(
        decision_type=decision_type, monthly_total=decision.monthly_total,
        jobcenter_id=case.jobcenter_id, month_totals=totals, period_from=decision.period_from)
    return decision, rows


def _draft_created_text(decision_type: DecisionType) -> str:
    return _("Bescheid-Entwurf erstellt: %(type)s") % {"type": decision_type.title}


@transaction.atomic
def decision_create(
    *,
    case: Case,
    decision_type_key: str,
    actor: User | None,
    request: dict[str, Any] | None = None,
    period_from: dt.date | None = None,
    period_to: dt.date | None = None,
    reasons: str = "",
    origin: str = Decision.Origin.MANUAL,
    previous: Decision | None = None,
    run: RecalculationRun | None = None,
    person_names: dict[str, str] | None = None,
    letter: dict[str, Any] | None = None,
) -> Decision:
    """A draft Bescheid for ``case`` from its calculation (or ``request``). ``letter``: data
    of a registered kind's texts (``decisions.kinds``), kept in the snapshot."""
    decision_type = DecisionType.objects.entry(decision_type_key)
    if decision_type is None:
        raise DecisionError(_("Diese Bescheidart ist nicht (mehr) gültig."))
    key = decision_type.key
    reasons = reasons.strip()
    if key in REASON_TYPES and not reasons:
        raise DecisionError(_("Bitte begründen Sie die Entscheidung."))
    if request is None:
        calculation = calculation_for_case(case=case, actor=actor)
        if calculation.result is None and key in AMOUNT_TYPES:
            raise DecisionError(_("Die Berechnung ist noch nicht vollständig. Bitte "
                                  "korrigieren Sie zuerst die markierten Angaben."))
        request, first_result = calculation.request, calculation.result
    else:
        first_result = None
    if previous is None and key in {"aenderung", "aufhebung"}:
        # The Bescheid in force in the month the change takes effect (decisions.chain) —
        # not simply the latest one: after an early Weiterbewilligung that is the next
        # period's Bescheid.
        effective = period_from or (engine.month_of(request["monat"])
                                    if request.get("monat") else None)
        if effective is not None:
            previous = chain.ruling_decision(
                month=effective, bedarfsgemeinschaft_id=case.bedarfsgemeinschaft_id,
                case_id=case.pk)
        if previous is None:
            raise DecisionError(_("Für diesen Monat ist kein Bescheid in Kraft, der geändert "
                                  "oder aufgehoben werden könnte."))
    if key == "aenderung" and period_to is None and previous is not None \
            and previous.period_to is not None:
        period_to = previous.period_to  # to the end of the period it changes
    decision, rows = _decision_build(
        case=case, decision_type=decision_type, request=request, first_result=first_result,
        actor=actor, period_from=period_from, period_to=period_to, reasons=reasons,
        origin=origin, previous=previous, run=run, person_names=person_names,
    )
    if key == "aenderung" and origin == Decision.Origin.MANUAL:
        past_change_check(decision, rows)  # the past: Anhörung first, always four eyes
    if letter is not None:
        decision.snapshot["letter"] = letter
    decision.save()
    DecisionAmount.objects.bulk_create(rows)
    datastand.changed(Decision, [decision.pk])  # its amounts: the same pages
    timeline_add(case=case, kind=TimelineEntry.Kind.DECISION, actor=actor,
                 text=_draft_created_text(decision_type))
    return decision


@transaction.atomic
def decision_finalize(*, decision: Decision, actor: User | None) -> Decision:
    """Creator's "Bewilligen"/"Entscheiden": issue at once, or send it to four-eyes approval.

    The content checks (``decisions.checks``) run first: a contradiction blocks with its
    message. The four-eyes rules are applied again now (a change may have reached the past
    since the draft was made)."""
    locked = _lock(decision)
    if locked.status != Decision.Status.DRAFT:
        raise DecisionError(_("Dieser Bescheid ist kein Entwurf mehr."))
    checks.raise_for(locked)
    if policy.is_for_the_past(decision_type_key=locked.decision_type.key,
                              period_from=locked.period_from):
        locked.requires_four_eyes = True
    locked.submitted_by = actor
    if locked.requires_four_eyes:
        locked.status = Decision.Status.AWAITING_APPROVAL
        locked.save(update_fields=["status", "submitted_by", "requires_four_eyes"])
        case_set_status(case=locked.case, status_key="zur_freigabe", actor=actor)
        return locked
    return _issue(locked, approver=None)


def can_approve(*, decision: Decision, user: User) -> bool:
    """Another person than the one who created or decided the draft, of the same Jobcenter,
    with the approving role."""
    return (
        decision.status == Decision.Status.AWAITING_APPROVAL
        and user.role in APPROVER_ROLES
        and user.jobcenter_id is not None
        and user.jobcenter_id == decision.case.jobcenter_id
        and user.pk != decision.created_by_id
        and user.pk != decision.submitted_by_id
    )


@transaction.atomic
def decision_approve(*, decision: Decision, actor: User) -> Decision:
    """Second pair of eyes: a different Leistung/Teamleitung user of the same Jobcenter."""
    locked = _lock(decision)
    if locked.status != Decision.Status.AWAITING_APPROVAL:
        raise DecisionError(_("Dieser Bescheid wartet nicht auf eine Freigabe."))
    if actor.pk in {locked.created_by_id, locked.submitted_by_id}:
        raise DecisionError(_("Sie können einen Bescheid, den Sie selbst erstellt oder "
                              "vorgelegt haben, nicht selbst freigeben (Vier-Augen-Prinzip)."))
    if not can_approve(decision=locked, user=actor):
        raise DecisionError(_("Sie sind nicht berechtigt, diesen Bescheid freizugeben."))
    checks.raise_for(locked)
    return _issue(locked, approver=actor)


@transaction.atomic
def decision_return(*, decision: Decision, actor: User, note: str) -> Decision:
    """The approver sends the draft back with a note (it becomes a draft again)."""
    locked = _lock(decision)
    if not can_approve(decision=locked, user=actor):
        raise DecisionError(_("Sie sind nicht berechtigt, diesen Bescheid zurückzugeben."))
    if not note.strip():
        raise DecisionError(_("Bitte schreiben Sie, was geändert werden soll."))
    locked.status = Decision.Status.DRAFT
    locked.save(update_fields=["status"])
    timeline_add(case=locked.case, kind=TimelineEntry.Kind.DECISION, actor=actor,
                 text=_("Bescheid zur Überarbeitung zurückgegeben: %(note)s")
                 % {"note": note.strip()})
    return locked


@transaction.atomic
def decision_discard(*, decision: Decision, actor: User) -> None:
    locked = _lock(decision)
    if locked.status not in {Decision.Status.DRAFT, Decision.Status.AWAITING_APPROVAL}:
        raise DecisionError(_("Ein erlassener Bescheid kann nicht verworfen werden."))
    timeline_add(case=locked.case, kind=TimelineEntry.Kind.DECISION, actor=actor,
                 text=_("Bescheid-Entwurf verworfen: %(type)s")
                 % {"type": locked.decision_type.title})
    locked.delete()


def _issue(decision: Decision, *, approver: User | None) -> Decision:
    """Approve and deliver (or queue for post); the PDF/A is rendered after commit, outside
    this transaction and its row lock (``delivery.bescheid_render``, through the outbox),
    and filed in the eAkte — until then the Bescheid shows as "wird erstellt"."""
    now = timezone.now()
    today = timezone.localdate(now)
    decision.approved_by = approver  # None: issued without a second person
    decision.approved_at = now
    decision.letter_date = today
    # A member's own Aufhebungs- und Erstattungsbescheid for another adult goes by post: the
    # account is the applicant's (``decisions.addressees``).
    decision.channel = (delivery_channel_for(decision.case) if decision.shown_to_applicant
                        else Decision.Channel.POST)
    online = decision.channel == Decision.Channel.ONLINE
    if online:
        decision.sent_at = now
        _set_delivery_dates(decision, today)
    decision.status = Decision.Status.DELIVERED if online else Decision.Status.APPROVED
    decision.save()
    from jobcenter.decisions.tasks import bescheid_render

    outbox_enqueue(task=bescheid_render, kwargs={"decision_id": decision.pk},
                   key=f"decisions.bescheid_render:{decision.pk}")
    # An Erstattung (Aufhebung for the past, § 41a final decision): the claims' event.
    erstattung_enqueue(decision)
    # A letter of a kind registered by an app above (``decisions.kinds``): its event.
    kind_enqueue(decision)
    # The benefit ends (an Aufhebung, an Änderung to 0 €): what depends on receiving it (a
    # § 26 Zuschuss) ends; granted again after such an end: the caseworker is told.
    aufhebung_enqueue(decision)
    # rule-based Wiedervorlagen: end of the Bewilligungszeitraum, of the Kostensenkungsfrist
    # — only a Bescheid that grants has one; the period of an Aufhebung, an Ablehnung or a
    # letter of another kind (a Minderung, an Aufrechnung) is no Bewilligungszeitraum
    if decision.decision_type.key in checks.PAYING:
        follow_ups_for_bescheid(case=decision.case, decision_id=decision.pk,
                                period_to=decision.period_to,
                                request=(decision.snapshot or {}).get("request"))
    if not decision.shown_to_applicant:
        # another adult member's own Bescheid: it goes to that member by post; the
        # applicant's account gets no entry or notice about it
        return decision
    citizen_text = (
        _("Wir haben entschieden. Ihr Bescheid liegt in Ihrem Kundenkonto unter „Bescheide“.")
        if online else
        _("Wir haben entschieden. Sie erhalten den Bescheid in den nächsten Tagen per Post.")
    )
    kind = kinds.get(decision.decision_type.key)
    letter_only = kind is not None and not kind.verwaltungsakt  # a letter, no Bescheid
    if letter_only:
        citizen_text = (
            _("Wir haben Ihr Anliegen beantwortet. Unser Schreiben liegt in Ihrem "
              "Kundenkonto unter „Dokumente“.") if online else
            _("Wir haben Ihr Anliegen beantwortet. Sie erhalten unser Schreiben in den "
              "nächsten Tagen per Post."))
    # The e-mail notice: online, that a Bescheid waits in the account (linking there);
    # by post, only that there is news (and for a letter that is no Bescheid: news).
    case_set_status(case=decision.case, status_key="entschieden",
                    actor=approver or decision.submitted_by,
                    citizen_text=citizen_text,
                    notice_template="bescheid_available" if online and not letter_only
                    else "status_changed",
                    notice_link=reverse("portal:documents") if online else "")
    return decision


def kind_enqueue(decision: Decision) -> None:
    """Called while issuing: hand ``decisions.kind_erlassen`` to the outbox, once per
    decision, for the kinds registered by apps above ``decisions``."""
    if kinds.get(decision.decision_type.key) is None:
        return
    from jobcenter.decisions.tasks import kind_erlassen

    outbox_enqueue(task=kind_erlassen, kwargs={"decision_id": decision.pk},
                   key=f"decisions.kind_erlassen:{decision.pk}")


def kind_publish(*, decision_id: int) -> bool:
    """Publish ``decisions.kind_erlassen`` for an issued decision (run by the outbox task)."""
    decision = Decision.objects.select_related("case", "decision_type").filter(
        pk=decision_id).first()
    if decision is None or decision.status not in (Decision.Status.APPROVED,
                                                   Decision.Status.DELIVERED):
        return False
    events.publish("decisions.kind_erlassen", decision_id=decision.pk,
                   jobcenter_id=decision.case.jobcenter_id,
                   decision_type=decision.decision_type.key)
    return True


#: Bescheide that grant the benefit for their months (with amounts per person and month).
GRANTING = frozenset({"bewilligung", "teilbewilligung", "aenderung", "abhilfe"})


def _month_totals(decision: Decision) -> dict[dt.date, Decimal]:
    """The BG's total per month the Bescheid rules (a month without a row: 0 €)."""
    totals = {month: Decimal(0) for month in _months(decision.period_from,
                                                       decision.period_to)}
    for month, amount in DecisionAmount.objects.filter(decision=decision).values_list(
            "month", "amount"):
        month = _first_of_month(month)
        totals[month] = totals.get(month, Decimal(0)) + amount
    return totals


def leistung_endet_ab(decision: Decision) -> dt.date | None:
    """The first month from which ``decision`` ends the BG's Bürgergeld/Grundsicherungsgeld,
    or None: an Aufhebungsbescheid (the types of ``chain.CANCELLING``) from the month of its
    first day; an Änderungsbescheid that sets the BG's total to 0 € from a month to the end
    of its period, from that month — the person no longer receives the benefit, the same as
    after an Aufhebung (§ 26 SGB II: a Zuschuss "für die Dauer des Leistungsbezugs"). A
    month of 0 € followed by a paid month ends nothing."""
    key = decision.decision_type.key
    if decision.period_from is None:
        return None
    if key in chain.CANCELLING:
        return deadlines.first_of_month(decision.period_from)
    if key != "aenderung" or decision.period_to is None:
        return None
    first = None
    for month, total in sorted(_month_totals(decision).items(), reverse=True):
        if total > 0:
            break
        first = month
    return first


def leistung_ruht_in(decision: Decision) -> list[dt.date]:
    """The months of 0 € that a granting Bescheid sets for the BG with a paid month after
    them (a single month without benefit within its period): nobody of the BG receives
    Bürgergeld/Grundsicherungsgeld in them, but the Bezug goes on afterwards — unlike the
    0 € months up to the end of an Änderung (``leistung_endet_ab``)."""
    if (decision.decision_type.key not in GRANTING or decision.period_from is None
            or decision.period_to is None):
        return []
    totals = sorted(_month_totals(decision).items())
    last_paid = max((month for month, total in totals if total > 0), default=None)
    if last_paid is None:
        return []
    return [month for month, total in totals if total <= 0 and month < last_paid]


def issued_by(decision: Decision) -> Any:
    """The person who answers for an issued Bescheid (the approver, else who submitted or
    drafted it) — the actor of what others do because of it; None if nobody is recorded."""
    return decision.approved_by or decision.submitted_by or decision.created_by


def leistung_endet_text(decision: Decision) -> str:
    """How ``decision`` ended the benefit, for the trails, the eAkte and the Wiedervorlagen
    of those who act on ``decisions.leistung_aufgehoben`` (placeholders ``ref`` and
    ``from``)."""
    if decision.decision_type.key == "aenderung":
        return _("Änderungsbescheid Nr. %(ref)s: Leistungen ab %(from)s auf 0,00 € "
                 "festgesetzt")
    return _("Aufhebungsbescheid Nr. %(ref)s: Leistungen ab %(from)s aufgehoben")


def aufhebung_enqueue(decision: Decision) -> None:
    """Called while issuing: hand ``decisions.leistung_aufgehoben`` to the outbox, once per
    Bescheid that ends the benefit from a month (``leistung_endet_ab``: an Aufhebung, an
    Änderung to 0 €); and ``decisions.leistung_bewilligt`` for a granting Bescheid of a BG
    whose benefit an earlier Bescheid ended — it may grant months again that the earlier
    one cancelled (an Abhilfe on a Widerspruch, an Änderung after an Aufhebung); and
    ``decisions.leistung_ausgesetzt`` for a granting Bescheid with a month of 0 € that a
    paid month follows (``leistung_ruht_in``)."""
    from jobcenter.decisions.tasks import (
        leistung_aufgehoben,
        leistung_ausgesetzt,
        leistung_bewilligt,
    )

    if leistung_endet_ab(decision) is not None:
        outbox_enqueue(task=leistung_aufgehoben, kwargs={"decision_id": decision.pk},
                       key=f"decisions.leistung_aufgehoben:{decision.pk}")
    bg_id = decision.bedarfsgemeinschaft_id or decision.case.bedarfsgemeinschaft_id
    if bg_id is not None and leistung_ruht_in(decision):
        outbox_enqueue(task=leistung_ausgesetzt, kwargs={"decision_id": decision.pk},
                       key=f"decisions.leistung_ausgesetzt:{decision.pk}")
    if (decision.decision_type.key in GRANTING and decision.period_from is not None
            and bg_id is not None and _ended_before(decision, bg_id)):
        outbox_enqueue(task=leistung_bewilligt, kwargs={"decision_id": decision.pk},
                       key=f"decisions.leistung_bewilligt:{decision.pk}")


def _ended_before(decision: Decision, bg_id: int) -> bool:
    """Whether another final Bescheid of the BG ended its benefit (``leistung_endet_ab``):
    an Aufhebung, or an Änderung whose last month is 0 € — two queries, so that the yearly
    Änderungen of the mass recalculation hand nothing over."""
    others = Decision.objects.filter(bedarfsgemeinschaft_id=bg_id, status__in=FINAL,
                                     period_from__isnull=False).exclude(pk=decision.pk)
    if others.filter(decision_type__key__in=chain.CANCELLING).exists():
        return True
    last = {pk: _first_of_month(to) for pk, to in others.filter(
        decision_type__key="aenderung", period_to__isnull=False).values_list("pk",
                                                                            "period_to")}
    if not last:
        return False
    paid = set(DecisionAmount.objects.filter(decision_id__in=last, amount__gt=0)
               .values_list("decision_id", "month"))
    return any((pk, month) not in paid for pk, month in last.items())


def _issued(decision_id: int) -> Decision | None:
    decision = Decision.objects.select_related("case", "decision_type").filter(
        pk=decision_id).first()
    if decision is None or decision.status not in FINAL:
        return None
    return decision


def aufhebung_publish(*, decision_id: int) -> bool:
    """Publish ``decisions.leistung_aufgehoben`` for an issued Bescheid that ends the
    benefit (run by the outbox task): from the first month it ends in."""
    decision = _issued(decision_id)
    first = leistung_endet_ab(decision) if decision is not None else None
    if decision is None or first is None:
        return False
    events.publish("decisions.leistung_aufgehoben", decision_id=decision.pk,
                   jobcenter_id=decision.case.jobcenter_id,
                   bedarfsgemeinschaft_id=(decision.bedarfsgemeinschaft_id
                                           or decision.case.bedarfsgemeinschaft_id),
                   from_month=first.isoformat())
    return True


def bewilligt_publish(*, decision_id: int) -> bool:
    """Publish ``decisions.leistung_bewilligt`` for an issued granting Bescheid (run by the
    outbox task) with the months it pays (the BG's total above 0 €)."""
    decision = _issued(decision_id)
    if (decision is None or decision.decision_type.key not in GRANTING
            or decision.period_from is None or decision.period_to is None):
        return False
    months = [month.isoformat() for month, total in sorted(_month_totals(decision).items())
              if total > 0]
    if not months:
        return False
    events.publish("decisions.leistung_bewilligt", decision_id=decision.pk,
                   jobcenter_id=decision.case.jobcenter_id,
                   bedarfsgemeinschaft_id=(decision.bedarfsgemeinschaft_id
                                           or decision.case.bedarfsgemeinschaft_id),
                   months=months)
    return True


def ausgesetzt_publish(*, decision_id: int) -> bool:
    """Publish ``decisions.leistung_ausgesetzt`` for an issued granting Bescheid (run by the
    outbox task) with its months of 0 € that a paid month follows."""
    decision = _issued(decision_id)
    months = leistung_ruht_in(decision) if decision is not None else []
    if decision is None or not months:
        return False
    events.publish("decisions.leistung_ausgesetzt", decision_id=decision.pk,
                   jobcenter_id=decision.case.jobcenter_id,
                   bedarfsgemeinschaft_id=(decision.bedarfsgemeinschaft_id
                                           or decision.case.bedarfsgemeinschaft_id),
                   months=[month.isoformat() for month in months])
    return True
