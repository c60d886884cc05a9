"""Writes of the form engine, one module per concern: ``limits`` (limits from the settings),
``funnel`` (anonymous funnel counts), ``drafts`` (starting, saving, submitting and purging
drafts), ``uploads`` (storing, checking and deleting uploads).

Callers import from the package (``from jobcenter.formengine.services import draft_start``);
the names below are its public API.
"""

from jobcenter.formengine.services.drafts import (
    DraftConflict,
    draft_delete,
    draft_mark_submitted,
    draft_save_page,
    draft_set_answers,
    draft_start,
    draft_start_for_staff,
    draft_touch_page,
    drafts_purge_expired,
    prefill_answers,
    upload_files_delete,
)
from jobcenter.formengine.services.funnel import (
    funnel_record,
)
from jobcenter.formengine.services.limits import (
    retention_days,
    upload_max_bytes,
    upload_quota_bytes,
    upload_rate,
    warning_days,
)
from jobcenter.formengine.services.uploads import (
    UploadRateLimited,
    upload_create,
    upload_delete,
    upload_file_name,
    upload_rate_check,
    upload_scan,
    upload_store_verbatim,
)

__all__ = [
    "DraftConflict",
    "UploadRateLimited",
    "draft_delete",
    "draft_mark_submitted",
    "draft_save_page",
    "draft_set_answers",
    "draft_start",
    "draft_start_for_staff",
    "draft_touch_page",
    "drafts_purge_expired",
    "funnel_record",
    "prefill_answers",
    "retention_days",
    "upload_create",
    "upload_delete",
    "upload_file_name",
    "upload_files_delete",
    "upload_max_bytes",
    "upload_quota_bytes",
    "upload_rate",
    "upload_rate_check",
    "upload_scan",
    "upload_store_verbatim",
    "warning_days",
]
