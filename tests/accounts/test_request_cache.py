"""The fixed cost of a request: the session and the signed-in user come from the cache, and
every change that matters for security is seen by the very next request (docs/security.md,
"Sessions and the cached user"; docs/performance.md, "Fixed cost of a request").

Every test warms the cache first (a request that fills it) and then changes the data, so
that a stale copy would be served if the invalidation were missing.
"""

from __future__ import annotations

from unittest import mock

import pytest
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DBStore
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError

from jobcenter.accounts import services, session_store
from jobcenter.accounts.models import User
from jobcenter.accounts.session_store import TOMBSTONE, SessionStore
from jobcenter.accounts.user_cache import cached_get_user
from jobcenter.core.roles import Role
from tests.accounts.helpers import cache_round_trips
from tests.conftest import login
from tests.factories import PASSWORD, TeamFactory
from tests.sql import is_write

pytestmark = pytest.mark.django_db

HEALTHZ = "/healthz/"


def queue() -> str:
    return reverse("casefiles:queue")


def signed_in(user) -> Client:
    client = Client()
    login(client, user)
    assert client.get("/portal/" if user.is_citizen else queue()).status_code in (
        200, 302)
    return client


def warm(client: Client) -> None:
    """Two requests: the first may renew the session (at most once a minute) and fills the
    cache; the second is served from it."""
    assert client.get(HEALTHZ).status_code == 200
    assert client.get(HEALTHZ).status_code == 200


def queries_of(client: Client, path: str = HEALTHZ) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return [q["sql"] for q in queries.captured_queries]


def is_signed_in(client: Client) -> bool:
    return client.get("/portal/").status_code == 200


# --- what a request costs -------------------------------------------------------------------


def test_a_signed_in_request_reads_neither_the_session_nor_the_user_from_the_database(
        citizen, caseworker):
    for user in (citizen, caseworker):
        client = signed_in(user)
        warm(client)
        assert queries_of(client) == ["SELECT 1"]  # /healthz/'s own query, nothing else


def test_the_session_and_the_user_are_read_in_one_round_trip(citizen, caseworker):
    for user in (citizen, caseworker):
        client = signed_in(user)
        warm(client)
        reads = cache_round_trips(client)
        assert len(reads) == 1, reads
        assert any(key.startswith("jc:session:") for key in reads[0])
        assert any(key.startswith("jc:user:") for key in reads[0])


def test_a_process_that_has_not_seen_the_session_reads_the_user_on_its_own(citizen):
    client = signed_in(citizen)
    warm(client)
    with mock.patch.dict(session_store._along, clear=True):  # a fresh worker process
        first = cache_round_trips(client)
        assert [len(read) for read in first] == [1, 2]  # no guess yet: session, then user
        assert len(cache_round_trips(client)) == 1  # from then on: one


def test_a_copy_read_along_is_checked_like_one_read_on_its_own(citizen):
    client = signed_in(citizen)
    warm(client)
    User.objects.filter(pk=citizen.pk).update(is_active=False)  # moves the generation on
    reads = cache_round_trips(client, "/portal/", status=302)  # the copy read along is not served
    assert any("jc:user:" in key for key in reads[0]), reads
    assert not is_signed_in(client)


def test_a_staff_members_team_comes_with_the_cached_copy_and_a_rename_is_seen(caseworker):
    team = TeamFactory(jobcenter=caseworker.jobcenter, name="Leistung 1")
    caseworker.team = team
    caseworker.save(update_fields=["team"])
    client = signed_in(caseworker)
    warm(client)
    request = mock.Mock(session=client.session)
    with CaptureQueriesContext(connection) as queries:
        assert cached_get_user(request).team.name == "Leistung 1"  # the access log's team
    assert queries.captured_queries == []
    team.name = "Leistung Nord"
    team.save()
    assert cached_get_user(mock.Mock(session=client.session)).team.name == "Leistung Nord"


def test_the_password_hash_never_enters_the_cache(citizen):
    client = signed_in(citizen)
    warm(client)
    password_hash = User.objects.get(pk=citizen.pk).password
    stored = cache._cache  # LocMemCache's pickled values (tests/conftest.py)
    assert stored, "the test needs the cache filled"
    assert not any(password_hash.encode() in value for value in stored.values())


def test_the_cached_user_saves_without_touching_the_password(citizen):
    client = signed_in(citizen)
    warm(client)
    request = mock.Mock(session=client.session)
    user = cached_get_user(request)
    assert user.pk == citizen.pk and "password" in user.get_deferred_fields()
    user.first_name = "Alicia"
    user.save()
    stored = User.objects.get(pk=citizen.pk)
    assert stored.first_name == "Alicia" and stored.check_password(PASSWORD)


# --- freshness: the next request sees the change ------------------------------------------


