"""Datenstand: a generation counter per scope of data, moved on every committed change.

A cached page (``core.pagecache``) is valid only as long as the data it shows are unchanged.
The data of one installation are partitioned into *scopes*; each scope has a counter in the
cache (its generation) that every change of a row in it moves on:

``user:<id>``
    what belongs to one account: the account, its notifications, drafts, Postfach,
    concerns (cases with the account as applicant and everything below them: documents,
    Bescheide, requests for documents, appointments, Widersprüche …), claims, profile.
``household:<id>``
    a Bedarfsgemeinschaft: its members and everything that belongs to the BG as a whole
    (payments, standing orders, payment stops, Direktzahlungen).
``jobcenter:<id>``
    a Jobcenter's configuration that citizens' pages show (its name, contact, legal texts,
    deadlines, appointment topics and places).
``platform``
    the catalogue shared by all Jobcenters (case, status, document and decision types).

The staff pages (the case page and the work queue) have three scopes of their own, so that a
caseworker's click empties neither the citizens' pages of the Jobcenter nor the staff pages
of other cases:

``case:<id>``
    one case file: everything the staff case page shows of it (the case, its documents,
    timeline, internal notes, requests for documents, Wiedervorlagen, Bescheide, the
    applicant and the members of its Bedarfsgemeinschaft).
``caselist:<jobcenter id>``
    a Jobcenter's work queue: its cases, their applicants' names, its Wiedervorlagen.
``staff:<jobcenter id>``
    a Jobcenter's staff accounts and teams (names on both pages, the assignment choices).

They are declared separately (``on_staff_pages``) with the paths from a row to its case or
Jobcenter; a model can be declared for both kinds of page.

Which scopes a row belongs to is declared per model in a registry (``shown`` /
``not_shown``), next to each app (``<app>/datastand.py``) and connected in
``config/wiring.py``. For most models the scope follows from the model's ``AccessPolicy``:
its ``owner`` path leads to the citizen's account (``user:``), through the Bedarfsgemeinschaft
when it ends in ``memberships__person__user`` (``household:``); the same path ``scope()``
uses to show the row to the citizen, so what a citizen sees and what invalidates their page
cannot drift apart. ``tests/core/test_datastand.py`` walks every concrete model of the
installation and fails unless it is declared.

The signals (``post_save``, ``pre_delete``, ``m2m_changed``) move the scopes of every
declared row; writes that send no signal (``QuerySet.update()``, ``bulk_create``,
``bulk_update``, raw SQL) call ``changed()`` themselves. A scope is moved twice: at once
(so a page rendered inside the writing transaction, as in the tests, is not kept) and
again after the commit (``transaction.on_commit``), so that a page rendered by another
request between the write and its commit — still showing the old data — is never served
under the new generation. A rolled-back write has moved the counter once: harmless.

A generation that is missing from the cache (evicted, or the cache emptied) is started
at the current time in microseconds, never at 0, so it cannot come back to a value an old
cached page was stored under. If the cache is down, nothing is cached and nothing fails
(``generations`` answers ``None``; a failed bump is logged, and the page cache's short
lifetime, ``PAGE_CACHE_SECONDS``, bounds what could be served stale after such an
outage).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_save, pre_delete, pre_save

from jobcenter.core.fresh_cache import ReadAhead

logger = logging.getLogger(__name__)

#: Kinds of scope (the part before the colon).
USER = "user"
HOUSEHOLD = "household"
JOBCENTER = "jobcenter"
PLATFORM = "platform"
CASE = "case"
CASELIST = "caselist"
STAFF = "staff"

#: How a model's rows map to scopes.
OWNER = "owner"  # the AccessPolicy's owner path: user: or household:
TENANT = "tenant"  # the row's Jobcenter: jobcenter:
CATALOGUE = "catalogue"  # shared by all Jobcenters: platform

#: A generation lives this long in the cache without a change (a missing one restarts at
#: the current time, so eviction is safe).
GENERATION_SECONDS = 7 * 24 * 3600

#: After a failed cache operation this process leaves the cache alone for this long (a
#: cache that does not answer would otherwise cost its timeout on every write and page).
PAUSE_SECONDS = 10.0

_PREFIX = "datastand:"
_HOUSEHOLD_TAIL = "memberships__person__user"


def scope(kind: str, pk: Any = None) -> str:
    """The name of a scope: ``user:7``, ``household:3``, ``platform``."""
    return kind if pk is None else f"{kind}:{pk}"


@dataclass(frozen=True)
class Shown:
    """A model whose rows are shown on cached pages: ``how`` (OWNER, TENANT, CATALOGUE),
    further owner paths (``also``) and whether a row can move to another owner (then the
    scopes before the change are read and moved too)."""

    how: str
    also: tuple[str, ...] = ()
    moves: bool = False


@dataclass(frozen=True)
class OnStaffPages:
    """A model whose rows the staff pages show: the paths from a row to the cases whose
    case page shows it (``case:``), to the Jobcenters whose work queue shows it
    (``caselist:``) and to the Jobcenters whose staff lists show it (``staff:``, only for
    rows ``staff_if`` accepts when the row is at hand)."""

    case: tuple[str, ...] = ()
    caselist: tuple[str, ...] = ()
    staff: tuple[str, ...] = ()
    staff_if: Callable[[Any], bool] | None = None


_shown: dict[type[models.Model], Shown] = {}
_not_shown: dict[type[models.Model], str] = {}
_on_staff_pages: dict[type[models.Model], OnStaffPages] = {}
_user_households: list[Callable[[Any], Iterable[int]]] = []


def shown(model: type[models.Model], how: str = OWNER, *, also: tuple[str, ...] = (),
          moves: bool = False) -> None:
    """Declare that rows of ``model`` are shown on cached pages, and how they map to scopes."""
    if how not in (OWNER, TENANT, CATALOGUE):
        raise ValueError(f"unknown mapping {how!r}")
    if how == OWNER and getattr(getattr(model, "AccessPolicy", None), "owner", None) is None:
        raise ValueError(f"{model.__name__} has no AccessPolicy.owner")
    _not_shown.pop(model, None)
    _shown[model] = Shown(how, also, moves)


def not_shown(model: type[models.Model], reason: str) -> None:
    """Declare that rows of ``model`` appear on no cached page (``reason``: one line why)."""
    if not reason.strip():
        raise ValueError("a reason is required")
    _shown.pop(model, None)
    _not_shown[model] = reason


def on_staff_pages(model: type[models.Model], *, case: tuple[str, ...] = (),
                   caselist: tuple[str, ...] = (), staff: tuple[str, ...] = (),
                   staff_if: Callable[[Any], bool] | None = None) -> None:
    """Declare that rows of ``model`` are shown on the staff pages, by the paths to their
    case (``case:``), to the Jobcenter whose work queue shows them (``caselist:``) and to
    the Jobcenter whose staff lists show them (``staff:``)."""
    if not (case or caselist or staff):
        raise ValueError("at least one path is required")
    _on_staff_pages[model] = OnStaffPages(case, caselist, staff, staff_if)


def declared_on_staff_pages(model: type[models.Model]) -> OnStaffPages | None:
    """The staff pages' declaration of ``model`` (for the tests that walk the pages)."""
    return _on_staff_pages.get(model)


