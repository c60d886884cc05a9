"""The access log's append (issue 18): cheap, yet exactly the chain ``chain_verify`` checks.

On PostgreSQL an append is two statements without a transaction of its own (read the
lane's head; move it and insert the rows in one statement, only if the head is still the
one read); a writer that lost a race chains its rows again onto the new head, and after
``OPTIMISTIC_ATTEMPTS`` lost races takes the head's row lock. Processes on lanes of their
own never race. These tests fail when the append forks a chain, loses or changes an entry,
or costs more round trips."""

from __future__ import annotations

import hashlib
import hmac
import json
import multiprocessing
import os
import traceback

import pytest
from django.db import DataError, connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from jobcenter.transparency import chain
from jobcenter.transparency.models import AccessLogEntry, AccessLogHead
from jobcenter.transparency.services import Seen, access_log_record
from tests.factories import PersonFactory, StaffFactory, TeamFactory
from tests.sql import is_write
from tests.transparency.lanes import into_lane, only_lane

TABLE = AccessLogEntry._meta.db_table


def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("the optimistic append and row locks exist on PostgreSQL only")


def record(actor, persons, detail="Stammdaten"):
    return access_log_record(actor=actor, purpose=AccessLogEntry.Purpose.VIEW_PERSON,
                             what=AccessLogEntry.What.PERSON,
                             seen=[Seen(person, person, detail) for person in persons])


def rows(jobcenter):
    return list(AccessLogEntry.objects.filter(jobcenter=jobcenter).order_by("seq"))


#: The fields of the HMAC as the access log defined it from the start (migration 0002):
#: still the definition for lane 0, written out here independently of ``transparency.chain``.
DEFINED_FIELDS = (
    "jobcenter_id", "seq", "at", "actor_id", "actor_name", "actor_role", "team_name",
    "person_id", "person_name", "person_customer_number", "purpose", "what", "object_type",
    "object_id", "detail", "checkpoint_seq", "checkpoint_hash", "prev_hash",
)


def hmac_as_defined(row, key):
    """The HMAC as defined (docs/security.md "Access log"): lane 0 as from the start, any
    other lane with the lane after the Jobcenter."""
    names = list(DEFINED_FIELDS)
    if row.lane != 0:
        names.insert(1, "lane")
    values = []
    for name in names:
        value = getattr(row, name)
        if name == "at":
            value = value.astimezone(chain.dt.UTC).isoformat(timespec="microseconds")
        values.append(value)
    payload = json.dumps(values, ensure_ascii=False, separators=(",", ":"))
    return hmac.new(key.encode(), payload.encode(), hashlib.sha256).hexdigest()


@pytest.fixture(params=[0, 3], ids=["lane0", "lane3"])
def lane(request):
    """Appends go to lane 0 (its hash as before lanes), or to lane 3."""
    with into_lane(request.param):
        yield request.param


def test_rows_carry_the_hmac_as_defined_and_keep_every_character(jobcenter, settings, lane):
    settings.ACCESS_LOG_CHAIN_KEY = "ein Schlüssel nur für diesen Test"
    team = TeamFactory(jobcenter=jobcenter, name='Team "Nord" \\ Süd')
    actor = StaffFactory(jobcenter=jobcenter, team=team, first_name="Zoë", last_name="O'Neil")
    people = [PersonFactory(jobcenter=jobcenter, first_name="Ünal", last_name="Çelik",
                            customer_number="123D45678"),
              PersonFactory(jobcenter=jobcenter, first_name="Ann-Kathrin", last_name="Groß")]
    detail = 'Bescheid „Weiterbewilligung“ 2027\nZeile 2 \t ✓ \\d "x"'
    ids = record(actor, people, detail) + record(actor, people[:1], "zweimal")
    written = rows(jobcenter)
    assert [r.pk for r in written] == ids
    assert [(r.lane, r.seq) for r in written] == [(lane, 1), (lane, 2), (lane, 3)]
    assert [r.prev_hash for r in written] == [chain.GENESIS, written[0].hash, written[1].hash]
    assert [r.hash for r in written] == [hmac_as_defined(r, settings.ACCESS_LOG_CHAIN_KEY)
                                         for r in written]
    first = written[0]
    assert (first.detail, first.team_name, first.actor_name, first.person_name) == (
        detail, 'Team "Nord" \\ Süd', "Zoë O'Neil", "Ünal Çelik")
    assert (first.person_id, first.object_type, first.object_id) == (
        people[0].pk, "households.Person", str(people[0].pk))
    assert (first.checkpoint_seq, first.checkpoint_hash) == (None, "")
    assert len({r.at for r in written[:2]}) == 1  # one append, one time
    head = AccessLogHead.objects.get(jobcenter=jobcenter)
    assert (head.lane, head.seq, head.hash) == (lane, 3, written[-1].hash)
    assert only_lane(jobcenter).ok


