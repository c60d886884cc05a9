"""The form engine's limits from the settings: draft retention and warning, upload size, quota
and rate.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone


def retention_days() -> int:
    return int(getattr(settings, "FORMENGINE_DRAFT_RETENTION_DAYS", 30))


def warning_days() -> int:
    return int(getattr(settings, "FORMENGINE_EXPIRY_WARNING_DAYS", 7))


def upload_max_bytes() -> int:
    return int(getattr(settings, "FORMENGINE_UPLOAD_MAX_BYTES", 10 * 1024 * 1024))


def upload_quota_bytes() -> int:
    return int(getattr(settings, "FORMENGINE_UPLOAD_QUOTA_BYTES", 100 * 1024 * 1024))


def upload_rate() -> tuple[int, int]:
    """(uploads, seconds): how many files one account may send per window."""
    return (int(getattr(settings, "FORMENGINE_UPLOAD_RATE_LIMIT", 40)),
            int(getattr(settings, "FORMENGINE_UPLOAD_RATE_WINDOW_SECONDS", 600)))


def _expiry() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=retention_days())
