"""The hash chain of the access log: append, verify, and remove expired rows.

Each Jobcenter has its own chain: rows ``seq`` 1, 2, 3 … where every row's ``hash`` is an
HMAC-SHA256 (key ``ACCESS_LOG_CHAIN_KEY``) over its content and ``prev_hash``, the hash of
the row before it (``GENESIS`` for the first). The chain's head row (``AccessLogHead``)
holds the last ``seq`` and hash; an append moves it only if it is still the head the
writer read (see "Appending" below), so concurrent writers never fork the chain.

The retention job never cuts silently: it first appends a checkpoint row that names the
last removed row (``checkpoint_seq``) and its hash, then removes the rows up to it; the
first remaining row's ``prev_hash`` is that hash, so verification continues from the
checkpoint. On PostgreSQL the trigger of migration 0002 lets a DELETE through only inside
this function (a transaction-local setting) and only for rows a checkpoint already covers.
"""

from __future__ import annotations

import datetime as dt
import functools
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


def _payload(values: dict[str, Any]) -> str:
    """What a row's HMAC covers: its ``HASHED_FIELDS`` as a JSON array, canonical."""
    return json.dumps([_canonical(values[name]) for name in HASHED_FIELDS],
                      ensure_ascii=False, separators=(",", ":"))


@functools.lru_cache(maxsize=4)
def _keyed(key: str) -> hmac.HMAC:
    """The HMAC object with the key already absorbed; each digest works on a copy."""
    return hmac.new(key.encode(), digestmod=hashlib.sha256)


def _mac(payload: str) -> str:
    mac = _keyed(settings.ACCESS_LOG_CHAIN_KEY).copy()
    mac.update(payload.encode())
    return mac.hexdigest()


def entry_digest(values: dict[str, Any]) -> str:
    """The HMAC of one row's content (``values`` holds every name in ``HASHED_FIELDS``)."""
    return _mac(_payload(values))


def _digest_of(entry: AccessLogEntry) -> str:
    return entry_digest({name: getattr(entry, name) for name in HASHED_FIELDS})


def _locked_head(jobcenter_id: int) -> AccessLogHead:
    """The chain head, locked until the surrounding transaction ends (created once)."""
    head = AccessLogHead.objects.select_for_update().filter(pk=jobcenter_id).first()
    if head is None:  # the Jobcenter's first entry: create the head (once, race-safe)
        AccessLogHead.objects.get_or_create(jobcenter_id=jobcenter_id)
        head = AccessLogHead.objects.select_for_update().get(pk=jobcenter_id)
    return head


# --- Appending -------------------------------------------------------------------------
#
# Every staff read appends, so the append is written in SQL of its own (no ORM on this
# path) and takes as few round trips as the chain allows:
#
# * PostgreSQL: read the head (no lock; or take this process's last head, ``_heads``),
#   chain the rows in Python, then ONE statement that moves the head only if it is still
#   the one read (``UPDATE … WHERE seq = … AND hash = …``) and inserts the rows only if
#   the head moved (a data-modifying CTE), prepared by the server once per connection
#   (``prepared_cursor``, core/postgresql: parsing and planning it cost more server CPU
#   than running it). Both happen or neither; outside a transaction the statement
#   commits by itself (no BEGIN/COMMIT round trips). If another writer appended in
#   between, nothing is written and the same statement returns the head as it is now:
#   the rows are chained again onto it. After
#   ``OPTIMISTIC_ATTEMPTS`` such races the append takes the head's row lock, as every
#   append did before (so a writer always gets through).
# * SQLite (and PostgreSQL after the races): one transaction (SQLite's BEGIN IMMEDIATE
#   takes the write lock, PostgreSQL's ``SELECT … FOR UPDATE`` the head's row lock),
#   the head read, the rows inserted, the head moved.
#
# The rows and their hashes are exactly those ``entry_digest`` defines (verified by
# ``chain_verify``); the unique constraint on (Jobcenter, ``seq``) stays the last guard.

OPTIMISTIC_ATTEMPTS = 3