def test_rows_written_before_lanes_verify_and_the_chain_goes_on(jobcenter, caseworker,
                                                                 settings):
    """Rows as the code before lanes wrote them (the original HMAC, computed here, stored
    with lane 0 as migration 0007 leaves them): they verify; new appends continue lane 0
    and start other lanes beside it."""
    key = settings.ACCESS_LOG_CHAIN_KEY = "der Schlüssel von damals"
    person = PersonFactory(jobcenter=jobcenter)
    prev, ids = chain.GENESIS, []
    for seq in (1, 2, 3):
        entry = AccessLogEntry(jobcenter=jobcenter, seq=seq, at=chain.timezone.now(),
                               **_row(caseworker, person), prev_hash=prev)
        entry.hash = prev = hmac_as_defined(entry, key)
        AccessLogEntry.objects.bulk_create([entry])
        ids.append(entry.pk)
    AccessLogHead.objects.create(jobcenter=jobcenter, lane=0, seq=3, hash=prev)
    assert only_lane(jobcenter).ok and only_lane(jobcenter).checked == 3
    for number in (0, 5):
        with into_lane(number):
            record(caseworker, [person])
    reports = chain.chains_verify(jobcenter_id=jobcenter.pk)
    assert [(r.lane, r.first_seq, r.last_seq, r.ok) for r in reports] == [
        (0, 1, 4, True), (5, 1, 1, True)]
    assert [r.hash for r in rows(jobcenter)] == [hmac_as_defined(r, key)
                                                 for r in rows(jobcenter)]


# Each hashed column changed behind the application's back (as someone with database
# access would): the check names the row. A hashed field left out of the HMAC would pass.
CHANGES = {
    "jobcenter_id": None, "seq": None, "at": "2020-01-01 00:00:00+00:00",
    "actor_id": 999_999, "actor_name": "Jemand", "actor_role": "admin",
    "team_name": "Anderes Team", "person_id": 999_999, "person_name": "Niemand",
    "person_customer_number": "999X99999", "purpose": "suche", "what": "dokument",
    "object_type": "casefiles.Case", "object_id": "999999", "detail": "harmlos",
    "checkpoint_seq": 1, "checkpoint_hash": "f" * 64, "prev_hash": "e" * 64,
}


def test_every_hashed_field_is_listed_here():
    assert set(CHANGES) == set(chain.HASHED_FIELDS) == set(DEFINED_FIELDS)
    assert set(chain.LANE_HASHED_FIELDS) == {*DEFINED_FIELDS, "lane"}


@pytest.mark.parametrize("field", [name for name, value in CHANGES.items()
                                   if value is not None])
def test_a_change_of_any_hashed_field_breaks_the_chain_at_that_row(
        jobcenter, caseworker, field, lane):
    person = PersonFactory(jobcenter=jobcenter)
    for _ in range(3):
        record(caseworker, [person])
    target = rows(jobcenter)[1]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")  # the trigger
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET {field} = %s WHERE id = %s",  # noqa: S608
                       [CHANGES[field], target.pk])
    report = only_lane(jobcenter)
    assert report.broken_seq == 2 and "content changed" in report.reason


