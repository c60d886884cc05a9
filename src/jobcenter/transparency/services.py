from __future__ import annotations

from django.db.models import Model

from jobcenter.accounts.models import User
from jobcenter.households.models import Person
from jobcenter.transparency.models import AccessLogEntry


def access_log_record(
    *,
    actor: User,
    purpose: str,
    obj: Model | None = None,
    person: Person | None = None,
    detail: str = "",
) -> AccessLogEntry | None:
    """Write one access-log entry for a staff read of personal data.

    Citizens reading their own data are not logged (it is not a third-party access).
    """
    if not actor.is_staff_member:
        return None
    return AccessLogEntry.objects.create(
        actor=actor,
        actor_role=actor.role,
        jobcenter_id=actor.jobcenter_id,
        person=person,
        purpose=purpose,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        detail=detail[:200],
    )
