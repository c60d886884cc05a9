"""Writes of the ``decisions`` app: calculations, Bescheide, delivery, automation and mass
recalculation. Keyword-only, typed, atomic; views, tasks and commands stay thin."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Exists, F, JSONField, OuterRef, Q, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jobcenter.accounts.models import User
from jobcenter.accounts.roles import Role
from jobcenter.casefiles.models import Case, DecisionType, TimelineEntry
from jobcenter.casefiles.services import (
    case_add_document,
    case_set_status,
    timeline_add,
    timeline_add_many,
)
from jobcenter.core import sgb2_adapter as engine  # the one adapter to the law engine
from jobcenter.decisions import deadlines, paths
from jobcenter.decisions.models import (
    AutomationRule,
    Calculation,
    CalculationChange,
    Decision,
    DecisionAmount,
    DeliveryPreference,
    RecalculationError,
    RecalculationRun,
)

#: Decision types whose Bescheid carries monthly amounts.
AMOUNT_TYPES = frozenset({"bewilligung", "teilbewilligung", "aenderung"})
#: Decision types that need a written reason.
REASON_TYPES = frozenset({"ablehnung", "teilbewilligung", "aufhebung"})
#: Roles that may approve a Bescheid under the four-eyes principle.
APPROVER_ROLES = frozenset({Role.LEISTUNG, Role.TEAMLEITUNG})
#: Rule key of the mass recalculation in ``AutomationRule.case_type_key``.
RECALCULATION_RULE_KEY = "neuberechnung"
FINAL = (Decision.Status.APPROVED, Decision.Status.DELIVERED)


class DecisionError(Exception):
    """A write that cannot be done; the message is translated and safe to show."""


class CalculationConflict(DecisionError):
    pass


def _dec(value: Any) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def _first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _month_end(month: dt.date) -> dt.date:
    return deadlines.add_months(month, 1) - dt.timedelta(days=1)


def _months(start: dt.date, end: dt.date) -> list[dt.date]:
    months, month = [], _first_of_month(start)
    while month <= end:
        months.append(month)
        month = deadlines.add_months(month, 1)
    return months


def four_eyes_threshold() -> Decimal:
    return Decimal(str(getattr(settings, "DECISIONS_FOUR_EYES_THRESHOLD_EUR", 2000)))


def four_eyes_required(*, decision_type: DecisionType, monthly_total: Decimal) -> bool:
    """Rejections, types flagged in the catalogue and amounts above the threshold."""
    return (
        decision_type.key == "ablehnung"
        or decision_type.requires_four_eyes
        or monthly_total > four_eyes_threshold()
    )


# --- Calculation ----------------------------------------------------------------------


def _compute(calculation: Calculation) -> None:
    try:
        calculation.result = engine.calculate(calculation.request)
        calculation.errors = []
    except engine.CalculationError as exc:  # invalid input, or the engine failed
        calculation.result = None
        calculation.errors = [list(e) for e in exc.errors]


def _previous_request(case: Case) -> dict[str, Any] | None:
    prev = previous_final_decision(case=case)
    if prev is None or not prev.snapshot.get("request"):
        return None
    request = dict(prev.snapshot["request"])
    if prev.period_to:
        request = engine.with_month(request, _first_of_month(prev.period_to + dt.timedelta(days=1)))
    return request


@transaction.atomic
def calculation_for_case(*, case: Case, actor: User | None) -> Calculation:
    """The case's calculation, created on first use and prefilled from the submission (or,
    for a "nothing changed" renewal without one, from the last Bescheid of the BG)."""
    existing = Calculation.objects.filter(case=case).first()
    if existing is not None:
        return existing
    request = case.sgb2_request or (_previous_request(case) if case.nothing_changed else None)
    calculation = Calculation(case=case, request=request or {}, created_by=actor)
    _compute(calculation)
    try:
        with transaction.atomic():
            calculation.save()
    except IntegrityError:
        return Calculation.objects.get(case=case)
    return calculation


Op = tuple[str, str, Any]  # (op, path, value)


@transaction.atomic
def calculation_change(
    *,
    calculation: Calculation,
    ops: Sequence[Op],
    reason: str,
    actor: User,
    expected_version: int | None = None,
) -> Calculation:
    """Apply input changes with their reason; recompute. Invalid input raises
    :class:`engine.CalculationInputError` (a failing engine: `CalculationFailed`) and nothing
    is stored."""
    reason = reason.strip()
    if not reason:
        raise DecisionError(_("Bitte geben Sie an, warum Sie die Angaben ändern."))
    locked = Calculation.objects.select_for_update().get(pk=calculation.pk)
    if expected_version is not None and locked.version != expected_version:
        raise CalculationConflict(
            _("Jemand anderes hat diese Berechnung inzwischen geändert. Ihre Eingaben sind "
              "noch da; bitte prüfen Sie die Berechnung und speichern Sie erneut.")
        )
    request = locked.request
    rows: list[CalculationChange] = []
    for op, path, value in ops:
        old = paths.get(request, path)
        if op == "set" and old == value:
            continue
        request = paths.apply(request, op, path, value)
        rows.append(CalculationChange(
            calculation=locked, path=path if op == "set" else f"{path} ({op})",
            old=old if op != "append" else None, new=value if op != "remove" else None,
            reason=reason[:500], actor=actor,
        ))
    if not rows:
        return locked
    result = engine.calculate(request)  # raises CalculationError: nothing saved
    locked.request, locked.result, locked.errors = request, result, []
    locked.manual_changes += len(rows)
    locked.version += 1
    locked.save()
    CalculationChange.objects.bulk_create(rows)
    calculation.__dict__.update({k: getattr(locked, k) for k in
                                 ("request", "result", "errors", "manual_changes", "version")})
    return locked


# --- Decisions ------------------------------------------------------------------------


def previous_final_decision(*, case: Case, before: Decision | None = None) -> Decision | None:
    """The latest approved or delivered Bescheid of the case's BG (or of the case)."""
    qs = Decision.objects.filter(status__in=FINAL).select_related("decision_type")
    if case.bedarfsgemeinschaft_id:
        qs = qs.filter(Q(bedarfsgemeinschaft_id=case.bedarfsgemeinschaft_id) | Q(case=case))
    else:
        qs = qs.filter(case=case)
    if before is not None:
        qs = qs.exclude(pk=before.pk)
    return qs.order_by("-approved_at", "-pk").first()


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
                person_name=names.get(person["id"], person["id"]),
                bedarf=_dec(person["bedarf"]), einkommen=_dec(person["einkommen_anrechenbar"]),
                amount=_dec(person["zahlbetrag"]),
            ))
    return rows, results