def declared(model: type[models.Model]) -> Shown | str | None:
    """The declaration of ``model`` (for the test that walks every model)."""
    return _shown.get(model) or _not_shown.get(model)


def register_user_households(function: Callable[[Any], Iterable[int]]) -> None:
    """Connect the lookup of the Bedarfsgemeinschaften a user belongs to (households)."""
    _user_households[:] = [function]


def scopes_of_user(user: Any) -> list[str]:
    """Every scope a citizen's own pages depend on (one query: the user's BGs)."""
    scopes = [scope(USER, user.pk), scope(PLATFORM)]
    if getattr(user, "jobcenter_id", None) is not None:
        scopes.append(scope(JOBCENTER, user.jobcenter_id))
    for function in _user_households:
        scopes.extend(scope(HOUSEHOLD, pk) for pk in sorted(set(function(user))))
    return scopes


def scopes_of_staff_member(user: Any) -> list[str]:
    """The scopes every staff page depends on besides its own data (no query): the staff
    member's account (role, team), their Jobcenter's staff and teams, the Jobcenter (the
    page shell) and the catalogue."""
    jobcenter_id = user.jobcenter_id
    return [scope(USER, user.pk), scope(STAFF, jobcenter_id), scope(JOBCENTER, jobcenter_id),
            scope(PLATFORM)]


