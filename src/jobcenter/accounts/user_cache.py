"""The signed-in user of a request, from the cache instead of one query per request.

``CachedAuthenticationMiddleware`` replaces Django's ``AuthenticationMiddleware``: it gives
``request.user`` from a copy of the user's row in the cache (``core.fresh_cache``: served
only while the user's generation is unchanged). Everything Django's ``get_user`` checks is
checked the same way on a hit:

* the session names the user, a configured authentication backend and the session hash;
* the session hash equals the hash of the user's *current* password (the copy holds
  ``get_session_auth_hash()``, not the password hash: the password hash never enters the
  cache; ``user.password`` is a deferred field loaded from the database if code asks);
* the backend still lets the user authenticate (``is_active``).

The copy and its generation are read in the session's round trip when the process has
seen this session before (``accounts.session_store.read_along``).

Anything else — a miss, a hash that does not match (a changed password, a rotated
``SECRET_KEY`` with fallbacks), the cache down — goes to Django's ``get_user``, which reads
the database and signs out or rotates exactly as without the cache.

A staff member's copy carries their team's row too (the access log names the team of
every staff read: without it, each staff page made one query for the team's name).

Freshness: every change of a user row moves the user's generation on (``forget_user``):
``post_save`` and ``post_delete`` of the model, and ``UserQuerySet.update()`` /
``bulk_update()`` (the paths that send no signal); a change of a team moves on the
generations of its members (``on_team_changed``). The key also carries a digest of the
model's fields and of ``SECRET_KEY``, so a deploy that changes either starts afresh.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, load_backend
from django.contrib.auth.middleware import AuthenticationMiddleware, auser
from django.contrib.auth.models import AnonymousUser
from django.db.models.fields.files import FieldFile
from django.http import HttpRequest
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.functional import SimpleLazyObject, cached_property

from jobcenter.accounts.session_store import read_along
from jobcenter.core.fresh_cache import FreshCache

#: Seconds a copy lives at most (the bound when a change could not reach the cache).
USER_CACHE_SECONDS = 300

#: (session hash of the password, the user's values, the team's values or None)
_users: FreshCache[tuple[str, tuple[Any, ...], tuple[Any, ...] | None]] = FreshCache(
    "jc:user", timeout=USER_CACHE_SECONDS)


class _Layout:
    """The user model's fields as cached (all concrete fields but the password)."""

    @cached_property
    def model(self) -> Any:
        return auth.get_user_model()

    @cached_property
    def attnames(self) -> tuple[str, ...]:
        return tuple(field.attname for field in self.model._meta.concrete_fields
                     if field.attname != "password")

    @cached_property
    def team_model(self) -> Any:
        return self.model._meta.get_field("team").related_model

    @cached_property
    def team_attnames(self) -> tuple[str, ...]:
        return tuple(field.attname for field in self.team_model._meta.concrete_fields)

    @cached_property
    def digest(self) -> str:
        """Changes with the fields (the user's and the team's) and with SECRET_KEY: old
        copies are not read."""
        fields = ",".join(f"{f.attname}:{f.get_internal_type()}"
                          for model in (self.model, self.team_model)
                          for f in model._meta.concrete_fields)
        return salted_hmac("jobcenter.accounts.user_cache", fields).hexdigest()[:16]


_layout = _Layout()


def _key(user_id: Any) -> str:
    return f"{_layout.digest}:{user_id}"


def forget_user(user_id: Any) -> None:
    """The cached copy of this user is no longer served (now and after commit)."""
    _users.forget(_key(user_id))


def _copy(user: Any) -> tuple[str, tuple[Any, ...], tuple[Any, ...] | None]:
    values = tuple(
        value.name if isinstance(value := getattr(user, name), FieldFile) else value
        for name in _layout.attnames)
    team = None
    if user.team_id is not None:  # a staff member's team: the access log names it
        team = tuple(getattr(user.team, name) for name in _layout.team_attnames)
    return user.get_session_auth_hash(), values, team


_backends: dict[str, Any] = {}


def _backend(path: str) -> Any:
    """The authentication backend (configured: checked by the caller), one per process."""
    if path not in _backends:
        _backends[path] = load_backend(path)
    return _backends[path]


def _from_copy(values: tuple[Any, ...], team: tuple[Any, ...] | None) -> Any:
    user = _layout.model.from_db("default", _layout.attnames, values)
    if team is not None:
        user._state.fields_cache["team"] = _layout.team_model.from_db(
            "default", _layout.team_attnames, team)
    return user


def cached_get_user(request: HttpRequest) -> Any:
    """Django's ``auth.get_user`` with the user's row from the cache (see module doc)."""
    session = request.session
    try:
        user_id = session[auth.SESSION_KEY]
        backend_path = session[BACKEND_SESSION_KEY]
    except KeyError:
        return AnonymousUser()
    session_hash = session.get(HASH_SESSION_KEY)
    if backend_path not in settings.AUTHENTICATION_BACKENDS or not session_hash:
        return auth.get_user(request)
    key = _key(user_id)
    copy, stamp = _users.lookup(key, ahead=getattr(session, "read_ahead", None))
    read_along(session.session_key, _users.keys(key))  # with the session, next time
    if copy is not None:
        auth_hash, values, team = copy
        if constant_time_compare(session_hash, auth_hash):
            user = _from_copy(values, team)
            if _backend(backend_path).user_can_authenticate(user):
                return user
    user = auth.get_user(request)
    if user.is_authenticated and str(user.pk) == str(user_id):
        _users.store(key, stamp, _copy(user))
    return user


def _get_user(request: HttpRequest) -> Any:
    if not hasattr(request, "_cached_user"):
        request._cached_user = cached_get_user(request)  # type: ignore[attr-defined]
    return request._cached_user  # type: ignore[attr-defined]


class CachedAuthenticationMiddleware(AuthenticationMiddleware):
    """Django's ``AuthenticationMiddleware`` reading the user through the cache."""

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)  # checks the session middleware is installed

        def load() -> Any:
            # Once loaded, ``request.user`` is the user itself: every later attribute read
            # (a staff page reads the user some forty times) skips the proxy. Not if the
            # request has another user by then (``auth.login`` sets ``request.user``).
            user = _get_user(request)
            if request.__dict__.get("user") is lazy:
                request.user = user
            return user

        lazy = SimpleLazyObject(load)
        request.user = lazy  # type: ignore[assignment]
        request.auser = partial(auser, request)  # type: ignore[attr-defined]


def on_user_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    """``post_save`` / ``post_delete`` receiver of the user model."""
    if instance.pk is not None:
        forget_user(instance.pk)


def forget_users(ids: Any) -> None:
    for user_id in ids:
        forget_user(user_id)


def on_team_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    """``post_save`` / ``post_delete`` receiver of the team model: its members' copies
    hold the team's name (teams change through ``save()``: the admin, the services)."""
    if instance.pk is not None:
        forget_users(_layout.model.objects.filter(team_id=instance.pk)
                     .values_list("pk", flat=True))


__all__ = ["CachedAuthenticationMiddleware", "cached_get_user", "forget_user",
           "forget_users", "on_team_changed", "on_user_changed"]