def _person_names(case: Case, request: dict[str, Any]) -> dict[str, str]:
    """Person ids of the request → names (``name`` key if the mapping provides one)."""
    names = {}
    for index, person in enumerate(request.get("personen") or []):
        pid = person.get("id") or f"P{index + 1}"
        label = ""
        if index == 0 and case.applicant_id:
            label = str(case.applicant)
        names[pid] = label or _("Person %(id)s") % {"id": pid}
    return names


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
    names = {**_person_names(case, request), **(person_names or {})}
    snapshot: dict[str, Any] = {"request": request, "names": names}
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
        if key != "aenderung" and not any(r.amount > 0 for r in rows):
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
        decision_type=decision_type, monthly_total=decision.monthly_total)
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
) -> Decision:
    """A draft Bescheid for ``case`` from its calculation (or ``request``)."""
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
        previous = previous_final_decision(case=case)
        if previous is None:
            raise DecisionError(_("Es gibt keinen früheren Bescheid, der geändert oder "
                                  "aufgehoben werden könnte."))
    decision, rows = _decision_build(
        case=case, decision_type=decision_type, request=request, first_result=first_result,
        actor=actor, period_from=period_from, period_to=period_to, reasons=reasons,
        origin=origin, previous=previous, run=run, person_names=person_names,
    )
    decision.save()
    DecisionAmount.objects.bulk_create(rows)
    timeline_add(case=case, kind=TimelineEntry.Kind.DECISION, actor=actor,
                 text=_draft_created_text(decision_type))
    return decision