# --- From rows to scopes -----------------------------------------------------------------


def _path_values(model: type[models.Model], pks: Iterable[Any], path: str,
                 instance: models.Model | None = None) -> set[Any]:
    """The values at the end of ``path`` for the rows ``pks`` (no query for a path of one
    field when the instance is at hand)."""
    if path == "pk":
        return {instance.pk} if instance is not None else {pk for pk in pks if pk is not None}
    if "__" not in path and instance is not None:
        field = model._meta.get_field(path)
        if field.concrete:  # a reverse relation is read from the database
            return {getattr(instance, getattr(field, "attname", path))}
    ids = [pk for pk in pks if pk is not None]
    if not ids:
        return set()
    return set(model._base_manager.filter(pk__in=ids).values_list(path, flat=True))


def _owner_scopes(model: type[models.Model], path: str, pks: list[Any],
                  instance: models.Model | None) -> set[str]:
    if path.endswith(_HOUSEHOLD_TAIL):
        bg_path = path[: -len(_HOUSEHOLD_TAIL)].removesuffix("__") or "pk"
        values = _path_values(model, pks, bg_path, instance)
        return {scope(HOUSEHOLD, v) for v in values if v is not None}
    values = _path_values(model, pks, path, instance)
    return {scope(USER, v) for v in values if v is not None}


def _staff_scopes(model: type[models.Model], pks: list[Any],
                  instance: models.Model | None) -> set[str]:
    declaration = _on_staff_pages.get(model)
    if declaration is None:
        return set()
    found: set[str] = set()
    staff = declaration.staff
    if staff and instance is not None and declaration.staff_if is not None:
        staff = staff if declaration.staff_if(instance) else ()
    for kind, paths in ((CASE, declaration.case), (CASELIST, declaration.caselist),
                        (STAFF, staff)):
        for path in paths:
            found |= {scope(kind, v) for v in _path_values(model, pks, path, instance)
                      if v is not None}
    return found


def _scopes(model: type[models.Model], pks: list[Any],
            instance: models.Model | None = None) -> set[str]:
    return _staff_scopes(model, pks, instance) | _page_scopes(model, pks, instance)


def _page_scopes(model: type[models.Model], pks: list[Any],
                 instance: models.Model | None) -> set[str]:
    declaration = _shown.get(model)
    if declaration is None:
        return set()
    if declaration.how == CATALOGUE:
        return {scope(PLATFORM)}
    if declaration.how == TENANT:
        path = "pk" if model._meta.label == "jobcenters.Jobcenter" else "jobcenter"
        values = _path_values(model, pks, path, instance)
        return {scope(JOBCENTER, v) for v in values if v is not None}
    owner: str = model.AccessPolicy.owner  # type: ignore[attr-defined]
    found = set()
    for path in (owner, *declaration.also):
        found |= _owner_scopes(model, path, pks, instance)
    return found


def scopes_for(instance: models.Model) -> set[str]:
    """The scopes a change of ``instance`` touches."""
    model = type(instance)._meta.concrete_model or type(instance)
    return _scopes(model, [instance.pk], instance)


