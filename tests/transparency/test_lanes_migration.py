"""Migrations 0007/0008 on a log written before lanes: the rows (chained with the HMAC of
that time) and the head become lane 0 unchanged, verify, and the chain goes on; the
trigger guards lane by lane; undoing is refused once a second lane holds rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from jobcenter.transparency import chain
from jobcenter.transparency.services import Seen, access_log_record
from tests.factories import PersonFactory, StaffFactory
from tests.transparency.lanes import into_lane

BEFORE = [("transparency", "0006_appointments")]


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@pytest.mark.django_db(transaction=True)
def test_a_log_from_before_lanes_becomes_lane_0_and_goes_on(jobcenter, settings):
    key = settings.ACCESS_LOG_CHAIN_KEY = "der Schlüssel von damals"
    actor, person = StaffFactory(jobcenter=jobcenter), PersonFactory(jobcenter=jobcenter)
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes("transparency")
    old = _migrate(BEFORE)
    try:
        Entry, Head = (old.get_model("transparency", name)
                       for name in ("AccessLogEntry", "AccessLogHead"))
        prev = chain.GENESIS
        for seq in (1, 2, 3):  # as the code before lanes wrote them (its fields, its HMAC)
            values = {"jobcenter_id": jobcenter.pk, "seq": seq, "at": chain.timezone.now(),
                      "actor_id": actor.pk, "actor_name": "Kim Alt", "actor_role": actor.role,
                      "team_name": "", "person_id": person.pk, "person_name": "Greta",
                      "person_customer_number": "", "purpose": "person", "what": "person",
                      "object_type": "", "object_id": "", "detail": f"Zeile {seq}",
                      "checkpoint_seq": None, "checkpoint_hash": "", "prev_hash": prev}
            digest = chain.hmac.new(key.encode(), chain._payload(values).encode(),
                                    chain.hashlib.sha256).hexdigest()
            Entry.objects.bulk_create([Entry(**values, hash=digest)])
            prev = digest
        Head.objects.create(jobcenter_id=jobcenter.pk, seq=3, hash=prev)
    finally:
        _migrate(latest)
    (report,) = chain.chains_verify(jobcenter_id=jobcenter.pk)
    assert (report.lane, report.checked, report.last_seq, report.ok) == (0, 3, 3, True)
    assert report.head_hash == prev
    for number in (0, 2):
        with into_lane(number):
            access_log_record(actor=actor, purpose="person", what="person",
                              seen=[Seen(person, person, "neu")])
    reports = chain.chains_verify(jobcenter_id=jobcenter.pk)
    assert [(r.lane, r.last_seq, r.ok) for r in reports] == [(0, 4, True), (2, 1, True)]
    with pytest.raises(RuntimeError, match="lanes other than 0"):
        _migrate(BEFORE)
