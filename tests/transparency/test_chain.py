"""The access log is append-only, survives deleted persons, and is a verifiable hash chain
per Jobcenter and lane; the retention job removes old rows only through a checkpoint in the
same lane."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.utils import timezone

from jobcenter.core.roles import Role
from jobcenter.transparency import chain
from jobcenter.transparency.models import AccessLogEntry, AccessLogHead, AppendOnlyError
from jobcenter.transparency.services import Seen, access_log_record
from jobcenter.transparency.tasks import purge_expired_access_log
from tests.concurrency import run_at_once
from tests.factories import PersonFactory, StaffFactory, TeamFactory
from tests.transparency.lanes import into_lane, only_lane

TABLE = AccessLogEntry._meta.db_table


def write(actor, person, n=1, what=AccessLogEntry.What.PERSON):
    """``n`` appends of one entry each; the rows written, in chain order."""
    ids = []
    for _ in range(n):
        ids += access_log_record(actor=actor, purpose=AccessLogEntry.Purpose.VIEW_PERSON,
                                 what=what, seen=[Seen(person, person, "Stammdaten")])
    return list(AccessLogEntry.objects.filter(pk__in=ids).order_by("seq"))


def raw(sql, params=()):
    """Tampering as someone with database access would (bypassing the model)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def bypass_trigger(on=True):
    """On PostgreSQL, act as a superuser would: skip the append-only trigger."""
    if connection.vendor == "postgresql":
        raw(f"SET LOCAL session_replication_role = {'replica' if on else 'origin'}")


verify = only_lane


def in_lane(number, actor, person, n=1):
    """``write`` into lane ``number``."""
    with into_lane(number):
        return write(actor, person, n)


@pytest.fixture
def person(jobcenter):
    return PersonFactory(jobcenter=jobcenter, first_name="Greta", last_name="Gärtner",
                         customer_number="123D456789")


def test_entries_are_chained_per_jobcenter(jobcenter, other_jobcenter, caseworker,
                                           other_caseworker, person):
    other_person = PersonFactory(jobcenter=other_jobcenter)
    write(caseworker, person, 3)
    write(other_caseworker, other_person, 2)
    rows = list(AccessLogEntry.objects.filter(jobcenter=jobcenter).order_by("seq"))
    assert [r.seq for r in rows] == [1, 2, 3]
    assert rows[0].prev_hash == chain.GENESIS
    assert [r.prev_hash for r in rows[1:]] == [r.hash for r in rows[:-1]]
    assert list(AccessLogEntry.objects.filter(jobcenter=other_jobcenter)
                .values_list("seq", flat=True).order_by("seq")) == [1, 2]
    assert verify(jobcenter).ok and verify(other_jobcenter).ok
    head = AccessLogHead.objects.get(jobcenter=jobcenter)
    assert (head.seq, head.hash) == (3, rows[-1].hash)


def test_each_lane_is_a_chain_of_its_own(jobcenter, caseworker, person):
    in_lane(0, caseworker, person, 2)
    in_lane(5, caseworker, person, 3)
    in_lane(0, caseworker, person)
    rows = list(AccessLogEntry.objects.filter(jobcenter=jobcenter).order_by("lane", "seq"))
    assert [(r.lane, r.seq) for r in rows] == [(0, 1), (0, 2), (0, 3), (5, 1), (5, 2), (5, 3)]
    assert rows[3].prev_hash == chain.GENESIS and rows[4].prev_hash == rows[3].hash
    reports = chain.chains_verify(jobcenter_id=jobcenter.pk)
    assert [(r.lane, r.checked, r.ok) for r in reports] == [(0, 3, True), (5, 3, True)]
    assert sorted(AccessLogHead.objects.filter(jobcenter=jobcenter)
                  .values_list("lane", "seq", "hash")) == [(0, 3, rows[2].hash),
                                                           (5, 3, rows[5].hash)]


def test_a_row_keeps_a_snapshot_of_whom_it_was_about(jobcenter, person):
    team = TeamFactory(jobcenter=jobcenter, name="Leistung Nord")
    actor = StaffFactory(jobcenter=jobcenter, role=Role.LEISTUNG, team=team,
                         first_name="Petra", last_name="Prüfer")
    (entry,) = write(actor, person)
    assert (entry.person_name, entry.person_customer_number) == ("Greta Gärtner", "123D456789")
    assert (entry.actor_name, entry.actor_role, entry.team_name) == (
        "Petra Prüfer", Role.LEISTUNG, "Leistung Nord")


