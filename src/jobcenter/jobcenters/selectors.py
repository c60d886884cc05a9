from __future__ import annotations

from jobcenter.jobcenters.models import Jobcenter, PostcodeArea


def jobcenter_for_postcode(postcode: str) -> Jobcenter | None:
    """The active Jobcenter responsible for ``postcode``, or None if no tenant covers it."""
    area = (
        PostcodeArea.objects.select_related("jobcenter")
        .filter(postcode=postcode.strip(), jobcenter__is_active=True)
        .first()
    )
    return area.jobcenter if area else None