def test_a_moved_jobcenter_or_seq_breaks_the_chain(jobcenter, other_jobcenter, caseworker,
                                                    lane):
    person = PersonFactory(jobcenter=jobcenter)
    for _ in range(3):
        record(caseworker, [person])
    last = rows(jobcenter)[-1]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET seq = 7 WHERE id = %s", [last.pk])  # noqa: S608
    assert only_lane(jobcenter).broken_seq == 7
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET seq = 3, jobcenter_id = %s "  # noqa: S608
                       "WHERE id = %s", [other_jobcenter.pk, last.pk])
    assert not only_lane(other_jobcenter).ok
    assert not only_lane(jobcenter).ok  # row 3 is gone here


def test_a_value_too_long_is_refused_not_cut(jobcenter):
    """A cut value would no longer match its hash: the append fails, writes nothing."""
    _postgresql_only()
    actor = StaffFactory(jobcenter=jobcenter, team=TeamFactory(jobcenter=jobcenter,
                                                               name="T" * 120))
    person = PersonFactory(jobcenter=jobcenter)
    record(actor, [person])
    actor.team.name = "T" * 121  # longer than the column (max_length 120)
    with pytest.raises(DataError), transaction.atomic():  # (the test's transaction goes on)
        record(actor, [person])
    assert [r.seq for r in rows(jobcenter)] == [1]
    assert only_lane(jobcenter).ok


@pytest.mark.django_db(transaction=True)
def test_an_append_is_one_statement_after_this_processs_last_and_two_without(jobcenter,
                                                                            caseworker):
    """Read the head, then move it and insert the rows in one self-committing statement:
    no BEGIN, no COMMIT, no lock, however many persons the page shows — and no read of the
    head either when this process wrote the last rows (``chain._heads``)."""
    _postgresql_only()
    people = [PersonFactory(jobcenter=jobcenter) for _ in range(5)]
    record(caseworker, people[:1])  # the head exists
    autocommit = []

    def watch(execute, sql, params, many, context):
        autocommit.append(connection.get_autocommit() and not connection.in_atomic_block)
        return execute(sql, params, many, context)

    for persons, guess in ((people[:1], False), (people, False), (people[:1], True),
                           (people, True)):
        if not guess:
            chain._heads.clear()  # a process that has not appended yet
        autocommit.clear()
        with CaptureQueriesContext(connection) as queries, connection.execute_wrapper(watch):
            record(caseworker, persons)
        kinds = [is_write(q["sql"]) for q in queries]
        assert kinds == ([True] if guess else [False, True]), [q["sql"][:80] for q in queries]
        assert all(autocommit) and len(autocommit) == len(kinds)
        assert not any("FOR UPDATE" in q["sql"] for q in queries)
    assert [r.seq for r in rows(jobcenter)] == list(range(1, 14))
    assert only_lane(jobcenter).ok


@pytest.mark.django_db(transaction=True)
def test_a_stale_guess_of_the_head_costs_one_statement_more_and_chains_correctly(
        jobcenter, other_jobcenter, caseworker):
    _postgresql_only()
    person = PersonFactory(jobcenter=jobcenter)
    record(caseworker, [person])
    key = (jobcenter.pk, chain.current_lane())
    stale = chain._heads[key]
    record(caseworker, [person])  # the head moves on
    chain._heads[key] = stale  # as if another process had written that row
    with CaptureQueriesContext(connection) as queries:
        record(caseworker, [person])
    assert [is_write(q["sql"]) for q in queries] == [True, True]  # lost, then written
    assert [r.seq for r in rows(jobcenter)] == [1, 2, 3]
    assert only_lane(jobcenter).ok
    # a guess for a Jobcenter without a head row (a database emptied under the process):
    # the head is created and the chain starts at 1
    chain._heads[(other_jobcenter.pk, chain.current_lane())] = (7, "f" * 64)
    record(StaffFactory(jobcenter=other_jobcenter), [PersonFactory(jobcenter=other_jobcenter)])
    assert [r.seq for r in rows(other_jobcenter)] == [1]
    assert only_lane(other_jobcenter).ok


def _race(monkeypatch, rival, races):
    """Before each of the first ``races`` writes of an append, ``rival`` appends first
    (as another worker would between our read of the head and our write)."""
    real = chain._append_if_head
    left = [races]
    rivalling = []

    def contested(cursor, sql, jobcenter_id, lane, head, rows_):
        if left[0] and not rivalling:
            left[0] -= 1
            rivalling.append(True)
            try:
                rival()  # its own append (same connection: same lane) goes straight through
            finally:
                rivalling.clear()
        return real(cursor, sql, jobcenter_id, lane, head, rows_)

    monkeypatch.setattr(chain, "_append_if_head", contested)
    return left