def test_rows_survive_the_deletion_of_the_person(jobcenter, caseworker, person):
    write(caseworker, person, 2)
    person_pk = person.pk
    person.delete()
    rows = AccessLogEntry.objects.filter(person_id=person_pk)
    assert rows.count() == 2
    assert {r.person_name for r in rows} == {"Greta Gärtner"}
    assert verify(jobcenter).ok


def test_the_code_cannot_change_or_delete_rows(caseworker, person):
    (entry,) = write(caseworker, person)
    entry.detail = "geändert"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.filter(pk=entry.pk).update(detail="x")
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AccessLogEntry(detail="ohne Kette").save()  # only transparency.chain writes rows
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.bulk_create([AccessLogEntry(detail="ohne Kette")])


def test_the_retention_job_runs_daily_from_beat(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["transparency-purge-expired-access-log"]
    assert entry["task"] == purge_expired_access_log.name
    assert settings.ACCESS_LOG_RETENTION_DAYS == 365


def test_the_django_admin_does_not_offer_the_log():
    assert not admin.site.is_registered(AccessLogEntry)
    assert not admin.site.is_registered(AccessLogHead)


@pytest.mark.parametrize("tamper, broken, reason", [
    (lambda pk: raw(f"UPDATE {TABLE} SET detail = 'harmlos' WHERE id = %s", [pk]),
     3, "content changed"),
    (lambda pk: raw(f"UPDATE {TABLE} SET person_name = 'Niemand' WHERE id = %s", [pk]),
     3, "content changed"),
    (lambda pk: raw(f"DELETE FROM {TABLE} WHERE id = %s", [pk]), 4, "row 3 is missing"),
    (lambda pk: raw(f"UPDATE {TABLE} SET prev_hash = %s WHERE id = %s", ["a" * 64, pk]),
     3, "content changed"),
])
@pytest.mark.parametrize("lane", [0, 2])
def test_verify_reports_the_first_broken_link_in_its_lane(
        jobcenter, caseworker, person, tamper, broken, reason, lane):
    """Each lane on its own: the other lane's intact chain neither hides nor causes it."""
    rows = in_lane(lane, caseworker, person, 5)
    in_lane(1 - lane // 2, caseworker, person, 5)  # another lane, intact
    bypass_trigger()
    tamper(rows[2].pk)
    reports = {r.lane: r for r in chain.chains_verify(jobcenter_id=jobcenter.pk)}
    assert reports[1 - lane // 2].ok
    report = reports[lane]
    assert not report.ok and report.broken_seq == broken and reason in report.reason


@pytest.mark.parametrize("lane", [0, 2])
def test_a_prev_hash_rehashed_without_the_key_breaks_the_lane(jobcenter, caseworker, person,
                                                              lane, settings):
    """A wrong ``prev_hash`` whose row hash was recomputed (with a guessed key)."""
    rows = in_lane(lane, caseworker, person, 4)
    bypass_trigger()
    settings.ACCESS_LOG_CHAIN_KEY = "the attacker's guess"
    entry = AccessLogEntry.objects.get(pk=rows[2].pk)
    entry.prev_hash = rows[0].hash  # row 2 skipped
    raw(f"UPDATE {TABLE} SET prev_hash = %s, hash = %s WHERE id = %s",
        [entry.prev_hash, chain._digest_of(entry), entry.pk])
    settings.ACCESS_LOG_CHAIN_KEY = "the real key"
    report = chain.chain_verify(jobcenter_id=jobcenter.pk, lane=lane)
    assert not report.ok and report.broken_seq == 1  # another key: every row differs


def test_a_wrong_prev_hash_with_a_right_row_hash_is_named(jobcenter, caseworker, person):
    """With the key (the application's own): row 3 says it follows row 1."""
    rows = in_lane(4, caseworker, person, 4)
    bypass_trigger()
    entry = AccessLogEntry.objects.get(pk=rows[2].pk)
    entry.prev_hash = rows[0].hash
    raw(f"UPDATE {TABLE} SET prev_hash = %s, hash = %s WHERE id = %s",
        [entry.prev_hash, chain._digest_of(entry), entry.pk])
    report = chain.chain_verify(jobcenter_id=jobcenter.pk, lane=4)
    assert report.broken_seq == 3 and "prev_hash is not the hash" in report.reason


@pytest.mark.parametrize("source, target", [(0, 3), (3, 0), (3, 5)])
def test_a_row_moved_to_another_lane_breaks_both(jobcenter, caseworker, person, source,
                                                 target):
    """Moved as the last row of the other lane (seq and prev_hash fitting there, its
    head moved too): its hash covers its lane, so the row no longer matches it, and its
    old lane misses a row."""
    moved = in_lane(source, caseworker, person, 3)[1]
    there = in_lane(target, caseworker, person, 2)
    bypass_trigger()
    raw(f"UPDATE {TABLE} SET lane = %s, seq = 3, prev_hash = %s WHERE id = %s",
        [target, there[-1].hash, moved.pk])
    AccessLogHead.objects.filter(jobcenter=jobcenter, lane=target).update(seq=3,
                                                                          hash=moved.hash)
    reports = {r.lane: r for r in chain.chains_verify(jobcenter_id=jobcenter.pk)}
    assert reports[target].broken_seq == 3 and "content changed" in reports[target].reason
    assert reports[source].broken_seq == 3 and "row 2 is missing" in reports[source].reason


@pytest.mark.parametrize("lane", [0, 6])
def test_verify_notices_rows_cut_off_at_the_end_of_a_lane(jobcenter, caseworker, person,
                                                          lane):
    rows = in_lane(lane, caseworker, person, 4)
    in_lane(1, caseworker, person, 2)
    bypass_trigger()
    raw(f"DELETE FROM {TABLE} WHERE id = %s", [rows[-1].pk])
    reports = {r.lane: r for r in chain.chains_verify(jobcenter_id=jobcenter.pk)}
    assert reports[1].ok
    assert not reports[lane].ok and "chain head names row 4" in reports[lane].reason


def test_verify_notices_a_recomputed_row_without_the_key(jobcenter, caseworker, person,
                                                        settings):
    rows = write(caseworker, person, 3)
    bypass_trigger()
    # Someone rewrites row 2 and fixes its hash with a key of their own: row 2 breaks.
    settings.ACCESS_LOG_CHAIN_KEY = "the attacker's guess"
    entry = AccessLogEntry.objects.get(pk=rows[1].pk)
    entry.detail = "unauffällig"
    forged = chain._digest_of(entry)
    raw(f"UPDATE {TABLE} SET detail = %s, hash = %s WHERE id = %s",
        ["unauffällig", forged, entry.pk])
    settings.ACCESS_LOG_CHAIN_KEY = "the real key"  # whatever it is: not the guess
    assert verify(jobcenter).broken_seq == 1


def test_verify_notices_rows_cut_off_at_the_end(jobcenter, caseworker, person):
    rows = write(caseworker, person, 4)
    bypass_trigger()
    raw(f"DELETE FROM {TABLE} WHERE id = %s", [rows[-1].pk])
    report = verify(jobcenter)
    assert not report.ok and "chain head" in report.reason


def test_verify_notices_removed_first_rows_without_a_checkpoint(jobcenter, caseworker, person):
    rows = write(caseworker, person, 4)
    bypass_trigger()
    raw(f"DELETE FROM {TABLE} WHERE id IN (%s, %s)", [rows[0].pk, rows[1].pk])
    report = verify(jobcenter)
    assert report.broken_seq == 3 and "no retention checkpoint" in report.reason


def _age(entries, days):
    """Make rows old: they are rewritten like the chain would have written them then."""
    bypass_trigger()
    when = timezone.now() - dt.timedelta(days=days)
    prev = None
    for entry in AccessLogEntry.objects.filter(pk__in=[e.pk for e in entries]).order_by("seq"):
        entry.at = when
        if prev is not None:
            entry.prev_hash = prev
        entry.hash = prev = chain._digest_of(entry)
        raw(f"UPDATE {TABLE} SET at = %s, prev_hash = %s, hash = %s WHERE id = %s",
            [when, entry.prev_hash, entry.hash, entry.pk])
    bypass_trigger(False)


def _rechain_lane(jobcenter, lane):
    """Rechain a lane's rows after ``_age`` (as the chain would have written them then)."""
    bypass_trigger()
    prev = None
    for entry in AccessLogEntry.objects.filter(jobcenter=jobcenter, lane=lane).order_by("seq"):
        if prev is not None and entry.prev_hash != prev:
            entry.prev_hash = prev
            entry.hash = chain._digest_of(entry)
            raw(f"UPDATE {TABLE} SET prev_hash = %s, hash = %s WHERE id = %s",
                [entry.prev_hash, entry.hash, entry.pk])
        prev = entry.hash
    AccessLogHead.objects.filter(jobcenter=jobcenter, lane=lane).update(hash=prev)
    bypass_trigger(False)


def _rechain_from(jobcenter, seq):
    """After ``_age`` the later rows must point at the new hashes (as they would have)."""
    bypass_trigger()
    rows = list(AccessLogEntry.objects.filter(jobcenter=jobcenter).order_by("seq"))
    prev = None
    for entry in rows:
        if entry.seq >= seq and prev is not None:
            entry.prev_hash = prev
            entry.hash = chain._digest_of(entry)
            raw(f"UPDATE {TABLE} SET prev_hash = %s, hash = %s WHERE id = %s",
                [entry.prev_hash, entry.hash, entry.pk])
        prev = entry.hash
    AccessLogHead.objects.filter(jobcenter=jobcenter).update(seq=rows[-1].seq, hash=prev)
    bypass_trigger(False)


def test_retention_removes_old_rows_through_a_checkpoint(jobcenter, caseworker, person, settings):
    settings.ACCESS_LOG_RETENTION_DAYS = 30
    old = write(caseworker, person, 3)
    recent = write(caseworker, person, 2)
    _age(old, days=40)
    _rechain_from(jobcenter, recent[0].seq)
    assert verify(jobcenter).ok

    assert purge_expired_access_log() == 3
    remaining = list(AccessLogEntry.objects.filter(jobcenter=jobcenter).order_by("seq"))
    assert [r.seq for r in remaining] == [4, 5, 6]
    checkpoint = remaining[-1]
    assert checkpoint.what == AccessLogEntry.What.CHECKPOINT
    assert checkpoint.checkpoint_seq == 3
    assert checkpoint.checkpoint_hash == remaining[0].prev_hash
    assert verify(jobcenter).ok  # verification continues from the checkpoint
    assert purge_expired_access_log() == 0  # idempotent
    write(caseworker, person)  # the chain goes on after the checkpoint
    assert verify(jobcenter).ok
    out = StringIO()
    call_command("accesslog_verify", "--jobcenter", jobcenter.slug, stdout=out)
    assert f"{jobcenter.slug} lane {chain.current_lane()}: OK, 4 rows 4–7" in out.getvalue()


def test_retention_checkpoints_each_lane_and_deletes_only_what_it_covers(
        jobcenter, caseworker, person, settings):
    settings.ACCESS_LOG_RETENTION_DAYS = 30
    old = in_lane(0, caseworker, person, 3)
    in_lane(0, caseworker, person, 1)
    also_old = in_lane(2, caseworker, person, 2)
    _age(old, days=40)
    _age(also_old, days=40)
    _rechain_lane(jobcenter, 0)
    _rechain_lane(jobcenter, 2)
    in_lane(3, caseworker, person, 2)  # nothing old in lane 3
    assert all(r.ok for r in chain.chains_verify(jobcenter_id=jobcenter.pk))

    assert purge_expired_access_log() == 5
    left = list(AccessLogEntry.objects.filter(jobcenter=jobcenter)
                .order_by("lane", "seq").values_list("lane", "seq", "checkpoint_seq"))
    assert left == [(0, 4, None), (0, 5, 3), (2, 3, 2), (3, 1, None), (3, 2, None)]
    reports = chain.chains_verify(jobcenter_id=jobcenter.pk)
    assert [(r.lane, r.ok) for r in reports] == [(0, True), (2, True), (3, True)]
    assert purge_expired_access_log() == 0
    in_lane(2, caseworker, person)  # lane 2 goes on after its checkpoint
    assert chain.chain_verify(jobcenter_id=jobcenter.pk, lane=2).ok


def test_a_checkpoint_covers_only_its_own_lane(jobcenter, caseworker, person, settings):
    """The trigger: a checkpoint in lane 0 that names seq 3 lets no row of lane 1 go."""
    _postgresql_only()
    settings.ACCESS_LOG_RETENTION_DAYS = 30
    _age(in_lane(0, caseworker, person, 3), days=40)
    other = in_lane(1, caseworker, person, 3)
    assert purge_expired_access_log() == 3
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw("SELECT set_config(%s, 'on', true)", [chain.PURGE_SETTING])
        raw(f"DELETE FROM {TABLE} WHERE id = %s", [other[0].pk])
    assert AccessLogEntry.objects.filter(jobcenter=jobcenter, lane=1).count() == 3


def failing_verify() -> str:
    """``accesslog_verify`` over every Jobcenter, which must exit 1: what it printed."""
    from django.core.management import CommandError

    out = StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("accesslog_verify", stdout=out)
    assert exc.value.returncode == 1
    return out.getvalue()


def test_the_command_names_the_first_broken_row(jobcenter, caseworker, person):
    rows = write(caseworker, person, 3)
    bypass_trigger()
    raw(f"UPDATE {TABLE} SET detail = 'x' WHERE id = %s", [rows[1].pk])
    assert (f"{jobcenter.slug} lane {chain.current_lane()}: BROKEN at row 2: content changed"
            in failing_verify())


def test_the_command_prints_each_lane_and_fails_on_any(jobcenter, caseworker, person):
    in_lane(0, caseworker, person, 2)
    rows = in_lane(3, caseworker, person, 2)
    out = StringIO()
    call_command("accesslog_verify", "--jobcenter", jobcenter.slug, stdout=out)
    assert f"{jobcenter.slug} lane 0: OK, 2 rows 1–2" in out.getvalue()
    assert f"{jobcenter.slug} lane 3: OK, 2 rows 1–2" in out.getvalue()
    bypass_trigger()
    raw(f"DELETE FROM {TABLE} WHERE id = %s", [rows[0].pk])
    printed = failing_verify()
    assert f"{jobcenter.slug} lane 0: OK" in printed
    assert f"{jobcenter.slug} lane 3: BROKEN at row 2" in printed


# --- PostgreSQL: the trigger and concurrent writers ------------------------------------


def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("the trigger and row locks exist on PostgreSQL only")


def test_the_trigger_refuses_update_and_delete(caseworker, person):
    _postgresql_only()
    (entry,) = write(caseworker, person)
    for sql in (f"UPDATE {TABLE} SET detail = 'x' WHERE id = %s",
                f"DELETE FROM {TABLE} WHERE id = %s"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            raw(sql, [entry.pk])


def test_the_trigger_refuses_deletes_without_a_checkpoint_even_with_the_setting(
        caseworker, person):
    _postgresql_only()
    (entry,) = write(caseworker, person)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw("SELECT set_config(%s, 'on', true)", [chain.PURGE_SETTING])
        raw(f"DELETE FROM {TABLE} WHERE id = %s", [entry.pk])


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lanes", [1, 8])
def test_concurrent_writers_do_not_fork_the_chain(jobcenter, lanes, settings):
    """Four threads (four connections): on one lane (``ACCESS_LOG_LANES = 1``) they contend
    for its head; with eight lanes each takes a lane of its own."""
    _postgresql_only()
    settings.ACCESS_LOG_LANES = lanes
    person = PersonFactory(jobcenter=jobcenter)
    writers = [StaffFactory(jobcenter=jobcenter) for _ in range(4)]
    index = iter(range(4))

    def burst():
        actor = writers[next(index)]
        return [(e.lane, e.seq) for _ in range(10) for e in write(actor, person)]

    results, errors = run_at_once(burst, threads=4)
    assert errors == []
    used = sorted({lane for r in results for lane, _ in r})
    # one lane, or each connection a lane of its own (advisory locks)
    assert used == [0] if lanes == 1 else len(used) == 4
    for lane in used:
        seqs = sorted(seq for r in results for lane_, seq in r if lane_ == lane)
        assert seqs == list(range(1, 40 // len(used) + 1))
    reports = chain.chains_verify(jobcenter_id=jobcenter.pk)
    assert [r.lane for r in reports] == used and all(r.ok for r in reports)