# --- Moving generations on ---------------------------------------------------------------


_paused_until = 0.0


def available() -> bool:
    """Whether this process uses the cache now (not within a pause after a failure)."""
    return time.monotonic() >= _paused_until


def unavailable() -> None:
    """Record a failed cache operation: pause (``PAUSE_SECONDS``)."""
    global _paused_until
    _paused_until = time.monotonic() + PAUSE_SECONDS
    logger.warning("datastand: the cache cannot be reached; pausing", exc_info=True)


def _key(name: str) -> str:
    return _PREFIX + name


def _start() -> int:
    return time.time_ns() // 1000


def _bump_redis(backend: RedisCache, scopes: list[str]) -> None:
    """All scopes in one round trip: start a missing generation (``SET NX``), then move it
    on (``INCR``) — integers are stored as such by Django's Redis serializer."""
    client = backend._cache.get_client(write=True)  # type: ignore[attr-defined]  # not in the stubs
    pipe = client.pipeline(transaction=False)
    start = _start()
    for name in scopes:
        key = backend.make_and_validate_key(_key(name))
        pipe.set(key, start, ex=GENERATION_SECONDS, nx=True)
        pipe.incr(key)
    pipe.execute()


def _bump_now(scopes: list[str]) -> None:
    if not available():
        logger.warning("datastand: a change was not recorded (the cache is paused)")
        return
    try:
        backend = caches[DEFAULT_CACHE_ALIAS]
        if isinstance(backend, RedisCache):
            _bump_redis(backend, scopes)
            return
        for name in scopes:  # other backends (the tests' LocMem): incr, or start
            key = _key(name)
            try:
                cache.incr(key)
            except ValueError:  # missing: start it (a concurrent start wins, then move on)
                if not cache.add(key, _start(), GENERATION_SECONDS):
                    cache.incr(key)
    except Exception:  # the cache is down: nothing is being cached either
        unavailable()


class _AfterCommit:
    """The one after-commit callback of a transaction: the scopes its writes moved."""

    def __init__(self) -> None:
        self.scopes: set[str] = set()

    def __call__(self) -> None:
        _bump_now(sorted(self.scopes))


def is_after_commit(callback: object) -> bool:
    """Whether an on-commit callback is the generations' (for tests that count callbacks)."""
    return isinstance(callback, _AfterCommit)


def bump(scopes: Iterable[str]) -> None:
    """Move the generations of ``scopes`` on: now, and again after the commit (one callback
    per transaction collects the scopes of all its writes)."""
    names = sorted(set(scopes))
    if not names:
        return
    _bump_now(names)
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return
    # the transaction's callback, while it is still registered (a rolled-back savepoint
    # drops it together with its writes; then a new one is registered)
    for _sids, callback, _robust in reversed(connection.run_on_commit):
        if isinstance(callback, _AfterCommit):
            callback.scopes.update(names)
            return
    after = _AfterCommit()
    after.scopes.update(names)
    transaction.on_commit(after)


def changed(model: type[models.Model], pks: Iterable[Any] | None = None, *,
            queryset: models.QuerySet[Any] | None = None,
            instances: Iterable[models.Model] | None = None) -> None:
    """The one helper for writes that send no signal (``QuerySet.update()``,
    ``bulk_create``, ``bulk_update``, raw SQL): the rows given by primary keys, a queryset
    (call it before an update that changes what the queryset selects) or the instances."""
    model = model._meta.concrete_model or model
    if model not in _shown and model not in _on_staff_pages:
        return
    found: set[str] = set()
    if instances is not None:
        for instance in instances:
            found |= _scopes(model, [instance.pk], instance)
    ids = list(pks) if pks is not None else []
    if queryset is not None:
        ids.extend(queryset.values_list("pk", flat=True))
    if ids:
        found |= _scopes(model, ids)
    bump(found)


