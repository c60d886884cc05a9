from __future__ import annotations

from typing import Any

from jobcenter.core.fresh_cache import FreshCache
from jobcenter.jobcenters.models import Jobcenter, PostcodeArea

#: The Jobcenter of the page shell (name, contact, logo, colour) on every signed-in page:
#: its row from the cache, served only while it has not changed (``core.fresh_cache``).
_branding: FreshCache[tuple[Any, ...]] = FreshCache("jc:jobcenter", timeout=300)
_FIELDS = tuple(field.attname for field in Jobcenter._meta.concrete_fields)


def branding_jobcenter(jobcenter_id: int | None) -> Jobcenter | None:
    """The Jobcenter ``jobcenter_id`` as the page shell shows it (None: none or unknown).
    A fresh instance per call: changing it changes nothing cached."""
    if jobcenter_id is None:
        return None
    values = _branding.get(jobcenter_id, lambda: (
        Jobcenter.objects.filter(pk=jobcenter_id).values_list(*_FIELDS).first()))
    return Jobcenter.from_db("default", _FIELDS, values) if values is not None else None


def forget_branding(jobcenter_id: Any) -> None:
    """The Jobcenter changed (or was deleted): its cached row is no longer served."""
    _branding.forget(jobcenter_id)


def on_jobcenter_changed(sender: Any, instance: Jobcenter, **kwargs: Any) -> None:
    """``post_save`` / ``post_delete`` receiver of ``Jobcenter``."""
    if instance.pk is not None:
        forget_branding(instance.pk)


def jobcenter_for_postcode(postcode: str) -> Jobcenter | None:
    """The active Jobcenter responsible for ``postcode``, or None if no tenant covers it."""
    area = (
        PostcodeArea.objects.select_related("jobcenter")
        .filter(postcode=postcode.strip(), jobcenter__is_active=True)
        .first()
    )
    return area.jobcenter if area else None