def test_a_deactivated_account_is_signed_out_on_the_next_request_whatever_the_write_path(
        citizen, other_citizen):
    alice, bob = signed_in(citizen), signed_in(other_citizen)
    warm(alice), warm(bob)
    User.objects.filter(pk=citizen.pk).update(is_active=False)  # no signal on this path
    assert not is_signed_in(alice)
    assert is_signed_in(bob)  # the other citizen stays signed in
    other_citizen.is_active = False
    other_citizen.save(update_fields=["is_active"])
    assert not is_signed_in(bob)


def test_a_staff_account_deactivated_by_the_admin_is_signed_out_at_once(
        caseworker, jobcenter_admin, other_caseworker):
    carla, charlie = signed_in(caseworker), signed_in(other_caseworker)
    warm(carla), warm(charlie)
    services.staff_update(changed_by=jobcenter_admin, staff=caseworker,
                          first_name=caseworker.first_name, last_name=caseworker.last_name,
                          role=caseworker.role, team=None, is_active=False)
    assert carla.get(queue()).status_code == 302
    assert charlie.get(queue()).status_code == 200  # another Jobcenter: unaffected


def test_a_password_change_signs_out_the_other_devices_at_once(citizen):
    phone, laptop = signed_in(citizen), signed_in(citizen)
    warm(phone), warm(laptop)
    response = laptop.post("/konto/password/change/", {
        "oldpassword": PASSWORD, "password1": "Ein-ganz-neues-Passwort-42",
        "password2": "Ein-ganz-neues-Passwort-42"})
    assert response.status_code == 302
    assert is_signed_in(laptop)  # the device that changed it stays signed in
    assert not is_signed_in(phone)


def test_a_password_set_without_a_signal_signs_out_too(citizen):
    client = signed_in(citizen)
    warm(client)
    user = User.objects.get(pk=citizen.pk)
    user.set_password("Noch-ein-anderes-Passwort-7")
    User.objects.filter(pk=citizen.pk).update(password=user.password)
    assert not is_signed_in(client)


def test_a_role_change_is_seen_by_the_next_request(caseworker, jobcenter_admin):
    carla = signed_in(caseworker)
    warm(carla)
    assert carla.get(queue()).status_code == 200
    services.staff_update(changed_by=jobcenter_admin, staff=caseworker,
                          first_name=caseworker.first_name, last_name=caseworker.last_name,
                          role=Role.VERMITTLUNG,
                          team=None, is_active=True)
    assert carla.get(queue()).status_code in (302, 403)


def test_moving_a_caseworker_to_another_jobcenter_is_seen_by_the_next_request(
        caseworker, other_jobcenter):
    carla = signed_in(caseworker)
    warm(carla)
    assert "Jobcenter Alpha" in carla.get(queue()).content.decode()
    User.objects.filter(pk=caseworker.pk).update(jobcenter=other_jobcenter)
    html = carla.get(queue()).content.decode()
    assert "Jobcenter Beta" in html and "Jobcenter Alpha" not in html


def test_a_session_cannot_borrow_another_users_cached_copy(citizen, other_citizen):
    """Bob's session claiming Alice's id (with Bob's session hash) is not Alice, although
    Alice's copy is in the cache."""
    alice, bob = signed_in(citizen), signed_in(other_citizen)
    warm(alice), warm(bob)
    session = bob.session
    assert session[HASH_SESSION_KEY] != alice.session[HASH_SESSION_KEY]
    session[SESSION_KEY] = str(citizen.pk)
    session.save()
    assert not is_signed_in(bob)
    assert is_signed_in(alice)


# --- sessions: ended stays ended -----------------------------------------------------------


def test_sign_out_everywhere_ends_the_sessions_served_from_the_cache(citizen, other_citizen):
    phone, laptop, bystander = signed_in(citizen), signed_in(citizen), signed_in(other_citizen)
    warm(phone), warm(laptop), warm(bystander)
    assert laptop.post("/konto/sitzungen/ueberall-abmelden/").status_code == 302
    assert not is_signed_in(phone) and not is_signed_in(laptop)
    assert is_signed_in(bystander)


def test_an_ended_session_leaves_a_tombstone_that_a_late_reader_cannot_overwrite(citizen):
    client = signed_in(citizen)
    key = client.session.session_key
    cache.clear()  # the reader below has to go to the database

    original = DBStore._get_session_from_db

    def read_then_end(store):
        row = original(store)
        SessionStore(key).delete()  # signed out right after the reader read the row
        return row

    with mock.patch.object(DBStore, "_get_session_from_db", read_then_end):
        SessionStore(key).load()  # the request in flight still has its data ...
    assert cache.get(f"jc:session:{key}") == TOMBSTONE  # ... but cannot put it back
    assert SessionStore(key).load() == {}
    assert not is_signed_in(client)


def test_a_session_ended_while_it_is_saved_stays_ended(citizen):
    client = signed_in(citizen)
    key = client.session.session_key
    original = DBStore.save

    def save_then_end(store, must_create=False):
        original(store, must_create)
        if not must_create:
            DBStore(key).delete()  # the database row goes between the write and the copy
            cache.set(f"jc:session:{key}", TOMBSTONE, 300)

    store = SessionStore(key)
    store["x"] = 1
    with mock.patch.object(DBStore, "save", save_then_end):
        store.save()
    assert cache.get(f"jc:session:{key}") == TOMBSTONE
    assert not is_signed_in(client)


