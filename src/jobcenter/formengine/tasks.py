"""Background jobs of the form engine (schedule ``purge_expired_drafts`` daily with beat)."""

from celery import shared_task

from jobcenter.formengine import services


@shared_task(name="formengine.purge_expired_drafts")
def purge_expired_drafts() -> int:
    """Idempotent: a second run finds nothing left to delete."""
    return services.drafts_purge_expired()


# outbox_atomic is our task option (outbox.delivery), unknown to the Celery stubs
@shared_task(name="formengine.delete_upload_files",  # type: ignore[call-overload]
             outbox_atomic=False)
def delete_upload_files(names: list[str]) -> None:
    """The files of deleted uploads (handed over through the outbox after commit).
    Idempotent: a file that is gone already counts as deleted."""
    services.upload_files_delete(names=names)