def _lock(decision: Decision) -> Decision:
    return (Decision.objects.select_for_update()
            .select_related("case", "case__jobcenter", "decision_type").get(pk=decision.pk))


@transaction.atomic
def decision_finalize(*, decision: Decision, actor: User | None) -> Decision:
    """Creator's "Bewilligen"/"Entscheiden": issue at once, or send it to four-eyes approval."""
    locked = _lock(decision)
    if locked.status != Decision.Status.DRAFT:
        raise DecisionError(_("Dieser Bescheid ist kein Entwurf mehr."))
    if locked.requires_four_eyes:
        locked.status = Decision.Status.AWAITING_APPROVAL
        locked.save(update_fields=["status"])
        case_set_status(case=locked.case, status_key="zur_freigabe", actor=actor)
        return locked
    return _issue(locked, approver=actor)


def can_approve(*, decision: Decision, user: User) -> bool:
    return (
        decision.status == Decision.Status.AWAITING_APPROVAL
        and user.role in APPROVER_ROLES
        and user.jobcenter_id is not None
        and user.jobcenter_id == decision.case.jobcenter_id
        and user.pk != decision.created_by_id
    )


@transaction.atomic
def decision_approve(*, decision: Decision, actor: User) -> Decision:
    """Second pair of eyes: a different Leistung/Teamleitung user of the same Jobcenter."""
    locked = _lock(decision)
    if locked.status != Decision.Status.AWAITING_APPROVAL:
        raise DecisionError(_("Dieser Bescheid wartet nicht auf eine Freigabe."))
    if actor.pk == locked.created_by_id:
        raise DecisionError(_("Sie können einen Bescheid, den Sie selbst erstellt haben, "
                              "nicht selbst freigeben (Vier-Augen-Prinzip)."))
    if not can_approve(decision=locked, user=actor):
        raise DecisionError(_("Sie sind nicht berechtigt, diesen Bescheid freizugeben."))
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


def delivery_channel_for(case: Case) -> str:
    """Online only where the citizen explicitly chose it; otherwise paper by post."""
    if case.applicant_user_id is None:
        return Decision.Channel.POST
    pref = DeliveryPreference.objects.filter(user_id=case.applicant_user_id).first()
    if pref is not None and pref.channel == DeliveryPreference.Channel.ONLINE:
        return Decision.Channel.ONLINE
    return Decision.Channel.POST


def _set_delivery_dates(decision: Decision, sent_on: dt.date) -> None:
    decision.presumed_delivery = deadlines.presumed_delivery(sent_on)
    jobcenter = decision.case.jobcenter
    decision.objection_deadline = deadlines.objection_deadline(
        decision.presumed_delivery, decision.decision_type.objection_period_months or 1,
        jobcenter.land, jobcenter.catholic_local_holidays)


def _issue(decision: Decision, *, approver: User | None) -> Decision:
    """Approve, render the PDF/A, store it in the eAkte and deliver (or queue for post)."""
    from jobcenter.decisions.documents import bescheid_pdf

    now = timezone.now()
    today = timezone.localdate(now)
    decision.approved_by = approver
    decision.approved_at = now
    decision.letter_date = today
    decision.channel = delivery_channel_for(decision.case)
    online = decision.channel == Decision.Channel.ONLINE
    if online:
        decision.sent_at = now
        _set_delivery_dates(decision, today)
    pdf = bescheid_pdf(decision)
    decision.document_version = case_add_document(
        case=decision.case, title=_("%(type)s vom %(date)s") % {
            "type": decision.decision_type.title, "date": today.strftime("%d.%m.%Y")},
        document_type_key="bescheid", content=pdf, content_type="application/pdf",
        actor=approver, visible_to_citizen=online,
    )
    decision.status = Decision.Status.DELIVERED if online else Decision.Status.APPROVED
    decision.save()
    citizen_text = (
        _("Wir haben entschieden. Ihr Bescheid liegt in Ihrem Kundenkonto unter „Bescheide“.")
        if online else
        _("Wir haben entschieden. Sie erhalten den Bescheid in den nächsten Tagen per Post.")
    )
    # The e-mail notice: online, that a Bescheid waits in the account (linking there);
    # by post, only that there is news.
    case_set_status(case=decision.case, status_key="entschieden", actor=approver,
                    citizen_text=citizen_text,
                    notice_template="bescheid_available" if online else "status_changed",
                    notice_link=reverse("portal:documents") if online else "")
    return decision


