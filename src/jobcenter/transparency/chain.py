"""The hash chains of the access log: append, verify, and remove expired rows.

Each Jobcenter has a few chains, its *lanes* (0, 1, 2 …, see "Lanes" below): rows ``seq``
1, 2, 3 … per lane, where every row's ``hash`` is an HMAC-SHA256 (key
``ACCESS_LOG_CHAIN_KEY``) over its content, its lane and ``prev_hash``, the hash of the row
before it in the same lane (``GENESIS`` for the first). The lane's head row
(``AccessLogHead``) holds the last ``seq`` and hash; an append moves it only if it is still
the head the writer read (see "Appending" below), so concurrent writers never fork a chain.

The retention job never cuts silently: it first appends to the lane a checkpoint row that
names the lane's last removed row (``checkpoint_seq``) and its hash, then removes the rows
up to it; the first remaining row's ``prev_hash`` is that hash, so verification continues
from the checkpoint. On PostgreSQL the trigger (migrations 0002, 0007) lets a DELETE through
only inside this function (a transaction-local setting) and only for rows a checkpoint of
their own lane already covers.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import json
import operator
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone

from jobcenter.transparency.models import AccessLogEntry, AccessLogHead

GENESIS = "0" * 64

#: The fields the hash of a row in lane 0 covers, in this order (``prev_hash`` last): the
#: definition from before there were lanes, so the rows written then verify unchanged.
HASHED_FIELDS = (
    "jobcenter_id", "seq", "at", "actor_id", "actor_name", "actor_role", "team_name",
    "person_id", "person_name", "person_customer_number", "purpose", "what", "object_type",
    "object_id", "detail", "checkpoint_seq", "checkpoint_hash", "prev_hash",
)
#: The fields the hash of a row in any other lane covers: the lane too, after the
#: Jobcenter. A row moved from one lane to another no longer matches its hash (into lane
#: 0 or out of it, the payload even differs in length).
LANE_HASHED_FIELDS = ("jobcenter_id", "lane", *HASHED_FIELDS[1:])


def hashed_fields(lane: int) -> tuple[str, ...]:
    """The fields the hash of a row in ``lane`` covers, in their order."""
    return LANE_HASHED_FIELDS if lane else HASHED_FIELDS

#: Set (transaction-locally) by ``access_log_purge_expired``; the PostgreSQL trigger lets a
#: DELETE through only while it is on.
PURGE_SETTING = "jobcenter.accesslog_purge"


def _canonical(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")
    return value


#: ``json.dumps(value, ensure_ascii=False, separators=(",", ":"))`` with the encoder made
#: once (``json.dumps`` builds a new encoder for every call with these arguments).
_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _payload(values: dict[str, Any]) -> str:
    """What a row's HMAC covers: its ``hashed_fields`` as a JSON array, canonical (no
    ``lane`` in ``values``: lane 0)."""
    return _encode([_canonical(values[name])
                    for name in hashed_fields(values.get("lane") or 0)])


@functools.lru_cache(maxsize=4)
def _keyed(key: str) -> hmac.HMAC:
    """The HMAC object with the key already absorbed; each digest works on a copy."""
    return hmac.new(key.encode(), digestmod=hashlib.sha256)


def _mac(payload: str) -> str:
    mac = _keyed(settings.ACCESS_LOG_CHAIN_KEY).copy()
    mac.update(payload.encode())
    return mac.hexdigest()


def entry_digest(values: dict[str, Any]) -> str:
    """The HMAC of one row's content (``values`` holds every name in
    ``hashed_fields(values["lane"])``; without ``lane``: lane 0)."""
    return _mac(_payload(values))


def _digest_of(entry: AccessLogEntry) -> str:
    return entry_digest({name: getattr(entry, name) for name in LANE_HASHED_FIELDS})


def _locked_head(jobcenter_id: int, lane: int) -> AccessLogHead:
    """The lane's head, locked until the surrounding transaction ends (created once)."""
    heads = AccessLogHead.objects.select_for_update().filter(jobcenter_id=jobcenter_id,
                                                             lane=lane)
    head = heads.first()
    if head is None:  # the lane's first entry: create the head (once, race-safe)
        AccessLogHead.objects.get_or_create(jobcenter_id=jobcenter_id, lane=lane)
        head = heads.get()
    return head


