"""Access decisions: the one place that says who may call a view and see an object.

Every view of ours carries exactly one decorator from this module. The decorator records
its decision on the view (``view.access_decision``) and a structural test
(``tests/test_url_access.py``) walks every URL pattern and fails on a view without one.

Object-level scoping lives in :func:`scope`: every model that holds personal or tenant
data declares an ``AccessPolicy`` (which field leads to its Jobcenter, which to its
owning citizen). Views never filter by hand; they call ``scope(Model.objects..., user)``
or :func:`get_scoped_or_404`, so a forgotten filter cannot leak data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

from jobcenter.accounts.roles import STAFF_ROLES, Role

if TYPE_CHECKING:  # the model module imports nothing of core; typing only
    from jobcenter.accounts.models import User

ViewFunc = Callable[..., HttpResponseBase]
M = TypeVar("M", bound=Model)


class AuthenticatedHttpRequest(HttpRequest):
    """Type of the request a view behind :func:`authenticated`, :func:`citizen_required`,
    :func:`staff_required` or :func:`platform_admin_required` receives: the decorator has
    made sure its user is signed in (``request.user`` is a ``User``, never anonymous).
    For annotations only; Django passes its own request object."""

    user: User

PUBLIC = "public"
CITIZEN = "citizen"
STAFF = "staff"
PLATFORM_ADMIN = "platform_admin"
AUTHENTICATED = "authenticated"


def _mark(view: ViewFunc, decision: str, roles: Iterable[str] = ()) -> ViewFunc:
    """Record the decision on the view function (read by ``tests/test_url_access.py``)."""
    vars(view).update(access_decision=decision, access_roles=frozenset(roles))
    return view


def public(view: ViewFunc) -> ViewFunc:
    """Anyone, signed in or not (start page, calculator, health check)."""
    return _mark(view, PUBLIC)


def authenticated(view: ViewFunc) -> ViewFunc:
    """Any signed-in user, citizen or staff (language, session keep-alive)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return _mark(wrapper, AUTHENTICATED)


def citizen_required(view: ViewFunc) -> ViewFunc:
    """Signed-in citizens (Kundinnen und Kunden) only; staff get 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if user.role != Role.CITIZEN:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return _mark(wrapper, CITIZEN, {Role.CITIZEN})


def staff_required(*roles: str) -> Callable[[ViewFunc], ViewFunc]:
    """Jobcenter staff of the given roles (all staff roles when none are given).

    Staff must belong to a Jobcenter; the MFA middleware has already made sure that they
    enrolled a second factor before any staff view runs.
    """
    allowed = frozenset(roles) if roles else frozenset(STAFF_ROLES)

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if user.role not in allowed or user.jobcenter_id is None:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return _mark(wrapper, STAFF, allowed)

    return decorator


def platform_admin_required(view: ViewFunc) -> ViewFunc:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if user.role != Role.PLATFORM_ADMIN:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return _mark(wrapper, PLATFORM_ADMIN, {Role.PLATFORM_ADMIN})


# --- Object-level scoping -------------------------------------------------------------


def scope(queryset: QuerySet[M], user: User | AnonymousUser) -> QuerySet[M]:
    """Restrict ``queryset`` to the rows ``user`` may see.

    The model's ``AccessPolicy`` names two lookups:
    ``tenant`` — the path to the owning Jobcenter (staff see rows of their Jobcenter);
    ``owner`` — the path to the citizen's user account (citizens see their own rows).
    Platform admins administer tenants and staff accounts, not cases: ``scope`` gives them
    nothing (the Django admin shows no citizen data). Anonymous users see nothing.
    """
    policy = getattr(queryset.model, "AccessPolicy", None)
    if policy is None:
        raise TypeError(f"{queryset.model.__name__} declares no AccessPolicy")
    if (
        isinstance(user, AnonymousUser)
        or not getattr(user, "is_authenticated", False)
        or not user.is_active
    ):
        return queryset.none()
    if user.role in STAFF_ROLES:
        tenant = getattr(policy, "tenant", None)
        if tenant is None or user.jobcenter_id is None:
            return queryset.none()
        return queryset.filter(**{tenant: user.jobcenter_id})
    if user.role == Role.CITIZEN:
        owner = getattr(policy, "owner", None)
        if owner is None:
            return queryset.none()
        return queryset.filter(**{owner: user.pk})
    return queryset.none()


def get_scoped_or_404(queryset: QuerySet[M], user: User | AnonymousUser, **lookup: Any) -> M:
    """The object if ``user`` may see it, else 404 (outsiders learn nothing, not even 403)."""
    try:
        return scope(queryset, user).get(**lookup)
    except ObjectDoesNotExist as exc:  # the model's DoesNotExist
        raise Http404 from exc
