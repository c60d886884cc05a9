"""The access log is append-only, survives deleted persons, and is a verifiable hash chain
per Jobcenter; the retention job removes old rows only through a checkpoint."""

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


def verify(jobcenter):
    return chain.chain_verify(jobcenter_id=jobcenter.pk)


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
])
def test_verify_reports_the_first_broken_link(jobcenter, caseworker, person, tamper, broken,
                                              reason):
    rows = write(caseworker, person, 5)
    bypass_trigger()
    tamper(rows[2].pk)
    report = verify(jobcenter)
    assert not report.ok and report.broken_seq == broken and reason in report.reason


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
    AccessLogHead.objects.filter(pk=jobcenter.pk).update(seq=rows[-1].seq, hash=prev)
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
    assert f"{jobcenter.slug}: OK, 4 rows 4–7" in out.getvalue()


def test_the_command_names_the_first_broken_row(jobcenter, caseworker, person):
    from django.core.management import CommandError

    rows = write(caseworker, person, 3)
    bypass_trigger()
    raw(f"UPDATE {TABLE} SET detail = 'x' WHERE id = %s", [rows[1].pk])
    out = StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("accesslog_verify", stdout=out)
    assert exc.value.returncode == 1
    assert f"{jobcenter.slug}: BROKEN at row 2: content changed" in out.getvalue()


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
def test_concurrent_writers_do_not_fork_the_chain(jobcenter):
    _postgresql_only()
    person = PersonFactory(jobcenter=jobcenter)
    writers = [StaffFactory(jobcenter=jobcenter) for _ in range(4)]
    index = iter(range(4))

    def burst():
        actor = writers[next(index)]
        return [e.seq for _ in range(10) for e in write(actor, person)]

    results, errors = run_at_once(burst, threads=4)
    assert errors == []
    seqs = sorted(s for r in results for s in r)
    assert seqs == list(range(1, 41))
    assert verify(jobcenter).ok