def test_a_writer_that_lost_the_race_chains_onto_the_new_head(jobcenter, caseworker,
                                                               monkeypatch):
    _postgresql_only()
    person, other = PersonFactory(jobcenter=jobcenter), PersonFactory(jobcenter=jobcenter)
    rival = StaffFactory(jobcenter=jobcenter)
    record(caseworker, [person])
    left = _race(monkeypatch, lambda: chain.entries_append(jobcenter_id=jobcenter.pk, rows=[
        {**_row(rival, other), "detail": "dazwischen"}]), races=1)
    with CaptureQueriesContext(connection) as queries:
        ids = record(caseworker, [person, other])
    assert left == [0]
    written = rows(jobcenter)
    assert [r.seq for r in written] == [1, 2, 3, 4]
    assert written[1].detail == "dazwischen" and [r.pk for r in written[2:]] == ids
    assert written[2].prev_hash == written[1].hash
    # the rival's write (its process's guess is right), our lost write (it returned the
    # new head), our write again — no read of the head: this process's last is the guess
    assert len(queries) == 3
    assert only_lane(jobcenter).ok


def test_after_repeated_lost_races_the_writer_takes_the_lock(jobcenter, caseworker,
                                                              monkeypatch):
    _postgresql_only()
    person = PersonFactory(jobcenter=jobcenter)
    rival = StaffFactory(jobcenter=jobcenter)
    record(caseworker, [person])
    left = _race(monkeypatch, lambda: chain.entries_append(
        jobcenter_id=jobcenter.pk, rows=[_row(rival, person)]),
        races=chain.OPTIMISTIC_ATTEMPTS)
    with CaptureQueriesContext(connection) as queries:
        ids = record(caseworker, [person])
    assert left == [0]
    assert any(q["sql"].endswith("FOR UPDATE") for q in queries)
    written = rows(jobcenter)
    assert [r.seq for r in written] == list(range(1, chain.OPTIMISTIC_ATTEMPTS + 3))
    assert [written[-1].pk] == ids and written[-1].actor_id == caseworker.pk
    assert only_lane(jobcenter).ok


def _row(actor, person):
    return {"actor_id": actor.pk, "actor_name": "", "actor_role": actor.role,
            "team_name": "", "person_id": person.pk, "person_name": "",
            "person_customer_number": "", "purpose": AccessLogEntry.Purpose.VIEW_PERSON,
            "what": AccessLogEntry.What.PERSON, "object_type": "", "object_id": "",
            "detail": "", "checkpoint_seq": None, "checkpoint_hash": ""}


def test_a_long_append_is_written_in_batches_in_chain_order(jobcenter, caseworker,
                                                             monkeypatch):
    """SQLite takes at most SQLITE_ROWS_PER_INSERT rows per INSERT (its parameter limit);
    a search page's 50 entries, or more, still form one append in chain order."""
    monkeypatch.setattr(chain, "SQLITE_ROWS_PER_INSERT", 2)
    people = [PersonFactory(jobcenter=jobcenter) for _ in range(5)]
    ids = chain.entries_append(jobcenter_id=jobcenter.pk,
                               rows=[_row(caseworker, person) for person in people])
    written = rows(jobcenter)
    assert [r.pk for r in written] == ids and [r.seq for r in written] == [1, 2, 3, 4, 5]
    assert [r.person_id for r in written] == [person.pk for person in people]
    assert only_lane(jobcenter).ok


#: In a forked writer: the connections it inherited open (see ``_forget_inherited``).
_INHERITED: list[object] = []


def _forget_inherited():
    """A forked child must not use or close a connection the parent had open: its socket
    is the parent's (and every sibling's), so queries from several processes interleave
    on it and a close ends the parent's session. The parent closes its connections before
    forking, but one can stay open out of its sight (Django keeps a thread's connections
    in one place without and in another with a running asyncio loop, and Playwright's
    sync API leaves one running: tests/browser/conftest.py). So the child drops them
    unclosed — kept referenced, never finalised — and opens its own."""
    for conn in connections.all(initialized_only=True):
        if conn.connection is not None:
            _INHERITED.append(conn.connection)
            conn.connection = None


