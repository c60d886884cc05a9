"""Mass recalculation after a change of the law or the Regelbedarfe: a bulk run
(``outbox.bulk``) whose partitions — per Jobcenter, ranges of cases — any number of workers
take at once; each partition works in checkpointed chunks with the engine's batch path and
writes the Änderungsbescheide in bulk, one per case and month.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import F, JSONField, Q, Sum, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from jobcenter.casefiles.models import DecisionType, TimelineEntry
from jobcenter.casefiles.services import (
    timeline_add_many,
)
from jobcenter.core import datastand
from jobcenter.core import sgb2_adapter as engine  # the one adapter to the law engine
from jobcenter.decisions import chain, policy
from jobcenter.decisions.models import (
    AutomationRule,
    Decision,
    DecisionAmount,
    RecalculationError,
    RecalculationRun,
)
from jobcenter.decisions.services.common import (
    AMOUNT_TYPES,
    RECALCULATION_RULE_KEY,
    DecisionError,
    _first_of_month,
)
from jobcenter.decisions.services.issuing import (
    _decision_build,
    _draft_created_text,
    decision_create,
    decision_finalize,
)
from jobcenter.outbox import bulk
from jobcenter.outbox.models import BulkPartition, BulkRun


def active_decisions(month: dt.date):  # noqa: ANN201 - queryset
    """Final Bescheide with amounts that are in force for ``month`` (``decisions.chain``):
    their period covers the month and no later final Bescheid of the same BG rules it. A
    Weiterbewilligung issued early for the next period does not take the current one out."""
    return chain.in_force(Decision.objects.filter(decision_type__key__in=AMOUNT_TYPES), month)


#: The kind of bulk run (``outbox.bulk``) a mass recalculation is; registered in
#: ``config/wiring.py`` with ``BULK_KIND``.
BULK_KEY = "decisions.recalculation"


def recalculation_start(*, month: dt.date, dry_run: bool = False) -> RecalculationRun:
    """The unfinished run for ``month`` (resume) or a new one, with its partitions: the
    cases with a Bescheid in force, per Jobcenter in ranges of ``BULK_PARTITION_SIZE``
    case ids (``outbox.bulk``)."""
    month = _first_of_month(month)
    with transaction.atomic():
        run = (RecalculationRun.objects.select_for_update()
               .filter(month=month, dry_run=dry_run, status=RecalculationRun.Status.RUNNING)
               .order_by("-pk").first())
        if run is None:
            run = RecalculationRun.objects.create(month=month, dry_run=dry_run, total=0)
    bulk_run = recalculation_bulk_run(run=run)
    if run.total == 0:
        total = bulk_run.partitions.aggregate(total=Sum("total"))["total"] or 0
        RecalculationRun.objects.filter(pk=run.pk).update(total=total)
        run.total = total
    return run


def _partitions(month: dt.date) -> Iterator[bulk.PartitionSpec]:
    """Per Jobcenter, ranges of case ids with a Bescheid in force (a case with two active
    Bescheide stays in one partition: one Änderungsbescheid per case and month)."""
    keys = (active_decisions(month).order_by("case__jobcenter_id", "case_id")
            .values_list("case__jobcenter_id", "case_id").distinct().iterator(chunk_size=20000))
    return bulk.ranges(keys, size=settings.BULK_PARTITION_SIZE)


def recalculation_bulk_run(*, run: RecalculationRun) -> BulkRun:
    """The bulk run of ``run`` (made with its partitions on the first call)."""
    return bulk.bulk_run_start(kind=BULK_KEY, ref=str(run.pk),
                               partitions=lambda: _partitions(run.month))


def recalculation_progress(*, run: RecalculationRun, jobcenter_id: int | None = None,
                           ) -> bulk.Progress:
    """Progress of the run summed over its partitions (one Jobcenter's if given)."""
    return bulk.bulk_progress(run=recalculation_bulk_run(run=run), jobcenter_id=jobcenter_id)


def recalculation_finish(bulk_run: BulkRun) -> dict[str, Any]:
    """The summary, once every partition is done: the counts on the ``RecalculationRun``."""
    progress = bulk.bulk_progress(run=bulk_run)
    counts = progress.counts
    run = RecalculationRun.objects.select_for_update().get(pk=int(bulk_run.ref))
    run.processed = progress.processed
    run.changed = counts.get("changed", 0)
    run.unchanged = counts.get("unchanged", 0)
    run.errors = counts.get("errors", 0)
    run.scalar_fallbacks = counts.get("scalar_fallbacks", 0)
    run.seconds = progress.seconds
    run.status = RecalculationRun.Status.DONE
    run.finished_at = timezone.now()
    run.save()
    return {"processed": run.processed, "changed": run.changed, "unchanged": run.unchanged,
            "errors": run.errors, "scalar_fallbacks": run.scalar_fallbacks,
            "partitions": progress.partitions, "seconds": round(progress.seconds, 3),
            "cpu_seconds": round(progress.cpu_seconds, 3)}


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
    # no signals for bulk inserts: the drafts' (and their amounts') pages move on
    datastand.changed(Decision, [d.pk for d in decisions])
    timeline_add_many(case_ids=[d.case_id for d in decisions],
                      kind=TimelineEntry.Kind.DECISION, text=_draft_created_text(decision_type))


def recalculation_chunk(partition: BulkPartition, size: int = 1000) -> bulk.ChunkResult:
    """Recompute the Bescheide in force of the partition's next cases after its checkpoint
    (about ``size`` Bescheide, whole cases). Runs in the transaction ``outbox.bulk`` opens,
    which commits the writes with the new checkpoint: a crash resumes after the last chunk.

    The chunk is computed with the engine's batch path. Changed cases get an
    Änderungsbescheid (draft), written for the whole chunk with bulk inserts; cases whose
    Jobcenter decides automatically (PDF, delivery, notice) take the per-case path. If a
    bulk insert fails, the chunk's drafts are written case by case instead, so one bad case
    costs only its own Bescheid (recorded as a ``RecalculationError``).
    """
    run = RecalculationRun.objects.get(pk=int(partition.run.ref))
    month = run.month
    # Only the columns the recalculation needs (the snapshot's request, not its
    # per-month results): decoding whole snapshots would dominate the run time.
    rows = (active_decisions(month)
            .filter(case__jobcenter_id=partition.jobcenter_id, case_id__gt=partition.cursor,
                    case_id__lte=partition.hi)
            .order_by("case_id", "pk").values_list("pk", "case_id", "snapshot__request"))
    fetched = list(rows[:size + 1])
    if not fetched:
        return bulk.ChunkResult(processed=0, cursor=partition.hi, done=True)
    batch, done = fetched, True
    if len(fetched) > size:  # more than this chunk is left: whole cases only
        beyond = fetched[-1][1]  # this case may continue after the fetched rows
        batch = [row for row in fetched if row[1] != beyond]
        done = False
        if not batch:  # one case with more Bescheide in force than ``size``
            batch = list(rows.filter(case_id=beyond))
            done = not rows.filter(case_id__gt=beyond).exists()
    last_case = batch[-1][1]
    case_ids = sorted({case_id for _pk, case_id, _req in batch})
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
        deltas = {index: outcome.totals[index] - old_totals.get(batch[index][0], Decimal(0))
                  for index in candidates}
        changed -= _recalculation_write(run=run, batch=batch, requests=requests,
                                        candidates=candidates, failures=failures,
                                        deltas=deltas)
    RecalculationError.objects.bulk_create(
        [RecalculationError(run=run, decision_id=decision_id, message=message)
         for decision_id, message in failures.items()], ignore_conflicts=True)
    return bulk.ChunkResult(
        processed=len(batch), cursor=last_case, done=done,
        counts={"changed": changed, "unchanged": unchanged, "errors": len(failures),
                "scalar_fallbacks": outcome.scalar_fallbacks})


#: The mass recalculation as a kind of bulk run (registered in ``config/wiring.py``).
BULK_KIND = bulk.Kind(chunk=recalculation_chunk, finish=recalculation_finish, chunk_size=1000)


def _recalculation_write(
    *, run: RecalculationRun, batch: list[tuple[int, int, Any]], requests: list[dict[str, Any]],
    candidates: list[int], failures: dict[int, str], deltas: dict[int, Decimal] | None = None,
) -> int:
    """Write the Änderungsbescheide of ``candidates`` (indexes into ``batch``); returns how
    many of them failed (their messages are added to ``failures``). A Jobcenter's rule
    decides automatically only where the change of the monthly amount (``deltas``) is
    within its cap (``decisions.policy.automation_within_cap``); above it, a draft."""
    deltas = deltas or {}
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
        if rule is not None and rule.mode == AutomationRule.Mode.DECIDE and \
                not policy.automation_within_cap(jobcenter_id=decision.case.jobcenter_id,
                                                 change=deltas.get(index)):
            rule = None  # prepared for a person, not decided
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
