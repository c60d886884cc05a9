"""Proactive reminders: the Jobcenter's rules (edited in the staff area) and the planner that
turns them into notices (beat task ``reminders.plan_and_send``, docs/portal.md).

Planning is a bulk run (``outbox.bulk``) with one partition per source and offset. For
each active rule "``source``, ``days_before`` days before": the occasions of
the source on the Berlin days ``today + days_before`` (and, to catch up after a day the
worker did not run, up to ``REMINDERS_CATCH_UP_DAYS`` days earlier, never before today)
become ``ReminderDispatch`` rows with a unique key per Jobcenter, source, offset, object and
day of the occasion — so planning twice plans nothing twice. The new rows are handed to the
outbox in batches (``reminders.send_batch``), which records one notice per row through
``notifications.notify`` (its dedup key is the row's key) with the rule's channel and text.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from jobcenter.notifications.services import notify
from jobcenter.outbox import bulk
from jobcenter.outbox.models import BulkPartition, BulkRun
from jobcenter.outbox.services import outbox_enqueue
from jobcenter.reminders import sources
from jobcenter.reminders.models import ReminderDispatch, ReminderRule

if TYPE_CHECKING:
    from jobcenter.accounts.models import User
    from jobcenter.jobcenters.models import Jobcenter

#: Rows per hand-over to the outbox (one send task each).
SEND_BATCH = 500
_INSERT_BATCH = 2000


class RuleError(ValueError):
    """A rule that cannot be stored (the message is for the admin, translated)."""


# --- Rules ---------------------------------------------------------------------------------


@transaction.atomic
def rule_save(*, actor: User, jobcenter: Jobcenter, source: str, days_before: int,
              channel: str, text_de: str = "", text_en: str = "", active: bool = True,
              rule: ReminderRule | None = None) -> ReminderRule:
    """Create ``rule`` or change it (one rule per Jobcenter, source and offset)."""
    from django.utils.translation import gettext as _

    if sources.get(source) is None:
        raise RuleError(_("Diesen Anlass gibt es nicht."))
    clash = ReminderRule.objects.filter(jobcenter=jobcenter, source=source,
                                        days_before=days_before)
    if rule is not None:
        clash = clash.exclude(pk=rule.pk)
    if clash.exists():
        raise RuleError(_("Für diesen Anlass gibt es schon eine Erinnerung mit so vielen Tagen "
                          "Vorlauf. Bitte ändern Sie diese oder wählen Sie eine andere Zahl."))
    target = rule or ReminderRule(jobcenter=jobcenter)
    target.source = source
    target.days_before = days_before
    target.channel = channel
    target.text_de = text_de.strip()
    target.text_en = text_en.strip()
    target.active = active
    target.updated_by = actor
    target.save()
    return target


@transaction.atomic
def rule_delete(*, rule: ReminderRule) -> None:
    """Delete a rule. Reminders already planned from it keep their key, so a rule made
    again with the same source and offset does not remind anybody twice."""
    rule.delete()


def default_rules_install(*, jobcenter: Jobcenter) -> int:
    """Give a Jobcenter the sources' default rules it does not have yet (seed, new tenant)."""
    made = 0
    for source in sources.all_sources().values():
        for default in source.defaults:
            _rule, created = ReminderRule.objects.get_or_create(
                jobcenter=jobcenter, source=source.key, days_before=default.days_before,
                defaults={"channel": default.channel, "text_de": default.text_de,
                          "text_en": default.text_en})
            made += int(created)
    return made


# --- Planning ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanResult:
    found: int = 0  # occasions in the windows of some rule
    planned: int = 0  # new reminders
    batches: int = 0  # hand-overs to the outbox


def dispatch_key(*, jobcenter_id: int, source: str, days_before: int, object_key: str,
                 occasion: dt.date) -> str:
    return f"{jobcenter_id}:{source}:{days_before}:{object_key}:{occasion.isoformat()}"


#: The kind of bulk run (``outbox.bulk``) the planning is; registered in
#: ``config/wiring.py`` with ``BULK_KIND``.
BULK_KEY = "reminders.plan"


def _groups() -> dict[tuple[str, int], dict[int, ReminderRule]]:
    groups: dict[tuple[str, int], dict[int, ReminderRule]] = defaultdict(dict)
    for rule in ReminderRule.objects.filter(active=True):
        groups[(rule.source, rule.days_before)][rule.jobcenter_id] = rule
    return groups


def reminders_plan_start(*, today: dt.date | None = None) -> BulkRun:
    """A planning run for ``today``: one partition per source and offset of the active
    rules (each finds its occasions once for every Jobcenter with such a rule)."""
    today = today or timezone.localdate()

    def partitions() -> Iterator[bulk.PartitionSpec]:
        for number, ((source, days), rules) in enumerate(sorted(_groups().items())):
            yield bulk.PartitionSpec(jobcenter_id=None, lo=number, hi=number,
                                     total=len(rules),
                                     params={"source": source, "days_before": days,
                                             "today": today.isoformat()})

    # each call plans again (a second plan the same day finds every key planned)
    return bulk.bulk_run_start(kind=BULK_KEY, ref=f"{today.isoformat()}:{uuid.uuid4().hex}",
                               partitions=partitions)