def test_a_flushed_cache_signs_nobody_out_and_a_get_writes_nothing(citizen, caseworker):
    clients = [signed_in(citizen), signed_in(caseworker)]
    for client in clients:
        warm(client)
    cache.clear()  # Redis flushed or restarted empty
    for client in clients:
        sql = queries_of(client)
        assert not [q for q in sql if is_write(q)]
        assert queries_of(client) == ["SELECT 1"]  # filled again


class _Down:
    """Every cache call fails as a Redis that does not answer."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise RedisConnectionError("Connection refused")
        return fail


def test_pages_are_served_from_the_database_while_the_cache_is_down(citizen, caseworker):
    alice, carla = signed_in(citizen), signed_in(caseworker)
    warm(alice), warm(carla)
    down = _Down()
    with mock.patch("jobcenter.core.fresh_cache.cache", down), \
            mock.patch.object(SessionStore, "__init__", _store_init_with(down)):
        assert alice.get("/portal/").status_code == 200
        assert "Jobcenter Alpha" in alice.get("/portal/").content.decode()
        assert carla.get(queue()).status_code == 200
        assert alice.get(HEALTHZ).status_code == 200


def _store_init_with(backend):
    original = SessionStore.__init__

    def init(self, session_key=None):
        original(self, session_key)
        self._cache = backend
    return init


def test_signing_out_while_the_cache_is_down_ends_the_session_in_the_database(citizen):
    client = signed_in(citizen)
    warm(client)
    key = client.session.session_key
    with mock.patch.object(SessionStore, "__init__", _store_init_with(_Down())):
        assert client.post("/konto/logout/").status_code == 302
    assert not DBStore().exists(key)


def test_after_a_cache_failure_reads_skip_the_cache_but_invalidations_are_still_tried(
        citizen):
    """A Redis that hangs costs one timeout per process and pause, not one per read; a
    change made meanwhile still tries to reach the cache."""
    client = signed_in(citizen)
    warm(client)
    calls = []

    class Hanging:
        def __getattr__(self, name):
            def fail(*args, **kwargs):
                calls.append(name)
                raise RedisConnectionError("Timeout reading from socket")
            return fail

    down = Hanging()
    with mock.patch("jobcenter.core.fresh_cache.cache", down), \
            mock.patch.object(SessionStore, "__init__", _store_init_with(down)):
        assert is_signed_in(client)
        first = len(calls)
        assert first >= 1
        assert is_signed_in(client)
        assert len(calls) == first  # paused: the second request did not ask the cache
        User.objects.filter(pk=citizen.pk).update(first_name="Alicia")
        assert "incr" in calls[first:]  # the invalidation was tried all the same


def test_the_copy_of_a_session_never_outlives_the_session(citizen, settings):
    import time

    settings.SESSION_COOKIE_AGE = 120  # shorter than SESSION_CACHE_SECONDS
    client = signed_in(citizen)
    warm(client)
    key = cache.make_key(f"jc:session:{client.session.session_key}")
    assert cache._expire_info[key] <= time.time() + 120
    settings.SESSION_COOKIE_AGE = 30 * 60
    client.post("/sitzung/verlaengern/")  # a save: the copy is replaced
    assert cache._expire_info[key] <= time.time() + settings.SESSION_CACHE_SECONDS


def _request_through_auth(client: Client, path: str = HEALTHZ):
    """A request with the session of ``client`` through the session and the cached
    authentication middleware (no view)."""
    from django.conf import settings
    from django.test import RequestFactory

    from jobcenter.accounts.user_cache import CachedAuthenticationMiddleware

    request = RequestFactory().get(path)
    request.session = SessionStore(client.cookies[settings.SESSION_COOKIE_NAME].value)
    CachedAuthenticationMiddleware(lambda r: None).process_request(request)
    return request


def test_once_read_the_requests_user_is_the_user_itself(citizen):
    """The first read of ``request.user`` loads the user; later reads get the user itself
    (no proxy in between), and it is the same object."""
    from django.utils.functional import SimpleLazyObject

    request = _request_through_auth(signed_in(citizen))
    assert isinstance(request.user, SimpleLazyObject)
    proxy = request.user
    assert proxy.pk == citizen.pk
    assert type(request.user) is User
    assert request.user is proxy._wrapped


def test_a_user_signed_in_during_the_request_is_not_replaced_by_the_sessions(
        citizen, other_citizen):
    """A proxy read after ``auth.login`` put another user on the request does not put the
    session's user back."""
    request = _request_through_auth(signed_in(citizen))
    proxy = request.user
    request.user = other_citizen  # as auth.login does
    assert proxy.pk == citizen.pk  # the proxy, read late, loads the session's user …
    assert request.user is other_citizen  # … and leaves the request's user alone
