"""The one way in to personal data for staff.

Every staff read of personal data goes through one of these calls. Each one

1. checks the need-to-know matrix (``core.access.NEED_TO_KNOW``) for the data kind,
2. fetches through ``core.access.scope`` (own Jobcenter only; outsiders get a 404),
3. writes one access-log entry per person the result shows, with its purpose,

and returns the objects. A ``Reading`` says, for one kind of object, which data kind it
is, what the citizen will read in their log ("Vorgang", "Dokument") and whose data one
object shows. The domain selectors define their readings (``casefiles.selectors.CASE``,
``households.selectors.PERSON`` …); views call the selectors or these functions, never
the ORM, for personal data.

``tests/test_personal_data_reads.py`` visits every staff URL with seeded data, watches the
SQL and fails when a view reads a personal-data table before one of these calls has
logged, and when a page shows a person without an entry for that person.

A staff page served from the cache (``cached_staff_page``) repeats the entries its render
wrote, on every hit: the reads of the render are recorded with the entry (data kind,
purpose, and who was seen through which object), and a hit checks the need-to-know matrix
again and writes the same entries for the user of the hit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest

from jobcenter.core import pagecache
from jobcenter.core.access import READ, require, scope
from jobcenter.transparency.services import Seen, access_log_repeat, access_log_rows

__all__ = ["Reading", "Seen", "cached_staff_page", "inside_staff_read", "staff_count",
           "staff_read_first", "staff_read_many", "staff_read_one", "staff_read_page",
           "staff_statistics"]

M = TypeVar("M", bound=Model)

_inside: ContextVar[bool] = ContextVar("transparency_staff_read", default=False)

#: One recorded read: (data kind, the entries' rows without the reader:
#: ``services.access_log_rows``).
StoredRead = tuple[str, list[dict[str, Any]]]

_recording: ContextVar[list[StoredRead] | None] = ContextVar("transparency_recording",
                                                             default=None)


def inside_staff_read() -> bool:
    """True while one of the calls of this module fetches (for the structural test)."""
    return _inside.get()


@contextmanager
def _fetching() -> Iterator[None]:
    token = _inside.set(True)
    try:
        yield
    finally:
        _inside.reset(token)


@dataclass(frozen=True)
class Reading:
    """What reading one kind of object means for the need-to-know check and the log."""

    data: str  # core.access.Data kind
    what: str  # AccessLogEntry.What: what the citizen reads in their log
    seen: Callable[[Any], Iterable[Seen]]  # whose data one object shows


def _logged(user: Any, reading: Reading, purpose: str, seen: list[Seen]) -> None:
    """The access-log entries of one read (and the read recorded for a cached page)."""
    rows = access_log_rows(purpose=purpose, what=reading.what, seen=seen)
    access_log_repeat(actor=user, rows=rows)
    recorded = _recording.get()
    if recorded is not None:
        recorded.append((reading.data, rows))


@contextmanager
def _recorded_reads() -> Iterator[list[StoredRead]]:
    """Record the reads made inside (the render of a cached staff page)."""
    recorded: list[StoredRead] = []
    token = _recording.set(recorded)
    try:
        yield recorded
    finally:
        _recording.reset(token)


def _repeat_reads(request: HttpRequest, recorded: list[StoredRead]) -> None:
    """A hit: the matrix checked again, the render's entries written for this request."""
    user = request.user
    for data, rows in recorded:
        require(user, data, READ)
        access_log_repeat(actor=user, rows=rows)  # a list that showed nobody logs nobody


def cached_staff_page(scopes: Callable[..., list[str]]) -> Callable[[Callable[..., Any]],
                                                                    Callable[..., Any]]:
    """Serve a staff page from the cache while the generations of ``scopes(request, *args,
    **kwargs)`` are unchanged (``core.pagecache.cached_view``: a staff member's entries
    are their own) — with the access-log entries of its render written again on every
    hit. Put it below the access decorator."""
    return pagecache.cached_view(own=scopes, around=_recorded_reads, served=_repeat_reads)


def staff_read_one(*, user: Any, queryset: QuerySet[M], reading: Reading, purpose: str,
                   **lookup: Any) -> M:
    """One object of the own Jobcenter (404 otherwise), logged for every person it shows."""
    require(user, reading.data, READ)
    with _fetching():
        try:
            obj = scope(queryset, user).get(**lookup)
        except queryset.model.DoesNotExist as exc:
            raise Http404 from exc
        seen = list(reading.seen(obj))
    _logged(user, reading, purpose, seen)
    return obj


def staff_read_first(*, user: Any, queryset: QuerySet[M], reading: Reading,
                     purpose: str) -> M | None:
    """The first object of the (scoped) queryset or None, logged like ``staff_read_one``."""
    require(user, reading.data, READ)
    with _fetching():
        obj = scope(queryset, user).first()
        seen = list(reading.seen(obj)) if obj is not None else []
    _logged(user, reading, purpose, seen)
    return obj


def staff_read_many(*, user: Any, queryset: QuerySet[M], reading: Reading, purpose: str,
                    limit: int | None = None) -> list[M]:
    """A list of the own Jobcenter's objects, one entry per person shown."""
    require(user, reading.data, READ)
    with _fetching():
        qs = scope(queryset, user)
        objects = list(qs[:limit] if limit is not None else qs)
        seen = [item for obj in objects for item in reading.seen(obj)]
    _logged(user, reading, purpose, seen)
    return objects


def staff_read_page(*, user: Any, queryset: QuerySet[M], reading: Reading, purpose: str,
                    page: int | str | None, per_page: int,
                    paginator_class: type[Paginator] = Paginator,
                    **paginator_kwargs: Any) -> Page:
    """One page of a list (count and rows fetched here), one entry per person on it."""
    require(user, reading.data, READ)
    with _fetching():
        paginator = paginator_class(scope(queryset, user), per_page, **paginator_kwargs)
        result = paginator.get_page(page)
        result.object_list = list(result.object_list)
        seen = [item for obj in result.object_list for item in reading.seen(obj)]
    _logged(user, reading, purpose, seen)
    return result


T = TypeVar("T")


def staff_statistics(*, user: Any, data: str, compute: Callable[[], T]) -> T:
    """Figures over many cases (counts, shares) that show no person: no entry. ``compute``
    must scope its queries itself and return numbers only; the structural test checks
    that such a page names nobody."""
    require(user, data, READ)
    with _fetching():
        return compute()


def staff_count(*, user: Any, queryset: QuerySet, data: str) -> int:
    """How many rows of the own Jobcenter match: a number shows nobody, so no entry."""
    require(user, data, READ)
    with _fetching():
        return scope(queryset, user).count()
