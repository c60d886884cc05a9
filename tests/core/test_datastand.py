"""The data generations (``core.datastand``): every model of the installation declared,
scopes per row, moved on at once and again after the commit, and a cache that is down."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import transaction

from jobcenter.core import datastand
from jobcenter.households.models import Membership
from jobcenter.notifications.models import Notification
from jobcenter.notifications.services import notifications_mark_all_read, notify
from tests.factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_every_concrete_model_is_declared_shown_or_not_shown_with_a_reason():
    """A new model must say whether the cached pages show it: mapped to its scopes, or
    declared not shown with a one-line reason (``<app>/datastand.py``, config/wiring.py)."""
    missing = []
    for model in apps.get_models(include_auto_created=False):
        if model._meta.proxy or model._meta.abstract:
            continue
        declaration = datastand.declared(model)
        if declaration is None:
            missing.append(model._meta.label)
        elif isinstance(declaration, str):
            assert declaration.strip() and "\n" not in declaration, model._meta.label
        elif declaration.how == datastand.OWNER:
            assert model.AccessPolicy.owner, model._meta.label  # type: ignore[attr-defined]
    assert missing == []


def test_every_mapped_path_resolves():
    """Each shown model's paths exist (a renamed field would otherwise fail at a write)."""
    for model in apps.get_models(include_auto_created=False):
        declaration = datastand.declared(model)
        if not isinstance(declaration, datastand.Shown):
            continue
        if declaration.how == datastand.OWNER:
            paths = (model.AccessPolicy.owner, *declaration.also)  # type: ignore[attr-defined]
        elif declaration.how == datastand.TENANT:
            paths = ("pk" if model._meta.label == "jobcenters.Jobcenter" else "jobcenter",)
        else:
            continue
        for path in paths:
            str(model._base_manager.filter(pk__in=[0]).values_list(path).query)


def test_a_model_without_an_owner_cannot_be_mapped_by_owner():
    from jobcenter.casefiles.models import InternalNote

    with pytest.raises(ValueError):
        datastand.shown(InternalNote)
    with pytest.raises(ValueError):
        datastand.not_shown(InternalNote, " ")


def _gen(name: str) -> int:
    found = datastand.generations([name])
    assert found is not None
    return found[name]


def test_rows_map_to_the_account_and_to_the_household(citizen, other_citizen):
    membership = Membership.objects.get(person__user=citizen)
    bg = membership.bedarfsgemeinschaft
    notice = notify(user=citizen, template="status_changed", dedup_key="t:1")
    assert datastand.scopes_for(notice) == {f"user:{citizen.pk}"}
    assert datastand.scopes_for(bg) == {f"household:{bg.pk}"}
    # a membership: the household and the member's account (its list of households)
    assert datastand.scopes_for(membership) == {f"household:{bg.pk}", f"user:{citizen.pk}"}
    assert datastand.scopes_for(citizen.jobcenter) == {f"jobcenter:{citizen.jobcenter_id}"}


def test_a_save_moves_only_the_scopes_of_the_row(citizen, other_citizen):
    mine, theirs = f"user:{citizen.pk}", f"user:{other_citizen.pk}"
    before = {mine: _gen(mine), theirs: _gen(theirs)}
    notify(user=citizen, template="status_changed", dedup_key="t:1")
    assert _gen(mine) > before[mine]
    assert _gen(theirs) == before[theirs]


def test_an_update_without_signals_moves_the_scope_through_the_helper(citizen):
    notify(user=citizen, template="status_changed", dedup_key="t:1")
    mine = f"user:{citizen.pk}"
    before = _gen(mine)
    assert notifications_mark_all_read(user=citizen) == 1
    assert _gen(mine) > before


def test_a_new_member_moves_the_household_and_the_new_members_account(citizen, jobcenter):
    bg = Membership.objects.get(person__user=citizen).bedarfsgemeinschaft
    from tests.factories import CitizenFactory

    newcomer = CitizenFactory(jobcenter=jobcenter, email="neu@example.org")
    names = [f"household:{bg.pk}", f"user:{newcomer.pk}"]
    before = datastand.generations(names)
    MembershipFactory(person=PersonFactory(jobcenter=jobcenter, user=newcomer),
                      bedarfsgemeinschaft=bg, role=Membership.Role.PARTNER)
    after = datastand.generations(names)
    assert before is not None and after is not None
    assert all(after[n] > before[n] for n in names)