@transaction.atomic
def decisions_mark_posted(*, decisions: Iterable[Decision], actor: User,
                          posted_on: dt.date) -> int:
    """Staff confirm that printed Bescheide were handed to the post on ``posted_on``."""
    count = 0
    for decision in decisions:
        locked = _lock(decision)
        if locked.status != Decision.Status.APPROVED or locked.channel != Decision.Channel.POST:
            continue
        locked.sent_at = timezone.now()
        _set_delivery_dates(locked, posted_on)
        locked.status = Decision.Status.DELIVERED
        locked.save()
        timeline_add(case=locked.case, kind=TimelineEntry.Kind.DECISION, actor=actor,
                     text=_("Bescheid am %(date)s zur Post gegeben")
                     % {"date": posted_on.strftime("%d.%m.%Y")},
                     citizen_text=_("Ihr Bescheid ist am %(date)s per Post an Sie verschickt "
                                    "worden.") % {"date": posted_on.strftime("%d.%m.%Y")})
        count += 1
    return count


@transaction.atomic
def delivery_preference_set(*, user: User, channel: str) -> DeliveryPreference:
    if channel not in DeliveryPreference.Channel.values:
        raise DecisionError(_("Bitte wählen Sie, wie Sie Bescheide erhalten möchten."))
    pref, _created = DeliveryPreference.objects.update_or_create(
        user=user, defaults={"channel": channel})
    return pref


# --- One-click renewals and automation ------------------------------------------------


def _rule_for(case: Case) -> AutomationRule | None:
    return (AutomationRule.objects
            .filter(jobcenter_id=case.jobcenter_id, case_type_key=case.case_type.key,
                    is_active=True).order_by("-pk").first())


def automation_handle_case(*, case_id: int) -> Decision | None:
    """Intake hook: prepare (or decide) a Bescheid for low-risk cases. Idempotent."""
    case = Case.objects.select_related("case_type", "jobcenter").get(pk=case_id)
    if Decision.objects.filter(case=case).exists():
        return None
    rule = _rule_for(case)
    nothing_changed_renewal = case.case_type.key == "weiterbewilligung" and case.nothing_changed
    if rule is None and not nothing_changed_renewal:
        return None
    if rule is not None and rule.require_nothing_changed and not case.nothing_changed:
        return None
    previous = previous_final_decision(case=case)
    calculation = calculation_for_case(case=case, actor=None)
    if calculation.result is None:
        timeline_add(case=case, kind=TimelineEntry.Kind.NOTE,
                     text=_("Automatische Berechnung nicht möglich; bitte manuell prüfen."))
        return None
    period_from = None
    if previous is not None and previous.period_to:
        period_from = previous.period_to + dt.timedelta(days=1)
        calculation.request = engine.with_month(calculation.request, period_from)
        calculation.result = engine.calculate(calculation.request)
        calculation.save(update_fields=["request", "result", "updated_at"])
    new_total = _dec(calculation.result["summe"]["zahlbetrag"])
    if rule is not None and rule.max_change_eur is not None:
        old_total = previous.monthly_total if previous is not None else None
        if old_total is None or abs(new_total - old_total) > rule.max_change_eur:
            timeline_add(case=case, kind=TimelineEntry.Kind.NOTE,
                         text=_("Keine automatische Entscheidung: Der Betrag ändert sich "
                                "stärker als nach der Regel erlaubt."))
            return None
    if new_total <= 0:
        return None
    try:
        with transaction.atomic():
            decision = decision_create(
                case=case, decision_type_key="bewilligung", actor=None,
                request=calculation.request, period_from=period_from,
                origin=Decision.Origin.AUTOMATION, previous=previous,
            )
            case_set_status(case=case, status_key="entscheidung_vorbereitet", actor=None)
            if rule is not None and rule.mode == AutomationRule.Mode.DECIDE:
                decision = decision_finalize(decision=decision, actor=None)
    except IntegrityError:
        # A concurrent run prepared this case's Bescheid first (unique constraint
        # ``decision_automation_once_per_case``): nothing to do twice.
        if Decision.objects.filter(case=case, origin=Decision.Origin.AUTOMATION).exists():
            return None
        raise
    return decision