#: Per process: the head each Jobcenter's chain had after this process's last append. The
#: next append tries it instead of reading the head first — one round trip when no other
#: process appended meanwhile; a stale guess costs what the read would have (the statement
#: writes nothing and returns the head as it is). Only a guess: the head's condition in the
#: statement decides.
_heads: dict[int, tuple[int, str]] = {}
#: SQLite allows 32,766 parameters per statement: 19 columns × 500 rows stay below.
SQLITE_ROWS_PER_INSERT = 500

_ENTRY_COLUMNS = (*HASHED_FIELDS, "hash")


class _HeadMoved(RuntimeError):
    """The head changed under a locked append (cannot happen; the transaction is undone)."""


@dataclass(frozen=True)
class _Sql:
    read_head: str
    read_head_locked: str
    create_head: str
    move_head: str  # SQLite
    insert_rows: str  # SQLite: one VALUES group per row is appended
    append: str  # PostgreSQL: move the head and insert the rows, one statement


def _from_json(index: int, field: Any) -> str:
    """Element ``index`` of a row's JSON array as the column's type. Strings are cast to
    ``text``, not ``varchar(n)`` (that cast would cut a value that is too long without
    an error, and the row would no longer match its hash): the INSERT refuses them."""
    kind = "text" if field.get_internal_type() == "CharField" else field.db_type(connection)
    return f"(e->>{index})::{kind}"


@functools.cache
def _sql(vendor: str) -> _Sql:
    quote = connection.ops.quote_name
    head, entries = quote(AccessLogHead._meta.db_table), quote(AccessLogEntry._meta.db_table)
    fields = [AccessLogEntry._meta.get_field(name) for name in _ENTRY_COLUMNS]  # attnames
    columns = ", ".join(quote(field.column) for field in fields)
    read = f"SELECT seq, hash FROM {head} WHERE jobcenter_id = %s"  # noqa: S608
    values = ", ".join(_from_json(index, field) for index, field in enumerate(fields))
    return _Sql(
        read_head=read,
        read_head_locked=read + (" FOR UPDATE" if vendor == "postgresql" else ""),
        create_head=f"INSERT INTO {head} (jobcenter_id, seq, hash) "  # noqa: S608
                    f"VALUES (%s, 0, '{GENESIS}') ON CONFLICT DO NOTHING",
        move_head=f"UPDATE {head} SET seq = %s, hash = %s "  # noqa: S608
                  "WHERE jobcenter_id = %s AND seq = %s AND hash = %s",
        insert_rows=f"INSERT INTO {entries} ({columns}) VALUES ",  # noqa: S608
        append=(
            f"WITH moved AS (UPDATE {head} SET seq = %s, hash = %s "  # noqa: S608
            "WHERE jobcenter_id = %s AND seq = %s AND hash = %s RETURNING 1), "
            f"added AS (INSERT INTO {entries} ({columns}) SELECT {values} "
            "FROM moved, json_array_elements(%s::json) AS e RETURNING id, seq) "
            "SELECT (SELECT array_agg(id ORDER BY seq) FROM added), h.seq, h.hash "
            f"FROM {head} h WHERE h.jobcenter_id = %s"
        ),
    )


@dataclass(frozen=True)
class _Chained:
    """Rows numbered and chained after a head: their values (``_ENTRY_COLUMNS``, ``at``
    as a datetime) and, for PostgreSQL, the JSON of each row's hashed payload plus its
    hash — the database receives the very text the HMAC covers."""

    rows: list[tuple[Any, ...]]
    json: str

    @property
    def head(self) -> tuple[int, str]:
        return self.rows[-1][1], self.rows[-1][-1]


def _chained(jobcenter_id: int, seq: int, prev: str, rows: list[dict[str, Any]]) -> _Chained:
    now = timezone.now()
    chained, texts = [], []
    for values in rows:
        seq += 1
        full = {**values, "jobcenter_id": jobcenter_id, "seq": seq, "at": now,
                "prev_hash": prev}
        payload = _payload(full)
        full["hash"] = prev = _mac(payload)
        chained.append(tuple(full[name] for name in _ENTRY_COLUMNS))
        texts.append(f'{payload[:-1]},"{prev}"]')  # the hash is hex: nothing to escape
    return _Chained(chained, f"[{','.join(texts)}]")