def test_a_member_who_leaves_moves_the_old_household_too(citizen, jobcenter):
    membership = Membership.objects.get(person__user=citizen)
    old = membership.bedarfsgemeinschaft
    new = MembershipFactory(person=PersonFactory(jobcenter=jobcenter),
                            bedarfsgemeinschaft__jobcenter=jobcenter).bedarfsgemeinschaft
    before = _gen(f"household:{old.pk}")
    membership.bedarfsgemeinschaft = new
    membership.save()
    assert _gen(f"household:{old.pk}") > before


def test_a_delete_moves_the_scope(citizen):
    notice = notify(user=citizen, template="status_changed", dedup_key="t:1")
    mine = f"user:{citizen.pk}"
    before = _gen(mine)
    Notification.objects.filter(pk=notice.pk).delete()
    assert _gen(mine) > before


def test_moved_at_once_and_again_after_the_commit(citizen, django_capture_on_commit_callbacks):
    mine = f"user:{citizen.pk}"
    start = _gen(mine)
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            notify(user=citizen, template="status_changed", dedup_key="t:1")
            during = _gen(mine)
            assert during > start  # at once: a page rendered in this transaction is not kept
        assert _gen(mine) == during  # not yet committed
    # after the commit: a page rendered meanwhile by another request, with the old data,
    # was stored under ``during`` and is never served again
    assert _gen(mine) > during


def test_a_missing_generation_restarts_at_the_time_not_at_zero(citizen):
    from django.core.cache import cache

    mine = f"user:{citizen.pk}"
    first = _gen(mine)
    cache.delete("datastand:" + mine)
    again = _gen(mine)
    assert again != first and again > 10**15  # microseconds since the epoch


def test_a_cache_that_is_down_gives_no_generations_and_writes_still_work(
        citizen, settings, monkeypatch):
    from loadtest.stack import free_port

    monkeypatch.setattr(datastand, "_paused_until", 0.0)
    settings.CACHES = {"default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}}}
    assert datastand.generations([f"user:{citizen.pk}"]) is None
    assert not datastand.available()  # paused: the next calls do not wait for the timeout
    notice = notify(user=citizen, template="status_changed", dedup_key="t:1")
    assert Notification.objects.filter(pk=notice.pk).exists()



@pytest.mark.django_db(transaction=True)
def test_one_after_commit_callback_per_transaction_even_after_a_rolled_back_savepoint():
    from django.db import connection

    from tests.factories import CitizenFactory, JobcenterFactory

    jobcenter = JobcenterFactory()
    alice = CitizenFactory(jobcenter=jobcenter, email="a@example.org")
    bob = CitizenFactory(jobcenter=jobcenter, email="b@example.org")
    with transaction.atomic():
        try:
            with transaction.atomic():
                notify(user=alice, template="status_changed", dedup_key="t:1")
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
        # the savepoint's callback went with it
        assert not any(datastand.is_after_commit(f) for _s, f, _r in connection.run_on_commit)
        notify(user=bob, template="status_changed", dedup_key="t:2")
        notify(user=alice, template="status_changed", dedup_key="t:3")
        ours = [f for _s, f, _r in connection.run_on_commit if datastand.is_after_commit(f)]
        assert len(ours) == 1
        assert ours[0].scopes == {f"user:{alice.pk}", f"user:{bob.pk}"}
        before = datastand.generations([f"user:{bob.pk}"])
    assert datastand.generations([f"user:{bob.pk}"]) != before  # moved again at the commit


def test_on_redis_every_scope_moves_in_one_round_trip_and_a_page_is_served(
        citizen, settings, tmp_path, client):
    """Production's cache: a private redis-server (the generations are moved with one
    pipeline of SET NX + INCR, read back through Django's cache API)."""
    from django.urls import reverse

    from tests.conftest import login
    from tests.integration.processes import RedisServer

    server = RedisServer(tmp_path / "redis").start()
    try:
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                       "LOCATION": server.url(3)}}
        mine, fresh = f"user:{citizen.pk}", "household:999999"
        before = datastand.generations([mine])
        assert before is not None
        datastand.bump([mine, fresh])
        after = datastand.generations([mine, fresh])
        assert after is not None
        assert after[mine] == before[mine] + 1
        assert after[fresh] > 10**15  # a missing one starts at the time, then moves on
        login(client, citizen)
        overview = reverse("portal:overview")
        assert client.get(overview).get("X-Page-Cache") is None
        assert client.get(overview).get("X-Page-Cache") == "hit"
        notify(user=citizen, template="status_changed", dedup_key="t:1")
        assert client.get(overview).get("X-Page-Cache") is None
    finally:
        server.stop()