def generations(scopes: Iterable[str]) -> dict[str, int] | None:
    """The current generations of ``scopes`` (missing ones are started); ``None`` if the
    cache cannot be reached."""
    if not available():
        return None
    names = list(scopes)
    keys = {name: _key(name) for name in names}
    try:
        found = cache.get_many(list(keys.values()))
        result: dict[str, int] = {}
        for name, key in keys.items():
            value = found.get(key)
            if value is None:
                start = _start()
                value = start if cache.add(key, start, GENERATION_SECONDS) else cache.get(key)
            if value is None:
                return None
            result[name] = int(value)
        return result
    except Exception:
        unavailable()
        return None


def peek_keys(scopes: Iterable[str], *, along: Iterable[str] = ()) -> tuple[str, ...]:
    """The cache keys :func:`peek` reads for these arguments."""
    return (*along, *(_key(name) for name in scopes))


def peek(scopes: Iterable[str], *, along: Iterable[str] = (), ahead: ReadAhead | None = None
         ) -> tuple[dict[str, Any], dict[str, int | None]] | None:
    """The current generations of ``scopes`` as they are (a missing one is ``None``, not
    started: whoever compares with it sees a change) and the values of the further cache
    keys ``along``, read in one round trip — or in none, if ``ahead`` holds every key (read
    earlier in this request together with the session); ``None`` if the cache cannot be
    reached. For a reader that only compares (a cached page's hit); whoever stores under
    generations reads them with :func:`generations`."""
    if not available():
        return None
    names = list(scopes)
    others = list(along)
    keys = peek_keys(names, along=others)
    if ahead is not None and ahead.covers(keys):
        found = ahead.found
    else:
        try:
            found = cache.get_many(list(keys))
        except Exception:
            unavailable()
            return None
    values = {key: found[key] for key in others if key in found}
    current: dict[str, int | None] = {}
    for name in names:
        value = found.get(_key(name))
        current[name] = None if value is None else int(value)
    return values, current


# --- Signals -----------------------------------------------------------------------------

_BEFORE = "_datastand_before"


def _on_pre_save(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    declaration = _shown.get(sender)
    if declaration is None or not declaration.moves or instance._state.adding:
        return
    if kwargs.get("raw"):
        return
    # the scopes before the change: read from the database (the row may change owner)
    setattr(instance, _BEFORE, _scopes(sender, [instance.pk]))


def _on_post_save(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if sender not in _shown and sender not in _on_staff_pages:
        return
    before: set[str] = getattr(instance, _BEFORE, set())
    if before:
        delattr(instance, _BEFORE)
    bump(before | scopes_for(instance))


def _on_pre_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    # while the row (and the path to its owner) still exists
    if sender in _shown or sender in _on_staff_pages:
        bump(scopes_for(instance))


def _on_m2m_changed(sender: Any, instance: models.Model, action: str, reverse: bool,
                    model: type[models.Model], pk_set: set[Any] | None, **kwargs: Any) -> None:
    if not action.startswith("post_"):
        return
    if not reverse:
        bump(scopes_for(instance))
    elif pk_set:
        changed(model, pk_set)


def connect_signals() -> None:
    """Connect the signals for every declared model (idempotent). Per model, so that the
    deletion of rows of other models keeps Django's fast path (no signal, no fetch)."""
    for model in {**_shown, **_on_staff_pages}:
        uid = f"datastand.{model._meta.label}"
        post_save.connect(_on_post_save, sender=model, dispatch_uid=uid)
        declaration = _shown.get(model)
        if declaration is not None and declaration.moves:
            pre_save.connect(_on_pre_save, sender=model, dispatch_uid=uid)
        pre_delete.connect(_on_pre_delete, sender=model, dispatch_uid=uid)
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(_on_m2m_changed, sender=through,
                                dispatch_uid=f"{uid}.{field.name}")