# --- Lanes -----------------------------------------------------------------------------
#
# With one chain per Jobcenter, every writer extends the same head: two gunicorn workers
# serving staff pages in turn find it moved by the other on nearly every append (a stale
# guess, the statement sent again; docs/performance.md). So a Jobcenter has lanes 0 …
# ``ACCESS_LOG_LANES`` − 1, each a chain of its own, and each database connection appends
# to one lane: on PostgreSQL the first lane whose session advisory lock (class
# ``LANE_LOCK``) it gets, taken once per connection and held until the connection ends;
# if all are taken, the lane ``pid % ACCESS_LOG_LANES``. Correctness does not depend on
# lanes being distinct: two connections on one lane contend for its head exactly as all
# writers did before lanes (the CAS and the row lock below are per lane). SQLite has one
# writer at a time (BEGIN IMMEDIATE) and appends to lane 0.

#: The advisory-lock class (first key of ``pg_try_advisory_lock(int, int)``) of the lanes:
#: "JCLA" in ASCII.
LANE_LOCK = 0x4A434C41


def _lane_of_connection() -> int:
    lanes = settings.ACCESS_LOG_LANES
    with connection.cursor() as cursor:
        cursor.execute("SELECT lane FROM generate_series(0, %s) AS lane "
                       "WHERE pg_try_advisory_lock(%s, lane) LIMIT 1", [lanes - 1, LANE_LOCK])
        found = cursor.fetchone()
    return found[0] if found is not None else os.getpid() % lanes


def current_lane() -> int:
    """The lane this database connection appends to (taken on its first append)."""
    db = connections[DEFAULT_DB_ALIAS]  # the wrapper itself: no proxy lookup per use
    if db.vendor != "postgresql" or settings.ACCESS_LOG_LANES <= 1:
        return 0
    if db.connection is None:
        db.ensure_connection()
    raw = db.connection
    taken = getattr(db, "access_log_lane", None)
    if taken is None or taken[0] is not raw:  # the first append on this connection
        taken = db.access_log_lane = (raw, _lane_of_connection())
    return taken[1]


# --- Appending -------------------------------------------------------------------------
#
# Every staff read appends, so the append is written in SQL of its own (no ORM on this
# path) and takes as few round trips as the chain allows:
#
# Everything here is per lane (the connection's, ``current_lane``):
#
# * PostgreSQL: read the head (no lock; or take this process's last head, ``_heads``),
#   chain the rows in Python, then ONE statement that moves the head only if it is still
#   the one read (``UPDATE … WHERE seq = … AND hash = …``) and inserts the rows only if
#   the head moved (a data-modifying CTE), prepared by the server once per connection
#   (``prepared_cursor``, core/postgresql: parsing and planning it cost more server CPU
#   than running it). The rows travel as one JSON array, read as ``jsonb``: parsed once,
#   each field then taken from the parsed row (as ``json`` every ``->>`` parsed the row's
#   text again, twenty times per row: the server's CPU per row about halved,
#   docs/performance.md "Staff pages, fourth round"). Both happen or neither; outside a
#   transaction the statement commits by itself (no BEGIN/COMMIT round trips). If another
#   writer appended in between, nothing is written and the same statement returns the
#   head as it is now: the rows are chained again onto it. After
#   ``OPTIMISTIC_ATTEMPTS`` such races the append takes the head's row lock, as every
#   append did before (so a writer always gets through).
# * SQLite (and PostgreSQL after the races): one transaction (SQLite's BEGIN IMMEDIATE
#   takes the write lock, PostgreSQL's ``SELECT … FOR UPDATE`` the head's row lock),
#   the head read, the rows inserted, the head moved.
#
# The rows and their hashes are exactly those ``entry_digest`` defines (verified by
# ``chain_verify``); the unique constraint on (Jobcenter, lane, ``seq``) stays the last
# guard.

OPTIMISTIC_ATTEMPTS = 3

#: Per process: the head each (Jobcenter, lane) had after this process's last append to
#: it. The next append tries it instead of reading the head first — one round trip when no
#: other process appended to the lane meanwhile; a stale guess costs what the read would
#: have (the statement writes nothing and returns the head as it is). Only a guess: the
#: head's condition in the statement decides.
_heads: dict[tuple[int, int], tuple[int, str]] = {}
#: SQLite allows 32,766 parameters per statement: 20 columns × 500 rows stay below.
SQLITE_ROWS_PER_INSERT = 500