def _write_in_process(barrier, jobcenter_id, actor_id, person_ids, appends, statements):
    """A separate process (as a gunicorn worker): its own connection, then appends; the
    statements of each append after its first go to ``statements`` (a shared array)."""
    from jobcenter.accounts.models import User
    from jobcenter.households.models import Person

    try:
        _forget_inherited()
        actor = User.objects.select_related("team").get(pk=actor_id)
        persons = list(Person.objects.filter(pk__in=person_ids))
        connections.close_all()
        barrier.wait(timeout=60)
        record(actor, persons)  # the lane taken, the head read
        sent = []
        with connection.execute_wrapper(lambda execute, *args: sent.append(1)
                                        or execute(*args)):
            for index in range(appends - 1):
                sent.clear()
                record(actor, persons)
                statements[index] = len(sent)
        connections.close_all()
    except BaseException:  # the parent sees the exit code
        traceback.print_exc()
        os._exit(1)
    os._exit(0)


def _in_processes(jobcenter, writers, persons, appends):
    """``appends`` appends by each writer, each in a process of its own, all at once; the
    statements each process sent per append after its first."""
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(len(writers))
    statements = [context.Array("i", appends - 1) for _ in writers]
    connections.close_all()  # no connection is shared with the children
    children = [context.Process(target=_write_in_process, args=(
        barrier, jobcenter.pk, writer.pk, [p.pk for p in persons], appends, counts))
        for writer, counts in zip(writers, statements, strict=True)]
    for child in children:
        child.start()
    for child in children:
        child.join(120)
    assert [child.exitcode for child in children] == [0] * len(writers)
    return [list(counts) for counts in statements]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lanes", [1, 8])
def test_concurrent_processes_do_not_fork_the_chain(jobcenter, lanes, settings):
    """Four processes on one lane (``ACCESS_LOG_LANES = 1``: they contend for its head) or
    on eight lanes (each takes its own)."""
    _postgresql_only()
    settings.ACCESS_LOG_LANES = lanes
    persons = [PersonFactory(jobcenter=jobcenter) for _ in range(3)]
    writers = [StaffFactory(jobcenter=jobcenter) for _ in range(4)]
    appends = 15
    _in_processes(jobcenter, writers, persons, appends)
    written = list(AccessLogEntry.objects.filter(jobcenter=jobcenter).order_by("lane", "seq"))
    total = len(writers) * appends * len(persons)
    assert len(written) == total
    by_lane = {}
    for row in written:
        by_lane.setdefault(row.lane, []).append(row)
    assert len(by_lane) == (1 if lanes == 1 else len(writers))
    for in_lane in by_lane.values():  # each lane numbered without a gap or a double
        assert [r.seq for r in in_lane] == list(range(1, len(in_lane) + 1))
    for writer in writers:  # every entry of every writer is there, each append in one piece
        mine = [r for r in written if r.actor_id == writer.pk]
        assert len(mine) == appends * len(persons)
        assert len({r.at for r in mine}) == appends
        if lanes > 1:  # and all in the writer's own lane
            assert len({r.lane for r in mine}) == 1
    reports = chain.chains_verify(jobcenter_id=jobcenter.pk)
    assert sorted(r.lane for r in reports) == sorted(by_lane)
    assert all(r.ok for r in reports) and sum(r.checked for r in reports) == total


@pytest.mark.django_db(transaction=True)
def test_processes_on_lanes_of_their_own_never_collide(jobcenter):
    """Two processes appending at once, each to its own lane: every append after the
    first is one statement (its guess of the head is always right)."""
    _postgresql_only()
    persons = [PersonFactory(jobcenter=jobcenter)]
    writers = [StaffFactory(jobcenter=jobcenter) for _ in range(2)]
    statements = _in_processes(jobcenter, writers, persons, appends=40)
    assert statements == [[1] * 39, [1] * 39]
    reports = chain.chains_verify(jobcenter_id=jobcenter.pk)
    assert len(reports) == 2 and all(r.ok and r.checked == 40 for r in reports)


