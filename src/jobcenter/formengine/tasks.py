"""Background jobs of the form engine (schedule ``purge_expired_drafts`` daily with beat)."""

from celery import shared_task

from jobcenter.formengine.services import drafts_purge_expired


@shared_task(name="formengine.purge_expired_drafts")
def purge_expired_drafts() -> int:
    """Idempotent: a second run finds nothing left to delete."""
    return drafts_purge_expired()