_ENTRY_COLUMNS = (*LANE_HASHED_FIELDS, "hash")
_SEQ = _ENTRY_COLUMNS.index("seq")
#: a row's values → the tuple of its columns; → its hashed fields (lane 0, other lanes)
_row_of = operator.itemgetter(*_ENTRY_COLUMNS)
_HASHED_OF_LANE = {False: operator.itemgetter(*HASHED_FIELDS),
                   True: operator.itemgetter(*LANE_HASHED_FIELDS)}


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
def _sql(vendor: str, lane_hashed: bool) -> _Sql:
    """The statements; ``lane_hashed``: for a lane other than 0, whose rows' JSON (the
    hashed payload) holds the lane (for lane 0 the INSERT writes the constant 0)."""
    quote = connection.ops.quote_name
    head, entries = quote(AccessLogHead._meta.db_table), quote(AccessLogEntry._meta.db_table)
    fields = [AccessLogEntry._meta.get_field(name) for name in _ENTRY_COLUMNS]  # attnames
    columns = ", ".join(quote(field.column) for field in fields)
    in_json = (*hashed_fields(1 if lane_hashed else 0), "hash")
    values = ", ".join(
        _from_json(in_json.index(field.attname), field) if field.attname in in_json else "0"
        for field in fields)
    this_head = "jobcenter_id = %s AND lane = %s"
    read = f"SELECT seq, hash FROM {head} WHERE {this_head}"  # noqa: S608
    return _Sql(
        read_head=read,
        read_head_locked=read + (" FOR UPDATE" if vendor == "postgresql" else ""),
        create_head=f"INSERT INTO {head} (jobcenter_id, lane, seq, hash) "  # noqa: S608
                    f"VALUES (%s, %s, 0, '{GENESIS}') ON CONFLICT DO NOTHING",
        move_head=f"UPDATE {head} SET seq = %s, hash = %s "  # noqa: S608
                  f"WHERE {this_head} AND seq = %s AND hash = %s",
        insert_rows=f"INSERT INTO {entries} ({columns}) VALUES ",  # noqa: S608
        append=(
            f"WITH moved AS (UPDATE {head} SET seq = %s, hash = %s "  # noqa: S608
            f"WHERE {this_head} AND seq = %s AND hash = %s RETURNING 1), "
            f"added AS (INSERT INTO {entries} ({columns}) SELECT {values} "
            "FROM moved, jsonb_array_elements(%s::jsonb) AS e RETURNING id, seq) "
            "SELECT (SELECT array_agg(id ORDER BY seq) FROM added), h.seq, h.hash "
            f"FROM {head} h WHERE h.jobcenter_id = %s AND h.lane = %s"
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
        return self.rows[-1][_SEQ], self.rows[-1][-1]


def _chained(jobcenter_id: int, lane: int, seq: int, prev: str,
             rows: list[dict[str, Any]]) -> _Chained:
    """Each row's payload is ``_payload`` of its values, built with the parts shared by the
    rows made once per append: the time's canonical text (the rows' only datetime; the
    other values are text, numbers or None, which ``_canonical`` leaves as they are), the
    lane's field order and the keyed HMAC (``tests/transparency/test_append.py`` compares
    the two)."""
    now = timezone.now()
    at = _canonical(now)
    hashed = _HASHED_OF_LANE[bool(lane)]
    keyed = _keyed(settings.ACCESS_LOG_CHAIN_KEY)
    chained, texts = [], []
    for values in rows:
        seq += 1
        full = {**values, "jobcenter_id": jobcenter_id, "lane": lane, "seq": seq, "at": at,
                "prev_hash": prev}
        payload = _encode(hashed(full))  # a tuple: encoded as the JSON array of a list
        mac = keyed.copy()
        mac.update(payload.encode())
        full["hash"] = prev = mac.hexdigest()
        full["at"] = now
        chained.append(_row_of(full))
        texts.append(f'{payload[:-1]},"{prev}"]')  # the hash is hex: nothing to escape
    return _Chained(chained, f"[{','.join(texts)}]")


def _head(cursor: Any, sql: _Sql, jobcenter_id: int, lane: int, *,
          lock: bool) -> tuple[int, str]:
    """(seq, hash) of the lane's head, created on its first append."""
    cursor.execute(sql.read_head_locked if lock else sql.read_head, [jobcenter_id, lane])
    head = cursor.fetchone()
    if head is None:  # the lane's first entry: create the head (once, race-safe)
        cursor.execute(sql.create_head, [jobcenter_id, lane])
        cursor.execute(sql.read_head_locked if lock else sql.read_head, [jobcenter_id, lane])
        head = cursor.fetchone()
    return head[0], head[1]


def _append_if_head(cursor: Any, sql: _Sql, jobcenter_id: int, lane: int,
                    head: tuple[int, str], rows: list[dict[str, Any]]
                    ) -> tuple[list[int] | None, tuple[int, str] | None]:
    """PostgreSQL, one statement: the new rows' ids and the new head if ``head`` was still
    the lane's head, else None and the head as the statement found it (None: there is no
    head row)."""
    chained = _chained(jobcenter_id, lane, *head, rows)
    cursor.execute(sql.append, [*chained.head, jobcenter_id, lane, *head, chained.json,
                                jobcenter_id, lane])
    found = cursor.fetchone()
    if found is None:
        return None, None
    ids, seq, digest = found
    if ids is not None:
        return ids, chained.head
    return None, (seq, digest)


def _append_locked(cursor: Any, sql: _Sql, jobcenter_id: int, lane: int,
                   rows: list[dict[str, Any]]) -> list[int]:
    """Inside a transaction: lock the lane's head (SQLite: the transaction holds the write
    lock already), then append."""
    head = _head(cursor, sql, jobcenter_id, lane, lock=True)
    if connection.vendor == "postgresql":
        ids, _ = _append_if_head(cursor, sql, jobcenter_id, lane, head, rows)
        if ids is None:
            raise _HeadMoved(jobcenter_id, lane)
        return ids
    chained = _chained(jobcenter_id, lane, *head, rows)
    cursor.execute(sql.move_head, [*chained.head, jobcenter_id, lane, *head])
    if cursor.rowcount != 1:
        raise _HeadMoved(jobcenter_id, lane)
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
    """Append rows (field values without lane/seq/at/hashes) to the Jobcenter's chain in
    this connection's lane (``current_lane``); the ids of the new rows in chain order. On
    PostgreSQL one round trip when this process appended to the lane last, two otherwise
    (see above)."""
    rows = list(rows)
    if not rows:
        return []
    # the connection's wrapper itself, read once (``connection`` is a proxy that looks the
    # wrapper up again on every attribute)
    db = connections[DEFAULT_DB_ALIAS]
    lane = current_lane()
    sql = _sql(db.vendor, lane != 0)
    # PostgreSQL: the append prepared once per connection (core/postgresql); the locked
    # path below uses the same cursor
    prepared = getattr(db, "prepared_cursor", db.cursor)
    with prepared() as cursor:
        if db.vendor == "postgresql":
            key = (jobcenter_id, lane)
            head = _heads.get(key)  # this process's last head: no read if right
            for _attempt in range(OPTIMISTIC_ATTEMPTS):
                if head is None:
                    head = _head(cursor, sql, jobcenter_id, lane, lock=False)
                ids, head = _append_if_head(cursor, sql, jobcenter_id, lane, head, rows)
                if ids is not None:
                    _heads[key] = head  # type: ignore[assignment]
                    return ids
            _heads.pop(key, None)
        with transaction.atomic():
            return _append_locked(cursor, sql, jobcenter_id, lane, rows)


# --- Verification ----------------------------------------------------------------------


@dataclass(frozen=True)
class ChainReport:
    jobcenter_id: int
    lane: int
    checked: int  # rows checked
    first_seq: int | None
    last_seq: int | None
    head_hash: str
    broken_seq: int | None = None  # the first row where the chain breaks
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_seq is None and not self.reason


def _rows(jobcenter_id: int, lane: int) -> Iterator[AccessLogEntry]:
    return (AccessLogEntry.objects.filter(jobcenter_id=jobcenter_id, lane=lane)
            .order_by("seq").iterator(chunk_size=2000))


def chain_lanes(*, jobcenter_id: int) -> list[int]:
    """The Jobcenter's lanes: every lane that has rows or a head."""
    with_rows = (AccessLogEntry.objects.filter(jobcenter_id=jobcenter_id).order_by()
                 .values_list("lane", flat=True).distinct())
    with_head = AccessLogHead.objects.filter(jobcenter_id=jobcenter_id).values_list(
        "lane", flat=True)
    return sorted({*with_rows, *with_head})


def chains_verify(*, jobcenter_id: int) -> list[ChainReport]:
    """``chain_verify`` for each of the Jobcenter's lanes, in lane order."""
    return [chain_verify(jobcenter_id=jobcenter_id, lane=lane)
            for lane in chain_lanes(jobcenter_id=jobcenter_id)]


def chain_verify(*, jobcenter_id: int, lane: int) -> ChainReport:
    """Walk one lane's chain in ``seq`` order; report the first broken link.

    Checks: every row's hash matches its content (its lane included); ``seq`` has no gap;
    every ``prev_hash`` is the hash of the row before; the first row is the genesis row
    (seq 1) or the first row after a checkpoint of the retention job in this lane that
    names its predecessor; the lane's head (``AccessLogHead``) points at the last row (so
    rows cut off at the end are noticed).
    """
    checked = 0
    first: AccessLogEntry | None = None
    previous: AccessLogEntry | None = None
    checkpoints: dict[int, str] = {}
    broken: tuple[int, str] | None = None
    for row in _rows(jobcenter_id, lane):
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
    # checkpoint (further on in the lane) naming exactly the row before ``first``.
    if (broken is None and first is not None and first.seq != 1
            and checkpoints.get(first.seq - 1) != first.prev_hash):
        broken = (first.seq, f"rows 1–{first.seq - 1} are missing and no retention "
                             "checkpoint accounts for them")
    head = AccessLogHead.objects.filter(jobcenter_id=jobcenter_id, lane=lane).first()
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
        jobcenter_id=jobcenter_id, lane=lane, checked=checked,
        first_seq=first.seq if first else None, last_seq=previous.seq if previous else None,
        head_hash=head.hash if head else GENESIS,
        broken_seq=broken[0] if broken else None, reason=reason,
    )


# --- Retention -------------------------------------------------------------------------


def _delete_through(jobcenter_id: int, lane: int, seq: int) -> int:
    """Remove the lane's rows up to ``seq`` (a checkpoint covering them is already in the
    lane)."""
    table = connection.ops.quote_name(AccessLogEntry._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT set_config(%s, 'on', true)", [PURGE_SETTING])
        cursor.execute(f"DELETE FROM {table} WHERE jobcenter_id = %s AND lane = %s "  # noqa: S608
                       "AND seq <= %s", [jobcenter_id, lane, seq])
        return cursor.rowcount


def access_log_purge_expired(*, now: dt.datetime | None = None) -> int:
    """Remove rows older than ``ACCESS_LOG_RETENTION_DAYS``, per Jobcenter and lane, each
    removal recorded by a checkpoint row in that lane. Idempotent: a second run finds
    nothing."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.ACCESS_LOG_RETENTION_DAYS)
    removed = 0
    chains = (AccessLogEntry.objects.filter(at__lt=cutoff).order_by()
              .values_list("jobcenter_id", "lane").distinct())
    for jobcenter_id, lane in sorted(chains):
        with transaction.atomic():
            head = _locked_head(jobcenter_id, lane)
            in_lane = AccessLogEntry.objects.filter(jobcenter_id=jobcenter_id, lane=lane)
            last = (in_lane.filter(at__lt=cutoff).order_by("-seq").only("seq", "hash")
                    .first())
            if last is None:
                continue
            count = in_lane.filter(seq__lte=last.seq).count()
            entry = AccessLogEntry(
                jobcenter_id=jobcenter_id, lane=lane, seq=head.seq + 1, at=timezone.now(),
                purpose=AccessLogEntry.Purpose.RETENTION, what=AccessLogEntry.What.CHECKPOINT,
                detail=f"{count} entries before {cutoff:%Y-%m-%d} removed",
                checkpoint_seq=last.seq, checkpoint_hash=last.hash, prev_hash=head.hash,
            )
            entry.hash = _digest_of(entry)
            AccessLogEntry.objects.bulk_create([entry])
            AccessLogHead.objects.filter(pk=head.pk).update(seq=entry.seq, hash=entry.hash)
            _heads.pop((jobcenter_id, lane), None)
            removed += _delete_through(jobcenter_id, lane, last.seq)
    return removed
