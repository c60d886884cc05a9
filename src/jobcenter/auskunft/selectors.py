"""The citizen's copies of their data (their own rows only, through ``scope``)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from jobcenter.accounts.models import User
from jobcenter.auskunft.models import DataCopy
from jobcenter.core.access import get_scoped_or_404, scope
from jobcenter.households.models import Person


def copies_for_citizen(user: User) -> QuerySet[DataCopy]:
    return scope(DataCopy.objects.all(), user).order_by("-requested_at", "-pk")


def ready_copy_for_citizen(user: User, pk: int) -> DataCopy:
    """A copy the citizen may download now (404 for anybody else, and after expiry)."""
    copy = get_scoped_or_404(DataCopy.objects.all(), user, pk=pk)
    if copy.status != DataCopy.Status.READY or not copy.storage_name:
        raise Http404
    return copy


def copies_for_person(person: Person) -> list[DataCopy]:
    """System read: the copies the person's account asked for (the record that a copy was
    requested and delivered), for the staff list of who read the person's data. The caller
    has read ``person`` through ``transparency.reads``."""
    if person.user_id is None:
        return []
    return list(DataCopy.objects.filter(citizen_id=person.user_id,
                                        jobcenter_id=person.jobcenter_id)
                .order_by("-requested_at", "-pk"))
