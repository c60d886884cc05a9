"""Background jobs of the access log (beat: daily, ``CELERY_BEAT_SCHEDULE``)."""

from celery import shared_task

from jobcenter.transparency.chain import access_log_purge_expired


@shared_task(name="transparency.purge_expired_access_log")
def purge_expired_access_log() -> int:
    """Idempotent: a second run finds nothing older than the retention period."""
    return access_log_purge_expired()