def _head(cursor: Any, sql: _Sql, jobcenter_id: int, *, lock: bool) -> tuple[int, str]:
    """(seq, hash) of the Jobcenter's head, created on its first append."""
    cursor.execute(sql.read_head_locked if lock else sql.read_head, [jobcenter_id])
    head = cursor.fetchone()
    if head is None:  # the Jobcenter's first entry: create the head (once, race-safe)
        cursor.execute(sql.create_head, [jobcenter_id])
        cursor.execute(sql.read_head_locked if lock else sql.read_head, [jobcenter_id])
        head = cursor.fetchone()
    return head[0], head[1]


def _append_if_head(cursor: Any, sql: _Sql, jobcenter_id: int, head: tuple[int, str],
                    rows: list[dict[str, Any]]
                    ) -> tuple[list[int] | None, tuple[int, str] | None]:
    """PostgreSQL, one statement: the new rows' ids and the new head if ``head`` was still
    the head, else None and the head as the statement found it (None: there is no head
    row)."""
    chained = _chained(jobcenter_id, *head, rows)
    cursor.execute(sql.append, [*chained.head, jobcenter_id, *head, chained.json,
                                jobcenter_id])
    found = cursor.fetchone()
    if found is None:
        return None, None
    ids, seq, digest = found
    if ids is not None:
        return ids, chained.head
    return None, (seq, digest)


def _append_locked(cursor: Any, sql: _Sql, jobcenter_id: int,
                   rows: list[dict[str, Any]]) -> list[int]:
    """Inside a transaction: lock the head (SQLite: the transaction holds the write lock
    already), then append."""
    head = _head(cursor, sql, jobcenter_id, lock=True)
    if connection.vendor == "postgresql":
        ids, _ = _append_if_head(cursor, sql, jobcenter_id, head, rows)
        if ids is None:
            raise _HeadMoved(jobcenter_id)
        return ids
    chained = _chained(jobcenter_id, *head, rows)
    cursor.execute(sql.move_head, [*chained.head, jobcenter_id, *head])
    if cursor.rowcount != 1:
        raise _HeadMoved(jobcenter_id)
    at = _ENTRY_COLUMNS.index("at")
    group = "(" + ", ".join(["%s"] * len(_ENTRY_COLUMNS)) + ")"
    ids = []
    for start in range(0, len(chained.rows), SQLITE_ROWS_PER_INSERT):
        batch = chained.rows[start:start + SQLITE_ROWS_PER_INSERT]
        params = [connection.ops.adapt_datetimefield_value(value) if index == at else value
                  for row in batch for index, value in enumerate(row)]
        cursor.execute(sql.insert_rows + ", ".join([group] * len(batch)) + " RETURNING id",
                       params)
        ids += sorted(row[0] for row in cursor.fetchall())
    return ids


def entries_append(*, jobcenter_id: int, rows: Iterable[dict[str, Any]]) -> list[int]:
    """Append rows (field values without seq/at/hashes) to the Jobcenter's chain; the ids
    of the new rows in chain order. On PostgreSQL two round trips (see above)."""
    rows = list(rows)
    if not rows:
        return []
    sql = _sql(connection.vendor)
    # PostgreSQL: the append prepared once per connection (core/postgresql); the locked
    # path below uses the same cursor
    prepared = getattr(connection, "prepared_cursor", connection.cursor)
    with prepared() as cursor:
        if connection.vendor == "postgresql":
            head = _heads.get(jobcenter_id)  # this process's last head: no read if right
            for _attempt in range(OPTIMISTIC_ATTEMPTS):
                if head is None:
                    head = _head(cursor, sql, jobcenter_id, lock=False)
                ids, head = _append_if_head(cursor, sql, jobcenter_id, head, rows)
                if ids is not None:
                    _heads[jobcenter_id] = head  # type: ignore[assignment]
                    return ids
            _heads.pop(jobcenter_id, None)
        with transaction.atomic():
            return _append_locked(cursor, sql, jobcenter_id, rows)


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