# --- Mass recalculation ---------------------------------------------------------------


def active_decisions(month: dt.date):  # noqa: ANN201 - queryset
    """Final Bescheide with amounts whose Bewilligungszeitraum covers ``month`` and that no
    later final Bescheid replaced."""
    replaced = Decision.objects.filter(previous=OuterRef("pk"), status__in=FINAL)
    return (
        Decision.objects.filter(
            status__in=FINAL, decision_type__key__in=AMOUNT_TYPES,
            period_from__lte=_month_end(month), period_to__gte=month,
        )
        .exclude(Exists(replaced))
    )


@transaction.atomic
def recalculation_start(*, month: dt.date, dry_run: bool = False) -> RecalculationRun:
    """The unfinished run for ``month`` (resume) or a new one."""
    month = _first_of_month(month)
    run = (RecalculationRun.objects.select_for_update()
           .filter(month=month, dry_run=dry_run, status=RecalculationRun.Status.RUNNING)
           .order_by("-pk").first())
    if run is None:
        run = RecalculationRun.objects.create(
            month=month, dry_run=dry_run, total=active_decisions(month).count())
    return run


def _recalculation_reasons(month: dt.date) -> str:
    return (_("Neuberechnung wegen geänderter Rechtslage oder geänderter Regelbedarfe ab "
              "%(month)s.") % {"month": month.strftime("%m/%Y")})


def _recalculation_change_one(
    *, run: RecalculationRun, decision_id: int, request: dict[str, Any],
    person_names: dict[str, str] | None, rule: AutomationRule | None,
) -> None:
    """One case's Änderungsbescheid (and, where the Jobcenter's rule says so, its decision
    with PDF, delivery and notice) in its own savepoint: the per-case path."""
    month = run.month
    decision = Decision.objects.select_related("case", "case__jobcenter").get(pk=decision_id)
    with transaction.atomic():
        change = decision_create(
            case=decision.case, decision_type_key="aenderung", actor=None,
            request=engine.with_month(request, month),
            period_from=month, period_to=decision.period_to,
            reasons=_recalculation_reasons(month),
            origin=Decision.Origin.RECALCULATION, previous=decision, run=run,
            person_names=person_names,
        )
        if rule is not None and rule.mode == AutomationRule.Mode.DECIDE:
            decision_finalize(decision=change, actor=None)


def _recalculation_write_bulk(
    pending: list[tuple[Decision, list[DecisionAmount]]], decision_type: DecisionType,
) -> None:
    """Insert the drafts, their amounts and their timeline entries with one statement each
    (per ``batch_size``); the caller's savepoint makes it all or nothing."""
    decisions = [d for d, _rows in pending]
    snapshots = [d.snapshot for d in decisions]
    # On PostgreSQL, Django bulk-inserts plain values through UNNEST(array); psycopg's
    # client-side binding escapes a jsonb[] array literal character by character in Python
    # (~15 ms per Bescheid snapshot). An expression value makes Django use the VALUES form
    # instead, with one jsonb literal per row (escaped by libpq).
    for decision, snapshot in zip(decisions, snapshots, strict=True):
        decision.snapshot = Value(snapshot, output_field=JSONField())
    try:
        Decision.objects.bulk_create(decisions, batch_size=500)
    finally:
        for decision, snapshot in zip(decisions, snapshots, strict=True):
            decision.snapshot = snapshot
    DecisionAmount.objects.bulk_create([row for _d, rows in pending for row in rows],
                                       batch_size=2000)
    timeline_add_many(case_ids=[d.case_id for d in decisions],
                      kind=TimelineEntry.Kind.DECISION, text=_draft_created_text(decision_type))


