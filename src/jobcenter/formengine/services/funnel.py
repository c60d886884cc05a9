"""Anonymous funnel counts per form, version, event and page (no person, no draft)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from jobcenter.formengine.models import FunnelCount


def funnel_record(*, form_key: str, form_version: str, event: str, page_key: str = "") -> None:
    """Count one anonymous event (no user, no answers) for today."""
    day = timezone.localdate()
    lookup = {
        "day": day,
        "form_key": form_key,
        "form_version": form_version,
        "page_key": page_key,
        "event": event,
    }
    with transaction.atomic():
        updated = FunnelCount.objects.filter(**lookup).update(count=F("count") + 1)
        if updated:
            return
        try:
            with transaction.atomic():
                FunnelCount.objects.create(**lookup, count=1)
        except IntegrityError:
            FunnelCount.objects.filter(**lookup).update(count=F("count") + 1)
