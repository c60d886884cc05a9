"""The hash chain of the access log: append, verify, and remove expired rows.

Each Jobcenter has its own chain: rows ``seq`` 1, 2, 3 … where every row's ``hash`` is an
HMAC-SHA256 (key ``ACCESS_LOG_CHAIN_KEY``) over its content and ``prev_hash``, the hash of
the row before it (``GENESIS`` for the first). Writers lock the chain's head row
(``AccessLogHead``, ``SELECT … FOR UPDATE``) for the few milliseconds of the append, so
concurrent writers queue up instead of forking the chain.

The retention job never cuts silently: it first appends a checkpoint row that names the
last removed row (``checkpoint_seq``) and its hash, then removes the rows up to it; the
first remaining row's ``prev_hash`` is that hash, so verification continues from the
checkpoint. On PostgreSQL the trigger of migration 0002 lets a DELETE through only inside
this function (a transaction-local setting) and only for rows a checkpoint already covers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from jobcenter.transparency.models import AccessLogEntry, AccessLogHead

GENESIS = "0" * 64

#: The fields an entry's hash covers, in this order (``prev_hash`` last).
HASHED_FIELDS = (
    "jobcenter_id", "seq", "at", "actor_id", "actor_name", "actor_role", "team_name",
    "person_id", "person_name", "person_customer_number", "purpose", "what", "object_type",
    "object_id", "detail", "checkpoint_seq", "checkpoint_hash", "prev_hash",
)

#: Set (transaction-locally) by ``access_log_purge_expired``; the PostgreSQL trigger lets a
#: DELETE through only while it is on.
PURGE_SETTING = "jobcenter.accesslog_purge"


def _canonical(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")
    return value


def _key() -> bytes:
    return settings.ACCESS_LOG_CHAIN_KEY.encode()


def entry_digest(values: dict[str, Any]) -> str:
    """The HMAC of one row's content (``values`` holds every name in ``HASHED_FIELDS``)."""
    payload = json.dumps([_canonical(values[name]) for name in HASHED_FIELDS],
                         ensure_ascii=False, separators=(",", ":"))
    return hmac.new(_key(), payload.encode(), hashlib.sha256).hexdigest()


def _digest_of(entry: AccessLogEntry) -> str:
    return entry_digest({name: getattr(entry, name) for name in HASHED_FIELDS})


def _locked_head(jobcenter_id: int) -> AccessLogHead:
    """The chain head, locked until the surrounding transaction ends (created once)."""
    head = AccessLogHead.objects.select_for_update().filter(pk=jobcenter_id).first()
    if head is None:  # the Jobcenter's first entry: create the head (once, race-safe)
        AccessLogHead.objects.get_or_create(jobcenter_id=jobcenter_id)
        head = AccessLogHead.objects.select_for_update().get(pk=jobcenter_id)
    return head


def entries_append(*, jobcenter_id: int, rows: Iterable[dict[str, Any]]) -> list[AccessLogEntry]:
    """Append rows (field values without seq/at/hashes) to the Jobcenter's chain, in one
    transaction under the head lock."""
    rows = list(rows)
    if not rows:
        return []
    with transaction.atomic():
        head = _locked_head(jobcenter_id)
        now = timezone.now()
        seq, prev = head.seq, head.hash
        entries = []
        for values in rows:
            seq += 1
            entry = AccessLogEntry(jobcenter_id=jobcenter_id, seq=seq, at=now, prev_hash=prev,
                                   **values)
            entry.hash = prev = _digest_of(entry)
            entries.append(entry)
        AccessLogEntry.objects.bulk_create(entries)
        AccessLogHead.objects.filter(pk=jobcenter_id).update(seq=seq, hash=prev)
    return entries


# --- Verification ----------------------------------------------------------------------


@dataclass(frozen=True)
class ChainReport:
    jobcenter_id: int
    checked: int  # rows checked
    first_seq: int | None
    last_seq: int | None
    head_hash: str
    broken_seq: int | None = None  # the first row where the chain breaks
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_seq is None and not self.reason


def _rows(jobcenter_id: int) -> Iterator[AccessLogEntry]:
    return (AccessLogEntry.objects.filter(jobcenter_id=jobcenter_id).order_by("seq")
            .iterator(chunk_size=2000))