def recalculation_chunk(*, run: RecalculationRun, size: int = 1000) -> int:
    """Recompute the next ``size`` active Bescheide after the checkpoint; the writes and the
    new checkpoint commit together, so a crash resumes exactly after the last chunk.

    Changed cases get an Änderungsbescheid (draft). Their amounts are computed per case
    with the scalar engine (the Bescheid needs the explanations), but written for the whole
    chunk with bulk inserts; cases whose Jobcenter decides automatically (PDF, delivery,
    notice) take the per-case path. If a bulk insert fails, the chunk's drafts are written
    case by case instead, so one bad case costs only its own Bescheid (recorded as a
    ``RecalculationError``).
    """
    started = time.perf_counter()
    month = run.month
    with transaction.atomic():
        run = RecalculationRun.objects.select_for_update().get(pk=run.pk)
        if run.status == RecalculationRun.Status.DONE:
            return 0
        # Only the columns the recalculation needs (the snapshot's request, not its
        # per-month results): decoding whole snapshots would dominate the run time.
        batch = list(
            active_decisions(month).filter(pk__gt=run.cursor).order_by("pk")
            .values_list("pk", "case_id", "snapshot__request")[:size]
        )
        if not batch:
            run.status = RecalculationRun.Status.DONE
            run.finished_at = timezone.now()
            run.save(update_fields=["status", "finished_at"])
            return 0
        case_ids = [case_id for _pk, case_id, _req in batch]
        # Idempotent across reruns and runs: one Änderungsbescheid per case and month
        # (also a unique constraint: ``decision_recalculation_once_per_case_and_month``).
        already = set(Decision.objects.filter(
            Q(recalculation_run=run) | Q(origin=Decision.Origin.RECALCULATION, period_from=month),
            case_id__in=case_ids).values_list("case_id", flat=True))
        old_totals: dict[int, Decimal] = {}
        for decision_id, amount in DecisionAmount.objects.filter(
                decision_id__in=[pk for pk, _c, _r in batch], month=month).values_list(
                "decision_id", "amount"):
            old_totals[decision_id] = old_totals.get(decision_id, Decimal(0)) + amount
        requests = [req or {} for _pk, _c, req in batch]
        outcome = engine.calculate_batch(requests, month)
        changed = unchanged = 0
        failures: dict[int, str] = {}
        candidates: list[int] = []
        for index, (decision_id, case_id, _req) in enumerate(batch):
            if index in outcome.errors:
                failures[decision_id] = outcome.errors[index]
            elif outcome.totals[index] == old_totals.get(decision_id, Decimal(0)):
                unchanged += 1
            else:
                changed += 1
                if not run.dry_run and case_id not in already:
                    candidates.append(index)
        if candidates:
            changed -= _recalculation_write(run=run, batch=batch, requests=requests,
                                            candidates=candidates, failures=failures)
        RecalculationError.objects.bulk_create(
            [RecalculationError(run=run, decision_id=decision_id, message=message)
             for decision_id, message in failures.items()], ignore_conflicts=True)
        run.cursor = batch[-1][0]
        run.processed += len(batch)
        run.changed += changed
        run.unchanged += unchanged
        run.errors += len(failures)
        run.scalar_fallbacks += outcome.scalar_fallbacks
        run.seconds += time.perf_counter() - started
        run.save()
    return len(batch)