@pytest.mark.django_db(transaction=True)
def test_processes_forced_onto_one_lane_stay_correct(jobcenter, settings):
    """Two processes both on lane 0 (``ACCESS_LOG_LANES = 1``): they collide, and the chain
    stays whole."""
    _postgresql_only()
    settings.ACCESS_LOG_LANES = 1
    persons = [PersonFactory(jobcenter=jobcenter), PersonFactory(jobcenter=jobcenter)]
    writers = [StaffFactory(jobcenter=jobcenter) for _ in range(2)]
    statements = _in_processes(jobcenter, writers, persons, appends=40)
    assert all(count >= 1 for counts in statements for count in counts)
    report = only_lane(jobcenter)
    assert report.lane == 0 and report.ok and report.checked == 2 * 40 * 2
    assert [r.seq for r in rows(jobcenter)] == list(range(1, 161))


@pytest.mark.django_db(transaction=True)
def test_a_connection_takes_the_first_free_lane_and_holds_it_until_it_ends(settings):
    """Lanes are session advisory locks: a second session sees the lane taken; with all
    lanes taken, the lane of the process id; a closed connection frees its lane."""
    _postgresql_only()
    settings.ACCESS_LOG_LANES = 2
    other = connection.copy()

    def taken(lane_):
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [chain.LANE_LOCK, lane_])
            free = cursor.fetchone()[0]
            if free:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [chain.LANE_LOCK, lane_])
        return not free

    try:
        connection.close()
        assert chain.current_lane() == 0 and chain.current_lane() == 0  # taken once
        assert taken(0) and not taken(1)
        with other.cursor() as cursor:  # another session takes lane 1
            cursor.execute("SELECT pg_advisory_lock(%s, 1)", [chain.LANE_LOCK])
        connection.close()  # lane 0 is free again, and is taken again
        assert chain.current_lane() == 0
        connection.close()  # frees lane 0 …
        with other.cursor() as cursor:  # … for the other session: now all lanes are taken
            cursor.execute("SELECT pg_advisory_lock(%s, 0)", [chain.LANE_LOCK])
        assert chain.current_lane() == os.getpid() % 2  # the process id decides
    finally:
        other.close()
        connection.close()


def test_the_chained_payload_is_the_defined_payload(jobcenter, settings):
    """``_chained`` builds each row's payload with the parts the rows share made once per
    append (the time's text, the field order, the keyed HMAC): the very text and hash of
    ``_payload`` and ``entry_digest`` for each row, in both kinds of lane."""
    settings.ACCESS_LOG_CHAIN_KEY = "noch ein Schlüssel"
    values = [
        {"actor_id": 7, "actor_name": "Zoë O'Neil", "actor_role": "leistung",
         "team_name": 'Team "Nord" \\ Süd', "person_id": 12, "person_name": "Ünal Çelik",
         "person_customer_number": "123D45678", "purpose": "fallbearbeitung",
         "what": "vorgang", "object_type": "casefiles.Case", "object_id": "12",
         "detail": "Zeile 1\nZeile 2 \t ✓ „x“", "checkpoint_seq": None,
         "checkpoint_hash": ""},
        {"actor_id": None, "actor_name": "", "actor_role": "", "team_name": "",
         "person_id": None, "person_name": "", "person_customer_number": "",
         "purpose": "aufbewahrung", "what": "checkpoint", "object_type": "",
         "object_id": "", "detail": "", "checkpoint_seq": 40, "checkpoint_hash": "a" * 64},
    ]
    for lane in (0, 3):
        made = chain._chained(jobcenter.pk, lane, 41, "f" * 64, values)
        prev, texts = "f" * 64, []
        for number, row in enumerate(made.rows, start=42):
            full = dict(zip(chain._ENTRY_COLUMNS, row, strict=True))
            assert (full["lane"], full["seq"], full["prev_hash"]) == (lane, number, prev)
            assert full["hash"] == chain.entry_digest(full)
            texts.append(chain._payload(full)[:-1] + f',"{full["hash"]}"]')
            prev = full["hash"]
        assert made.json == "[" + ",".join(texts) + "]"
        assert made.head == (43, prev)