def chain_verify(*, jobcenter_id: int) -> ChainReport:
    """Walk one Jobcenter's chain in ``seq`` order; report the first broken link.

    Checks: every row's hash matches its content; ``seq`` has no gap; every ``prev_hash``
    is the hash of the row before; the first row is the genesis row (seq 1) or the first
    row after a checkpoint of the retention job that names its predecessor; the head
    (``AccessLogHead``) points at the last row (so rows cut off at the end are noticed).
    """
    checked = 0
    first: AccessLogEntry | None = None
    previous: AccessLogEntry | None = None
    checkpoints: dict[int, str] = {}
    broken: tuple[int, str] | None = None
    for row in _rows(jobcenter_id):
        checked += 1
        if row.checkpoint_seq is not None:
            checkpoints[row.checkpoint_seq] = row.checkpoint_hash
        if broken is not None:
            continue
        if _digest_of(row) != row.hash:
            broken = (row.seq, "content changed: the hash does not match the row")
        elif previous is None:
            first = row
            if row.seq == 1 and row.prev_hash != GENESIS:
                broken = (row.seq, "the first row does not start from the genesis hash")
        elif row.seq != previous.seq + 1:
            gap = (f"row {previous.seq + 1} is missing" if row.seq == previous.seq + 2
                   else f"rows {previous.seq + 1}–{row.seq - 1} are missing")
            broken = (row.seq, gap)
        elif row.prev_hash != previous.hash:
            broken = (row.seq, "prev_hash is not the hash of the row before")
        previous = row
    # Earlier rows were removed: only the retention job may have done so, and it left a
    # checkpoint (further on in the chain) naming exactly the row before ``first``.
    if (broken is None and first is not None and first.seq != 1
            and checkpoints.get(first.seq - 1) != first.prev_hash):
        broken = (first.seq, f"rows 1–{first.seq - 1} are missing and no retention "
                             "checkpoint accounts for them")
    head = AccessLogHead.objects.filter(pk=jobcenter_id).first()
    reason = ""
    if broken is None:
        head_seq = head.seq if head else 0
        last_seq = previous.seq if previous else 0
        if head_seq != last_seq or (previous is not None and head.hash != previous.hash):
            broken = (last_seq + 1 if head_seq > last_seq else head_seq + 1,
                      f"the chain head names row {head_seq}, but the last row is {last_seq}")
    if broken is not None:
        reason = broken[1]
    return ChainReport(
        jobcenter_id=jobcenter_id, checked=checked,
        first_seq=first.seq if first else None, last_seq=previous.seq if previous else None,
        head_hash=head.hash if head else GENESIS,
        broken_seq=broken[0] if broken else None, reason=reason,
    )


# --- Retention -------------------------------------------------------------------------


def _delete_through(jobcenter_id: int, seq: int) -> int:
    """Remove the rows up to ``seq`` (a checkpoint covering them is already in the chain)."""
    table = connection.ops.quote_name(AccessLogEntry._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT set_config(%s, 'on', true)", [PURGE_SETTING])
        cursor.execute(f"DELETE FROM {table} WHERE jobcenter_id = %s AND seq <= %s",  # noqa: S608
                       [jobcenter_id, seq])
        return cursor.rowcount


def access_log_purge_expired(*, now: dt.datetime | None = None) -> int:
    """Remove rows older than ``ACCESS_LOG_RETENTION_DAYS``, per Jobcenter, each removal
    recorded by a checkpoint row in the chain. Idempotent: a second run finds nothing."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.ACCESS_LOG_RETENTION_DAYS)
    removed = 0
    jobcenter_ids = (AccessLogEntry.objects.filter(at__lt=cutoff).order_by()
                     .values_list("jobcenter_id", flat=True).distinct())
    for jobcenter_id in list(jobcenter_ids):
        with transaction.atomic():
            head = _locked_head(jobcenter_id)
            last = (AccessLogEntry.objects.filter(jobcenter_id=jobcenter_id, at__lt=cutoff)
                    .order_by("-seq").only("seq", "hash").first())
            if last is None:
                continue
            count = AccessLogEntry.objects.filter(jobcenter_id=jobcenter_id,
                                                  seq__lte=last.seq).count()
            entry = AccessLogEntry(
                jobcenter_id=jobcenter_id, seq=head.seq + 1, at=timezone.now(),
                purpose=AccessLogEntry.Purpose.RETENTION, what=AccessLogEntry.What.CHECKPOINT,
                detail=f"{count} entries before {cutoff:%Y-%m-%d} removed",
                checkpoint_seq=last.seq, checkpoint_hash=last.hash, prev_hash=head.hash,
            )
            entry.hash = _digest_of(entry)
            AccessLogEntry.objects.bulk_create([entry])
            AccessLogHead.objects.filter(pk=jobcenter_id).update(seq=entry.seq, hash=entry.hash)
            removed += _delete_through(jobcenter_id, last.seq)
    return removed