def _recalculation_write(
    *, run: RecalculationRun, batch: list[tuple[int, int, Any]], requests: list[dict[str, Any]],
    candidates: list[int], failures: dict[int, str],
) -> int:
    """Write the Änderungsbescheide of ``candidates`` (indexes into ``batch``); returns how
    many of them failed (their messages are added to ``failures``)."""
    month = run.month
    rules = {r.jobcenter_id: r for r in AutomationRule.objects.filter(
        case_type_key=RECALCULATION_RULE_KEY, is_active=True)}
    previous = {d.pk: d for d in (
        Decision.objects.filter(pk__in=[batch[i][0] for i in candidates])
        .select_related("case", "case__applicant")
        .only("pk", "period_to", "case__id", "case__jobcenter_id",
              "case__bedarfsgemeinschaft_id", "case__applicant_id",
              "case__applicant__first_name", "case__applicant__last_name")
        .annotate(previous_names=F("snapshot__names")).order_by())}
    decision_type = DecisionType.objects.entry("aenderung")
    reasons = _recalculation_reasons(month)
    bulk_ok = connection.features.can_return_rows_from_bulk_insert
    pending: list[tuple[Decision, list[DecisionAmount]]] = []
    pending_indexes: list[int] = []
    claimed: set[int] = set()
    failed = 0

    def fail(decision_id: int, exc: Exception) -> None:
        nonlocal failed
        failed += 1
        failures[decision_id] = str(exc)

    for index in candidates:
        decision_id, case_id, _req = batch[index]
        if case_id in claimed:  # a second active Bescheid of the same case in this chunk
            continue
        decision = previous[decision_id]
        names = decision.previous_names or {}
        rule = rules.get(decision.case.jobcenter_id)
        if not bulk_ok or (rule is not None and rule.mode == AutomationRule.Mode.DECIDE):
            try:
                _recalculation_change_one(run=run, decision_id=decision_id,
                                          request=requests[index], person_names=names,
                                          rule=rule)
            except (DecisionError, engine.CalculationError) as exc:
                fail(decision_id, exc)
                continue
            claimed.add(case_id)
            continue
        try:
            if decision_type is None:
                raise DecisionError(_("Diese Bescheidart ist nicht (mehr) gültig."))
            pending.append(_decision_build(
                case=decision.case, decision_type=decision_type,
                request=engine.with_month(requests[index], month), first_result=None,
                actor=None, period_from=month, period_to=decision.period_to, reasons=reasons,
                origin=Decision.Origin.RECALCULATION, previous=decision, run=run,
                person_names=names,
            ))
        except (DecisionError, engine.CalculationError) as exc:
            fail(decision_id, exc)
            continue
        pending_indexes.append(index)
        claimed.add(case_id)
    if not pending:
        return failed
    try:
        with transaction.atomic():
            _recalculation_write_bulk(pending, decision_type)
        return failed
    except DatabaseError:
        pass
    # One of the rows was refused: write case by case, each in its own savepoint.
    for index in pending_indexes:
        decision_id = batch[index][0]
        try:
            _recalculation_change_one(run=run, decision_id=decision_id,
                                      request=requests[index],
                                      person_names=previous[decision_id].previous_names or {},
                                      rule=None)
        except (DecisionError, engine.CalculationError, DatabaseError) as exc:
            fail(decision_id, exc)
    return failed


@transaction.atomic
def automation_rule_save(*, jobcenter_id: int, case_type_key: str, mode: str,
                         require_nothing_changed: bool, max_change_eur: Decimal | None,
                         actor: User) -> AutomationRule:
    """One active rule per Jobcenter and case type (a new setting replaces the old one)."""
    AutomationRule.objects.filter(jobcenter_id=jobcenter_id, case_type_key=case_type_key,
                                  is_active=True).update(is_active=False)
    return AutomationRule.objects.create(
        jobcenter_id=jobcenter_id, case_type_key=case_type_key, mode=mode,
        require_nothing_changed=require_nothing_changed, max_change_eur=max_change_eur)


@transaction.atomic
def automation_rule_deactivate(*, rule: AutomationRule, actor: User) -> None:
    AutomationRule.objects.filter(pk=rule.pk).update(is_active=False)
