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

from jobcenter.core.roles import STAFF_ROLES, Role

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


# --- Need to know: which staff role reads and changes what ------------------------------
#
# The one table of docs/security.md "Need to know". Every staff view names the data kind it
# touches and whether it reads or changes it (``staff_required(data, action)``); the roles
# come from this table and nowhere else. ``transparency.reads`` checks the same table
# before it fetches personal data. ``tests/core/test_need_to_know.py`` walks it.


class Data:
    """Kinds of data in the need-to-know matrix."""

    LEISTUNGSAKTE = "leistungsakte"  # cases, answers, timeline, calculation, Bescheide
    DOKUMENTE = "dokumente"  # documents of a case, paper scans
    STAMMDATEN = "stammdaten"  # person master data (name, birth date, address, BG)
    ARBEITSVERTEILUNG = "arbeitsverteilung"  # assigning many cases at once
    ZUGRIFFSPROTOKOLL = "zugriffsprotokoll"  # who read a person's data
    KONTEN = "konten"  # Verwaltung: staff accounts and teams (change: also legal texts)
    AUTOMATISIERUNG = "automatisierung"  # Verwaltung: automation rules and their rate
    NACHRICHTEN = "nachrichten"  # Postfach: threads and messages with citizens, attachments

    TERMINE = "termine"  # appointments, Meldetermine, callbacks; availability (change)

    ALL = (LEISTUNGSAKTE, DOKUMENTE, STAMMDATEN, ARBEITSVERTEILUNG, ZUGRIFFSPROTOKOLL,
           KONTEN, AUTOMATISIERUNG, NACHRICHTEN, TERMINE)


READ = "lesen"
CHANGE = "aendern"

_LSB, _AV, _TL = Role.LEISTUNG, Role.VERMITTLUNG, Role.TEAMLEITUNG
_ADMIN, _DSB = Role.JOBCENTER_ADMIN, Role.DATENSCHUTZ

#: (data kind, action) → the staff roles that may. Platform admins are not staff: they
#: administer Jobcenters and staff accounts in the Django admin and read no citizen data.
NEED_TO_KNOW: dict[tuple[str, str], frozenset[str]] = {
    (Data.LEISTUNGSAKTE, READ): frozenset({_LSB, _TL}),
    (Data.LEISTUNGSAKTE, CHANGE): frozenset({_LSB, _TL}),
    (Data.DOKUMENTE, READ): frozenset({_LSB, _TL}),
    (Data.DOKUMENTE, CHANGE): frozenset(),  # nobody: documents are immutable (new versions)
    (Data.STAMMDATEN, READ): frozenset({_LSB, _AV, _TL, _DSB}),
    (Data.STAMMDATEN, CHANGE): frozenset({_LSB, _TL}),
    (Data.ARBEITSVERTEILUNG, READ): frozenset({_LSB, _TL}),  # who works on what (queue)
    (Data.ARBEITSVERTEILUNG, CHANGE): frozenset({_TL}),
    (Data.ZUGRIFFSPROTOKOLL, READ): frozenset({_TL, _DSB}),
    (Data.ZUGRIFFSPROTOKOLL, CHANGE): frozenset(),  # nobody: the log is append-only
    (Data.KONTEN, READ): frozenset(STAFF_ROLES),  # the staff directory (no citizen data)
    (Data.KONTEN, CHANGE): frozenset({_ADMIN}),
    (Data.AUTOMATISIERUNG, READ): frozenset({_LSB, _TL, _ADMIN}),
    (Data.AUTOMATISIERUNG, CHANGE): frozenset({_TL, _ADMIN}),
    (Data.NACHRICHTEN, READ): frozenset({_LSB, _AV, _TL}),
    (Data.NACHRICHTEN, CHANGE): frozenset({_LSB, _AV, _TL}),
    (Data.TERMINE, READ): frozenset({_LSB, _AV, _TL}),
    (Data.TERMINE, CHANGE): frozenset({_LSB, _AV, _TL}),
}


def roles_for(data: str, action: str = READ) -> frozenset[str]:
    """The staff roles that may ``action`` (read/change) ``data``; KeyError if unknown."""
    return NEED_TO_KNOW[(data, action)]


def may(user: Any, data: str, action: str = READ) -> bool:
    """Whether ``user`` (active staff of a Jobcenter) may read/change ``data``."""
    return bool(
        getattr(user, "is_authenticated", False) and user.is_active
        and user.jobcenter_id is not None and user.role in roles_for(data, action)
    )


def require(user: Any, data: str, action: str = READ) -> None:
    """PermissionDenied unless ``may(user, data, action)``."""
    if not may(user, data, action):
        raise PermissionDenied


#: Where staff start: the first page of this list that their role may open.
STAFF_START_PAGES = (
    (Data.LEISTUNGSAKTE, "casefiles:queue"),
    (Data.STAMMDATEN, "backoffice:search"),
    (Data.KONTEN, "backoffice:administration"),
)


def staff_start_page(user: Any) -> str:
    """The URL name of a staff member's start page (by the need-to-know matrix)."""
    return next(name for data, name in STAFF_START_PAGES if may(user, data, READ))


def staff_required(data: str, action: str = READ) -> Callable[[ViewFunc], ViewFunc]:
    """Jobcenter staff whose role may ``action`` the ``data`` kind (``NEED_TO_KNOW``).

    Staff must belong to a Jobcenter; the MFA middleware has already made sure that they
    enrolled a second factor before any staff view runs.
    """
    allowed = roles_for(data, action)

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if user.role not in allowed or user.jobcenter_id is None:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.access_need = (data, action)  # type: ignore[attr-defined]
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