def reminders_plan(*, today: dt.date | None = None) -> PlanResult:
    """Plan today's reminders of every active rule in this process and hand them over for
    sending (the same partitions the beat task gives the workers)."""
    run = reminders_plan_start(today=today)
    bulk.bulk_work(run=run)
    run.refresh_from_db()
    summary = run.summary
    return PlanResult(found=summary.get("found", 0), planned=summary.get("planned", 0),
                      batches=summary.get("batches", 0))


def reminders_plan_dispatch(*, today: dt.date | None = None) -> int:
    """Beat: plan today's reminders on the workers of the ``bulk`` queue."""
    return bulk.bulk_run_dispatch(run=reminders_plan_start(today=today))


def reminders_plan_partition(partition: BulkPartition, size: int = 0) -> bulk.ChunkResult:
    """Plan one source and offset for every Jobcenter with such an active rule; the new
    rows are handed to the outbox in batches. Idempotent (unique keys)."""
    params = partition.params
    source_key, days = str(params["source"]), int(params["days_before"])
    today = dt.date.fromisoformat(str(params["today"]))
    catch_up = max(0, int(getattr(settings, "REMINDERS_CATCH_UP_DAYS", 2)))
    rules = {r.jobcenter_id: r for r in ReminderRule.objects.filter(
        active=True, source=source_key, days_before=days)}
    source = sources.get(source_key)
    rows: list[ReminderDispatch] = []
    if source is not None and rules:
        last = today + dt.timedelta(days=days)
        first = max(today, last - dt.timedelta(days=catch_up))
        for item in source.find(sources.day_start(first),
                                sources.day_start(last + dt.timedelta(days=1))):
            occurrence = sources.normalise(item)
            matched = rules.get(occurrence.jobcenter_id or 0)
            if matched is None or not first <= occurrence.on <= last:
                continue
            rows.append(ReminderDispatch(
                key=dispatch_key(jobcenter_id=matched.jobcenter_id, source=source_key,
                                 days_before=days, object_key=occurrence.key,
                                 occasion=occurrence.on),
                rule=matched, user_id=occurrence.user_id, source=source_key,
                object_key=occurrence.key, occasion=occurrence.on, planned_for=today,
                link_path=occurrence.link_path))
    planned = _insert_new(rows)
    return bulk.ChunkResult(processed=partition.total, cursor=partition.hi, done=True,
                            counts={"found": len(rows), "planned": planned,
                                    "batches": _hand_over()})


def reminders_plan_finish(run: BulkRun) -> dict[str, Any]:
    counts = bulk.bulk_progress(run=run).counts
    return {"found": counts.get("found", 0), "planned": counts.get("planned", 0),
            "batches": counts.get("batches", 0) + _hand_over()}


#: The reminder planning as a kind of bulk run (registered in ``config/wiring.py``).
BULK_KIND = bulk.Kind(chunk=reminders_plan_partition, finish=reminders_plan_finish)


def _insert_new(rows: list[ReminderDispatch]) -> int:
    """Insert the rows whose key is new; returns how many were new."""
    new = 0
    for start in range(0, len(rows), _INSERT_BATCH):
        chunk = rows[start:start + _INSERT_BATCH]
        keys = [row.key for row in chunk]
        existing = set(ReminderDispatch.objects.filter(key__in=keys)
                       .values_list("key", flat=True))
        fresh = [row for row in chunk if row.key not in existing]
        # ignore_conflicts: a concurrent planner's row wins; ours is dropped, not doubled
        ReminderDispatch.objects.bulk_create(fresh, ignore_conflicts=True)
        new += len(fresh)
    return new


def _hand_over() -> int:
    """Hand every planned row not yet handed over to the outbox, ``SEND_BATCH`` a task."""
    batches = 0
    while True:
        with transaction.atomic():
            ids = list(ReminderDispatch.objects.select_for_update(skip_locked=True)
                       .filter(status=ReminderDispatch.Status.PLANNED,
                               handed_over_at__isnull=True)
                       .order_by("pk").values_list("pk", flat=True)[:SEND_BATCH])
            if not ids:
                return batches
            from jobcenter.reminders.tasks import send_batch

            outbox_enqueue(task=send_batch, kwargs={"dispatch_ids": ids},
                           key=f"reminders.send:{ids[0]}:{len(ids)}")
            ReminderDispatch.objects.filter(pk__in=ids).update(handed_over_at=timezone.now())
            batches += 1


def reminders_send(*, dispatch_ids: Iterable[int]) -> int:
    """Record the notice of each planned row (idempotent: a row sent is skipped)."""
    sent = 0
    rows = (ReminderDispatch.objects.select_for_update(of=("self",))
            .filter(pk__in=list(dispatch_ids), status=ReminderDispatch.Status.PLANNED)
            .select_related("user", "rule").order_by("pk"))
    today = timezone.localdate()
    for row in rows:
        source = sources.get(row.source)
        if row.rule is None or not row.rule.active or source is None:
            row.status = ReminderDispatch.Status.CANCELLED
            row.save(update_fields=["status"])
            continue
        notification = notify(
            user=row.user, template=source.template, dedup_key=f"reminder:{row.key}",
            link_path=row.link_path, channels=row.rule.channels,
            params=_params(row.rule, row.occasion))
        row.notification = notification
        row.status = ReminderDispatch.Status.SENT
        row.save(update_fields=["notification", "status"])
        if source.on_sent is not None:
            source.on_sent(row.object_key, today)
        sent += 1
    return sent


def _params(rule: ReminderRule, occasion: dt.date) -> dict[str, Any]:
    return {"text_de": rule.text_de, "text_en": rule.text_en, "due": occasion.isoformat()}

